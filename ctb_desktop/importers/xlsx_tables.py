"""The sheets of an Excel workbook (.xlsx): opened with cached values and no external
links after every part was checked for DTDs, and read as grids of the text each cell
shows the clerk.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter

from ctb_desktop.domain.wording import shorten
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
from ctb_desktop.importers.xlsx_cells import CellValueError, CellValues
from ctb_desktop.importers.xlsx_scan import Box, scan_part, scan_sheets

_XML_SUFFIXES = (".xml", ".rels", ".vml")
# openpyxl says in English what it skips or supplies ("Workbook contains no default
# style", "Data Validation extension is not supported and will be removed"): nothing a
# clerk can act on, and it would print before the Ukrainian message. A filter by module
# rather than catch_warnings() around each load, which is not safe on worker threads.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")


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
        scan_sheets(path, archive)  # before openpyxl builds anything of them
        return _load_workbook(path, archive, data, read_only=read_only)


def _load_workbook(path: Path, archive: zipfile.ZipFile, data: bytes, *, read_only: bool):

    for entry in archive.infolist():
        if entry.filename.lower().endswith(_XML_SUFFIXES):
            refuse_dtd(path, entry.filename, read_entry(path, archive, entry.filename))
    try:
        workbook = load_workbook(
            io.BytesIO(data), read_only=read_only, data_only=True, keep_links=False
        )
    except Exception as error:  # openpyxl fails on damaged parts in many unrelated ways
        raise _failure(path, error) from error
    return workbook


def _failure(path: Path, error: Exception) -> ImportFileError:
    # openpyxl wraps what defusedxml raises for a worksheet in a ValueError.
    if _caused_by(error, DefusedXmlException):
        return ImportFileError(path, dtd_message(path, None))
    return ImportFileError(path, unreadable(path))


def unreadable(path: Path) -> str:
    return (
        f"Не вдалося прочитати книгу Excel «{path.name}»: вона пошкоджена або має "
        "нестандартну будову. Відкрийте її в Excel, збережіть ще раз як «Книга Excel "
        "(.xlsx)» і повторіть імпорт."
    )


def read_xlsx(path: Path, archive: zipfile.ZipFile, data: bytes) -> RawDocument:
    """Every sheet with a value as a grid. openpyxl reads what the cells refer to (the
    sheets' names and parts, shared strings, styles); each sheet's XML is then streamed
    once by the scan, which checks its size and merges and hands over its cells."""
    for entry in archive.infolist():
        if entry.filename.lower().endswith(_XML_SUFFIXES):
            refuse_dtd(path, entry.filename, read_entry(path, archive, entry.filename))
    reader = None
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        # What load_workbook does, short of opening the sheets: a read-only sheet reads
        # its whole XML through Python's parser when it declares no <dimension>.
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [
            (sheet.name, relationship.target)
            for sheet, relationship in reader.parser.find_sheets()
            if relationship.target in reader.valid_files and "chartsheet" not in relationship.Type
        ]
    except Exception as error:  # openpyxl fails on damaged parts in many unrelated ways
        raise _failure(path, error) from error
    finally:
        if reader is not None:
            reader.archive.close()
    values = CellValues(reader.wb, reader.shared_strings)
    tables = []
    for title, part in sheets:
        table = _read_sheet(path, archive, values, f"аркуш «{title}»", part)
        if table is not None:
            tables.append(table)
    return RawDocument(path, tables, [])


def _read_sheet(
    path: Path, archive: zipfile.ZipFile, values: CellValues, where: str, part: str
) -> RawTable | None:
    texts: dict[tuple[int, int], str] = {}
    errors: dict[tuple[int, int], str] = {}

    def cell(row: int, column: int, element) -> None:
        try:
            value, kind, number_format = values.value(element)
        except CellValueError as error:
            coordinate = f"{get_column_letter(column)}{row}"
            raise ImportFileError(
                path,
                f"Файл «{path.name}», {where}, клітинка {coordinate}: збережене значення "
                f"«{shorten(str(error))}» не відповідає типу клітинки — файл пошкоджений. "
                "Відкрийте його в Excel, збережіть ще раз і повторіть імпорт.",
            ) from error
        if value is None:
            return
        if kind == "e":
            errors[row, column] = f"{get_column_letter(column)}{row}"
        else:
            texts[row, column] = _excel_text(value, number_format)

    scan = scan_part(path, archive, part, where, cell)
    return _sheet_table(path, where, texts, errors, scan.merges if scan else [])


def _caused_by(error: BaseException | None, kind: type[BaseException]) -> bool:
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kind):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _sheet_table(
    path: Path, where: str, texts: dict, errors: dict, merges: list[Box]
) -> RawTable | None:
    """The sheet's used range: the box around cells with a value, widened by merges
    that start in it. Cells that only carry formatting are left out, since one styled
    cell at XFD1048576 would otherwise make a grid of 17 billion cells."""
    _hide_merged(merges, texts, errors)
    shown = [cell for cell, text in texts.items() if text.strip()] + list(errors)
    if not shown:
        return None
    top = min(row for row, _ in shown)
    left = min(column for _, column in shown)
    bottom = max(row for row, _ in shown)
    right = max(column for _, column in shown)
    for first_row, first_column, last_row, last_column in merges:
        if texts.get((first_row, first_column), "").strip():
            bottom = max(bottom, last_row)
            right = max(right, last_column)
    height, width = bottom - top + 1, right - left + 1
    check_size(path, where, height, width)
    rows = [[EMPTY] * width for _ in range(height)]
    for (row, column), text in texts.items():
        if text and top <= row <= bottom and left <= column <= right:
            rows[row - top][column - left] = RawCell(text)
    _lay_merges(rows, merges, (top, left, bottom, right))
    error_cells = [coordinate for _, coordinate in sorted(errors.items())]
    return RawTable(rows, where, error_cells)


def _hide_merged(merges: list[Box], texts: dict, errors: dict) -> None:
    """As in Excel, a merge shows only its first cell's value. (The scan bounds the
    cells the merges cover, so this loop is bounded too.)"""
    for first_row, first_column, last_row, last_column in merges:
        for row in range(first_row, last_row + 1):
            for column in range(first_column, last_column + 1):
                if (row, column) != (first_row, first_column):
                    texts.pop((row, column), None)
                    errors.pop((row, column), None)


def _lay_merges(rows: list[list[RawCell]], merges: list[Box], box: Box) -> None:
    """Mark the cells that continue a merge, each merge clipped to the box, so the
    first row and column never continue one."""
    top, left, bottom, right = box
    for merge_top, merge_left, merge_bottom, merge_right in merges:
        first_row, first_column = max(merge_top, top), max(merge_left, left)
        last_row, last_column = min(merge_bottom, bottom), min(merge_right, right)
        for row in range(first_row, last_row + 1):
            for column in range(first_column, last_column + 1):
                above, from_left = row > first_row, column > first_column
                if above or from_left:
                    rows[row - top][column - left] = merged(above, from_left)


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
