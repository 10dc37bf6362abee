"""Reading back the workbook of reports/workbook.py after a finance department edited it
in Excel: read, preview the changes, then apply in one transaction.

Rows are matched by the hidden «ключ» column, never by position, so sorting or filtering
the sheets changes nothing. What a row's key names must exist: the measure in the
program, the unit in the directory, the indicator in the measure. What is imported:

- «Стан виконання»: the state, the text and the three counts;
- «Показники»: the achieved value (an empty cell removes it);
- «Фінансування»: the source, the budget holder, the five sums in тис. грн, the budget
  program's code and name.

Titles, numbers, units, planned values and the «Разом» rows are for reading only. A row
deleted from a sheet changes nothing; a row without a key is skipped with a warning.

A cell that still shows exactly what the export wrote keeps the stored value as it is,
so an export followed by an import changes nothing. Anything wrong in the file (a missing
sheet, a renamed header, words in a money cell, a fraction of a kopeck, a key naming an
unknown measure or unit, a workbook of another program or period) refuses the whole
import with a message naming the file, the sheet and the cell; nothing is written.

This module knows the layout by its sheet and column titles. They are repeated here
rather than imported, because reports and importers are independent layers; the round-trip
tests keep the two in step.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ctb_desktop.domain.comparison import Difference, compare_entries
from ctb_desktop.domain.entries import (
    FinancingLine,
    IndicatorValue,
    MeasureState,
    PeriodEntries,
    StatusEntry,
    UnitReport,
)
from ctb_desktop.domain.interchange import entries_to_dict
from ctb_desktop.domain.money import (
    KOPECK,
    THOUSAND,
    AmountError,
    format_number,
    parse_number,
    parse_thousands,
)
from ctb_desktop.domain.periods import Period, PeriodError
from ctb_desktop.domain.program import FundingSource, Measure, Program
from ctb_desktop.domain.progress import Progress
from ctb_desktop.domain.units import ReportingUnit
from ctb_desktop.domain.validation import Problem, check_measure
from ctb_desktop.domain.workbook_layout import (
    ACHIEVED,
    ALL_UNITS,
    CODE,
    COUNTS,
    FINANCING_SHEET,
    HOLDER,
    INDICATOR_SHEET,
    INFO_SHEET,
    KEY,
    MONEY,
    NAME,
    NO_SOURCE,
    SOURCE,
    STATE,
    STATUS_SHEET,
    TEXT,
    TOTAL_KEY,
    WORKBOOK_FORMAT,
    WORKBOOK_VERSION,
)
from ctb_desktop.importers.errors import ImportFileError
from ctb_desktop.importers.structure import ImportWarning
from ctb_desktop.importers.xlsx_tables import open_workbook
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.entries import EntryStore

# Columns shown for reading; not imported, and not missed when deleted.
_INFO_HEADERS = (
    "Завдання",
    "№ заходу",
    "Захід",
    "Код органу",
    "Орган",
    "Показник",
    "Заплановано на рік",
    "№ рядка",
)
_REQUIRED = {
    STATUS_SHEET: (KEY, STATE, TEXT, *COUNTS.values()),
    INDICATOR_SHEET: (KEY, ACHIEVED),
    FINANCING_SHEET: (KEY, SOURCE, HOLDER, *MONEY.values(), CODE, NAME),
}

# The export writes these characters (which XML cannot hold) as spaces.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DASHES = {"", "-", "–", "—"}
_HEADER_WIDTH = 100  # header cells read; columns further right are ignored
MAX_ROWS = 100_000  # rows with data per sheet; real workbooks have hundreds


@dataclass(frozen=True)
class WorkbookInfo:
    """What «Відомості» says: the program, the period, the units exported (None for
    all) and the checksum of the data as exported."""

    program_code: str
    period: Period
    unit_codes: frozenset[str] | None
    checksum: str


@dataclass
class WorkbookPlan:
    """What importing the workbook would do. `entries` is the whole period as it would
    be afterwards; `changed` the reports that apply() writes; `changes` every changed
    value; `problems` the validation errors and warnings of the changed reports
    (a negative sum is an error there, as in the clerk's desk, but does not block)."""

    path: Path
    program: Program
    info: WorkbookInfo
    entries: PeriodEntries
    changed: list[UnitReport] = field(default_factory=list)
    changes: list[Difference] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_workbook_info(path: Path) -> WorkbookInfo:
    """The program and period a workbook belongs to, to know what to import it into."""
    path = Path(path)
    workbook = open_workbook(path, read_only=True)
    try:
        return _read_info(path, workbook)[0]
    finally:
        workbook.close()


def plan_workbook_import(
    path: Path,
    program: Program,
    units: Sequence[ReportingUnit],
    current: PeriodEntries,
    *,
    progress: Progress | None = None,
) -> WorkbookPlan:
    """Read the workbook at `path` against the period's `current` entries and say what
    importing it would change; nothing is written."""
    path = Path(path)
    progress = progress or Progress()
    progress.start(5, f"Читання «{path.name}»")
    workbook = open_workbook(path, read_only=True)
    try:
        info, cells = _read_info(path, workbook)
        _check_target(path, info, cells, program, current)
        reader = _Reader(path, program, units, current, info)
        progress.step("Стан виконання")
        reader.statuses(_Sheet(path, workbook, STATUS_SHEET, reader.warnings))
        progress.step("Показники")
        reader.indicators(_Sheet(path, workbook, INDICATOR_SHEET, reader.warnings))
        progress.step("Фінансування")
        reader.financing(_Sheet(path, workbook, FINANCING_SHEET, reader.warnings))
    finally:
        workbook.close()
    progress.step("Порівняння")
    entries, changed = reader.result()
    plan = WorkbookPlan(path, program, info, entries, changed, warnings=reader.warnings)
    plan.changes = compare_entries(current, entries)
    for report in changed:
        measure = program.find_measure(report.task_number, report.measure_number)
        if measure is not None:
            plan.problems += check_measure(
                report.task_number, measure, report.status, report.financing, current.period.year
            )
    exported = [
        report
        for report in current.reports
        if info.unit_codes is None or report.unit_code in info.unit_codes
    ]
    if plan.changes and _checksum(current, exported) != info.checksum:
        plan.warnings.insert(
            0,
            ImportWarning(
                "",
                "дані в базі змінилися після вивантаження книги: значення з книги замінять "
                "їх — уважно перегляньте зміни",
            ),
        )
    progress.step()
    return plan


def apply_workbook_import(db: Database, plan: WorkbookPlan) -> int:
    """Store the changed reports in one transaction; returns how many. A failure
    leaves the database as it was."""
    if not plan.changed:
        return 0
    EntryStore(db).save(
        plan.program, PeriodEntries(plan.program.code, plan.entries.period, list(plan.changed))
    )
    return len(plan.changed)


# -- the file ------------------------------------------------------------------------


def _missing_sheet(path: Path, workbook, name: str) -> ImportFileError:
    present = ", ".join(f"«{title}»" for title in workbook.sheetnames)
    return ImportFileError(
        path,
        f"Файл «{path.name}»: у книзі немає аркуша «{name}» (є {present}). Імпортувати можна "
        "книгу, вивантажену ctb-desktop, не перейменовуючи і не видаляючи її аркушів.",
    )


def _read_info(path: Path, workbook) -> tuple[WorkbookInfo, dict[str, str]]:
    """«Відомості» as WorkbookInfo, and the cell of each field for messages."""
    if INFO_SHEET not in workbook.sheetnames:
        raise _missing_sheet(path, workbook, INFO_SHEET)
    sheet = workbook[INFO_SHEET]
    sheet.reset_dimensions()
    values: dict[str, Any] = {}
    cells: dict[str, str] = {}
    for number, row in enumerate(sheet.iter_rows(min_row=2, max_row=60, max_col=2), start=2):
        label = row[0].value
        if isinstance(label, str) and label.strip() and label.strip() not in values:
            values[label.strip()] = row[1].value
            cells[label.strip()] = f"B{number}"

    def fail(label: str, problem: str) -> ImportFileError:
        place = f"клітинка {cells[label]}" if label in cells else f"рядок «{label}»"
        return ImportFileError(
            path, f"Файл «{path.name}», аркуш «{INFO_SHEET}», {place}: {problem}"
        )

    if values.get("Формат") != WORKBOOK_FORMAT:
        raise fail(
            "Формат",
            "це не книга звітних даних ctb-desktop. Вивантажте книгу командою "
            "«entries xlsx-export» або з меню програми.",
        )
    version = values.get("Версія формату")
    if isinstance(version, str) and version.strip().isdigit():
        version = int(version)
    if not isinstance(version, int) or isinstance(version, bool):
        raise fail("Версія формату", "версію формату книги пошкоджено")
    if version > WORKBOOK_VERSION:
        raise fail(
            "Версія формату",
            f"книгу створено новішою версією ctb-desktop (формат {version}). Оновіть програму.",
        )
    code = values.get("Код програми")
    if not isinstance(code, str) or not code.strip():
        raise fail("Код програми", "не вказано код програми")
    try:
        period = Period.parse(str(values.get("Звітний період") or ""))
    except PeriodError as exc:
        raise fail("Звітний період", str(exc)) from None
    units = values.get("Органи")
    unit_codes = None
    if isinstance(units, str) and units.strip() and units.strip() != ALL_UNITS:
        unit_codes = frozenset(part.strip() for part in units.split(",") if part.strip())
    checksum = values.get("Контрольна сума")
    info = WorkbookInfo(code.strip(), period, unit_codes, checksum or "")
    return info, cells


def _check_target(
    path: Path, info: WorkbookInfo, cells: dict[str, str], program: Program, current: PeriodEntries
) -> None:
    where = f"Файл «{path.name}», аркуш «{INFO_SHEET}»"
    if info.program_code != program.code:
        raise ImportFileError(
            path,
            f"{where}, клітинка {cells['Код програми']}: книга належить програмі "
            f"«{info.program_code}», а дані імпортуються до програми «{program.code}». "
            "Виберіть книгу цієї програми.",
        )
    if info.period != current.period:
        raise ImportFileError(
            path,
            f"{where}, клітинка {cells['Звітний період']}: книга містить дані "
            f"{info.period.for_phrase}, а імпорт іде до періоду «{current.period.title}». "
            "Виберіть книгу цього періоду або інший період.",
        )


def _checksum(current: PeriodEntries, reports: list[UnitReport]) -> str:
    """As reports/workbook.py computes it at export."""
    data = entries_to_dict(PeriodEntries(current.program_code, current.period, reports))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- a sheet -------------------------------------------------------------------------


class _Sheet:
    """A data sheet: its columns found by header title, its rows with their numbers."""

    def __init__(self, path: Path, workbook, name: str, warnings: list[ImportWarning]) -> None:
        if name not in workbook.sheetnames:
            raise _missing_sheet(path, workbook, name)
        self.path = path
        self.name = name
        self.sheet = workbook[name]
        self.sheet.reset_dimensions()  # trust the rows in the file, not its <dimension>
        header = next(self.sheet.iter_rows(min_row=1, max_row=1, max_col=_HEADER_WIDTH), ())
        self.columns: dict[str, int] = {}
        unknown: list[tuple[str, str]] = []
        required = _REQUIRED[name]
        for index, cell in enumerate(header):
            title = cell.value
            if title is None or (isinstance(title, str) and not title.strip()):
                continue
            title = " ".join(str(title).split())
            letter = get_column_letter(index + 1)
            if title in self.columns:
                raise self.error(1, index, f"стовпець «{title}» повторюється. Залиште лише один.")
            if title in required or title in _INFO_HEADERS:
                self.columns[title] = index
            else:
                unknown.append((letter, title))
        missing = [title for title in required if title not in self.columns]
        if missing:
            guesses = "; ".join(f"у клітинці {letter}1 — «{title}»" for letter, title in unknown)
            hint = f" Можливо, його перейменовано ({guesses})." if guesses else ""
            raise ImportFileError(
                path,
                f"Файл «{path.name}», аркуш «{name}», рядок заголовків: немає стовпця "
                f"«{missing[0]}».{hint} Поверніть заголовку назву, з якою книгу вивантажено.",
            )
        for letter, title in unknown:
            warnings.append(
                ImportWarning(
                    f"аркуш «{name}», клітинка {letter}1", f"стовпець «{title}» не імпортується"
                )
            )
        self.width = max(self.columns.values()) + 1

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row number, {header: cell}) for every row with something in a read column."""
        read = [(title, index) for title, index in self.columns.items()]
        count = 0
        for number, row in enumerate(self.sheet.iter_rows(min_row=2, max_col=self.width), start=2):
            cells = {title: row[index] for title, index in read}
            if all(_blank(cell.value) for cell in cells.values()):
                continue
            count += 1
            if count > MAX_ROWS:
                raise ImportFileError(
                    self.path,
                    f"Файл «{self.path.name}», аркуш «{self.name}»: понад {MAX_ROWS} рядків. "
                    "Перевірте, чи не вставлено зайвих даних нижче таблиці.",
                )
            yield number, cells

    def error(self, row: int, column: int, problem: str) -> ImportFileError:
        coordinate = f"{get_column_letter(column + 1)}{row}"
        return ImportFileError(
            self.path,
            f"Файл «{self.path.name}», аркуш «{self.name}», клітинка {coordinate}: {problem}",
        )

    def cell_error(self, row: int, title: str, problem: str) -> ImportFileError:
        return self.error(row, self.columns[title], problem)

    def where(self, row: int, title: str | None = None) -> str:
        if title is None:
            return f"аркуш «{self.name}», рядок {row}"
        return f"аркуш «{self.name}», клітинка {get_column_letter(self.columns[title] + 1)}{row}"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# -- reading the rows ----------------------------------------------------------------


class _Reader:
    def __init__(
        self,
        path: Path,
        program: Program,
        units: Sequence[ReportingUnit],
        current: PeriodEntries,
        info: WorkbookInfo,
    ) -> None:
        self.path = path
        self.program = program
        self.unit_codes = {unit.code for unit in units}
        self.current = current
        self.info = info
        self.before = {_key(report): report for report in current.reports}
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

    def key(self, sheet: _Sheet, number: int, cells: dict[str, Any], size: int) -> list | None:
        """The row's key as a list of `size` parts, None for a row without one (warned)
        or a «Разом» row."""
        cell = cells[KEY]
        text = cell.value
        if _blank(text):
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

    def measure(self, sheet: _Sheet, number: int, task: str, reference: str, unit: str) -> Measure:
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
        if self.info.unit_codes is not None and unit not in self.info.unit_codes:
            raise sheet.cell_error(
                number,
                KEY,
                f"рядок про орган «{unit}», а книгу вивантажено для "
                f"{', '.join(sorted(self.info.unit_codes))}",
            )
        return measure

    @staticmethod
    def once(seen: dict, key: tuple, sheet: _Sheet, number: int, what: str) -> None:
        if key in seen:
            raise sheet.cell_error(
                number, KEY, f"рядок повторює рядок {seen[key]} ({what}). Видаліть один із них."
            )
        seen[key] = number

    # -- the sheets

    def statuses(self, sheet: _Sheet) -> None:
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
            state = _state(sheet, number, cells[STATE])
            text = _text(cells[TEXT].value, old.text if old else None) or ""
            counts = [_count(sheet, number, title, cells[title]) for title in COUNTS.values()]
            achieved = list(old.achieved) if old else []
            report.status = StatusEntry(
                task, reference, unit, self.current.period, state, text, *counts, achieved
            )

    def indicators(self, sheet: _Sheet) -> None:
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
            value = _number(sheet, number, ACHIEVED, cells[ACHIEVED], "число")
            self.achieved.setdefault(key, {})[indicator] = value

    def financing(self, sheet: _Sheet) -> None:
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
        sheet: _Sheet,
        number: int,
        cells: dict[str, Any],
        key: tuple[str, str, str],
        old: FinancingLine | None,
    ) -> FinancingLine:
        source, source_text = _source(sheet, number, cells[SOURCE], old)
        code_cell = cells[CODE]
        if isinstance(code_cell.value, int | float) and not isinstance(code_cell.value, bool):
            self.warnings.append(
                ImportWarning(
                    sheet.where(number, CODE),
                    f"КПКВК записано як число ({_as_text(code_cell.value)}): якщо код "
                    "починався з нуля, нуль втрачено — перевірте код",
                )
            )
        amounts = {
            column: _money(sheet, number, title, cells[title], getattr(old, column, None))
            for column, title in MONEY.items()
        }
        return FinancingLine(
            *key,
            self.current.period,
            source,
            source_text,
            budget_holder=_text(cells[HOLDER].value, old.budget_holder if old else None),
            budget_program_code=_text(code_cell.value, old.budget_program_code if old else None),
            budget_program_name=_text(cells[NAME].value, old.budget_program_name if old else None),
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
        changed = [report for report in reports if self.before.get(_key(report)) != report]
        entries = PeriodEntries(
            self.current.program_code, self.current.period, reports, dict(self.current.proposals)
        )
        return entries, changed


def _key(report: UnitReport) -> tuple[str, str, str]:
    return report.task_number, report.measure_number, report.unit_code


# -- cells ---------------------------------------------------------------------------


def _as_text(value: object) -> str:
    """A cell's value as the clerk reads it in a Ukrainian Excel."""
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, bool):
        return "ІСТИНА" if value else "ХИБНІСТЬ"
    if isinstance(value, int | float):
        number = _decimal(value)
        return str(value) if number is None else format_number(number)
    if isinstance(value, dt.date):  # a datetime too
        shown = f"{value:%d.%m.%Y}"
        if isinstance(value, dt.datetime) and value.time() != dt.time():
            shown += f" {value:%H:%M}"
        return shown
    return str(value)


