"""Validation in the window: the problems list, marks in the tree, the jump to the field."""

from PySide6.QtCore import Qt

from ctb_desktop.domain.entries import MeasureState
from ctb_desktop.domain.validation import Severity
from ctb_desktop.gui.program_model import ProgramTreeModel
from ctb_desktop.gui.report_models import FinancingModel
from tests.gui.conftest import choose, open_window, type_text


def test_warnings_are_listed_marked_and_clicking_jumps_to_the_cell(qtbot, demo_db, demo_program):
    window = open_window(qtbot, demo_db)
    choose(window.unit_combo, "UA-68")  # Хмельницька ОВА financed more than planned
    everything = window.problems_model.problems
    # The oblast reports money only: every measure is also «Не заповнено».
    problems = [p for p in everything if not p.message.startswith("Не заповнено")]
    assert len(everything) - len(problems) == 60
    assert [(p.task_number, p.measure_number, p.severity) for p in problems] == [
        ("2.", "6)", Severity.WARNING),
        ("4.", "1)", Severity.WARNING),
    ]
    assert window.problems_summary.text() == (
        "Заповнено 0 з 60 заходів · 0 помилок · 62 попередження"
    )
    marked = window.model.index_of(demo_program.find_measure("4.", "1)").id)
    assert (
        marked.siblingAtColumn(ProgramTreeModel.STATE).data(Qt.ItemDataRole.DecorationRole)
        is not None
    )
    clean = window.model.index_of(demo_program.find_measure("1.", "1)").id)
    assert (
        clean.siblingAtColumn(ProgramTreeModel.STATE).data(Qt.ItemDataRole.DecorationRole) is None
    )

    index = window.problems_model.index(everything.index(problems[1]))
    window.problems_view.clicked.emit(index)
    editor = window.editor
    assert editor.measure.id == demo_program.find_measure("4.", "1)").id
    current = editor.financing_view.currentIndex()
    assert (current.row(), FinancingModel.FIELDS[current.column()]) == (0, "financed")
    assert window.focusWidget() is editor.financing_view
    assert current.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "Профінансовано (69,56 тис. грн)" in current.data(Qt.ItemDataRole.ToolTipRole)
    assert editor.problems_label.isVisible()


def test_a_done_measure_without_text_is_an_error_until_described(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, "2025-Q1")
    editor = window.editor
    editor.state.setCurrentIndex(editor.state.findData(MeasureState.DONE))
    editor.state.activated.emit(editor.state.currentIndex())
    assert window.problems_summary.text().endswith("1 помилка · 59 попереджень")
    errors = [p for p in window.problems_model.problems if p.severity is Severity.ERROR]
    assert errors[0].field == "text"
    assert "background" in editor.text.styleSheet()
    type_text(editor.text, "Затверджено методичні рекомендації")
    editor.flush()
    assert not [p for p in window.problems_model.problems if p.severity is Severity.ERROR]
    assert editor.text.styleSheet() == ""
