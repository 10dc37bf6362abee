"""What the clerk types: a value that is not one stays in its cell and is listed as an
error; amounts that look typed in hryvnias are questioned; the history names the measure,
the field and the values; F8 and «Незаповнені» lead to what is left."""

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from ctb_desktop.domain.entries import MeasureState
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.validation import Severity
from ctb_desktop.gui.report_models import PROBLEM_COLOURS, FinancingModel
from ctb_desktop.storage.editing import ReportEditor, ReportKey
from tests.gui.conftest import choose, open_window, type_text
from tests.gui.test_main_window import qtbot_key

Q1 = Period.parse("2025-Q1")
CASH = FinancingModel.FIELDS.index("cash")


def _with_a_line(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, Q1.code)
    window.editor.add_line_button.click()
    return window, window.editor.financing_model


@pytest.mark.parametrize("typed", ["abc", "1e9", "12,3,4"])
def test_a_typed_amount_that_is_not_one_stays_in_the_cell_as_an_error(qtbot, demo_db, typed):
    window, model = _with_a_line(qtbot, demo_db)
    index = model.index(0, CASH)
    view = window.editor.financing_view
    view.setFocus()
    view.setCurrentIndex(index)
    type_text(view, typed[0])  # any key starts the cell's editor, as in Excel
    type_text(view.focusWidget(), typed[1:])
    qtbot_key(view.focusWidget() or view, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert index.data() == typed
    assert index.data(Qt.ItemDataRole.BackgroundRole) == QColor(PROBLEM_COLOURS[Severity.ERROR])
    assert "не збережено" in index.data(Qt.ItemDataRole.ToolTipRole)
    errors = [p for p in window.problems_model.problems if p.severity is Severity.ERROR]
    assert [p.field for p in errors] == ["financing:0:cash"]
    assert errors[0].message.startswith(f"Не збережено: «{typed}» не є числом")
    assert " · 1 помилка · " in window.problems_summary.text()
    key = ReportKey(window.editor.measure.id, "mspu", Q1)
    assert ReportEditor(demo_db).lines(key)[0].line.cash is None  # nothing wrong saved
    # Another measure and back: the typed text is still there to correct.
    window.next_unfilled_action.trigger()
    window._select_measure(key.measure_id)
    assert model.index(0, CASH).data() == typed
    # Corrected: saved, and the error is gone.
    assert model.setData(model.index(0, CASH), "12,5")
    assert ReportEditor(demo_db).lines(key)[0].line.cash == Decimal("12500.00")
    assert model.index(0, CASH).data() == "12,5"
    assert not [p for p in window.problems_model.problems if p.severity is Severity.ERROR]


def test_an_amount_above_ten_million_thousands_is_questioned(qtbot, demo_db):
    window, model = _with_a_line(qtbot, demo_db)
    assert model.setData(model.index(0, CASH), "25 000 000")
    warned = [p for p in window.problems_model.problems if "перевірте одиниці" in p.message]
    assert len(warned) == 1 and warned[0].severity is Severity.WARNING
    assert warned[0].message.endswith("перевірте одиниці: тис. грн")


def test_the_history_names_the_measure_the_field_and_the_values(qtbot, demo_db, demo_program):
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, Q1.code)
    window._select_measure(demo_program.find_measure("2.", "6)").id)
    editor = window.editor
    editor.add_line_button.click()
    model = editor.financing_model
    model.setData(model.index(0, CASH), "10")
    model.setData(model.index(0, CASH), "12,5")
    stack = window.session.undo_stack
    assert stack.text(stack.count() - 1) == "2. 6) Касові видатки: 10,0 → 12,5"
    editor.state.setCurrentIndex(editor.state.findData(MeasureState.DONE))
    editor.state.activated.emit(editor.state.currentIndex())
    assert stack.text(stack.count() - 1) == "2. 6) Стан: Не розпочато → Виконано"
    type_text(editor.text, "Проведено навчання")
    editor.flush()
    assert stack.text(stack.count() - 1) == "2. 6) Стан виконання: — → «Проведено навчання»"
    assert window.undo_action.text().endswith("2. 6) Стан виконання: — → «Проведено навчання»")


def test_f8_goes_to_the_next_measure_not_filled_in(qtbot, demo_db, demo_program):
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, Q1.code)
    first, second, third = demo_program.all_measures[:3]
    window._select_measure(first.id)
    editor = window.editor
    editor.state.setCurrentIndex(editor.state.findData(MeasureState.NOT_DONE))
    editor.state.activated.emit(editor.state.currentIndex())
    window._select_measure(second.id)
    editor.state.setCurrentIndex(editor.state.findData(MeasureState.NOT_DONE))
    editor.state.activated.emit(editor.state.currentIndex())
    window._select_measure(first.id)
    window.tree.setFocus()
    assert window.next_unfilled_action.shortcut().toString() == "F8"
    window.next_unfilled_action.trigger()
    assert editor.measure.id == third.id
    assert window.focusWidget() is editor.state  # nothing chosen yet: the state first
    assert window.problems_summary.text().startswith("Заповнено 2 з 60 заходів · 0 помилок · 58")
    # From the last measure F8 comes round to the beginning.
    window._select_measure(demo_program.all_measures[-1].id)
    window.next_unfilled_action.trigger()
    assert editor.measure.id == third.id


def test_the_unfilled_filter_and_f8_when_everything_is_filled(qtbot, demo_db, demo_program):
    window = open_window(qtbot, demo_db)  # the demo's 2024 annual report: all filled
    window.unfilled_action.setChecked(True)
    assert window.filter.rowCount() == 0
    window.next_unfilled_action.trigger()
    assert window.statusBar().currentMessage() == "Усі заходи заповнено."
    choose(window.period_combo, Q1.code)
    tasks = window.filter.rowCount()
    shown = sum(window.filter.rowCount(window.filter.index(t, 0)) for t in range(tasks))
    assert shown == 60
