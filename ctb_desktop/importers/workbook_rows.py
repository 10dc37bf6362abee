"""The rows of the workbook read back (workbook_import.py), sheet by sheet, into the
period's reports: each row found by its hidden key, which must name a measure of the
program, a unit of the directory and, on «Показники», an indicator of the measure.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ctb_desktop.domain.entries import (
    FinancingLine,
    IndicatorValue,
    PeriodEntries,
    StatusEntry,
    UnitReport,
)
from ctb_desktop.domain.program import Measure, Program
from ctb_desktop.domain.units import ReportingUnit
from ctb_desktop.domain.workbook_layout import (
    ACHIEVED,
    CODE,
    COUNTS,
    HOLDER,
    KEY,
    MONEY,
    NAME,
    SOURCE,
    STATE,
    STATUS_SHEET,
    TEXT,
    TOTAL_KEY,
)
from ctb_desktop.importers.errors import ImportFileError
from ctb_desktop.importers.structure import ImportWarning
from ctb_desktop.importers.workbook_cells import (
    as_text,
    read_count,
    read_money,
    read_number,
    read_source,
    read_state,
    read_text,
)
from ctb_desktop.importers.workbook_sheet import Sheet, blank


class RowReader:
    """Reads the three data sheets in order against the period's `current` entries;
    `exported` are the units the workbook was exported for (None for all)."""

    def __init__(
        self,
        path: Path,
        program: Program,
        units: Sequence[ReportingUnit],
        current: PeriodEntries,
        exported: frozenset[str] | None,
    ) -> None:
        self.path = path
        self.program = program
        self.unit_codes = {unit.code for unit in units}
        self.current = current
        self.exported = exported
        self.before = {_report_key(report): report for report in current.reports}
        self.reports: dict[tuple[str, str, str], UnitReport] = {}
        self.warnings: list[ImportWarning] = []
        self.achieved: dict[tuple[str, str, str], dict[str, Decimal | None]] = {}
        self.lines: dict[tuple[str, str, str], dict[int, tuple[FinancingLine, str]]] = {}

    def report(self, key: tuple[str, str, str]) -> UnitReport:
        if key not in self.reports:
            old = self.before.get(key)
            self.reports[key] = copy.deepcopy(old) if old else UnitReport(*key)
        return self.reports[key]

    # -- keys

    def key(self, sheet: Sheet, number: int, cells: dict[str, Any], size: int) -> list | None:
        """The row's key as a list of `size` parts, None for a row without one (warned)
        or a «Разом» row."""
        cell = cells[KEY]
        text = cell.value
        if blank(text):
            self.warnings.append(
                ImportWarning(
                    sheet.where(number),
                    "рядок без ключа (прихований стовпець «ключ») пропущено: рядки, додані "
                    "в Excel, не імпортуються — додайте їх у ctb-desktop",
                )
            )
            return None
        broken = sheet.cell_error(
            number,
            KEY,
            f"ключ рядка «{str(text)[:60]}» пошкоджено. Не змінюйте прихований стовпець "
            "«ключ»; вивантажте книгу заново і перенесіть зміни.",
        )
        try:
            parts = json.loads(text) if isinstance(text, str) else None
        except ValueError:
            raise broken from None
        if not isinstance(parts, list) or not parts:
            raise broken
        if parts[0] == TOTAL_KEY:
            return None
        if len(parts) != size or not all(isinstance(part, str) for part in parts[:3]):
            raise broken
        return parts

    def measure(self, sheet: Sheet, number: int, task: str, reference: str, unit: str) -> Measure:
        measure = self.program.find_measure(task, reference)
        if measure is None:
            raise sheet.cell_error(
                number,
                KEY,
                f"рядок про захід «{task} {reference}», якого немає в програмі "
                f"«{self.program.code}». Можливо, книгу вивантажено з іншої редакції програми.",
            )
        if unit not in self.unit_codes:
            raise sheet.cell_error(
                number, KEY, f"рядок про звітуючий орган «{unit}», якого немає в довіднику"
            )
        if self.exported is not None and unit not in self.exported:
            raise sheet.cell_error(
                number,
                KEY,
                f"рядок про орган «{unit}», а книгу вивантажено для "
                f"{', '.join(sorted(self.exported))}",
            )
        return measure

    @staticmethod
    def once(seen: dict, key: tuple, sheet: Sheet, number: int, what: str) -> None:
        if key in seen:
            raise sheet.cell_error(
                number, KEY, f"рядок повторює рядок {seen[key]} ({what}). Видаліть один із них."
            )
        seen[key] = number

    # -- the sheets

    def statuses(self, sheet: Sheet) -> None:
        seen: dict = {}
        for number, cells in sheet.rows():
            parts = self.key(sheet, number, cells, 3)
            if parts is None:
                continue
            task, reference, unit = parts
            self.measure(sheet, number, task, reference, unit)
            key = (task, reference, unit)
            self.once(seen, key, sheet, number, "той самий захід і орган")
            report = self.report(key)
            old = self.before[key].status if key in self.before else None
            state = read_state(sheet, number, cells[STATE])
            text = read_text(cells[TEXT].value, old.text if old else None) or ""
            counts = [read_count(sheet, number, title, cells[title]) for title in COUNTS.values()]
            achieved = list(old.achieved) if old else []
            report.status = StatusEntry(
                task, reference, unit, self.current.period, state, text, *counts, achieved
            )

    def indicators(self, sheet: Sheet) -> None:
        seen: dict = {}
        for number, cells in sheet.rows():
            parts = self.key(sheet, number, cells, 4)
            if parts is None:
                continue
            task, reference, unit, indicator = parts
            if not isinstance(indicator, str):
                raise sheet.cell_error(number, KEY, "ключ рядка пошкоджено")
            measure = self.measure(sheet, number, task, reference, unit)
            if indicator not in {item.name for item in measure.indicators}:
                raise sheet.cell_error(
                    number,
                    KEY,
                    f"у заходу «{task} {reference}» немає показника «{indicator[:80]}»",
                )
            key = (task, reference, unit)
            self.once(seen, (*key, indicator), sheet, number, "той самий показник")
            report = self.report(key)
            if report.status is None:
                raise sheet.cell_error(
                    number,
                    KEY,
                    f"для заходу «{task} {reference}» органу «{unit}» немає стану виконання: "
                    f"додайте рядок на аркуші «{STATUS_SHEET}» або вивантажте книгу заново",
                )
            value = read_number(sheet, number, ACHIEVED, cells[ACHIEVED], "число")
            self.achieved.setdefault(key, {})[indicator] = value

    def financing(self, sheet: Sheet) -> None:
        seen: dict = {}
        for number, cells in sheet.rows():
            parts = self.key(sheet, number, cells, 4)
            if parts is None:
                continue
            task, reference, unit, position = parts
            if isinstance(position, bool) or not isinstance(position, int) or position < 1:
                raise sheet.cell_error(number, KEY, "ключ рядка пошкоджено")
            self.measure(sheet, number, task, reference, unit)
            key = (task, reference, unit)
            self.once(seen, (*key, position), sheet, number, "той самий рядок фінансування")
            self.report(key)
            old_lines = self.before[key].financing if key in self.before else []
            old = old_lines[position - 1] if position <= len(old_lines) else None
            line = self.line(sheet, number, cells, key, old)
            self.lines.setdefault(key, {})[position] = (line, sheet.where(number))

    def line(
        self,
        sheet: Sheet,
        number: int,
        cells: dict[str, Any],
        key: tuple[str, str, str],
        old: FinancingLine | None,
    ) -> FinancingLine:
        source, source_text = read_source(sheet, number, cells[SOURCE], old)
        code_cell = cells[CODE]
        if isinstance(code_cell.value, int | float) and not isinstance(code_cell.value, bool):
            self.warnings.append(
                ImportWarning(
                    sheet.where(number, CODE),
                    f"КПКВК записано як число ({as_text(code_cell.value)}): якщо код "
                    "починався з нуля, нуль втрачено — перевірте код",
                )
            )
        amounts = {
            column: read_money(sheet, number, title, cells[title], getattr(old, column, None))
            for column, title in MONEY.items()
        }
        return FinancingLine(
            *key,
            self.current.period,
            source,
            source_text,
            budget_holder=read_text(cells[HOLDER].value, old.budget_holder if old else None),
            budget_program_code=read_text(
                code_cell.value, old.budget_program_code if old else None
            ),
            budget_program_name=read_text(
                cells[NAME].value, old.budget_program_name if old else None
            ),
            **amounts,
        )

    # -- the result

    def result(self) -> tuple[PeriodEntries, list[UnitReport]]:
        for key, values in self.achieved.items():
            status = self.reports[key].status  # not None: checked when the row was read
            measure = self.program.find_measure(key[0], key[1])
            before = {value.indicator: value.value for value in status.achieved}
            after = dict(before)
            for indicator, value in values.items():
                if value is None:
                    after.pop(indicator, None)
                elif value != before.get(indicator):  # 3 and 3,0 are the same value
                    after[indicator] = value
            if after != before:
                status.achieved = [
                    IndicatorValue(item.name, after[item.name])
                    for item in measure.indicators
                    if item.name in after
                ]
        for key, rows in self.lines.items():
            report = self.reports[key]
            lines = list(report.financing)
            for position in sorted(rows):
                line, where = rows[position]
                if position <= len(lines):
                    lines[position - 1] = line
                elif position == len(lines) + 1:
                    lines.append(line)
                else:
                    raise ImportFileError(
                        self.path,
                        f"Файл «{self.path.name}», {where}: рядок фінансування № {position} "
                        f"заходу «{key[0]} {key[1]}» органу «{key[2]}», а рядка № "
                        f"{len(lines) + 1} немає ні в книзі, ні в базі. Вивантажте книгу заново.",
                    )
            report.financing = lines
        reports = [self.reports.get(key, report) for key, report in self.before.items()]
        reports += [report for key, report in self.reports.items() if key not in self.before]
        changed = [report for report in reports if self.before.get(_report_key(report)) != report]
        entries = PeriodEntries(
            self.current.program_code, self.current.period, reports, dict(self.current.proposals)
        )
        return entries, changed


def _report_key(report: UnitReport) -> tuple[str, str, str]:
    return report.task_number, report.measure_number, report.unit_code
