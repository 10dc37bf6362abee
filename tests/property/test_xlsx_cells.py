"""Excel cells: whatever a cell holds (a value of any type, an error, text of any
length, a hand-written <c> element), reading it gives a value or the project's error."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from openpyxl import Workbook

from ctb_desktop.domain.errors import UserError
from ctb_desktop.importers import workbook_cells, xlsx_tables
from ctb_desktop.importers.errors import ImportFileError
from ctb_desktop.importers.tables import read_document
from ctb_desktop.importers.xlsx_cells import CellValueError, CellValues
from tests.importers import fixtures
from tests.property.strategies import any_text, cell_value, number_text

TITLE = "Сума"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


class Sheet:
    """What the cell readers need of a sheet: where a cell is, for the message."""

    path = Path("книга.xlsx")

    def cell_error(self, number: int, title: str, problem: str) -> ImportFileError:
        return ImportFileError(self.path, f"клітинка {title}{number}: {problem}")


class Cell:
    def __init__(self, value: object, data_type: str) -> None:
        self.value, self.data_type = value, data_type


def _type_of(value: object) -> str:
    if isinstance(value, bool):
        return "b"
    if isinstance(value, int | float):
        return "n"
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return "d"
    return "s"


cells = st.builds(
    Cell, cell_value, st.sampled_from(["n", "s", "e", "b", "d", "str", "inlineStr"])
) | cell_value.map(lambda value: Cell(value, _type_of(value)))


@given(cells)
def test_a_cell_read_as_a_number_money_count_state_or_source(cell):
    sheet = Sheet()
    readers = (
        lambda: workbook_cells.read_number(sheet, 2, TITLE, cell, "число"),
        lambda: workbook_cells.read_money(sheet, 2, TITLE, cell, None),
        lambda: workbook_cells.read_money(sheet, 2, TITLE, cell, Decimal("1000.00")),
        lambda: workbook_cells.read_count(sheet, 2, TITLE, cell),
        lambda: workbook_cells.read_state(sheet, 2, cell),
        lambda: workbook_cells.read_source(sheet, 2, cell, None),
        lambda: workbook_cells.read_text(cell.value, None),
    )
    for read in readers:
        try:
            read()
        except UserError as exc:
            message = str(exc)
        else:
            message = ""
        assert len(message) < 600, "a quoted value is cut"


@given(cell_value, st.sampled_from(["General", "0.0%", "0.00", "dd/mm/yy", "@"]))
def test_a_value_is_shown_as_text(value, number_format):
    assert isinstance(xlsx_tables._excel_text(value, number_format), str)


_TYPES = st.sampled_from(["", "n", "s", "b", "e", "str", "d", "inlineStr", "x"])
_STYLES = st.one_of(st.just(""), st.integers(-3, 5).map(str), st.text(max_size=3))
_STORED = st.one_of(number_text, st.integers(-5, 5).map(str), any_text)


def _xml_safe(text: str) -> str:
    """What XML can hold: no control characters, no lone surrogates."""
    return (
        "".join(c for c in text if c in "\t\n\r" or (c >= " " and not "\ud800" <= c <= "\udfff"))
        .replace("\ufffe", "")
        .replace("\uffff", "")
    )


@given(_TYPES, _STYLES, _STORED)
def test_a_stored_cell_is_a_value_or_a_damaged_cell(kind, style, stored):
    kind_attribute = f' t="{kind}"' if kind else ""
    style_attribute = f' s="{escape(_xml_safe(style), {chr(34): "&quot;"})}"' if style else ""
    stored = escape(_xml_safe(stored))
    body = f"<is><t>{stored}</t></is>" if kind == "inlineStr" else f"<v>{stored}</v>"
    element = etree.fromstring(
        f'<c xmlns="{_MAIN}" r="A1"{kind_attribute}{style_attribute}>{body}</c>'
    )
    values = CellValues(Workbook(), ["первий", "другий"])
    try:
        value, data_type, number_format = values.value(element)
    except CellValueError:
        return
    assert isinstance(data_type, str) and isinstance(number_format, str)
    xlsx_tables._excel_text(value, number_format) if value is not None else None


@given(st.lists(st.tuples(_TYPES, _STORED), min_size=1, max_size=4))
def test_a_whole_workbook_of_such_cells_is_read_or_refused(tmp_path_factory, stored):
    path = tmp_path_factory.mktemp("xlsx") / "книга.xlsx"
    Workbook().save(path)
    cells = "".join(
        f'<c r="A{row}"{f" t={chr(34)}{kind}{chr(34)}" if kind else ""}>'
        + (
            f"<is><t>{escape(_xml_safe(text))}</t></is>"
            if kind == "inlineStr"
            else f"<v>{escape(_xml_safe(text))}</v>"
        )
        + "</c>"
        for row, (kind, text) in enumerate(stored, start=1)
    )
    xml = f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1">{cells}</row></sheetData></worksheet>'
    fixtures.rewrite_entry(path, "xl/worksheets/sheet1.xml", lambda _: xml.encode())
    with contextlib.suppress(UserError):
        read_document(path)
