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
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

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
from ctb_desktop.reports.workbook_writer import Book, ListValidation, Sheet, Style, column_letter

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

_HEADER = Style(bold=True, fill="D9D9D9", horizontal="center", vertical="center", wrap=True)
_NUMBER_FORMATS = {"money": MONEY_FORMAT, "count": COUNT_FORMAT, "text": TEXT_FORMAT}


def _cell_style(kind: str, *, bold: bool = False, quote_prefix: bool = False) -> Style:
    """Long texts wrap; every cell sits at the top; text cells have the text format,
    so "=…" or "0611120" typed into them stays as typed."""
    return Style(
        bold=bold,
        vertical="top",
        wrap=kind == "long",
        number_format=_NUMBER_FORMATS.get(kind),
        quote_prefix=quote_prefix,
    )


class WorkbookError(UserError):
    """The entries cannot be written as a workbook; the message says which."""


def excel_text(text: str | None) -> str:
    """A text as the workbook stores it: characters XML cannot hold become spaces.
    The importer compares with this to tell an untouched cell from an edited one."""
    return ILLEGAL_CHARACTERS.sub(" ", text or "")


_KEY_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def row_key(*parts: str | int) -> str:
    """The hidden «ключ» of a row: JSON, so titles with any characters stay exact."""
    return _KEY_ENCODER.encode(parts)


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
    book = Book()
    texts: dict[str, tuple[str, bool]] = {}
    statuses, indicators, financing, info = (
        _Cells(book.sheet(title), texts)
        for title in (
            layout.STATUS_SHEET,
            layout.INDICATOR_SHEET,
            layout.FINANCING_SHEET,
            layout.INFO_SHEET,
        )
    )
    writer = _Writer(program, units, shown)
    # Each sheet is compressed into the file while the next is made.
    writer.statuses(statuses)
    book.finish(statuses.sheet)
    progress.step("Показники")
    writer.indicators(indicators)
    book.finish(indicators.sheet)
    progress.step("Фінансування")
    writer.financing(financing)
    book.finish(financing.sheet)
    writer.info(info, unit_codes)
    progress.step("Запис книги")
    content = book.save(
        creator=APP_NAME, title=f"{program.title}, {entries.period.title}", created=_STAMP
    )
    progress.step()
    return content


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

    def statuses(self, sheet: _Cells) -> None:
        sheet.header(STATUS_COLUMNS, freeze="D2")
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
            sheet.row(row, STATUS_COLUMNS, values)
        states = [state.title for state in MeasureState]
        sheet.finish(STATUS_COLUMNS, row)
        sheet.choices(
            STATUS_COLUMNS, fields.STATE.heading, row, _list_range(0, len(states)), "Виберіть стан"
        )

    def indicators(self, sheet: _Cells) -> None:
        sheet.header(INDICATOR_COLUMNS, freeze="D2")
        row = 1
        year = self.entries.period.year
        for report in self.entries.reports:
            if report.status is None:
                continue
            _, measure = self.places[(report.task_number, report.measure_number)]
            achieved = {value.indicator: value.value for value in report.status.achieved}
            place = self._place(report)
            for indicator in measure.indicators:
                row += 1
                values = [
                    row_key(
                        report.task_number, report.measure_number, report.unit_code, indicator.name
                    ),
                    *place,
                    indicator.label,
                    indicator.planned.get(year),
                    achieved.get(indicator.name),
                ]
                sheet.row(row, INDICATOR_COLUMNS, values)
        sheet.finish(INDICATOR_COLUMNS, row)

    def financing(self, sheet: _Cells) -> None:
        sheet.header(FINANCING_COLUMNS, freeze="D2")
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
                sheet.row(row, FINANCING_COLUMNS, values)
            if task.number in totals.tasks:
                title = f"Разом за завданням {task.number.rstrip('.')}"
                row = self._totals(sheet, row, task.number, title, totals.tasks[task.number])
        last_line_row = row
        if self.entries.financing:
            row = self._totals(sheet, row, "", "Разом по Програмі", totals.program)
        sheet.finish(FINANCING_COLUMNS, row)
        sources = [source.title for source in FundingSource] + [layout.NO_SOURCE]
        sheet.choices(
            FINANCING_COLUMNS,
            fields.SOURCE.heading,
            last_line_row,
            _list_range(1, len(sources)),
            "Виберіть джерело",
        )

    def _totals(self, sheet: _Cells, row: int, task: str, title: str, split: SourceSplit) -> int:
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
            sheet.row(row, FINANCING_COLUMNS, values, bold=True)
        return row

    def info(self, sheet: _Cells, unit_codes: set[str] | None) -> None:
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
        # Columns D and E: the lists the «Стан» and «Джерело» columns offer.
        states = [state.title for state in MeasureState]
        sources = [source.title for source in FundingSource] + [layout.NO_SOURCE]
        columns = (
            _Column("Поле", 22, "info"),
            _Column("Значення", 90, "long"),
            _Column("", 0, ""),
            _Column(f"{fields.STATE.heading} (допустимі значення)", 34, "text"),
            _Column(f"{fields.SOURCE.heading} (допустимі значення)", 34, "text"),
        )
        sheet.header(columns, freeze=None)
        for row in range(2, max(len(rows), len(sources)) + 2):
            label, value = rows[row - 2] if row - 2 < len(rows) else (None, None)
            values = [label, value, None, _item(states, row - 2), _item(sources, row - 2)]
            kinds = [
                None if label is None else "info",
                None if label is None else "long" if isinstance(value, str) else "",
                None,
                None if row - 2 >= len(states) else "text",
                None if row - 2 >= len(sources) else "text",
            ]
            sheet.cells(row, values, kinds)
        sheet.sheet.protected = True  # against slips; no password

    def _place(self, report: UnitReport) -> list[str]:
        _, measure = self.places[(report.task_number, report.measure_number)]
        return [
            report.task_number,
            measure.number,
            measure.title,
            report.unit_code,
            self.names.get(report.unit_code, report.unit_code),
        ]


