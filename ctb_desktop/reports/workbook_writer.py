"""openpyxl plumbing for reports/workbook.py: saving worksheets in UTF-8, and giving
cells their style by copying one prepared per kind.

openpyxl's worksheet writer opens lxml's `xmlfile` without an encoding, and lxml then
writes ASCII: every Cyrillic letter becomes a 7-byte `&#1082;` reference, so a big
workbook unpacked to a gigabyte (ten times Excel's own file for the same cells). The
writer below is openpyxl's with the encoding given; the XML is the same otherwise.

Setting `cell.alignment` or `cell.number_format` makes openpyxl hash the style objects
to find them in the workbook's registry, on every cell; a style array registered once
per kind and copied into each cell gives the same cells in a fraction of the time.
"""

from __future__ import annotations

import io
import zipfile
from copy import copy
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import xmlfile


class _Utf8WorksheetWriter(WorksheetWriter):
    def get_stream(self):
        with (
            xmlfile(self.out, encoding="utf-8") as xf,
            xf.element("worksheet", xmlns=SHEET_MAIN_NS),
        ):
            try:
                while True:
                    element = yield
                    if element is True:
                        yield xf
                    elif element is not None:
                        xf.write(element)
            except GeneratorExit:
                pass


class _Utf8ExcelWriter(ExcelWriter):
    def write_worksheet(self, ws) -> None:
        """ExcelWriter.write_worksheet for a normal (not write-only) workbook, with the
        UTF-8 worksheet writer."""
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _Utf8WorksheetWriter(ws)
        writer.write()
        ws._rels = writer._rels
        self._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
        writer.cleanup()


def save(workbook: Workbook) -> bytes:
    """The workbook's .xlsx. openpyxl's save_workbook stamps the current time as
    «modified»; its writer called directly keeps the properties as set."""
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
    _Utf8ExcelWriter(workbook, archive).save()  # closes the archive
    return buffer.getvalue()


_STYLES: WeakKeyDictionary[Workbook, dict[tuple, StyleArray]] = WeakKeyDictionary()


def style(cell: Cell, alignment: Alignment, number_format: str | None) -> None:
    """Give the cell this alignment and number format (General when None)."""
    workbook = cell.parent.parent
    styles = _STYLES.setdefault(workbook, {})
    key = (id(alignment), number_format)
    prepared = styles.get(key)
    if prepared is None:
        prototype = Cell(cell.parent)
        prototype.alignment = alignment
        if number_format is not None:
            prototype.number_format = number_format
        prepared = styles[key] = prototype._style
    cell._style = copy(prepared)
