"""The sheets of an Excel workbook (.xlsx): opened with cached values and no external
links after every part was checked for DTDs, and read as grids of the text each cell
shows the clerk.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from decimal import Decimal
from pathlib import Path

from defusedxml import DefusedXmlException

from ctb_desktop.importers.archive import (
    DOCX_MAIN,
    XLSX_MAIN,
    dtd_message,
    not_office_zip,
    open_archive,
    read_entry,
    refuse_dtd,
)
from ctb_desktop.importers.errors import ImportFileError
from ctb_desktop.importers.grid import EMPTY, RawCell, RawDocument, RawTable, check_size, merged

_XML_SUFFIXES = (".xml", ".rels", ".vml")


def open_workbook(path: Path, *, read_only: bool = False):
    """An .xlsx after the checks every imported file passes (size, zip bomb, DTD), read
    with cached values and no external links; for readers of our own workbooks."""
    path = Path(path)
    data, archive = open_archive(path)
    with archive:
        names = set(archive.namelist())
        if XLSX_MAIN not in names:
            if DOCX_MAIN in names:
                raise ImportFileError(
                    path, f"Файл «{path.name}» — документ Word, а не книга Excel (.xlsx)."
                )
            raise ImportFileError(path, not_office_zip(path, archive, names))
        return _load_workbook(path, archive, data, read_only=read_only)


def _load_workbook(path: Path, archive: zipfile.ZipFile, data: bytes, *, read_only: bool):
    from openpyxl import load_workbook  # noqa: PLC0415 (only to read one: a start costs less)

    for entry in archive.infolist():
        if entry.filename.lower().endswith(_XML_SUFFIXES):
            refuse_dtd(path, entry.filename, read_entry(path, archive, entry.filename))
    try:
        return load_workbook(
            io.BytesIO(data), read_only=read_only, data_only=True, keep_links=False
        )
    except Exception as error:  # openpyxl fails on damaged parts in many unrelated ways
        # openpyxl wraps what defusedxml raises for a worksheet in a ValueError.
        if _caused_by(error, DefusedXmlException):
            raise ImportFileError(path, dtd_message(path, None)) from error
        raise ImportFileError(
            path,
            f"Не вдалося прочитати книгу Excel «{path.name}»: вона пошкоджена або має "
            "нестандартну будову. Відкрийте її в Excel, збережіть ще раз як «Книга Excel "
            "(.xlsx)» і повторіть імпорт.",
        ) from error


def read_xlsx(path: Path, archive: zipfile.ZipFile, data: bytes) -> RawDocument:
    # read_only=False: read-only worksheets do not know their merged cells.
    workbook = _load_workbook(path, archive, data, read_only=False)
    try:
        tables = [
            table
            for sheet in workbook.worksheets
            if (table := _sheet_table(path, sheet)) is not None
        ]
    finally:
        workbook.close()
    return RawDocument(path, tables, [])


def _caused_by(error: BaseException | None, kind: type[BaseException]) -> bool:
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kind):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _sheet_table(path: Path, sheet) -> RawTable | None:
    """The sheet's used range: the box around cells with a value, widened by merges
    that start in it. Cells that only carry formatting are left out, since one styled
    cell at XFD1048576 would otherwise make a grid of 17 billion cells."""
    texts, shown, errors = _sheet_values(sheet)
    if not shown:
        return None
    top = min(row for row, _ in shown)
    left = min(column for _, column in shown)
    bottom = max(row for row, _ in shown)
    right = max(column for _, column in shown)
    merges = [
        (merged.min_row, merged.min_col, merged.max_row, merged.max_col)
        for merged in sheet.merged_cells.ranges
    ]
    for first_row, first_column, last_row, last_column in merges:
        if texts.get((first_row, first_column), "").strip():
            bottom = max(bottom, last_row)
            right = max(right, last_column)
    where = f"аркуш «{sheet.title}»"
    height, width = bottom - top + 1, right - left + 1
    check_size(path, where, height, width)
    rows = [[EMPTY] * width for _ in range(height)]
    for (row, column), text in texts.items():
        if text and top <= row <= bottom and left <= column <= right:
            rows[row - top][column - left] = RawCell(text)
    for merge_top, merge_left, merge_bottom, merge_right in merges:
        # Clipped to the box, so the first row and column never continue a merge.
        first_row, first_column = max(merge_top, top), max(merge_left, left)
        last_row, last_column = min(merge_bottom, bottom), min(merge_right, right)
        for row in range(first_row, last_row + 1):
            for column in range(first_column, last_column + 1):
                above, from_left = row > first_row, column > first_column
                if above or from_left:
                    rows[row - top][column - left] = merged(above, from_left)
    error_cells = [coordinate for _, _, coordinate in sorted(errors)]
    return RawTable(rows, where, error_cells)


def _sheet_values(sheet) -> tuple[dict[tuple[int, int], str], list[tuple[int, int]], list]:
    """Texts by (row, column); the cells to draw the box around (not blank); errors."""
    from openpyxl.cell.cell import MergedCell  # noqa: PLC0415 (openpyxl is loaded by now)

    texts: dict[tuple[int, int], str] = {}
    shown: list[tuple[int, int]] = []
    errors: list[tuple[int, int, str]] = []
    # _cells holds only the cells present in the file; iter_rows would create every
    # cell of the (possibly huge) dimension.
    for (row, column), cell in sheet._cells.items():
        if isinstance(cell, MergedCell) or cell.value is None:
            continue
        if cell.data_type == "e":
            errors.append((row, column, cell.coordinate))
            shown.append((row, column))
            continue
        text = _excel_text(cell.value, cell.number_format)
        texts[row, column] = text
        if text.strip():
            shown.append((row, column))
    return texts, shown, errors


def _excel_text(value: object, number_format: str) -> str:
    """The value as the clerk sees it, except that the decimal separator stays "." and
    the cell's number format is ignored (bar percentages): the caller parses numbers."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "ІСТИНА" if value else "ХИБНІСТЬ"
    if isinstance(value, int | float):
        return _number_text(value * 100) + "%" if "%" in number_format else _number_text(value)
    if isinstance(value, dt.date | dt.time):
        return _date_text(value)
    return str(value)


def _date_text(value: dt.date | dt.time) -> str:
    """DD.MM.YYYY; a time of day only when there is one, as a date cell would show it."""
    clock = "%H:%M:%S" if getattr(value, "second", 0) else "%H:%M"
    if isinstance(value, dt.time):
        return value.strftime(clock)
    if isinstance(value, dt.datetime) and value.time() != dt.time(0, 0):
        return value.strftime(f"%d.%m.%Y {clock}")
    return value.strftime("%d.%m.%Y")


def _number_text(value: float) -> str:
    """15 significant digits, as Excel shows them (0.1 + 0.2 is "0.3"), never in
    exponent form, without trailing zeros: 3406.0 is "3406", 14.80 is "14.8"."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    return format(Decimal(f"{value:.15g}"), "f")
