"""The figures of «Огляд»: every period of this and last year with its due date, days
left and state; the chosen period's fill per task and its money per source; the letters
not sent yet. Read from the workspace; no Qt here, so the figures are tested alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Program
from ctb_desktop.domain.totals import program_totals
from ctb_desktop.domain.units import descendants
from ctb_desktop.domain.validation import Severity, check_period, completion, is_filled
from ctb_desktop.domain.wording import DAYS, count
from ctb_desktop.storage.workspace import Workspace

SOURCES = (
    ("state_general", "Державний бюджет, загальний фонд"),
    ("state_special", "Державний бюджет, спеціальний фонд"),
    ("local", "Місцеві бюджети"),
    ("other", "Інші джерела"),
)


@dataclass(frozen=True)
class PeriodRow:
    period: Period
    due: date
    filled: int
    total: int
    state: str  # не розпочато / заповнюється / готовий / надіслано / прийнято / повернуто…
    days_left: int  # negative: overdue

    @property
    def when(self) -> str:
        """«залишилось 5 днів», «сьогодні», «прострочено на 3 дні»."""
        if self.days_left > 0:
            return f"залишилось {count(self.days_left, DAYS)}"
        if self.days_left == 0:
            return "сьогодні останній день"
        return f"прострочено на {count(-self.days_left, DAYS)}"


@dataclass(frozen=True)
class Bar:
    title: str
    values: tuple[Decimal, ...]  # fill: (filled, total); money: (planned, financed, cash)


@dataclass
class Overview:
    periods: list[PeriodRow] = field(default_factory=list)
    tasks: list[Bar] = field(default_factory=list)
    sources: list[Bar] = field(default_factory=list)
    unsent: list[str] = field(default_factory=list)


def period_state(
    ws: Workspace, program: Program, unit_code: str, period: Period
) -> tuple[int, int, str]:
    """(filled, total, state) of the unit's report for the period."""
    entries = ws.entries.load(program, period)
    filled, total = completion(program, entries, unit_code)
    received = ws.received.list(program.id, period, unit_code)
    if received and received[0].review == "accepted":
        return filled, total, "прийнято"
    if received and received[0].review == "returned":
        return filled, total, "повернуто з коментарем"
    if ws.sent.latest(program.id, unit_code, period) is not None:
        return filled, total, "надіслано"
    if filled == total and not [
        p for p in check_period(program, entries, unit_code) if p.severity is Severity.ERROR
    ]:
        return filled, total, "готовий"
    has_any = any(r.unit_code == unit_code for r in entries.reports)
    return filled, total, "заповнюється" if has_any else "не розпочато"


def overview(
    ws: Workspace, program: Program, unit_code: str, chosen: Period, today: date
) -> Overview:
    result = Overview()
    years = [year for year in (today.year - 1, today.year) if year in program.years]
    for year in years or [chosen.year]:
        for period in program.reporting.periods(year):
            filled, total, state = period_state(ws, program, unit_code, period)
            due = program.reporting.due_date(period)
            result.periods.append(PeriodRow(period, due, filled, total, state, (due - today).days))
    entries = ws.entries.load(program, chosen)
    statuses = {
        (r.task_number, r.measure_number): r.status
        for r in entries.reports
        if r.unit_code == unit_code
    }
    for task in program.all_tasks:
        done = sum(is_filled(statuses.get((task.number, m.reference))) for m in task.measures)
        result.tasks.append(
            Bar(f"{task.number} {task.title}", (Decimal(done), Decimal(len(task.measures))))
        )
    scope = {unit_code} | {u.code for u in descendants(ws.units.list(), unit_code)}
    totals = program_totals(
        program, [line for line in entries.financing if line.unit_code in scope]
    )
    for key, title in SOURCES:
        amounts = getattr(totals.program, key)
        values = tuple(
            a or Decimal(0) for a in (amounts.planned_year, amounts.financed, amounts.cash)
        )
        if any(values):
            result.sources.append(Bar(title, values))
    result.unsent = [
        f"{item.subject} → {item.recipient} ({item.state_title})"
        for item in ws.outbox.list()
        if item.state != "sent"
    ]
    return result
