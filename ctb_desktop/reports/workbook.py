"""A period's entries as an Excel workbook for finance departments, to be edited and
imported back (importers/workbook_import.py reads it).

Sheets, one per layout: «Стан виконання» (a row per status), «Показники» (a row per
indicator of each measure with a status), «Фінансування» (a row per financing line, then
the sub-totals of every task and of the program), and «Відомості» (program, period,
units and what is imported back).

Money cells hold numbers in тис. грн: the exact amount, up to five decimals (a kopeck is
0,00001 тис. грн). They are shown with the format `#,##0.0####`: one decimal as in the
official layout ("3 406,0"), more only when the amount has them ("69,56"), so what the
cell shows is never a rounded figure that a clerk could copy back as a different sum.
Excel and LibreOffice put the locale's separators in at display time, so a Ukrainian
locale reads "1 234,5".

Text from users is written as string cells (never formulas, whatever it starts with),
and a text starting with =, +, -, @, a tab or a carriage return also gets Excel's quote
prefix, so editing the cell in Excel keeps it text. The prefix is a style, not a
character of the value: the text read back is exactly the user's.

The hidden first column «ключ» names each row's measure, unit (and line or indicator)
as JSON, so a re-sorted sheet still imports exactly. The bytes depend only on the data.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ctb_desktop import APP_NAME
from ctb_desktop.domain import fields
from ctb_desktop.domain import workbook_layout as layout
from ctb_desktop.domain.entries import (
    FinancingLine,
    MeasureState,
    PeriodEntries,
    UnitReport,
)
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.interchange import entries_to_dict
from ctb_desktop.domain.money import THOUSAND
from ctb_desktop.domain.program import FundingSource, Measure, Program, Task
from ctb_desktop.domain.progress import Progress
from ctb_desktop.domain.totals import Amounts, SourceSplit, program_totals
from ctb_desktop.domain.units import ReportingUnit
from ctb_desktop.domain.wording import OF_SYMBOLS, SYMBOLS, count
from ctb_desktop.reports import workbook_writer

# Excel's formats use "," for grouping and "." for decimals whatever the locale.
MONEY_FORMAT = "#,##0.0####"
COUNT_FORMAT = "#,##0"
TEXT_FORMAT = "@"

# What makes Excel or LibreOffice take a typed text for a formula (OWASP's CSV-injection
# list, with the full-width forms some input methods produce).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Characters XML 1.0 cannot hold; openpyxl refuses them. Shown as a space.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_CELL_TEXT = 32767  # Excel's limit for one cell
_LINE_HEIGHT = 15  # points, one line of the default 11-point font
_MAX_ROW_HEIGHT = 409  # Excel's limit
_CHARACTERS_PER_WIDTH = 1.1  # characters of text per unit of column width, roughly

# Fixed, so the same data always gives the same bytes (as package.py does for zips).
_STAMP = datetime(1980, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class _Column:
    header: str
    width: float
    kind: str = "info"  # "key", "info", "text", "long", "money", "count", "number"


_KEY_COLUMN = _Column(layout.KEY, 14, "key")
_PLACE = (
    _Column("Завдання", 10),
    _Column("№ заходу", 10),
    _Column("Захід", 45, "long"),
    _Column("Код органу", 11),
    _Column("Орган", 22, "long"),
)
# How a cell of each kind of reported value is written (see _put).
_CELL_KINDS = {
    fields.Kind.MONEY: "money",
    fields.Kind.COUNT: "count",
    fields.Kind.NUMBER: "number",
    fields.Kind.TEXT: "text",
    fields.Kind.CHOICE: "text",
}


def _field_column(field: fields.Field, width: float, kind: str | None = None) -> _Column:
    """The column of a reported value, headed as the catalogue names it."""
    return _Column(field.heading, width, kind or _CELL_KINDS[field.kind])


STATUS_COLUMNS = (
    _KEY_COLUMN,
    *_PLACE,
    _field_column(fields.STATE, 15),
    _field_column(fields.TEXT, 90, "long"),
    *(_field_column(field, 14) for field in fields.COUNT_FIELDS),
)
INDICATOR_COLUMNS = (
    _KEY_COLUMN,
    *_PLACE,
    _Column("Показник", 50, "long"),
    _Column("Заплановано на рік", 14, "number"),
    _field_column(fields.ACHIEVED, 14),
)
FINANCING_COLUMNS = (
    _KEY_COLUMN,
    *_PLACE,
    _Column("№ рядка", 8),
    _field_column(fields.SOURCE, 32),
    _field_column(fields.BUDGET_HOLDER, 30),
    *(_field_column(field, 16) for field in fields.MONEY_FIELDS),
    _field_column(fields.BUDGET_PROGRAM_CODE, 14),
    _field_column(fields.BUDGET_PROGRAM_NAME, 45, "long"),
)

# The sub-total rows of each block, as the official layout splits them.
_TOTAL_ROWS = (
    ("усього", "total"),
    ("державний бюджет", "state"),
    (FundingSource.STATE_GENERAL.title, "state_general"),
    (FundingSource.STATE_SPECIAL.title, "state_special"),
    (FundingSource.LOCAL.title, "local"),
    (FundingSource.OTHER.title, "other"),
)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
_TOP = Alignment(vertical="top")
_WRAP = Alignment(vertical="top", wrap_text=True)
_TOTAL_FONT = Font(bold=True)
_NUMBER_FORMATS = {"money": MONEY_FORMAT, "count": COUNT_FORMAT, "text": TEXT_FORMAT}


class WorkbookError(UserError):
    """The entries cannot be written as a workbook; the message says which."""


def excel_text(text: str | None) -> str:
    """A text as the workbook stores it: characters XML cannot hold become spaces.
    The importer compares with this to tell an untouched cell from an edited one."""
    return ILLEGAL_CHARACTERS.sub(" ", text or "")


def row_key(*parts: str | int) -> str:
    """The hidden «ключ» of a row: JSON, so titles with any characters stay exact."""
    return json.dumps(list(parts), ensure_ascii=False, separators=(",", ":"))


def entries_checksum(entries: PeriodEntries) -> str:
    """SHA-256 of the reports (not proposals) in ctb-entries form; the importer warns
    when the database no longer matches the workbook it exported."""
    data = entries_to_dict(PeriodEntries(entries.program_code, entries.period, entries.reports))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entries_workbook(
    program: Program,
    units: Sequence[ReportingUnit],
    entries: PeriodEntries,
    unit_codes: set[str] | None = None,
    *,
    progress: Progress | None = None,
) -> bytes:
    """The .xlsx of `entries` (only the reports of `unit_codes`, when given)."""
    progress = progress or Progress()
    progress.start(4, "Підготовка книги Excel")
    reports = [
        report for report in entries.reports if unit_codes is None or report.unit_code in unit_codes
    ]
    shown = PeriodEntries(entries.program_code, entries.period, reports)
    writer = _Writer(program, units, shown)
    workbook = Workbook()
    workbook.remove(workbook.active)
    writer.statuses(workbook.create_sheet(layout.STATUS_SHEET))
    progress.step("Показники")
    writer.indicators(workbook.create_sheet(layout.INDICATOR_SHEET))
    progress.step("Фінансування")
    writer.financing(workbook.create_sheet(layout.FINANCING_SHEET))
    writer.info(workbook.create_sheet(layout.INFO_SHEET), unit_codes)
    progress.step("Запис книги")
    properties = workbook.properties
    properties.creator = APP_NAME
    properties.title = f"{program.title}, {entries.period.title}"
    properties.created = properties.modified = _STAMP
    content = _fixed_zip(workbook_writer.save(workbook))
    progress.step()
    return content


def _fixed_zip(content: bytes) -> bytes:
    """The same archive with fixed timestamps, so equal data gives equal bytes."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info))
    return buffer.getvalue()


