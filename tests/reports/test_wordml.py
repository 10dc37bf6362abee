import pytest
from docx.oxml.ns import qn

from ctb_desktop.reports.metrics import line_height
from ctb_desktop.reports.page import Page
from ctb_desktop.reports.wordml import (
    MERGE_UP,
    SPLIT_SHARE,
    Cell,
    Table,
    merge_up,
    paragraph_xml,
)
from tests.reports.docx_reading import cant_split, merge_state


def _states(table):
    element = table.element()
    return [[merge_state(tc) for tc in tr.tc_lst] for tr in element.tr_lst]


def test_vertical_merges_are_resolved_in_one_pass():
    table = Table([100, 100, 100])
    table.add(["a", "b", "c"])
    table.add([MERGE_UP, "d", MERGE_UP])
    table.add([MERGE_UP, MERGE_UP, "e"])
    table.add(["f", MERGE_UP, "g"])
    assert _states(table) == [
        ["restart", None, "restart"],
        ["continue", "restart", "continue"],
        ["continue", "continue", None],
        [None, "continue", None],
    ]


def test_spanned_cells_merge_by_grid_column():
    table = Table([100, 100, 100])
    table.add([Cell("Разом", span=2), "1"])
    table.add([merge_up(2), "2"])
    element = table.element()
    assert [merge_state(tr.tc_lst[0]) for tr in element.tr_lst] == ["restart", "continue"]


def test_rows_must_fill_the_grid_and_merges_need_a_cell_above():
    table = Table([100, 100])
    with pytest.raises(ValueError, match="spans 1 of 2"):
        table.add(["a"])
    table.add([MERGE_UP, "b"])
    with pytest.raises(ValueError, match="nothing above"):
        table.xml()


def test_rows_shorter_than_a_third_of_a_page_move_whole_taller_ones_may_break():
    """A row that moves whole leaves at most its own height empty on the page before,
    so only rows above SPLIT_SHARE of the page's room may break."""
    table = Table([2200, 2200])
    table.add(["Заголовок", "Б"], header=True)
    table.add(["короткий", "рядок"])
    # 12 pt lines of 276 twips in a 9638-twip page: a row of 11 lines (~32 %) stays
    # whole, one of 14 lines (~40 %) may break.
    table.add(["\n".join(["рядок"] * 11), "x"])
    table.add(["\n".join(["рядок"] * 14), "x"])
    rows = table.element().tr_lst
    assert [cant_split(row) for row in rows] == [True, True, True, False]
    assert line_height(12) * 11 <= SPLIT_SHARE * Page().height < line_height(12) * 14


def test_a_kept_block_keeps_every_paragraph_but_its_last_row_with_the_next():
    table = Table([1000])
    for text in ("а", "б", "в", "г"):
        table.add([text])
    table.keep_together(3)
    element = table.element()
    kept = [
        all(p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None for p in tr.iter(qn("w:p")))
        for tr in element.tr_lst
    ]
    assert kept == [False, True, True, False]


def test_text_is_escaped_and_control_characters_dropped():
    xml = paragraph_xml("А & Б <В>\x0bГ\tД")
    assert "А &amp; Б &lt;В&gt;Г Д" in xml


def test_header_rows_repeat_and_keep_with_the_next():
    table = Table([100])
    table.add(["Заголовок"], header=True)
    table.add(["x"])
    xml = table.xml()
    assert xml.count("<w:tblHeader/>") == 1
    assert xml.index("<w:tblHeader/>") < xml.index("Заголовок")
