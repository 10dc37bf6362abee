"""Last year's reports as the starting point: a filled status report (seed 000) or an
annual report (seed 003) read into a period's entries for the matching program.

Section I rows become financing lines — the measure's own row for the reporting unit,
region sub-rows for the region named — and its sub-total rows («Разом за завданням»,
«Разом по Програмі», the source split) are recognised and left out: totals are always
computed, never imported. Section II and the status table give statuses and achieved
indicator values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ctb_desktop.domain.entries import (
    FinancingLine,
    IndicatorValue,
    MeasureState,
    PeriodEntries,
    PrintedTotal,
    StatusEntry,
    UnitReport,
)
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.money import AmountError, from_thousands, parse_number
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Measure, Program
from ctb_desktop.domain.units import ReportingUnit
from ctb_desktop.importers.grid import RawCell, RawDocument, RawTable
from ctb_desktop.importers.structure import ColumnMap, ImportWarning, find_header, guess_source
from ctb_desktop.importers.text import (
    Role,
    clean,
    header_role,
    is_column_number_row,
    one_line,
    split_heading,
    split_measures,
)

# The first row of a sub-total block names it: «Разом за завданням 7», «Разом по Програмі».
_BLOCK_TITLE = re.compile(r"^разом\s+(?:за\s+завданням\s+(\d+)|по\s+програмі)", re.IGNORECASE)
_SUBTOTAL = re.compile(r"^(разом|усього|– |- |загальний фонд|спеціальний фонд)", re.IGNORECASE)
_NOT_DONE = "не виконано"
_PRINTED_FIELDS = ("planned_program", "planned_year", "financed", "cash")


@dataclass
class ReportImport:
    entries: PeriodEntries
    warnings: list[ImportWarning] = field(default_factory=list)
    skipped_subtotals: int = 0


def _columns(table: RawTable) -> ColumnMap | None:
    """Report tables are recognised by their status or money columns."""
    return find_header(
        table, lambda roles: Role.MEASURE in roles and bool(roles & {Role.STATUS, Role.FINANCED})
    )


def _data_rows(table: RawTable, columns: ColumnMap) -> Iterator[tuple[str, list[RawCell]]]:
    """The rows under the headers that hold anything, each with its place for messages;
    the row of column numbers repeated after a page break is left out."""
    for index, row in enumerate(table.rows[columns.header_rows :], start=columns.header_rows + 1):
        texts = [cell.text for cell in row]
        if any(text.strip() for text in texts) and not is_column_number_row(texts):
            yield f"{table.where}, рядок {index}", row


def _heading(row: list[RawCell], columns: ColumnMap) -> tuple[str, str]:
    """The task and measure texts the row gives; empty where a merge carries the ones
    above on, so a new text is what starts another task or measure."""
    task, measure = (_cell(row, columns.column(role)) for role in (Role.TASK, Role.MEASURE))
    return (
        "" if task is None or task.from_above else task.text,
        "" if measure is None or measure.from_above else measure.text,
    )


def _cell(row: list[RawCell], column: int | None) -> RawCell | None:
    return None if column is None or column >= len(row) else row[column]


def _text(row: list[RawCell], column: int | None) -> str:
    cell = _cell(row, column)
    return "" if cell is None else one_line(cell.text)


def _amount(text: str, where: str, warnings: list[ImportWarning]):
    try:
        return from_thousands(text)
    except AmountError as exc:
        warnings.append(ImportWarning(where, f"{exc}; комірку пропущено"))
        return None


class _Reader:
    def __init__(
        self, program: Program, units: list[ReportingUnit], unit_code: str, period: Period
    ) -> None:
        self.program = program
        self.unit_code = unit_code
        self.period = period
        self.by_name = {}
        for unit in units:
            for name in (unit.short_name, unit.name):
                self.by_name[one_line(name).casefold()] = unit.code
        self.reports: dict[tuple[str, str, str], UnitReport] = {}
        self.warnings: list[ImportWarning] = []
        self.skipped = 0
        self.printed: list[PrintedTotal] = []

    def report(self, task: str, measure: str, unit: str) -> UnitReport:
        key = (task, measure, unit)
        if key not in self.reports:
            self.reports[key] = UnitReport(task, measure, unit)
        return self.reports[key]

    def measure(
        self, task_text: str, measure_text: str, current: tuple[str, str] | None, where: str
    ):
        """The (task number, measure) a row is about, or None with a warning."""
        task_number = current[0] if current else ""
        if task_text.strip():
            _, number, _ = split_heading(one_line(task_text))
            task_number = number or task_number
        if not measure_text.strip():
            return (task_number, None) if task_number else None
        parts = split_measures(measure_text)
        if not parts:
            return (task_number, None) if task_number else None
        numbered = parts[0]
        if numbered.number:
            found = self.program.find_measure(task_number, numbered.number)
        else:  # an unnumbered sub-item: known by its words
            task = next((t for t in self.program.all_tasks if t.number == task_number), None)
            found = (
                next((m for m in task.measures if m.title == numbered.text), None) if task else None
            )
        if found is None:
            self.warnings.append(
                ImportWarning(
                    where,
                    f"у програмі немає заходу «{task_number} {numbered.number}»; рядок пропущено",
                )
            )
            return None
        return (task_number, found)

    def financing(self, table: RawTable, columns: ColumnMap) -> None:
        col = columns.column
        current: tuple[str, Measure | None] | None = None
        source_text, source = "", None
        for where, row in _data_rows(table, columns):
            texts = [cell.text for cell in row]
            first = one_line(texts[0]) if texts else ""
            second = one_line(texts[1]) if len(texts) > 1 else ""
            if (
                _SUBTOTAL.match(first)
                or _SUBTOTAL.match(second)
                or (not first and _SUBTOTAL.match(one_line(texts[2] if len(texts) > 2 else "")))
            ):
                self.skipped += 1
                if row and not row[0].from_above:
                    self.printed_total(row, columns, where)
                continue
            task_text, measure_text = _heading(row, columns)
            if measure_text.strip() or task_text.strip():
                found = self.measure(task_text, measure_text, current, where)
                if found is None:
                    current = None
                    continue
                new_measure = found[1] is not None and (
                    current is None or found[1] is not current[1]
                )
                current = (found[0], found[1] or (current[1] if current else None))
                if new_measure:
                    source_text, source = "", None
            if current is None or current[1] is None:
                continue
            source_cell = _cell(row, col(Role.SOURCE))
            if source_cell is not None and not source_cell.from_above and source_cell.text.strip():
                source_text = one_line(source_cell.text)
                source = None if source_text in ("-", "–") else guess_source(source_text)
            # The measure's own row is the reporting unit's (its holder column lists the
            # executors); a sub-row names a region, whose unit it becomes.
            own_row = bool(measure_text.strip())
            holder = "" if own_row else _text(row, col(Role.BUDGET_HOLDER))
            unit_code = self.by_name.get(holder.casefold(), self.unit_code)
            amounts = [
                _amount(_text(row, col(role)), where, self.warnings)
                for role in (Role.PLANNED_PROGRAM, Role.PLANNED_YEAR, Role.FINANCED, Role.CASH)
            ]
            code, name = _budget_program(_text(row, col(Role.BUDGET_PROGRAM)))
            line = FinancingLine(
                current[0],
                current[1].number,
                unit_code,
                self.period,
                source,
                source_text,
                holder or None,
                *amounts,
                None,
                code,
                name,
            )
            self.report(current[0], current[1].number, unit_code).financing.append(line)

    def printed_total(self, row: list[RawCell], columns: ColumnMap, where: str) -> None:
        """Keep the «Усього» row of a sub-total block as printed (check compares it
        with the sum of the lines)."""
        title = _BLOCK_TITLE.match(one_line(row[0].text))
        if title is None:
            return
        task = ""
        if title.group(1):
            task = next(
                (
                    t.number
                    for t in self.program.all_tasks
                    if t.number.rstrip(".") == title.group(1)
                ),
                None,
            )
            if task is None:
                return
        roles = (Role.PLANNED_PROGRAM, Role.PLANNED_YEAR, Role.FINANCED, Role.CASH)
        for role, field_key in zip(roles, _PRINTED_FIELDS, strict=True):
            amount = _amount(_text(row, columns.column(role)), where, [])
            if amount is not None:
                self.printed.append(PrintedTotal(self.unit_code, task, field_key, amount))

    def statuses(self, table: RawTable, columns: ColumnMap) -> None:
        col = columns.column
        current: tuple[str, Measure | None] | None = None
        for where, row in _data_rows(table, columns):
            task_text, measure_text = _heading(row, columns)
            if task_text.strip() or measure_text.strip():
                found = self.measure(task_text, measure_text, current, where)
                current = found if found else None
            if current is None or current[1] is None:
                continue
            measure = current[1]
            status_cell = _cell(row, col(Role.STATUS))
            status_text = (
                "" if status_cell is None or status_cell.from_above else clean(status_cell.text)
            )
            indicator_cell = _cell(row, col(Role.INDICATOR))
            achieved_cell = _cell(row, col(Role.ACHIEVED))
            achieved = "" if achieved_cell is None else achieved_cell.text.strip()
            if not status_text and not achieved:
                continue  # nothing reported on this row
            report = self.report(current[0], measure.reference, self.unit_code)
            if report.status is None:
                report.status = StatusEntry(
                    current[0], measure.reference, self.unit_code, self.period
                )
            if status_text:
                # A row with no measure of its own continues the one above (split at a page).
                continues = not measure_text.strip() and report.status.text
                report.status.text = (
                    f"{report.status.text}\n{status_text}" if continues else status_text
                )
                not_done = status_text.casefold() == _NOT_DONE
                report.status.state = (
                    MeasureState.NOT_DONE if not_done else MeasureState.IN_PROGRESS
                )
            if achieved and indicator_cell is not None:
                self._achieved(
                    measure, report.status, one_line(indicator_cell.text), achieved, where
                )

    def _achieved(
        self, measure: Measure, status: StatusEntry, label: str, value: str, where: str
    ) -> None:
        indicator = next(
            (
                i
                for i in measure.indicators
                if one_line(i.label) == label or one_line(i.name) == label
            ),
            None,
        )
        if indicator is None:
            self.warnings.append(
                ImportWarning(where, f"у заходу немає показника «{label[:80]}»; значення пропущено")
            )
            return
        try:
            number = parse_number(value)
        except AmountError as exc:
            self.warnings.append(ImportWarning(where, f"{exc}; значення показника пропущено"))
            return
        if number is not None:
            status.achieved.append(IndicatorValue(indicator.name, number))


def _budget_program(text: str) -> tuple[str | None, str | None]:
    """ "0611120 „Підвищення кваліфікації …”" → code and name; "-" or "" → nothing."""
    if text in ("", "-", "–"):
        return None, None
    matched = re.match(r"^(.*?\d[\d\s-]*?(?:\s+КЕКВ\s+\d+)?)\s+(\S.*)$", text)
    if matched:
        return matched.group(1).strip(), matched.group(2).strip()
    return text, None


def read_report(
    document: RawDocument,
    program: Program,
    units: list[ReportingUnit],
    unit_code: str,
    period: Period,
) -> ReportImport:
    """The entries a filled report holds for `unit_code` and `period`."""
    reader = _Reader(program, units, unit_code, period)
    found_any = False
    for table in document.tables:
        columns = _columns(table)
        if columns is None:
            if any(header_role(cell.text) is Role.REGION for row in table.rows[:3] for cell in row):
                reader.warnings.append(
                    ImportWarning(
                        table.where,
                        "таблицю фінансування за регіонами не імпортовано: її суми не "
                        "прив'язані до заходів; внесіть їх у рядки фінансування заходів",
                    )
                )
            continue
        found_any = True
        if columns.column(Role.FINANCED) is not None:
            reader.financing(table, columns)
        else:
            reader.statuses(table, columns)
    if not found_any:
        raise UserError(
            f"У файлі «{document.path}» не знайдено таблиць звіту (стан виконання або фінансування)"
        )
    entries = PeriodEntries(program.code, period, list(reader.reports.values()))
    entries.printed_totals = reader.printed
    return ReportImport(entries, reader.warnings, reader.skipped)
