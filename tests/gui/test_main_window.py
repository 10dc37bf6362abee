"""The clerk's desk driven like a clerk would: real widgets, offscreen."""

from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton

from ctb_desktop.domain.entries import MeasureState
from ctb_desktop.domain.periods import Period
from ctb_desktop.gui.program_model import ProgramTreeModel
from ctb_desktop.storage.datafiles import builtin_units
from ctb_desktop.storage.editing import ReportEditor, ReportKey
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore
from tests.gui.conftest import answer, choose, open_window, type_text

Q1 = Period.parse("2025-Q1")


def _first_measure(window):
    view = window.tree.model()
    return view.index(0, 0, view.index(0, 0))


def test_first_start_shows_the_reported_period_and_states(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    assert window.period_combo.currentText() == "2024 рік"
    assert window.unit_combo.currentText() == "Мінсоцполітики"
    model = window.tree.model()
    assert model.rowCount() == 7
    assert sum(model.rowCount(model.index(row, 0)) for row in range(7)) == 60
    first = _first_measure(window)
    assert model.data(first.siblingAtColumn(ProgramTreeModel.STATE)) == "Виконується"
    assert window.fill_progress.value() == 60
    assert window.editor.heading.text().startswith("<b>1. 1)</b> розроблення")
    assert window.editor.text.toPlainText().startswith("Мінсоцполітики на виконання доручення")
    assert window.editor.indicator_model.rowCount() == 1


def test_empty_database_offers_the_national_program(qtbot, db):
    window = open_window(qtbot, db)
    assert window.pages.currentWidget().objectName() == "emptyPage"
    qtbot.mouseClick(
        window.form.findChild(QPushButton, "loadBuiltinButton"), Qt.MouseButton.LeftButton
    )
    assert window.pages.currentWidget().objectName() == "treePage"
    assert window.tree.model().rowCount() == 7
    assert len(ProgramStore(db).list()) == 1 and len(UnitStore(db).list()) == len(builtin_units())


def test_typed_status_is_saved_and_comes_back_after_restart(qtbot, demo_db, demo_program):
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, "2025-Q1")
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_Down)  # 1. 2)
    measure = demo_program.find_measure("1.", "2)")
    assert window.editor.measure.id == measure.id
    type_text(window.editor.text, "Проведено 2 наради")
    assert window.editor.typing
    qtbot.waitUntil(lambda: not window.editor.typing, timeout=3000)
    key = ReportKey(measure.id, "mspu", Q1)
    assert ReportEditor(demo_db).status_value(key, "text") == "Проведено 2 наради"
    window.editor.state.setCurrentIndex(window.editor.state.findData(MeasureState.IN_PROGRESS))
    window.editor.state.activated.emit(window.editor.state.currentIndex())
    assert (
        window.tree.currentIndex().siblingAtColumn(ProgramTreeModel.STATE).data() == "Виконується"
    )
    assert window.fill_progress.value() == 1
    window.close()

    again = open_window(qtbot, demo_db)
    assert again.period_combo.currentData() == "2025-Q1"
    assert again.editor.measure.id == measure.id
    assert again.editor.text.toPlainText() == "Проведено 2 наради"
    assert again.editor.state.currentData() is MeasureState.IN_PROGRESS


def test_amounts_entered_the_ukrainian_way_are_exact_and_totals_follow(
    qtbot, demo_db, demo_program
):
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, "2025-Q1")
    editor = window.editor
    qtbot.mouseClick(editor.add_line_button, Qt.MouseButton.LeftButton)
    model = editor.financing_model
    assert model.rowCount() == 1
    assert model.setData(model.index(0, 4), "1 234,5")  # передбачено на рік
    assert model.setData(model.index(0, 5), "69.56")  # профінансовано
    line = ReportEditor(demo_db).lines(ReportKey(editor.measure.id, "mspu", Q1))[0].line
    assert (line.planned_year, line.financed) == (Decimal("1234500.00"), Decimal("69560.00"))
    assert model.index(0, 5).data() == "69,56"
    assert (
        "Разом за завданням 1:</b> передбачено на рік 1234,5 · профінансовано 69,6"
        in editor.totals.text()
    )
    # A typed amount that is not one stays in its cell as an error (test_typing.py).
    assert model.setData(model.index(0, 6), "12,3,4")
    assert model.index(0, 6).data() == "12,3,4"


def test_undo_and_redo_across_measures_with_history(qtbot, demo_db, demo_program):
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, "2025-Q1")
    editor = window.editor
    first, second = demo_program.find_measure("1.", "1)"), demo_program.find_measure("1.", "2)")
    for text in ("перший", "другий"):
        type_text(editor.text, text)
        editor.flush()
        qtbot.keyClick(window.tree, Qt.Key.Key_Down)
    stored = ReportEditor(demo_db)
    assert stored.status_value(ReportKey(first.id, "mspu", Q1), "text") == "перший"
    assert stored.status_value(ReportKey(second.id, "mspu", Q1), "text") == "другий"
    assert window.session.undo_stack.count() == 2
    pass  # the clean state and two edits
    window.undo_action.trigger()
    assert stored.status_value(ReportKey(second.id, "mspu", Q1), "text") == ""
    assert editor.measure.id == second.id  # the tree follows undo to what it changed
    window.undo_action.trigger()
    assert stored.status_value(ReportKey(first.id, "mspu", Q1), "text") == ""
    assert editor.text.toPlainText() == ""
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert stored.status_value(ReportKey(second.id, "mspu", Q1), "text") == "другий"
    assert window.redo_action.shortcuts()[0].toString() == "Ctrl+Shift+Z"