def _item(values: list[str], index: int) -> str | None:
    return values[index] if index < len(values) else None


# -- cells ---------------------------------------------------------------------------


class _Cells:
    """A sheet written the workbook's way: a style per kind of column, texts checked
    and never formulas, rows tall enough for their wrapped texts. `texts` caches each
    distinct text as written and whether it needs the quote prefix (titles, names and
    states repeat on every row)."""

    def __init__(self, sheet: Sheet, texts: dict[str, tuple[str, bool]]) -> None:
        self.sheet = sheet
        self._texts = texts
        book = sheet.book
        self._header = book.style(_HEADER)
        self._styles = {
            (kind, bold, prefix): book.style(_cell_style(kind, bold=bold, quote_prefix=prefix))
            for kind in ("key", "info", "text", "long", "money", "count", "number", "")
            for bold in (False, True)
            for prefix in (False, True)
        }
        self._layouts: dict[tuple[int, bool], tuple[list, list, list]] = {}

    def header(self, columns: Sequence[_Column], freeze: str | None) -> None:
        for index, column in enumerate(columns, start=1):
            if column.header:
                self.sheet.set_column(index, column.width, hidden=column.kind == "key")
        values = [column.header or None for column in columns]
        styles = [self._header if column.header else None for column in columns]
        height = _fit_height(_wrapping(columns, lambda column: True), values)
        self.sheet.add_row(1, values, styles, height)
        self.sheet.freeze = freeze or "A2"
        self.sheet.print_title_rows = 1
        self.sheet.landscape = self.sheet.fit_to_width = True

    def row(
        self, row: int, columns: Sequence[_Column], values: list, *, bold: bool = False
    ) -> None:
        """A row of `columns` (a constant of this module: its layout is worked out once)."""
        layout_ = self._layouts.get((id(columns), bold))
        if layout_ is None:
            kinds = [column.kind for column in columns]
            layout_ = self._layouts[(id(columns), bold)] = (
                [self._styles[(kind, bold, False)] for kind in kinds],
                [self._styles[(kind, bold, True)] for kind in kinds],
                _wrapping(columns, lambda column: column.kind == "long"),
            )
        plain, prefixed, wrapping = layout_
        styles = list(plain)
        for index, value in enumerate(values):
            if value.__class__ is str and value:
                values[index], prefix = self._text(value, row, index)
                if prefix:
                    styles[index] = prefixed[index]
        self.sheet.add_row(row, values, styles, _fit_height(wrapping, values))

    def cells(self, row: int, values: list, kinds: Sequence[str | None]) -> None:
        """Row `row`: each value in the style of its kind of column (None: no cell)."""
        styles: list[int | None] = []
        for index, (value, kind) in enumerate(zip(values, kinds, strict=True)):
            prefix = False
            if isinstance(value, str) and value:
                values[index], prefix = self._text(value, row, index)
            styles.append(None if kind is None else self._styles[(kind, False, prefix)])
        self.sheet.add_row(row, values, styles)

    def _text(self, value: str, row: int, index: int) -> tuple[str, bool]:
        """The text as the cell holds it, and whether it needs the quote prefix."""
        known = self._texts.get(value)
        if known is None:
            text = excel_text(value)
            if len(text) > MAX_CELL_TEXT:
                raise WorkbookError(
                    f"Аркуш «{self.sheet.title}», клітинка {column_letter(index + 1)}{row}: "
                    f"текст має {count(len(text), SYMBOLS)}, а клітинка Excel вміщує не "
                    f"більше {count(MAX_CELL_TEXT, OF_SYMBOLS)}: книгу не створено"
                )
            known = self._texts[value] = (text, text.startswith(FORMULA_PREFIXES))
        return known

    def finish(self, columns: Sequence[_Column], last_row: int) -> None:
        """Filter buttons over the header and every row."""
        self.sheet.auto_filter = f"A1:{column_letter(len(columns))}{max(last_row, 1)}"

    def choices(
        self, columns: Sequence[_Column], header: str, last_row: int, source: str, message: str
    ) -> None:
        """A drop-down list on the column's data rows; the importer checks the value anyway."""
        if last_row < 2:
            return
        column = column_letter(next(i for i, c in enumerate(columns, 1) if c.header == header))
        self.sheet.validations.append(
            ListValidation(
                f"{column}2:{column}{last_row}",
                source,
                "Недопустиме значення",
                f"{message} зі списку",
            )
        )


def _wrapping(
    columns: Sequence[_Column], wraps: Callable[[_Column], bool]
) -> list[tuple[int, int]]:
    """(index, characters per line) of the columns whose texts wrap."""
    return [
        (index, max(1, int(column.width * _CHARACTERS_PER_WIDTH)))
        for index, column in enumerate(columns)
        if wraps(column)
    ]


def _fit_height(wrapping: list[tuple[int, int]], values: Sequence) -> float | None:
    """A row tall enough for its wrapped texts (`values`, as written), or None for one
    line. Neither LibreOffice nor every Excel fits rows when opening a file, and
    unfitted wrapped text overlaps its neighbours."""
    lines = 1
    for index, per_line in wrapping:
        value = values[index]
        if isinstance(value, str) and (len(value) > per_line or "\n" in value):
            needed = sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))
            lines = max(lines, needed)
    return min(_MAX_ROW_HEIGHT, lines * _LINE_HEIGHT) if lines > 1 else None


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
    column = column_letter(4 + offset)
    return f"'{layout.INFO_SHEET}'!${column}$2:${column}${length + 1}"
