import pytest

from ctb_desktop.reports.wordml import (
    MERGE_UP,
    Cell,
    Table,
    estimated_lines,
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


def test_short_rows_are_kept_whole_and_tall_ones_may_break():
    table = Table([2200, 2200])
    table.add(["короткий", "рядок"])
    table.add(["довгий " * 400, "x"])
    rows = table.element().tr_lst
    assert cant_split(rows[0]) and not cant_split(rows[1])
    assert estimated_lines("a" * 40 + "\n" + "b", 2200) == 3


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