class _Writer:
    def __init__(
        self, program: Program, units: Sequence[ReportingUnit], entries: PeriodEntries
    ) -> None:
        self.program = program
        self.entries = entries
        self.names = {unit.code: unit.short_name or unit.name for unit in units}
        self.places: dict[tuple[str, str], tuple[Task, Measure]] = {}
        for task in program.all_tasks:
            for measure in task.measures:
                self.places[(task.number, measure.reference)] = (task, measure)
        for report in entries.reports:
            if (report.task_number, report.measure_number) not in self.places:
                raise WorkbookError(
                    f"У програмі «{program.code}» немає заходу "
                    f"«{report.task_number} {report.measure_number}»: книгу не створено"
                )

    # -- the sheets ----------------------------------------------------------------

    def statuses(self, sheet: Worksheet) -> None:
        _header(sheet, STATUS_COLUMNS, freeze="D2")
        row = 1
        for report in self.entries.reports:
            status = report.status
            if status is None:
                continue
            row += 1
            _check_length(status.text, report)
            values = [
                row_key(report.task_number, report.measure_number, report.unit_code),
                *self._place(report),
                status.state.title,
                status.text,
                *(getattr(status, field.key) for field in fields.COUNT_FIELDS),
            ]
            _write_row(sheet, row, STATUS_COLUMNS, values)
        states = [state.title for state in MeasureState]
        _finish(sheet, STATUS_COLUMNS, row)
        _choices(
            sheet,
            STATUS_COLUMNS,
            fields.STATE.heading,
            row,
            _list_range(0, len(states)),
            "Виберіть стан",
        )

    def indicators(self, sheet: Worksheet) -> None:
        _header(sheet, INDICATOR_COLUMNS, freeze="D2")
        row = 1
        year = self.entries.period.year
        for report in self.entries.reports:
            if report.status is None:
                continue
            _, measure = self.places[(report.task_number, report.measure_number)]
            achieved = {value.indicator: value.value for value in report.status.achieved}
            for indicator in measure.indicators:
                row += 1
                values = [
                    row_key(
                        report.task_number, report.measure_number, report.unit_code, indicator.name
                    ),
                    *self._place(report),
                    indicator.label,
                    indicator.planned.get(year),
                    achieved.get(indicator.name),
                ]
                _write_row(sheet, row, INDICATOR_COLUMNS, values)
        _finish(sheet, INDICATOR_COLUMNS, row)

    def financing(self, sheet: Worksheet) -> None:
        _header(sheet, FINANCING_COLUMNS, freeze="D2")
        by_task: dict[str, list[tuple[UnitReport, int, FinancingLine]]] = {}
        for report in self.entries.reports:
            for number, line in enumerate(report.financing, start=1):
                by_task.setdefault(report.task_number, []).append((report, number, line))
        totals = program_totals(self.program, self.entries.financing)
        row = 1
        for task in self.program.all_tasks:
            for report, number, line in by_task.get(task.number, []):
                row += 1
                values = [
                    row_key(report.task_number, report.measure_number, report.unit_code, number),
                    *self._place(report),
                    number,
                    layout.NO_SOURCE if line.source is None else line.source.title,
                    line.budget_holder,
                    *(_thousands(getattr(line, field.key)) for field in fields.MONEY_FIELDS),
                    line.budget_program_code,
                    line.budget_program_name,
                ]
                _write_row(sheet, row, FINANCING_COLUMNS, values)
            if task.number in totals.tasks:
                title = f"Разом за завданням {task.number.rstrip('.')}"
                row = self._totals(sheet, row, task.number, title, totals.tasks[task.number])
        last_line_row = row
        if self.entries.financing:
            row = self._totals(sheet, row, "", "Разом по Програмі", totals.program)
        _finish(sheet, FINANCING_COLUMNS, row)
        sources = [source.title for source in FundingSource] + [layout.NO_SOURCE]
        _choices(
            sheet,
            FINANCING_COLUMNS,
            fields.SOURCE.heading,
            last_line_row,
            _list_range(1, len(sources)),
            "Виберіть джерело",
        )

    def _totals(self, sheet: Worksheet, row: int, task: str, title: str, split: SourceSplit) -> int:
        for label, key in _TOTAL_ROWS:
            amounts: Amounts = getattr(split, key)
            row += 1
            values = [
                row_key(layout.TOTAL_KEY, task, key),
                task,
                "",
                title,
                "",
                "",
                None,
                label,
                None,
                *(_thousands(getattr(amounts, field.key)) for field in fields.MONEY_FIELDS),
                None,
                None,
            ]
            _write_row(sheet, row, FINANCING_COLUMNS, values)
            for column in range(1, len(FINANCING_COLUMNS) + 1):
                sheet.cell(row=row, column=column).font = _TOTAL_FONT
        return row

    def info(self, sheet: Worksheet, unit_codes: set[str] | None) -> None:
        period = self.entries.period
        if unit_codes is None:
            units = layout.ALL_UNITS
        else:
            order = {code: i for i, code in enumerate(self.names)}
            units = ", ".join(sorted(unit_codes, key=lambda code: (order.get(code, 1e9), code)))
        rows = [
            ("Формат", layout.WORKBOOK_FORMAT),
            ("Версія формату", layout.WORKBOOK_VERSION),
            ("Код програми", self.program.code),
            ("Програма", self.program.title),
            ("Звітний період", period.code),
            ("Період", period.title),
            ("Органи", units),
            ("Контрольна сума", entries_checksum(self.entries)),
            (
                "Суми",
                "тис. грн; клітинка містить точну суму, до п'яти знаків після коми "
                "(0,00001 тис. грн — одна копійка)",
            ),
            ("Імпортуються", _read_back()),
            (
                "Не імпортуються",
                "номери й назви заходів, органи, № рядка (рядок визначає прихований стовпець "
                "«ключ»); заплановані значення показників; рядки «Разом», обчислені під час "
                "вивантаження; рядки без ключа",
            ),
        ]
        _header(sheet, (_Column("Поле", 22), _Column("Значення", 90)), freeze=None)
        for row, (label, value) in enumerate(rows, start=2):
            _put(sheet.cell(row=row, column=1), label, "info")
            _put(sheet.cell(row=row, column=2), value, "long" if isinstance(value, str) else "")
        # The lists the «Стан» and «Джерело» columns offer.
        lists = (
            (f"{fields.STATE.heading} (допустимі значення)", [s.title for s in MeasureState]),
            (
                f"{fields.SOURCE.heading} (допустимі значення)",
                [source.title for source in FundingSource] + [layout.NO_SOURCE],
            ),
        )
        for offset, (title, values) in enumerate(lists):
            column = 4 + offset
            cell = sheet.cell(row=1, column=column, value=title)
            cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGNMENT
            sheet.column_dimensions[get_column_letter(column)].width = 34
            for row, value in enumerate(values, start=2):
                _put(sheet.cell(row=row, column=column), value, "text")
        sheet.protection.sheet = True  # against slips; no password

    def _place(self, report: UnitReport) -> list[str]:
        _, measure = self.places[(report.task_number, report.measure_number)]
        return [
            report.task_number,
            measure.number,
            measure.title,
            report.unit_code,
            self.names.get(report.unit_code, report.unit_code),
        ]


