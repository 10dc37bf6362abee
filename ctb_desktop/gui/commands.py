"""Undoable edits. Each command reads the old value when it is made, writes through
storage.editing (committed at once), and tells the session what changed.

Lines of the financing table are addressed by their position, not their row id:
deleting a line and undoing that inserts a new row, but at the same position.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from ctb_desktop.domain.entries import FinancingLine
from ctb_desktop.domain.errors import UserError
from ctb_desktop.gui.session import ReportSession
from ctb_desktop.storage.editing import ReportKey

# Typing into the status text makes one undo step per pause, not per keystroke.
_MERGE_TEXT = 1


class _Edit(QUndoCommand):
    def __init__(self, session: ReportSession, key: ReportKey, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.key = key

    def _remove_line_at(self, position: int) -> FinancingLine:
        line_id = self.session.editor.lines(self.key)[position].id
        line, _ = self.session.editor.delete_line(self.key, line_id)
        return line

    def _apply(self, action) -> None:
        try:
            action()
        except UserError as exc:
            self.setObsolete(True)
            self.session.failed.emit(str(exc))
        self.session.notify(self.key)


class SetStatusField(_Edit):
    def __init__(
        self, session: ReportSession, key: ReportKey, field: str, value: Any, text: str
    ) -> None:
        super().__init__(session, key, text)
        self.field = field
        self.old = session.editor.status_value(key, field)
        self.new = value

    def redo(self) -> None:
        self._apply(lambda: self.session.editor.set_status_value(self.key, self.field, self.new))

    def undo(self) -> None:
        self._apply(lambda: self.session.editor.set_status_value(self.key, self.field, self.old))

    def id(self) -> int:
        return _MERGE_TEXT if self.field == "text" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetStatusField) or (other.key, other.field) != (
            self.key,
            self.field,
        ):
            return False
        self.new = other.new
        return True


class SetAchieved(_Edit):
    def __init__(
        self, session: ReportSession, key: ReportKey, indicator_id: int, value, text: str
    ) -> None:
        super().__init__(session, key, text)
        self.indicator_id = indicator_id
        self.old = session.editor.achieved(key, indicator_id)
        self.new = value

    def redo(self) -> None:
        self._apply(lambda: self.session.editor.set_achieved(self.key, self.indicator_id, self.new))

    def undo(self) -> None:
        self._apply(lambda: self.session.editor.set_achieved(self.key, self.indicator_id, self.old))


class SetLineField(_Edit):
    def __init__(
        self,
        session: ReportSession,
        key: ReportKey,
        position: int,
        field: str,
        value: Any,
        text: str,
    ) -> None:
        super().__init__(session, key, text)
        self.position = position
        self.field = field
        self.old = session.editor.line_value(self._line_id(), field)
        self.new = value

    def _line_id(self) -> int:
        return self.session.editor.lines(self.key)[self.position].id

    def redo(self) -> None:
        self._apply(
            lambda: self.session.editor.set_line_value(self._line_id(), self.field, self.new)
        )

    def undo(self) -> None:
        self._apply(
            lambda: self.session.editor.set_line_value(self._line_id(), self.field, self.old)
        )


class AddLine(_Edit):
    def __init__(
        self, session: ReportSession, key: ReportKey, line: FinancingLine, position: int
    ) -> None:
        super().__init__(session, key, "Додати рядок фінансування")
        self.line = line
        self.position = position

    def redo(self) -> None:
        self._apply(lambda: self.session.editor.insert_line(self.key, self.line, self.position))

    def undo(self) -> None:
        def remove() -> None:
            self.line = self._remove_line_at(self.position)

        self._apply(remove)


class RemoveLine(_Edit):
    def __init__(self, session: ReportSession, key: ReportKey, position: int) -> None:
        super().__init__(session, key, "Видалити рядок фінансування")
        self.position = position
        self.line: FinancingLine | None = None

    def redo(self) -> None:
        def remove() -> None:
            self.line = self._remove_line_at(self.position)

        self._apply(remove)

    def undo(self) -> None:
        self._apply(lambda: self.session.editor.insert_line(self.key, self.line, self.position))
