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


def _shown(window):
    """What the window shows of the chosen report: states and marks in the tree, the
    problems list, the editor's problems and the fill bar."""
    model = window.model
    tree = {}
    for measure in window.session.program.all_measures:
        state = model.index_of(measure.id).siblingAtColumn(ProgramTreeModel.STATE)
        tree[measure.id] = (
            state.data(Qt.ItemDataRole.DisplayRole),
            state.data(Qt.ItemDataRole.DecorationRole) is not None,
        )
    return (
        tree,
        list(window.problems_model.problems),
        window.problems_summary.text(),
        {key: list(value) for key, value in window._measure_problems.items()},
        (window.fill_progress.value(), window.fill_progress.maximum()),
        window.fill_progress.text(),
    )


def test_an_edit_updates_only_its_measure_and_shows_what_a_full_check_shows(
    qtbot, demo_db, demo_program
):
    """After each edit the window checks only the edited measure; what it shows is what
    checking the whole period again shows."""
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, "2025-Q1")
    editor = window.editor
    before = _shown(window)
    measures = [demo_program.find_measure("1.", "1)"), demo_program.find_measure("2.", "1)")]
    for measure in measures:
        window._select_measure(measure.id)
        editor.state.setCurrentIndex(editor.state.findData(MeasureState.DONE))
        editor.state.activated.emit(editor.state.currentIndex())
        incremental = _shown(window)
        window._refresh_states()
        assert _shown(window) == incremental
    assert incremental != before
    assert window.problems_summary.text() == "Заповнено 0 з 60 заходів · 2 помилки · 58 попереджень"
    type_text(editor.text, "Затверджено методичні рекомендації")
    editor.flush()
    incremental = _shown(window)
    window._refresh_states()
    assert _shown(window) == incremental
    assert window.problems_summary.text() == "Заповнено 1 з 60 заходів · 1 помилка · 58 попереджень"
    for _ in range(3):
        window.session.undo_stack.undo()
        incremental = _shown(window)
        window._refresh_states()
        assert _shown(window) == incremental
    assert _shown(window) == before


def test_choosing_another_unit_restates_every_task_and_keeps_the_tree_as_it_was(
    qtbot, demo_db, demo_program
):
    """Another unit's states and marks come in one layout change (not a signal per
    task); the chosen measure stays chosen."""
    window = open_window(qtbot, demo_db)
    measure = demo_program.find_measure("4.", "1)")
    window._select_measure(measure.id)
    mspu = _shown(window)[0]
    choose(window.unit_combo, "UA-68")
    shown = _shown(window)
    window._refresh_states()
    assert _shown(window) == shown and shown[0] != mspu
    assert window.editor.measure.id == measure.id
    assert window.tree.currentIndex().data(ProgramTreeModel.ItemRole).id == measure.id
    assert window.tree.isExpanded(window.tree.currentIndex().parent())
