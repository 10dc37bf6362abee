"""Guards against Qt-binding bugs that would crash a long working session."""

import sys

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QComboBox


class _Command(QUndoCommand):
    def redo(self) -> None:
        pass

    def undo(self) -> None:
        pass


def test_undo_and_redo_keep_none_alive(qapp):
    """PySide6 6.12.0 lost a reference to None on every redo/undo; after enough edits
    Python frees None and the app aborts (pyproject.toml excludes that release)."""
    stack = QUndoStack()
    stack.push(_Command("x"))
    before = sys.getrefcount(None)
    for _ in range(200):
        stack.undo()
        stack.redo()
    assert sys.getrefcount(None) - before >= -5


def test_combo_items_without_data_keep_none_alive(qapp):
    combo = QComboBox()
    before = sys.getrefcount(None)
    for _ in range(200):
        combo.addItem("—", None)
    assert sys.getrefcount(None) - before >= -5