def _text(value: object, old: str | None) -> str | None:
    """A text cell; the stored `old` when the cell still shows what the export wrote
    for it. An empty cell is None."""
    text = _as_text(value)
    if old is not None and text == _NOT_IN_XML.sub(" ", old):
        return old
    return text or None


def _decimal(value: int | float) -> Decimal | None:
    """A number as Excel shows it: 15 significant digits, so a sum computed by a
    formula (0,1 + 0,2) reads as the 0,3 the clerk sees."""
    if isinstance(value, int):
        return Decimal(value)
    if not math.isfinite(value):
        return None
    return Decimal(f"{value:.15g}")


def _number(sheet: _Sheet, number: int, title: str, cell, what: str) -> Decimal | None:
    """The number in a cell: a number, or text that reads as one ("1 234,5")."""
    value = cell.value
    if cell.data_type == "e":
        raise sheet.cell_error(number, title, f"клітинка містить помилку Excel {value}")
    if value is None:
        return None
    if isinstance(value, bool):
        raise sheet.cell_error(number, title, f"очікується {what}, а не логічне значення")
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise sheet.cell_error(
            number,
            title,
            f"очікується {what}, а клітинка містить дату чи час «{_as_text(value)}» (Excel "
            "перетворює на дату, наприклад, «1.5» — вводьте дробові числа через кому)",
        )
    if isinstance(value, int | float):
        result = _decimal(value)
        if result is None:
            raise sheet.cell_error(number, title, f"очікується {what}")
        return result
    try:
        return parse_number(str(value))
    except AmountError as exc:
        raise sheet.cell_error(number, title, f"{exc} ({what})") from None


