"""A look at every worksheet's XML before openpyxl loads the workbook: its merged
ranges and how many rows and cells it holds, read as a stream, so an absurd sheet is
refused in a second with a message in Ukrainian instead of after minutes and gigabytes.

openpyxl turns every merged range into one object per covered cell (one range
A1:XFD1048576 is 17·10⁹ of them) and keeps every cell of the file in memory. A real
table has a few thousand rows and a few hundred merges; the limits below are far
above that. The merges found here are also what xlsx_tables.py lays over the grid,
since openpyxl's read-only sheets do not keep them.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

from ctb_desktop.domain.wording import ROWS, Forms, count
from ctb_desktop.importers.archive import corrupted, dtd_message
from ctb_desktop.importers.errors import ImportFileError
from ctb_desktop.importers.grid import MAX_TABLE_CELLS
from ctb_desktop.importers.workbook_sheet import MAX_ROWS

MAX_MERGES = 50_000
# The app's own workbook of a period may fill a sheet up to workbook_sheet.MAX_ROWS rows
# (the 50× program's financing: 158,107 rows, 2.2 million cells); an annex, four columns
# of 250,000 rows (the largest grid, grid.py). Cells written in the file count, formatting
# only too.
MAX_SHEET_ROWS = MAX_ROWS
MAX_SHEET_CELLS = 20 * MAX_ROWS

_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELATIONSHIPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_ROW, _CELL, _MERGE, _WORKSHEET = (
    frozenset(f"{{{ns}}}{tag}" for ns in _NAMESPACES)
    for tag in ("row", "c", "mergeCell", "worksheet")
)

_CELLS: Forms = ("клітинка", "клітинки", "клітинок")
_COVERED: Forms = ("клітинку", "клітинки", "клітинок")
_MERGES: Forms = ("об’єднаний діапазон", "об’єднані діапазони", "об’єднаних діапазонів")
Box = tuple[int, int, int, int]  # first row, first column, last row, last column
CellHandler = Callable[[int, int, object], None]  # row, column, the <c> element
# DTDs were refused before (archive.refuse_dtd); nothing is fetched or expanded anyway.
_SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False}


@dataclass
class SheetScan:
    """What one worksheet part holds: its merged ranges, rows and cells."""

    where: str
    merges: list[Box] = field(default_factory=list)
    merged_cells: int = 0
    rows: int = 0
    cells: int = 0


def scan_sheets(path: Path, archive: zipfile.ZipFile) -> dict[str, SheetScan]:
    """Every worksheet of the archive by part name ("xl/worksheets/sheet1.xml"),
    checked against the limits. Parts are recognised by their root element, so a
    sheet stored under any name is looked at too."""
    titles = _sheet_titles(archive)
    scans = {}
    for name in archive.namelist():
        if not name.endswith("/"):
            where = f"аркуш «{titles[name]}»" if name in titles else f"частина «{name}»"
            scan = scan_part(path, archive, name, where)
            if scan is not None:
                scans[name] = scan
    return scans


def _open(path: Path, archive: zipfile.ZipFile, name: str):
    try:
        return archive.open(name)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
        raise ImportFileError(path, corrupted(path)) from error


def _is_worksheet(path: Path, archive: zipfile.ZipFile, name: str) -> bool:
    """Whether the part's root element is a worksheet, from its first bytes. A part
    that is no XML at all (a picture) is none; a damaged sheet is left to openpyxl."""
    with _open(path, archive, name) as stream:
        try:
            for _, root in etree.iterparse(stream, events=("start",), **_SAFE):
                if root.getroottree().docinfo.doctype:  # refused before; this backs it up
                    raise ImportFileError(path, dtd_message(path, name))
                return root.tag in _WORKSHEET
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, ValueError):
            return False
    return False


def scan_part(
    path: Path, archive: zipfile.ZipFile, name: str, where: str, cell: CellHandler | None = None
) -> SheetScan | None:
    """The scan of one part, None if it is no worksheet. With `cell`, every <c> element
    is handed to it with its row and column before it is dropped."""
    if not _is_worksheet(path, archive, name):
        return None
    scan = SheetScan(where)
    tags = _ROW | _MERGE | (_CELL if cell else frozenset())
    row = column = 0
    with _open(path, archive, name) as stream:
        try:
            for event, element in etree.iterparse(
                stream, events=("start", "end"), tag=tags, **_SAFE
            ):
                if element.tag in _CELL:
                    if event == "end" and cell is not None:
                        row, column = _position(element.get("r"), row, column)
                        cell(row, column, element)
                        element.clear()
                elif element.tag in _ROW:
                    if event == "start":
                        row, column = int(element.get("r") or row + 1), 0
                    else:
                        _count_row(path, scan, element)
                elif event == "end":
                    _add_merge(path, scan, element.get("ref") or "")
                    element.clear()
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise ImportFileError(path, corrupted(path)) from error
    return scan


def _position(reference: str | None, row: int, column: int) -> tuple[int, int]:
    """A cell's (row, column): from its reference ("B7"), or the next in its row."""
    if reference:
        return coordinate_to_tuple(reference)
    return row, column + 1


