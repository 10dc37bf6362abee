"""The consolidated report of a unit that receives reports: its own entries and the
newest revision from every unit below it (or, with `accepted_only`, the newest accepted
one), rendered with per-unit sub-rows and paragraphs under each measure and totals
across units. A revision used while returned for rework, not yet accepted with
`accepted_only`, or unsigned is named in the warnings: never used silently."""

from __future__ import annotations

from dataclasses import dataclass, field

from ctb_desktop.domain.collector import collector_paused
from ctb_desktop.domain.entries import PeriodEntries
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.progress import Progress
from ctb_desktop.domain.units import ReportingUnit, subtree_codes
from ctb_desktop.exchange.board import load_board, own_unit
from ctb_desktop.exchange.outgoing import report_layout
from ctb_desktop.exchange.package import read
from ctb_desktop.reports.context import ReportOptions, load_report_data
from ctb_desktop.reports.render import RenderedReport, render
from ctb_desktop.storage.packages import ReceivedPackage
from ctb_desktop.storage.workspace import Workspace


@dataclass
class Consolidated:
    report: RenderedReport
    layout: str
    warnings: list[str] = field(default_factory=list)


# Every unit's entries, then the report's rows and cells: see domain/collector.py.
@collector_paused()
def consolidate(
    ws: Workspace,
    program_id: int,
    period: Period,
    unit_code: str | None = None,
    options: ReportOptions | None = None,
    progress: Progress | None = None,
    *,
    accepted_only: bool = False,
) -> Consolidated:
    """Render the report; the warnings name the units whose reports have not come and
    the revisions used that were returned, unsigned or (with `accepted_only`) left out."""
    own = own_unit(ws, unit_code)
    layout = report_layout(period)
    data = load_report_data(ws.db, program_id, period, own.code)
    board = load_board(ws, program_id, period.year, own.code)
    notes: list[str] = []
    if data.entries is not None:
        for unit in board.units:
            revisions = ws.received.list(program_id, period, unit.code)
            if revisions:
                notes += _choose(ws, data.entries, data.units, unit, revisions, accepted_only)
    report = render(layout, data, options or ReportOptions(), progress)
    warnings = list(report.warnings)
    missing = board.missing(period) if period in board.periods else []
    if missing:
        names = ", ".join(unit.short_name for unit in missing)
        warnings.append(f"Звіти {period.for_phrase} ще не надійшли від: {names}")
    return Consolidated(report, layout, warnings + notes)


def _choose(
    ws: Workspace,
    entries: PeriodEntries,
    units: list[ReportingUnit],
    unit: ReportingUnit,
    revisions: list[ReceivedPackage],
    accepted_only: bool,
) -> list[str]:
    """Which revision of `unit` goes in (newest first in `revisions`); the entries of its
    subtree are swapped for an older accepted one, or taken out, when only accepted
    revisions are wanted. Returns the warnings."""
    newest = revisions[0]
    if not accepted_only:
        notes = []
        if newest.review == "returned":
            notes.append(
                f"{unit.short_name}: використано редакцію {newest.revision}, яку повернуто на "
                "доопрацювання (щоб узяти лише прийняті, оберіть «Лише прийняті редакції» "
                "або --accepted-only)"
            )
        if not newest.signature:
            notes.append(f"{unit.short_name}: використано редакцію {newest.revision} без підпису")
        return notes
    if newest.review == "accepted":
        return []
    accepted = next((item for item in revisions if item.review == "accepted"), None)
    scope = subtree_codes(units, unit.code)
    kept = [report for report in entries.reports if report.unit_code not in scope]
    proposals = {code: text for code, text in entries.proposals.items() if code not in scope}
    if accepted is None:
        entries.reports, entries.proposals = kept, proposals
        return [
            f"{unit.short_name}: жодної редакції ще не прийнято, дані до звіту не включено "
            f"(найновіша — {newest.revision}, {newest.review_title})"
        ]
    package = read(ws.received.content(accepted.id), accepted.file_name).entries()
    entries.reports = kept + [r for r in package.reports if r.unit_code in scope]
    entries.proposals = proposals | {
        code: text for code, text in package.proposals.items() if code in scope
    }
    return [
        f"{unit.short_name}: використано прийняту редакцію {accepted.revision}, а не "
        f"найновішу {newest.revision} ({newest.review_title})"
    ]
