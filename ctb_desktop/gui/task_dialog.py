"""A task's number and title, for adding or changing a task of the program."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from ctb_desktop.gui.forms import FormDialog


class TaskDialog(FormDialog):
    def __init__(
        self, title: str, number: str = "", text: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__("task_dialog", title, "&Зберегти", "&Скасувати", parent)
        self.number: QLineEdit = self.find(QLineEdit, "numberEdit")
        self.title: QPlainTextEdit = self.find(QPlainTextEdit, "titleEdit")
        self.number.setText(number)
        self.title.setPlainText(text)
        self.resize(560, 220)

    def values(self) -> tuple[str, str]:
        return self.number.text().strip(), " ".join(self.title.toPlainText().split())
