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

The layout (sheet and column titles) is domain/workbook_layout.py's, shared with the
writer; the round-trip tests keep the two in step. This module reads «Відомості» and
plans; workbook_sheet.py finds a sheet's columns by their titles, workbook_rows.py reads
its rows by key and workbook_cells.py the value of each cell.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctb_desktop.domain.comparison import Difference, compare_entries
from ctb_desktop.domain.entries import PeriodEntries, UnitReport
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.interchange import entries_to_dict
from ctb_desktop.domain.periods import Period, PeriodError
from ctb_desktop.domain.program import Program
from ctb_desktop.domain.progress import Progress
from ctb_desktop.domain.units import ReportingUnit
from ctb_desktop.domain.validation import Problem, check_reports
from ctb_desktop.domain.workbook_layout import (
    ALL_UNITS,
    FINANCING_SHEET,
    INDICATOR_SHEET,
    INFO_SHEET,
    STATUS_SHEET,
    WORKBOOK_FORMAT,
    WORKBOOK_VERSION,
)
from ctb_desktop.importers.errors import ImportFileError
from ctb_desktop.importers.structure import ImportWarning
from ctb_desktop.importers.workbook_rows import RowReader
from ctb_desktop.importers.workbook_sheet import Sheet, missing_sheet
from ctb_desktop.importers.xlsx_tables import open_workbook
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.entries import EntryStore


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


@contextmanager
def _reading(path: Path) -> Iterator[Any]:
    """The workbook open read-only for the block, then closed. openpyxl parses such a
    sheet only as its rows are read, so a cell it cannot parse («NaN» or «INF» as a
    number) fails there, inside openpyxl: that is a damaged file, not a bug of ours."""
    workbook = open_workbook(path, read_only=True)
    try:
        yield workbook
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        if isinstance(error, UserError) or not _raised_in_openpyxl(error):
            raise
        raise ImportFileError(
            path,
            f"Книгу Excel «{path.name}» пошкоджено: одну з клітинок не вдалося прочитати "
            "(наприклад, «NaN» чи «INF» замість числа). Відкрийте книгу в Excel, збережіть ще "
            "раз і повторіть імпорт.",
        ) from error
    finally:
        workbook.close()


def _raised_in_openpyxl(error: BaseException) -> bool:
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    return trace is not None and "openpyxl" in trace.tb_frame.f_code.co_filename


def read_workbook_info(path: Path) -> WorkbookInfo:
    """The program and period a workbook belongs to, to know what to import it into."""
    path = Path(path)
    with _reading(path) as workbook:
        return _read_info(path, workbook)[0]


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
    with _reading(path) as workbook:
        info, cells = _read_info(path, workbook)
        _check_target(path, info, cells, program, current)
        reader = RowReader(path, program, units, current, info.unit_codes)
        progress.step("Стан виконання")
        reader.statuses(Sheet(path, workbook, STATUS_SHEET, reader.warnings))
        progress.step("Показники")
        reader.indicators(Sheet(path, workbook, INDICATOR_SHEET, reader.warnings))
        progress.step("Фінансування")
        reader.financing(Sheet(path, workbook, FINANCING_SHEET, reader.warnings))
    progress.step("Порівняння")
    entries, changed = reader.result()
    plan = WorkbookPlan(path, program, info, entries, changed, warnings=reader.warnings)
    plan.changes = compare_entries(current, entries)
    plan.problems = check_reports(program, changed, current.period.year)
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


def _read_info(path: Path, workbook) -> tuple[WorkbookInfo, dict[str, str]]:
    """«Відомості» as WorkbookInfo, and the cell of each field for messages."""
    if INFO_SHEET not in workbook.sheetnames:
        raise missing_sheet(path, workbook, INFO_SHEET)
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
    if isinstance(version, str) and version.strip().isascii() and version.strip().isdigit():
        version = int(version[:9])
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
