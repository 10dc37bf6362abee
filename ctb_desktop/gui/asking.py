"""A question before something is done: the clerk reads what will happen and chooses
the named action or «Скасувати» (Escape); the action is the default button."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(
    parent: QWidget | None, title: str, text: str, action: str, *, details: str = ""
) -> bool:
    """True when the clerk chose `action` ("&Скопіювати", "&Усе одно зібрати пакет")."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent
    )
    box.button(QMessageBox.StandardButton.Cancel).setText("Скасувати")
    chosen = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(chosen)
    if details:
        box.setInformativeText(details)
    box.exec()
    return box.clickedButton() is chosen
