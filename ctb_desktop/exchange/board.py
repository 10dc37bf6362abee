"""The completeness board: for every active unit reporting directly to this database's
unit, in the directory's order, and every period of a year, whether its report came,
came late, or is missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.units import ReportingUnit
from ctb_desktop.exchange.signature import SignatureCheck
from ctb_desktop.storage.config import ConfigError
from ctb_desktop.storage.packages import ReceivedPackage
from ctb_desktop.storage.workspace import Workspace

STATES = {
    "received": "отримано",
    "late": "отримано із запізненням",
    "missing": "не надійшов",
    "waiting": "строк ще не минув",
}


@dataclass
class Cell:
    state: str
    due: date
    latest: ReceivedPackage | None = None
    revisions: int = 0

    @property
    def title(self) -> str:
        return STATES[self.state]

    @property
    def signature(self) -> str:
        return signature_text(self.latest.signature) if self.latest else ""

    @property
    def summary(self) -> str:
        """What a board cell prints: "отримано, ред. 2, прийнято"."""
        if self.latest is None:
            return f"{self.title} (строк {self.due:%d.%m.%Y})"
        parts = [self.title, f"ред. {self.latest.revision}", self.latest.review_title]
        return ", ".join(parts)


@dataclass
class Board:
    own: ReportingUnit
    units: list[ReportingUnit]
    periods: list[Period]
    cells: dict[tuple[str, Period], Cell] = field(default_factory=dict)

    def cell(self, unit_code: str, period: Period) -> Cell:
        return self.cells[(unit_code, period)]

    def missing(self, period: Period) -> list[ReportingUnit]:
        return [u for u in self.units if self.cell(u.code, period).latest is None]


def signature_text(summary: dict | None) -> str:
    if not summary:
        return "без підпису"
    if "error" in summary:
        return "підпис не прочитано"
    return SignatureCheck.from_summary(summary).verdict


def own_unit(ws: Workspace, code: str | None = None) -> ReportingUnit:
    """The unit this database reports for: as given, as configured, or the only top unit."""
    units = ws.units.list()
    code = code or ws.config.unit
    if code:
        ws.units.require_ids({code})
        return next(unit for unit in units if unit.code == code)
    roots = [unit for unit in units if unit.parent_code is None]
    if len(roots) == 1:
        return roots[0]
    raise ConfigError(
        "Не вказано власний звітуючий орган цієї бази: оберіть його в налаштуваннях "
        "(або ctb-desktop config unit КОД)"
    )


def load_board(
    ws: Workspace,
    program_id: int,
    year: int,
    own_code: str | None = None,
    *,
    today: date | None = None,
) -> Board:
    today = today or datetime.now(UTC).date()
    program = ws.programs.load(program_id)
    own = own_unit(ws, own_code)
    units = [unit for unit in ws.units.list() if unit.parent_code == own.code and unit.active]
    periods = program.reporting.periods(year)
    board = Board(own, units, periods)
    received: dict[tuple[str, Period], list[ReceivedPackage]] = {}
    for package in ws.received.list(program_id):
        received.setdefault((package.unit_code, package.period), []).append(package)
    for unit in units:
        for period in periods:
            due = program.reporting.due_date(period)
            revisions = received.get((unit.code, period), [])
            if revisions:
                first = min(item.received_at for item in revisions).date()
                state = "late" if first > due else "received"
                latest = max(revisions, key=lambda item: item.revision)
                board.cells[(unit.code, period)] = Cell(state, due, latest, len(revisions))
            else:
                state = "missing" if today > due else "waiting"
                board.cells[(unit.code, period)] = Cell(state, due)
    return board