def test_keyboard_reaches_the_editor_from_the_tree(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_Down)
    assert window.tree.currentIndex().data() == "2)"
    order = []
    widget = window.tree
    for _ in range(14):
        widget = widget.nextInFocusChain()
        while not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            widget = widget.nextInFocusChain()
        order.append(widget.objectName())
    for name in ("stateCombo", "statusText", "eventsSpin", "indicatorsView"):
        assert name in order
    # The financing lines have a tab of their own (Alt+І), with every column in view.
    window.editor.tabs.setCurrentWidget(window.editor.financing_tab)
    widget, order = window.tree, []
    for _ in range(60):
        widget = widget.nextInFocusChain()
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            order.append(widget.objectName())
    assert "financingView" in order


@pytest.mark.parametrize("menu", ["&Файл", "&Правка", "&Вигляд", "&Довідка"])
def test_menus_are_ukrainian(qtbot, demo_db, menu):
    window = open_window(qtbot, demo_db)
    assert menu in [action.text() for action in window.menuBar().actions()]


def test_copy_forward_fills_the_new_period_and_undo_takes_it_back(qtbot, demo_db, demo_program):
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, "2025-Q1")
    first = demo_program.find_measure("1.", "1)")
    editor = ReportEditor(demo_db)
    key = ReportKey(first.id, "mspu", Q1)
    type_text(window.editor.text, "Уже введено")
    window.editor.flush()
    answer(qtbot, "Скопіювати")
    window.carry_all_action.trigger()
    assert editor.status_value(key, "text") == "Уже введено"  # typed text is never replaced
    second = ReportKey(demo_program.find_measure("1.", "2)").id, "mspu", Q1)
    assert editor.status_value(second, "text").startswith("МОЗ")
    # 1. 1) keeps its own status (typed, not started), so it is not counted as filled.
    assert window.fill_progress.value() == 59
    assert "Скопійовано з періоду «2024 рік»: станів 59" in window.statusBar().currentMessage()
    window.undo_action.trigger()
    assert editor.status_value(second, "text") is None
    assert editor.status_value(key, "text") == "Уже введено"
    assert window.fill_progress.value() == 0
    window.redo_action.trigger()
    assert editor.status_value(second, "text").startswith("МОЗ")


def _visible_measures(window):
    view = window.tree.model()
    return [
        f"{view.index(task, 0).data()} {view.index(row, 0, view.index(task, 0)).data()}"
        for task in range(view.rowCount())
        for row in range(view.rowCount(view.index(task, 0)))
    ]


def test_find_and_filters_narrow_the_tree(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    window.find_action.trigger()
    assert window.focusWidget() is window.search
    type_text(window.search, "сурогат")
    assert _visible_measures(window) == ["1. 10)"]
    window.search.clear()
    assert len(_visible_measures(window)) == 60
    type_text(window.search, "гаряч 1547")
    assert _visible_measures(window) == ["4. 17)"]
    window.search.clear()
    choose(window.unit_combo, "UA-68")
    window.problems_action.setChecked(True)
    assert _visible_measures(window) == ["2. 6)", "4. 1)"]
    window.problems_action.setChecked(False)
    window.mine_action.setChecked(True)
    mine = _visible_measures(window)
    assert "1. 1)" in mine and "5. 4)" not in mine  # 5. 4) is the police's alone
    assert 20 < len(mine) < 60


def _tab_to(window, widget, limit=30):
    for _ in range(limit):
        if window.focusWidget() is widget:
            return
        qtbot_key(window.focusWidget(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.objectName()}")


def qtbot_key(widget, key, text=""):
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def test_a_measure_filled_in_with_the_keyboard_alone(qtbot, demo_db, demo_program):
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, "2025-Q1")
    window.tree.setFocus()
    qtbot_key(window.tree, Qt.Key.Key_Down)  # 1. 2)
    editor = window.editor
    _tab_to(window, editor.state)
    qtbot_key(editor.state, Qt.Key.Key_Down)  # Не розпочато → Виконується
    _tab_to(window, editor.text)
    type_text(editor.text, "Проаналізовано 12 актів")
    qtbot.waitUntil(lambda: not editor.typing, timeout=3000)  # the pause saves it
    _tab_to(window, editor.spins["events_held"])
    qtbot_key(editor.spins["events_held"], Qt.Key.Key_Up)  # — → 0
    qtbot_key(editor.spins["events_held"], Qt.Key.Key_Up)  # 1
    _tab_to(window, editor.indicators_view)
    view = editor.indicators_view
    view.setCurrentIndex(editor.indicator_model.index(0, 2))
    type_text(view, "3")
    qtbot_key(view.focusWidget() or view, Qt.Key.Key_Return)
    QApplication.processEvents()
    view.setFocus()  # an active window hands focus back to the view when the cell editor closes
    editor.tabs.setCurrentWidget(editor.financing_tab)  # Alt+І
    _tab_to(window, editor.add_line_button)
    qtbot_key(editor.add_line_button, Qt.Key.Key_Space)
    key = ReportKey(demo_program.find_measure("1.", "2)").id, "mspu", Q1)
    stored = ReportEditor(demo_db)
    assert stored.status_value(key, "state") is MeasureState.IN_PROGRESS
    assert stored.status_value(key, "text") == "Проаналізовано 12 актів"
    assert stored.status_value(key, "events_held") == 1
    assert stored.achieved(key, demo_program.find_measure("1.", "2)").indicators[0].id) == Decimal(
        3
    )
    assert len(stored.lines(key)) == 1
