"""A task's number and title, for adding or changing a task of the program."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ctb_desktop.gui.forms import load_form


class TaskDialog(QDialog):
    def __init__(
        self, title: str, number: str = "", text: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = load_form("task_dialog", self)
        QVBoxLayout(self).addWidget(self.form)
        self.number: QLineEdit = self.form.findChild(QLineEdit, "numberEdit")
        self.title: QPlainTextEdit = self.form.findChild(QPlainTextEdit, "titleEdit")
        buttons: QDialogButtonBox = self.form.findChild(QDialogButtonBox, "buttons")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Скасувати")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.number.setText(number)
        self.title.setPlainText(text)
        self.resize(560, 220)

    def values(self) -> tuple[str, str]:
        return self.number.text().strip(), " ".join(self.title.toPlainText().split())
