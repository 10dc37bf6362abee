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
from ctb_desktop.operations.entries import carry
from ctb_desktop.storage.carry import CarryResult
from ctb_desktop.storage.editing import ReportKey
from ctb_desktop.storage.structure import Snapshot

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


class _SetValue(_Edit):
    """One value changed: redo writes `new`, undo writes `old` back."""

    old: Any
    new: Any

    def _write(self, value: Any) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        self._apply(lambda: self._write(self.new))

    def undo(self) -> None:
        self._apply(lambda: self._write(self.old))


class SetStatusField(_SetValue):
    def __init__(
        self, session: ReportSession, key: ReportKey, field: str, value: Any, text: str
    ) -> None:
        super().__init__(session, key, text)
        self.field = field
        self.old = session.editor.status_value(key, field)
        self.new = value

    def _write(self, value: Any) -> None:
        self.session.editor.set_status_value(self.key, self.field, value)

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


class SetAchieved(_SetValue):
    def __init__(
        self, session: ReportSession, key: ReportKey, indicator_id: int, value, text: str
    ) -> None:
        super().__init__(session, key, text)
        self.indicator_id = indicator_id
        self.old = session.editor.achieved(key, indicator_id)
        self.new = value

    def _write(self, value: Any) -> None:
        self.session.editor.set_achieved(self.key, self.indicator_id, value)


class SetLineField(_SetValue):
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

    def _write(self, value: Any) -> None:
        self.session.editor.set_line_value(self._line_id(), self.field, value)


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