def _money(sheet: _Sheet, number: int, title: str, cell, old: Decimal | None) -> Decimal | None:
    """тис. грн in the cell as exact hryvnias; more than five decimals (a fraction of a
    kopeck) is refused. Negative sums are read: validation reports them."""
    if isinstance(cell.value, str) and cell.data_type != "e":
        try:
            amount = parse_thousands(cell.value)
        except AmountError as exc:
            raise sheet.cell_error(number, title, f"{exc} (сума в тис. грн)") from None
    else:
        thousands = _number(sheet, number, title, cell, "сума в тис. грн")
        if thousands is None:
            return None
        amount = thousands * THOUSAND
        if amount != amount.quantize(KOPECK):
            raise sheet.cell_error(
                number,
                title,
                f"сума {format_number(thousands)} тис. грн має частки копійки: у тис. грн "
                "можна вказати не більше п'яти знаків після коми",
            )
        amount = amount.quantize(KOPECK)
    return old if amount is not None and old is not None and amount == old else amount


def _count(sheet: _Sheet, number: int, title: str, cell) -> int | None:
    value = _number(sheet, number, title, cell, "ціле число")
    if value is None:
        return None
    if value != value.to_integral_value() or value < 0:
        raise sheet.cell_error(
            number, title, f"«{_as_text(cell.value)}»: очікується ціле невід’ємне число"
        )
    return int(value)


