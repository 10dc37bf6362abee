"""Qt Designer forms from ui/, loaded in one place. A window class builds its own
behaviour around the widget tree a form gives it."""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

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