# -- cells ---------------------------------------------------------------------------


def _header(sheet: Worksheet, columns: Sequence[_Column], freeze: str | None) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGNMENT
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.kind == "key":
            dimension.hidden = True
    _fit_height(sheet, 1, columns, [column.header for column in columns], lambda column: True)
    sheet.freeze_panes = freeze or "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _write_row(sheet: Worksheet, row: int, columns: Sequence[_Column], values: list) -> None:
    for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
        _put(sheet.cell(row=row, column=index), value, column.kind)
    _fit_height(sheet, row, columns, values, lambda column: column.kind == "long")


def _fit_height(
    sheet: Worksheet, row: int, columns: Sequence[_Column], values: Sequence, wraps
) -> None:
    """A row tall enough for its wrapped texts (`values`, as written). Neither
    LibreOffice nor every Excel fits rows when opening a file, and unfitted wrapped
    text overlaps its neighbours."""
    lines = 1
    for column, value in zip(columns, values, strict=True):
        if isinstance(value, str) and wraps(column):
            per_line = max(1, int(column.width * _CHARACTERS_PER_WIDTH))
            needed = sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))
            lines = max(lines, needed)
    if lines > 1:
        sheet.row_dimensions[row].height = min(_MAX_ROW_HEIGHT, lines * _LINE_HEIGHT)


