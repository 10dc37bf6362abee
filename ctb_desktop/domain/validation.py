"""What the clerk is told about a measure's report before sending it.

Errors are things a report must not contain (a negative sum, a measure marked done
with nothing said about it). Warnings point at what is often a typo but is sometimes
true: real reports do exceed plans (seed 003, task 2: 180,1 тис. грн financed against
170,7 planned), so a warning never blocks anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from ctb_desktop.domain.entries import (
    FinancingLine,
    MeasureState,
    PeriodEntries,
    StatusEntry,
    UnitReport,
)
from ctb_desktop.domain.fields import CASH, FINANCED, MONEY_FIELDS, PLANNED_YEAR
from ctb_desktop.domain.money import THOUSAND, format_decimal, format_number, format_thousands
from ctb_desktop.domain.program import Measure, Program
from ctb_desktop.domain.totals import program_totals
from ctb_desktop.domain.wording import ERRORS, WARNINGS, count, filled_measures


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def title(self) -> str:
        return {Severity.ERROR: "Помилка", Severity.WARNING: "Попередження"}[self]


@dataclass(frozen=True)
class Problem:
    """One thing to look at. `field` tells the form where to jump: "state", "text",
    "indicator:<indicator name>" or "financing:<line index>:<column>", the index
    0-based in the measure's lines of the unit, the column the key of one of
    fields.MONEY_FIELDS."""

    severity: Severity
    task_number: str
    measure_number: str
    field: str
    message: str


_ONE_DECIMAL = Decimal("0.1")
# 10 000 000 тис. грн (ten billion hryvnias): more than the whole program ever plans, so
# an amount above it was most likely typed in hryvnias instead of thousands.
IMPLAUSIBLE_AMOUNT = Decimal(10_000_000) * THOUSAND
UNFILLED = "Не заповнено"


def check_measure(
    task_number: str,
    measure: Measure,
    status: StatusEntry | None,
    lines: list[FinancingLine],
    year: int,
) -> list[Problem]:
    """The problems of one unit's report on one measure: errors first, then warnings,
    each in the order the form shows the fields."""
    found: list[tuple[tuple[int, ...], Problem]] = []

    def add(severity: Severity, place: tuple[int, ...], field: str, message: str) -> None:
        found.append(
            (
                (_SEVERITY_ORDER[severity], *place),
                Problem(severity, task_number, measure.reference, field, message),
            )
        )

    if status is not None and status.state is MeasureState.DONE and not status.text.strip():
        add(
            Severity.ERROR,
            (1,),
            "text",
            "Захід позначено виконаним, але стан виконання не описано",
        )
    if status is not None and status.state is not MeasureState.NOT_STARTED:
        achieved = {value.indicator for value in status.achieved}
        for position, indicator in enumerate(measure.indicators):
            planned = indicator.planned.get(year)
            if planned is None or indicator.name in achieved:
                continue
            name = indicator.name or f"№ {position + 1}"
            unit = f" {indicator.unit}" if indicator.unit else ""
            add(
                Severity.WARNING,
                (2, position),
                f"indicator:{indicator.name}",
                f"Не зазначено досягнуте значення показника «{name}» "
                f"(на {year} рік заплановано {format_number(planned)}{unit})",
            )
    for index, line in enumerate(lines):
        row = index + 1
        for column_index, column in enumerate(MONEY_FIELDS):
            amount = getattr(line, column.key)
            if amount is not None and amount < 0:
                add(
                    Severity.ERROR,
                    (3, index, column_index),
                    f"financing:{index}:{column.key}",
                    f"Сума «{column.label}» ({_thousands(amount)}) від’ємна у рядку {row}",
                )
            elif amount is not None and amount > IMPLAUSIBLE_AMOUNT:
                add(
                    Severity.WARNING,
                    (3, index, column_index),
                    f"financing:{index}:{column.key}",
                    f"Сума «{column.label}» ({_thousands(amount)}) у рядку {row} завелика: "
                    "перевірте одиниці: тис. грн",
                )
        if line.cash is not None and line.financed is not None and line.cash > line.financed:
            add(
                Severity.WARNING,
                (3, index, MONEY_FIELDS.index(CASH)),
                f"financing:{index}:cash",
                f"{CASH.label} ({_thousands(line.cash)}) перевищують профінансовані "
                f"({_thousands(line.financed)}) у рядку {row}",
            )
        if (
            line.financed is not None
            and line.planned_year is not None
            and line.financed > line.planned_year
        ):
            add(
                Severity.WARNING,
                (3, index, MONEY_FIELDS.index(FINANCED)),
                f"financing:{index}:financed",
                f"{FINANCED.label} ({_thousands(line.financed)}) більше, ніж "
                f"{PLANNED_YEAR.in_sentence} "
                f"({_thousands(line.planned_year)}), у рядку {row}",
            )
    found.sort(key=lambda item: item[0])
    return [problem for _, problem in found]


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1}


def check_period(program: Program, entries: PeriodEntries, unit_code: str) -> list[Problem]:
    """Every measure of the program checked against the unit's report, in program order;
    a measure not filled in (completion's sense) and with no error is «Не заповнено»."""
    reports = _unit_reports(entries, unit_code)
    problems: list[Problem] = []
    for task in program.all_tasks:
        for measure in task.measures:
            status, lines = reports.get((task.number, measure.reference), (None, []))
            problems += check_reported(task.number, measure, status, lines, entries.period.year)
    return problems


def check_reported(
    task_number: str,
    measure: Measure,
    status: StatusEntry | None,
    lines: list[FinancingLine],
    year: int,
) -> list[Problem]:
    """One measure as check_period sees it: its problems, and «Не заповнено» when it is
    not filled in and has no error."""
    found = check_measure(task_number, measure, status, lines, year)
    if not is_filled(status) and not any(p.severity is Severity.ERROR for p in found):
        found.insert(0, unfilled(task_number, measure, status))
    return found


def check_printed_totals(
    program: Program, entries: PeriodEntries, unit_code: str, scope: set[str]
) -> list[Problem]:
    """A warning for each sub-total the unit's imported report printed that differs
    from the sum of its lines (the unit's and those of the units in `scope` under it),
    as seed 003 prints 3406,0 for lines that add up to 3406,4: the report keeps the
    true sum, and the signer should know the figures differ."""
    printed = [total for total in entries.printed_totals if total.unit_code == unit_code]
    if not printed:
        return []
    totals = program_totals(
        program, [line for line in entries.financing if line.unit_code in scope]
    )
    labels = {field.key: field.in_sentence for field in MONEY_FIELDS}
    problems = []
    for total in printed:
        split = totals.tasks.get(total.task_number) if total.task_number else totals.program
        summed = getattr(split.total, total.field) if split else None
        summed = summed if summed is not None else Decimal(0)
        if summed == total.amount:
            continue
        block = (
            f"Разом за завданням {total.task_number.rstrip('.')}"
            if total.task_number
            else "Разом по Програмі"
        )
        problems.append(
            Problem(
                Severity.WARNING,
                total.task_number,
                "",
                f"financing-total:{total.field}",
                f"«{block}», {labels[total.field]}: у звіті надруковано "
                f"{_thousands(total.amount)}, а сума рядків — {_thousands(summed)}; у звіті "
                "стоїть сума рядків",
            )
        )
    return problems


def check_reports(program: Program, reports: list[UnitReport], year: int) -> list[Problem]:
    """The reports a file brings in, checked as the clerk's desk checks them: the one
    validation of every import path (entries import, xlsx-import, a filled report)."""
    problems: list[Problem] = []
    for report in reports:
        measure = program.find_measure(report.task_number, report.measure_number)
        if measure is not None:
            problems += check_measure(
                report.task_number, measure, report.status, report.financing, year
            )
    return problems


def is_filled(status: StatusEntry | None) -> bool:
    """Reported on: not done counts on its own; in progress and done only once the clerk
    has said what was done."""
    if status is None or status.state is MeasureState.NOT_STARTED:
        return False
    return status.state is MeasureState.NOT_DONE or bool(status.text.strip())


def unfilled(task_number: str, measure: Measure, status: StatusEntry | None) -> Problem:
    """The warning of a measure nothing (or not enough) is reported on yet."""
    if status is None or status.state is MeasureState.NOT_STARTED:
        reason, field = "не обрано стан виконання", "state"
    else:
        reason, field = "не описано, що зроблено", "text"
    return Problem(Severity.WARNING, task_number, measure.reference, field, f"{UNFILLED}: {reason}")


def completion(program: Program, entries: PeriodEntries, unit_code: str) -> tuple[int, int]:
    """(measures the unit has reported on, all measures). Not done counts as reported on
    its own; in progress and done count only once the clerk has said what was done."""
    reports = _unit_reports(entries, unit_code)
    filled = 0
    measures = 0
    for task in program.all_tasks:
        for measure in task.measures:
            measures += 1
            status, _ = reports.get((task.number, measure.reference), (None, []))
            filled += is_filled(status)
    return filled, measures


def _unit_reports(
    entries: PeriodEntries, unit_code: str
) -> dict[tuple[str, str], tuple[StatusEntry | None, list[FinancingLine]]]:
    return {
        (report.task_number, report.measure_number): (report.status, report.financing)
        for report in entries.reports
        if report.unit_code == unit_code
    }


def _thousands(amount: Decimal) -> str:
    """тис. грн with one decimal as the reports print them, but never rounded into
    a different figure: 69560 грн reads "69,56", not "69,6", so the clerk finds it."""
    thousands = amount / THOUSAND
    if thousands == thousands.quantize(_ONE_DECIMAL):
        return f"{format_thousands(amount)} тис. грн"
    places = -int(thousands.normalize().as_tuple().exponent)
    return f"{format_decimal(thousands, places)} тис. грн"


def problems_text(problems: list[Problem]) -> str:
    """«0 помилок · 48 попереджень»."""
    errors = sum(1 for problem in problems if problem.severity is Severity.ERROR)
    return f"{count(errors, ERRORS)} · {count(len(problems) - errors, WARNINGS)}"


def readiness_text(filled: int, total: int, problems: list[Problem]) -> str:
    """The status bar's line: «Заповнено 12 з 60 заходів · 0 помилок · 48 попереджень»."""
    return f"{filled_measures(filled, total)} · {problems_text(problems)}"
