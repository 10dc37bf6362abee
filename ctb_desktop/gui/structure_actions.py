"""Changing the program itself from the main window: add, rename, delete and move
tasks and measures. Off by default («Правка → Редагувати структуру програми»), so a
clerk filling in a report cannot rename a measure by accident; every change is a step
of the undo stack (gui/commands.py)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox

from ctb_desktop import APP_NAME
from ctb_desktop.domain.program import Measure, Task
from ctb_desktop.domain.wording import STATUS_RECORDS, count
from ctb_desktop.gui.commands import AddItem, DeleteItem, MoveItem, SetStructureValue
from ctb_desktop.gui.program_model import ProgramTreeModel
from ctb_desktop.gui.task_dialog import TaskDialog


class StructureActions:
    """Part of MainWindow (its session, tree, filter, model and editor)."""

    def _build_structure_actions(self) -> None:
        """Changing the program itself: off by default, so a clerk filling in a report
        cannot rename a measure by accident."""
        self.structure_action = QAction("Редагувати &структуру програми", self)
        self.structure_action.setCheckable(True)
        self.structure_action.setShortcut(QKeySequence("Ctrl+E"))
        self.structure_action.toggled.connect(self._on_structure_editing)
        self.structure_actions: list[QAction] = []
        for text, shortcut, slot in (
            ("Додати &захід", "Ctrl+Shift+M", self.add_measure),
            ("Додати з&авдання…", "Ctrl+Shift+T", self.add_task),
            ("Змінити завдання…", "F2", self.rename_task),
            ("&Видалити…", "Del", self.delete_item),
            ("Перемістити в&ище", "Alt+Up", lambda: self.move_item(-1)),
            ("Перемістити н&ижче", "Alt+Down", lambda: self.move_item(+1)),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            action.setEnabled(False)
            self.addAction(action)
            self.structure_actions.append(action)

    def _on_structure_editing(self, on: bool) -> None:
        for action in self.structure_actions:
            action.setEnabled(on)
        self.editor.set_structure_editing(on)

    def _current_item(self) -> Task | Measure | None:
        index = self.tree.currentIndex()
        return index.data(ProgramTreeModel.ItemRole) if index.isValid() else None

    def _on_structure_changed(self, select: tuple[str, int] | None) -> None:
        """The program changed shape: show it again and keep the clerk's place."""
        current = self._current_item()
        self.model.set_program(self.session.program)
        self._on_filter_changed()
        self.tree.expandAll()
        self._refresh_states()
        kind, row_id = select or (
            ("task", current.id)
            if isinstance(current, Task)
            else ("measure", getattr(current, "id", None))
        )
        if kind == "task":
            index = self.filter.mapFromSource(self.model.index_of_task(row_id))
            if index.isValid():
                self.tree.setCurrentIndex(index)
        else:
            self._select_measure(row_id, focus_tree=False)
        self.editor.show_measure(
            self.editor.measure and self.session.program.find_measure_by_id(self.editor.measure.id)
        )

    def add_measure(self) -> None:
        item = self._current_item()
        if item is None or self.session.program is None:
            return
        task = item if isinstance(item, Task) else self.session.program.task_of(item)
        position = len(task.measures) if isinstance(item, Task) else task.measures.index(item) + 1
        numbers = [
            int(m.number.rstrip(")")) for m in task.measures if m.number.rstrip(")").isdigit()
        ]
        number = f"{max(numbers, default=0) + 1})"
        self.session.push(
            AddItem(self.session, "measure", task.id, position, number, "Новий захід")
        )
        self.editor.title_edit.setFocus()
        self.editor.title_edit.selectAll()

    def add_task(self) -> None:
        program = self.session.program
        if program is None:
            return
        item = self._current_item()
        current = item if isinstance(item, Task) else (program.task_of(item) if item else None)
        position = program.all_tasks.index(current) + 1 if current else len(program.all_tasks)
        dialog = TaskDialog("Нове завдання", f"{len(program.all_tasks) + 1}.", "", self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            number, title = dialog.values()
            if title:
                self.session.push(
                    AddItem(self.session, "task", program.id, position, number, title)
                )

    def rename_task(self) -> None:
        item = self._current_item()
        if not isinstance(item, Task):
            return
        dialog = TaskDialog("Завдання", item.number, item.title, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        number, title = dialog.values()
        self.session.undo_stack.beginMacro(f"Змінити завдання {item.number}")
        for name, value in (("number", number), ("title", title)):
            if value and value != getattr(item, name):
                self.session.push(
                    SetStructureValue(self.session, "task", item.id, name, value, name)
                )
        self.session.undo_stack.endMacro()

    def delete_item(self) -> None:
        item = self._current_item()
        if not isinstance(item, Task | Measure):
            return
        kind = "task" if isinstance(item, Task) else "measure"
        what = "завдання" if kind == "task" else "захід"
        reports = self.session.workspace.entries.statuses_under(kind, item.id)
        answer = QMessageBox.question(self, APP_NAME, delete_question(what, item.label, reports))
        if answer == QMessageBox.StandardButton.Yes:
            self.session.push(DeleteItem(self.session, kind, item.id, f"{what} {item.number}"))

    def move_item(self, step: int) -> None:
        item = self._current_item()
        program = self.session.program
        if program is None or not isinstance(item, Task | Measure):
            return
        if isinstance(item, Task):
            siblings, kind = program.all_tasks, "task"
        else:
            siblings, kind = program.task_of(item).measures, "measure"
        position = siblings.index(item) + step
        if 0 <= position < len(siblings):
            text = "Перемістити вище" if step < 0 else "Перемістити нижче"
            self.session.push(MoveItem(self.session, kind, item.id, position, text))


def delete_question(what: str, label: str, reports: int) -> str:
    """«Видалити захід «…»?», with the reported data that goes with it."""
    question = f"Видалити {what} «{label[:120]}»?"
    if reports:
        question += f"\nРазом із ним буде видалено звітні дані ({count(reports, STATUS_RECORDS)})."
    return question + "\nДію можна скасувати: Правка → Скасувати (Ctrl+Z)."
