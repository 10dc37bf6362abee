"""Qt Designer forms from ui/, loaded in one place. A window class builds its own
behaviour around the widget tree a form gives it."""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from ctb_desktop.storage.datafiles import app_dir


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """The widget tree of ui/<name>.ui, parented to `parent`."""
    path = app_dir() / "ui" / f"{name}.ui"
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"Не знайдено форму інтерфейсу «{path}»")
    try:
        loader = QUiLoader()
        widget = loader.load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"Не вдалося завантажити форму «{path}»: {loader.errorString()}")
    return widget


class FormDialog(QDialog):
    """A dialog whose body is a Designer form with a QDialogButtonBox named "buttons":
    the form is laid out, OK/Cancel are wired and labelled in Ukrainian."""

    def __init__(
        self, form: str, title: str, ok: str, cancel: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = load_form(form, self)
        QVBoxLayout(self).addWidget(self.form)
        buttons: QDialogButtonBox = self.form.findChild(QDialogButtonBox, "buttons")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def find(self, kind: type, name: str):
        """A widget of the form by its object name."""
        return self.form.findChild(kind, name)
