"""A filled report imported over typed entries: the preview lists every change field by
field, the clerk's values stay unless «Взяти з файлу» is chosen, and an empty cell of the
file never clears a typed value on its own."""

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QComboBox

from ctb_desktop.domain.periods import Period
from ctb_desktop.gui.import_wizard import ImportWizard
from ctb_desktop.storage.editing import ReportEditor, ReportKey
from tests.gui.conftest import annual_report_2024, choose, open_window
from tests.gui.test_import_wizard import _preview

YEAR = Period.parse("2025-Y")


@pytest.fixture
def typed(demo_db, demo_program):
    """In 2025-Y the clerk has typed a text for 1. 2) and a count the file does not have."""
    editor = ReportEditor(demo_db)
    key = ReportKey(demo_program.find_measure("1.", "2)").id, "mspu", YEAR)
    editor.set_status_value(key, "text", "Моє: підготовлено проєкт постанови")
    editor.set_status_value(key, "events_held", 5)
    return key


def _wizard(qtbot, demo_db, demo_program, tmp_path):
    window = open_window(qtbot, demo_db)
    report = annual_report_2024(demo_db, demo_program, tmp_path)
    choose(window.period_combo, YEAR.code)
    wizard = ImportWizard(window.session, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.report_radio.setChecked(True)
    _preview(qtbot, wizard, report)
    return window, wizard


def _changes(wizard, key):
    tree = wizard.merge_panel.tree
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        if item.text(0).startswith(f"{key[0]} {key[1]} "):
            return item, {
                item.child(i).text(0): (item.child(i).text(1), item.child(i).text(2))
                for i in range(item.childCount())
            }
    raise AssertionError(key)  # fmt: skip


def test_the_preview_lists_old_and_new_and_typed_values_stay(
    qtbot, demo_db, demo_program, tmp_path, typed
):
    window, wizard = _wizard(qtbot, demo_db, demo_program, tmp_path)
    assert wizard.merge_panel.isVisible()
    assert "у 1 з них він відрізняється від введеного вами" in wizard.summary.text()
    item, changes = _changes(wizard, ("1.", "2)"))
    old, new = changes["Стан виконання"]
    assert old == "«Моє: підготовлено проєкт поста…»" and new.startswith("«")
    assert changes["Проведено заходів"] == ("5", "(порожньо)")
    combo = wizard.merge_panel.tree.itemWidget(item, 2)
    assert isinstance(combo, QComboBox) and combo.currentText() == "Залишити мої значення"
    wizard.accept()
    editor = ReportEditor(demo_db)
    assert editor.status_value(typed, "text") == "Моє: підготовлено проєкт постанови"
    assert editor.status_value(typed, "events_held") == 5  # the empty cell cleared nothing
    # The file filled what was empty: the state here, the other measures wholly.
    assert editor.status_value(typed, "state") is not None
    assert window.fill_progress.value() == 60
    other = ReportKey(demo_program.find_measure("1.", "3)").id, "mspu", YEAR)
    assert editor.status_value(other, "text")


@pytest.mark.parametrize("for_all", [False, True])
def test_taking_the_file_replaces_and_clears_as_listed(
    qtbot, demo_db, demo_program, tmp_path, typed, for_all
):
    window, wizard = _wizard(qtbot, demo_db, demo_program, tmp_path)
    item, _changes_listed = _changes(wizard, ("1.", "2)"))
    if for_all:
        wizard.merge_panel.take_all.click()
    else:
        wizard.merge_panel.tree.itemWidget(item, 2).setCurrentIndex(1)
    wizard.accept()
    editor = ReportEditor(demo_db)
    assert editor.status_value(typed, "text") != "Моє: підготовлено проєкт постанови"
    assert editor.status_value(typed, "events_held") is None  # chosen: the file's empty cell
    window.undo_action.trigger()
    assert editor.status_value(typed, "text") == "Моє: підготовлено проєкт постанови"
    assert editor.status_value(typed, "events_held") == 5


def test_financing_typed_is_kept_and_its_gaps_filled(qtbot, demo_db, demo_program, tmp_path):
    measure = demo_program.find_measure("2.", "6)")
    key = ReportKey(measure.id, "mspu", YEAR)
    source_key = ReportKey(measure.id, "mspu", Period.parse("2024-Y"))
    editor = ReportEditor(demo_db)
    first = editor.lines(source_key)[0].line
    typed_line = type(first)(
        "2.", "6)", "mspu", YEAR, first.source, first.source_text, cash=Decimal("777000")
    )
    editor.insert_line(key, typed_line)
    _window, wizard = _wizard(qtbot, demo_db, demo_program, tmp_path)
    _item, changes = _changes(wizard, ("2.", "6)"))
    assert changes["Касові видатки (рядок 1)"][0] == "777,0"
    wizard.accept()
    [line] = [stored.line for stored in editor.lines(key)][:1]
    assert line.cash == Decimal("777000")  # typed: kept
    assert line.financed == first.financed  # empty: filled from the file