def _finish(sheet: Worksheet, columns: Sequence[_Column], last_row: int) -> None:
    """Filter buttons over the header and every row."""
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last_row, 1)}"


def _put(cell, value: object, kind: str) -> None:
    """One cell. Text always becomes a string cell, never a formula."""
    # Typed into a text-formatted cell, "=…" or "0611120" stays as typed.
    workbook_writer.style(cell, _WRAP if kind == "long" else _TOP, _NUMBER_FORMATS.get(kind))
    if value is None or value == "":
        return
    if not isinstance(value, str):
        cell.value = value
        return
    text = excel_text(value)
    if len(text) > MAX_CELL_TEXT:
        raise WorkbookError(
            f"Аркуш «{cell.parent.title}», клітинка {cell.coordinate}: текст має "
            f"{count(len(text), SYMBOLS)}, а клітинка Excel вміщує не більше "
            f"{count(MAX_CELL_TEXT, OF_SYMBOLS)}: книгу не створено"
        )
    cell.value = text
    cell.data_type = "s"  # openpyxl would make a formula of a text starting with "="
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True


def _read_back() -> str:
    """What «Відомості» says is imported: the read-back columns of each sheet."""
    return "; ".join(
        f"аркуш «{sheet}»: " + ", ".join(f"«{header}»" for header in headers[1:])
        for sheet, headers in layout.READ_BACK.items()
    )


