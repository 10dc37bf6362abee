"""Undoable edits. Each command reads the old value when it is made, writes through
storage.editing (committed at once), and tells the session what changed.

Lines of the financing table are addressed by their position, not their row id:
deleting a line and undoing that inserts a new row, but at the same position.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from ctb_desktop.domain.entries import FinancingLine, PeriodEntries, UnitReport
from ctb_desktop.domain.errors import UserError
from ctb_desktop.gui.session import ReportSession
from ctb_desktop.storage.carry import CarryResult, carry_forward
from ctb_desktop.storage.editing import ReportKey
from ctb_desktop.storage.entries import EntryStore

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


class CarryForward(QUndoCommand):
    """Copy the previous period's entries of the unit into the chosen period without
    overwriting anything; undo puts back exactly what the measures had before."""

    def __init__(self, session: ReportSession, measure_keys: set[tuple[str, str]] | None) -> None:
        super().__init__("Скопіювати з попереднього періоду")
        self.session = session
        self.program = session.program
        self.unit = session.unit_code
        self.target = session.period
        self.source = self.target.previous(self.program.reporting.frequency)
        self.measure_keys = measure_keys
        self.result: CarryResult | None = None
        keys = measure_keys or {
            (t.number, m.number) for t in self.program.all_tasks for m in t.measures
        }
        before = {
            (report.task_number, report.measure_number): report
            for report in EntryStore(session.db).load(self.program, self.target).reports
            if report.unit_code == self.unit
        }
        self.snapshot = [before.get(key) or UnitReport(*key, self.unit) for key in sorted(keys)]

    def redo(self) -> None:
        try:
            self.result = carry_forward(
                self.session.db,
                self.program,
                self.unit,
                self.source,
                self.target,
                self.measure_keys,
            )
        except UserError as exc:
            self.setObsolete(True)
            self.session.failed.emit(str(exc))
        self.session.reportsChanged.emit()

    def undo(self) -> None:
        entries = PeriodEntries(self.program.code, self.target, self.snapshot)
        try:
            EntryStore(self.session.db).save(self.program, entries)
        except UserError as exc:
            self.session.failed.emit(str(exc))
        self.session.reportsChanged.emit()