def _state(sheet: _Sheet, number: int, cell) -> MeasureState:
    text = " ".join(_as_text(cell.value).split()).casefold()
    for state in MeasureState:
        if text == state.title.casefold():
            return state
    options = ", ".join(f"«{state.title}»" for state in MeasureState)
    shown = _as_text(cell.value).strip()
    problem = f"стан «{shown[:60]}» невідомий" if shown else "стан не вказано"
    raise sheet.cell_error(number, STATE, f"{problem}; можливі значення: {options}")


def _source(
    sheet: _Sheet, number: int, cell, old: FinancingLine | None
) -> tuple[FundingSource | None, str]:
    """The source and its printed wording. An unchanged cell keeps the line's own
    wording («місцеві бюджети»); a changed one takes the source's title."""
    text = " ".join(_as_text(cell.value).split())
    if old is not None and text == (NO_SOURCE if old.source is None else old.source.title):
        return old.source, old.source_text
    if text in _DASHES:
        return None, NO_SOURCE
    for source in FundingSource:
        if text.casefold() == source.title.casefold():
            return source, source.title
    options = ", ".join(f"«{source.title}»" for source in FundingSource)
    raise sheet.cell_error(
        number,
        SOURCE,
        f"джерело «{text[:60]}» невідоме; можливі значення: {options} або «{NO_SOURCE}»",
    )