class _ReplaceReports(QUndoCommand):
    """Many reports written at once; undo puts back exactly what the affected
    (measure, unit) reports of the period held before."""

    def __init__(self, session: ReportSession, text: str, keys: set[tuple[str, str, str]]) -> None:
        super().__init__(text)
        self.session = session
        self.program = session.program
        self.period = session.period
        before = {
            (report.task_number, report.measure_number, report.unit_code): report
            for report in session.workspace.entries.load(self.program, self.period).reports
        }
        self.snapshot = [before.get(key) or UnitReport(*key) for key in sorted(keys)]

    def _write(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        try:
            self._write()
        except UserError as exc:
            self.setObsolete(True)
            self.session.failed.emit(str(exc))
        self.session.reportsChanged.emit()

    def undo(self) -> None:
        entries = PeriodEntries(self.program.code, self.period, self.snapshot)
        try:
            self.session.workspace.entries.save(self.program, entries)
        except UserError as exc:
            self.session.failed.emit(str(exc))
        self.session.reportsChanged.emit()


class CarryForward(_ReplaceReports):
    """Copy the previous period's entries of the unit into the chosen period without
    overwriting anything: the command line's `entries carry` (operations.entries.carry),
    so a backup is taken before each copy, and no backup means no change."""

    def __init__(self, session: ReportSession, measure_keys: set[tuple[str, str]] | None) -> None:
        program, unit = session.program, session.unit_code
        keys = measure_keys or {
            (t.number, m.reference) for t in program.all_tasks for m in t.measures
        }
        super().__init__(
            session, "Скопіювати з попереднього періоду", {(*key, unit) for key in keys}
        )
        self.unit = unit
        self.source = self.period.previous(program.reporting.frequency)
        self.measure_keys = measure_keys
        self.result: CarryResult | None = None

    def _write(self) -> None:
        carried = carry(
            self.session.workspace, self.program, self.unit, self.period, self.measure_keys
        )
        self.source, self.result = carried.source, carried.result


class ImportReports(_ReplaceReports):
    """A filled report's entries written into the chosen period."""

    def __init__(self, session: ReportSession, entries: PeriodEntries, name: str) -> None:
        keys = {(r.task_number, r.measure_number, r.unit_code) for r in entries.reports}
        super().__init__(session, f"Імпорт звіту «{name[:40]}»", keys)
        self.entries = entries

    def _write(self) -> None:
        self.session.workspace.entries.save(self.program, self.entries)


class _StructureEdit(QUndoCommand):
    """Structure edits reload the program and point the tree at what they touched."""

    def __init__(self, session: ReportSession, text: str, select: tuple[str, int] | None) -> None:
        super().__init__(text)
        self.session = session
        self.structure = session.workspace.structure
        self.select = select

    def _apply(self, action, select: tuple[str, int] | None = None) -> None:
        try:
            action()
        except UserError as exc:
            self.setObsolete(True)
            self.session.failed.emit(str(exc))
        self.session.reload_program()
        self.session.structureChanged.emit(select or self.select)

    def _remove(self, kind: str, row_id: int) -> Snapshot:
        remove = self.structure.delete_task if kind == "task" else self.structure.delete_measure
        return remove(row_id)


class SetStructureValue(_StructureEdit):
    """Number, title or term of a measure, number or title of a task."""

    def __init__(
        self, session: ReportSession, kind: str, row_id: int, name: str, value: str, text: str
    ) -> None:
        super().__init__(session, text, (kind, row_id))
        self.kind, self.row_id, self.name = kind, row_id, name
        getter = self.structure.measure_value if kind == "measure" else self.structure.task_value
        self.old = getter(row_id, name)
        self.new = value

    def _set(self, value: str) -> None:
        setter = (
            self.structure.set_measure_value
            if self.kind == "measure"
            else self.structure.set_task_value
        )
        self._apply(lambda: setter(self.row_id, self.name, value))

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class SetExecutors(_StructureEdit):
    def __init__(self, session: ReportSession, measure_id: int, executors: list) -> None:
        super().__init__(session, "Виконавці заходу", ("measure", measure_id))
        self.measure_id = measure_id
        self.old = self.structure.executors(measure_id)
        self.new = executors

    def redo(self) -> None:
        self._apply(lambda: self.structure.set_executors(self.measure_id, self.new))

    def undo(self) -> None:
        self._apply(lambda: self.structure.set_executors(self.measure_id, self.old))


class AddItem(_StructureEdit):
    """A new task or measure. Undo deletes it; redo restores the very same rows, so
    later commands that refer to its id keep working."""

    def __init__(
        self,
        session: ReportSession,
        kind: str,
        parent_id: int,
        position: int,
        number: str,
        title: str,
    ) -> None:
        super().__init__(session, "Додати завдання" if kind == "task" else "Додати захід", None)
        self.kind, self.parent_id, self.position = kind, parent_id, position
        self.number, self.title = number, title
        self.row_id: int | None = None
        self.snapshot: Snapshot | None = None

    def redo(self) -> None:
        def add() -> None:
            if self.snapshot is not None:
                self.structure.restore(self.snapshot)
            elif self.kind == "task":
                self.row_id = self.structure.add_task(
                    self.parent_id, self.position, self.number, self.title
                )
            else:
                self.row_id = self.structure.add_measure(
                    self.parent_id, self.position, self.number, self.title
                )

        self._apply(add)
        self.session.structureChanged.emit((self.kind, self.row_id))

    def undo(self) -> None:
        def delete() -> None:
            self.snapshot = self._remove(self.kind, self.row_id)

        self._apply(delete)


class DeleteItem(_StructureEdit):
    """Delete a task or measure with all it carries; undo restores it exactly."""

    def __init__(self, session: ReportSession, kind: str, row_id: int, label: str) -> None:
        super().__init__(session, f"Видалити {label[:40]}", None)
        self.kind, self.row_id = kind, row_id
        self.snapshot: Snapshot | None = None

    def redo(self) -> None:
        def delete() -> None:
            self.snapshot = self._remove(self.kind, self.row_id)

        self._apply(delete)

    def undo(self) -> None:
        self._apply(lambda: self.structure.restore(self.snapshot), (self.kind, self.row_id))


class MoveItem(_StructureEdit):
    def __init__(
        self, session: ReportSession, kind: str, row_id: int, position: int, text: str
    ) -> None:
        super().__init__(session, text, (kind, row_id))
        self.kind, self.row_id, self.position = kind, row_id, position
        self.old: int | None = None

    def _move(self, position: int) -> int:
        move = self.structure.move_task if self.kind == "task" else self.structure.move_measure
        return move(self.row_id, position)

    def redo(self) -> None:
        def move() -> None:
            self.old = self._move(self.position)

        self._apply(move)

    def undo(self) -> None:
        self._apply(lambda: self._move(self.old))
