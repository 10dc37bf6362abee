"""The window on a laptop: at 1366×768 and 1280×720 (also what 1920×1080 at 150 %
gives Qt: 1280×720 logical pixels, the fonts scaled with them) every column of the
financing table is in view without scrolling, and no column title is cut — measured
with the header's own font against the column's width."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionHeader

from tests.gui.conftest import choose, open_window

SIZES = [(1366, 768), (1280, 720)]


def _cut_titles(view) -> list[str]:
    """Titles of visible columns wider than their column (padding of the style counted)."""
    header = view.horizontalHeader() if hasattr(view, "horizontalHeader") else view.header()
    option = QStyleOptionHeader()
    header.initStyleOption(option)
    margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, option, header)
    cut = []
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        title = view.model().headerData(column, Qt.Orientation.Horizontal) or ""
        widest = max(header.fontMetrics().horizontalAdvance(line) for line in title.split("\n"))
        if widest + margin > header.sectionSize(column):
            cut.append(f"{title!r}: {widest + margin} > {header.sectionSize(column)}")
    return cut


@pytest.mark.parametrize("size", SIZES, ids=lambda size: "x".join(map(str, size)))
def test_every_financing_column_is_in_view_and_no_title_is_cut(qtbot, demo_db, demo_program, size):
    window = open_window(qtbot, demo_db)
    window.resize(*size)
    choose(window.unit_combo, "UA-68")
    window._select_measure(demo_program.find_measure("2.", "6)").id)
    editor = window.editor
    editor.tabs.setCurrentWidget(editor.financing_tab)
    QApplication.processEvents()
    view = editor.financing_view
    assert view.model().rowCount() == 1
    assert view.horizontalScrollBar().maximum() == 0  # nothing to scroll to
    area = editor.parentWidget().parentWidget()  # the scroll area around the editor
    assert area.horizontalScrollBar().maximum() == 0
    assert _cut_titles(view) == []
    assert _cut_titles(editor.indicators_view) == []
    assert _cut_titles(window.tree) == []
    # The search box shows its hint whole.
    search = window.search
    hint = search.fontMetrics().horizontalAdvance(search.placeholderText())
    assert hint + 40 <= search.width()  # the clear button and the frame


@pytest.mark.parametrize("size", SIZES, ids=lambda size: "x".join(map(str, size)))
def test_the_send_dialog_is_never_taller_than_the_screen(qtbot, district, out, size):
    window = open_window(qtbot, district)
    window.resize(*size)
    window.settings.output_folder = str(out)
    dialog = window.send_report()
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= screen.height()
    dialog.close()


def test_the_received_window_fits_the_screen(qtbot, district):
    window = open_window(qtbot, district)
    received = window.show_received()
    qtbot.waitExposed(received)
    screen = received.screen().availableGeometry()
    assert received.frameGeometry().height() <= screen.height()
    received.close()