def _count_row(path: Path, scan: SheetScan, row) -> None:
    scan.rows += 1
    scan.cells += len(row)
    row.clear()
    # Rows read are dropped from the tree, so a sheet of any length takes no memory.
    while row.getprevious() is not None:
        del row.getparent()[0]
    if scan.rows > MAX_SHEET_ROWS:
        _refuse(path, scan, f"понад {count(MAX_SHEET_ROWS, ROWS)}")
    if scan.cells > MAX_SHEET_CELLS:
        _refuse(path, scan, f"понад {count(MAX_SHEET_CELLS, _CELLS)}")


def _add_merge(path: Path, scan: SheetScan, ref: str) -> None:
    try:
        first_column, first_row, last_column, last_row = range_boundaries(ref.upper())
    except (ValueError, TypeError) as error:
        raise ImportFileError(path, corrupted(path)) from error
    if None in (first_column, first_row, last_column, last_row):
        raise ImportFileError(path, corrupted(path))  # "A:C" or "1:3" merges nothing
    box = (first_row, first_column, max(first_row, last_row), max(first_column, last_column))
    scan.merges.append(box)
    scan.merged_cells += (box[2] - box[0] + 1) * (box[3] - box[1] + 1)
    if scan.merged_cells > MAX_TABLE_CELLS:
        covered = count(scan.merged_cells, _COVERED)
        _refuse(path, scan, f"об’єднані діапазони (зокрема {ref[:40]}) охоплюють {covered}")
    if len(scan.merges) > MAX_MERGES:
        _refuse(path, scan, f"понад {count(MAX_MERGES, _MERGES)}")


def _refuse(path: Path, scan: SheetScan, problem: str) -> None:
    raise ImportFileError(
        path,
        f"Файл «{path.name}», {scan.where}: {problem}. Справжня таблиця програми чи звіту "
        "значно менша — файл пошкоджений або навмисно шкідливий. Скопіюйте потрібну таблицю "
        "в нову книгу Excel і повторіть імпорт.",
    )


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet titles by part name, from the workbook and its relationships; empty when
    they cannot be read (the scan then names the part)."""
    try:
        relationships = _read_small(archive, "xl/_rels/workbook.xml.rels")
        workbook = _read_small(archive, "xl/workbook.xml")
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError):
        return {}
    targets = {}
    for relationship in relationships.iter(f"{{{_RELATIONSHIPS}}}Relationship"):
        target = relationship.get("Target") or ""
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[relationship.get("Id")] = posixpath.normpath(part)
    titles = {}
    for sheet in workbook.iter(*(f"{{{ns}}}sheet" for ns in _NAMESPACES)):
        for namespace in _OFFICE_RELATIONSHIPS:
            part = targets.get(sheet.get(f"{{{namespace}}}id"))
            if part:
                titles[part] = sheet.get("name") or part
    return titles


def _read_small(archive: zipfile.ZipFile, name: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(archive.read(name), parser)
