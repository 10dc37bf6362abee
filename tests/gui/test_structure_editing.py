"""Editing the program's structure from the window; every step undoable."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ctb_desktop.domain.periods import Period
from ctb_desktop.gui.main_window import MainWindow
from ctb_desktop.gui.task_dialog import TaskDialog
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from tests.gui.conftest import open_window


def _window(qtbot, db):
    window = open_window(qtbot, db)
    window.structure_action.setChecked(True)
    return window


def _titles(db, program_id, task_index=0):
    return [m.label for m in ProgramStore(db).load(program_id).all_tasks[task_index].measures]


def _select(window, task, measure):
    window._select_measure(window.session.program.find_measure(task, measure).id)


def test_structure_fields_are_read_only_until_switched_on(qtbot, demo_db):
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    assert not window.editor.structure_group.isVisibleTo(window)
    assert not any(action.isEnabled() for action in window.structure_actions)
    window.structure_action.setChecked(True)
    assert window.editor.structure_group.isVisibleTo(window)
    assert window.editor.title_edit.toPlainText().startswith("розроблення та подання")


def test_rename_a_measure_and_undo(qtbot, demo_db, demo_program):
    window = _window(qtbot, demo_db)
    _select(window, "1.", "2)")
    editor = window.editor
    editor.title_edit.setPlainText("аналіз законодавства")
    QApplication.sendEvent(
        editor.title_edit, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason)
    )
    assert _titles(demo_db, demo_program.id)[1] == "2) аналіз законодавства"
    assert window.tree.currentIndex().siblingAtColumn(1).data() == "аналіз законодавства"
    editor.executors_edit.setPlainText("МОЗ\nГО «Ла Страда» (за згодою)")
    QApplication.sendEvent(
        editor.executors_edit, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason)
    )
    measure = ProgramStore(demo_db).load(demo_program.id).find_measure("1.", "2)")
    assert [e.label for e in measure.executors] == ["МОЗ", "ГО «Ла Страда» (за згодою)"]
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert _titles(demo_db, demo_program.id)[1].startswith("2) проведення в межах компетенції")


def test_add_move_and_undo_keep_the_same_measure(qtbot, demo_db, demo_program):
    window = _window(qtbot, demo_db)
    _select(window, "1.", "2)")
    window.structure_actions[0].trigger()  # Додати захід
    assert _titles(demo_db, demo_program.id)[2] == "16) Новий захід"
    assert window.editor.measure.number == "16)"
    window.structure_actions[4].trigger()  # вище
    assert _titles(demo_db, demo_program.id)[1] == "16) Новий захід"
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert "16) Новий захід" not in _titles(demo_db, demo_program.id)
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert _titles(demo_db, demo_program.id)[1] == "16) Новий захід"


def test_delete_asks_takes_the_entries_and_undo_brings_them_back(
    qtbot, demo_db, demo_program, monkeypatch
):
    window = _window(qtbot, demo_db)
    asked = []

    def yes(_parent, _title, text):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    _select(window, "4.", "1)")
    year = Period.parse("2024-Y")
    before = len(EntryStore(demo_db).load(demo_program, year).financing)
    window.structure_actions[3].trigger()  # Видалити
    assert "Видалити захід «1) проведення інформаційних кампаній" in asked[0]
    assert "звітні дані" in asked[0] and "Ctrl+Z" in asked[0]
    program = ProgramStore(demo_db).load(demo_program.id)
    assert program.find_measure("4.", "1)") is None
    assert len(EntryStore(demo_db).load(program, year).financing) == before - 12
    window.undo_action.trigger()
    program = ProgramStore(demo_db).load(demo_program.id)
    assert len(EntryStore(demo_db).load(program, year).financing) == before
    assert window.editor.measure.number == "1)"


def test_rename_a_task_in_one_undo_step(qtbot, demo_db, demo_program, monkeypatch):
    window = _window(qtbot, demo_db)
    window.tree.setCurrentIndex(window.tree.model().index(0, 0))

    def accept(dialog):
        dialog.title.setPlainText("Удосконалення законодавства")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TaskDialog, "exec", accept)
    window.structure_actions[2].trigger()  # Змінити завдання
    assert (
        ProgramStore(demo_db).load(demo_program.id).all_tasks[0].title
        == "Удосконалення законодавства"
    )
    assert window.tree.model().index(0, 1).data() == "Удосконалення законодавства"
    window.undo_action.trigger()
    assert (
        ProgramStore(demo_db)
        .load(demo_program.id)
        .all_tasks[0]
        .title.startswith("Удосконалення нормативно")
    )