def _thousands(amount: Decimal | None) -> Decimal | None:
    """Hryvnias as тис. грн, exactly (69560.00 → 69.56)."""
    return None if amount is None else (amount / THOUSAND).normalize()


def _check_length(text: str, report: UnitReport) -> None:
    if len(text) > MAX_CELL_TEXT:
        raise WorkbookError(
            f"Текст стану виконання заходу «{report.task_number} {report.measure_number}» "
            f"органу «{report.unit_code}» має {count(len(text), SYMBOLS)}, а клітинка Excel "
            f"вміщує не більше {count(MAX_CELL_TEXT, OF_SYMBOLS)}: книгу не створено. "
            "Скоротіть текст."
        )


def _list_range(offset: int, length: int) -> str:
    column = get_column_letter(4 + offset)
    return f"'{layout.INFO_SHEET}'!${column}$2:${column}${length + 1}"


def _choices(
    sheet: Worksheet,
    columns: Sequence[_Column],
    header: str,
    last_row: int,
    source: str,
    message: str,
) -> None:
    """A drop-down list on the column's data rows; the importer checks the value anyway."""
    if last_row < 2:
        return
    column = get_column_letter(next(i for i, c in enumerate(columns, 1) if c.header == header))
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Недопустиме значення",
        error=f"{message} зі списку",
    )
    validation.add(f"{column}2:{column}{last_row}")
    sheet.add_data_validation(validation)
