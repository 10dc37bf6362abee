"""The clerk's working context: the open database, the chosen program, reporting unit
and period, and the one undo stack every edit goes through."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ctb_desktop.domain.entries import PeriodEntries
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Measure, Program
from ctb_desktop.domain.units import ReportingUnit
from ctb_desktop.domain.validation import Problem, Severity
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.editing import ReportKey
from ctb_desktop.storage.workspace import Workspace


class ReportSession(QObject):
    """Views listen to `reportChanged` (one unit's report on one measure changed) and
    `contextChanged` (another program, unit or period), `reportsChanged` (many measures
    at once, as copying a period does), `structureChanged` (tasks or measures edited;
    carries ("task" | "measure", id) to select, or None); `failed` carries a Ukrainian
    message when an edit could not be saved."""

    reportChanged = Signal(object)
    reportsChanged = Signal()
    structureChanged = Signal(object)
    contextChanged = Signal()
    failed = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = Workspace(db)
        self.db = db
        self.editor = self.workspace.editor
        self.undo_stack = QUndoStack(self)
        self.program: Program | None = None
        self.units: list[ReportingUnit] = self.workspace.units.list()
        self.unit_code: str | None = None
        self.period: Period | None = None
        # What the clerk typed into a cell that is not a value («abc», «1e9»): kept in
        # the cell, not saved, until it is corrected; (report, field) → (text, reason).
        self.not_saved: dict[tuple[ReportKey, str], tuple[str, str]] = {}

    def choose(self, program_id: int | None, unit_code: str | None, period: Period | None) -> None:
        """Work on another program, unit or period. Undo history belongs to what it edited,
        so it is kept: undoing still puts back exactly what was there."""
        self.program = None if program_id is None else self.workspace.programs.load(program_id)
        self.units = self.workspace.units.list()
        self.unit_code = unit_code
        self.period = period
        self.contextChanged.emit()

    @property
    def ready(self) -> bool:
        return self.program is not None and self.unit_code is not None and self.period is not None

    def reload_program(self) -> None:
        """Read the program again after its structure changed."""
        if self.program is not None:
            self.program = self.workspace.programs.load(self.program.id)

    def key(self, measure: Measure) -> ReportKey:
        return ReportKey(measure.id, self.unit_code, self.period)

    def entries(self) -> PeriodEntries:
        """Everything reported for the chosen period, by every unit."""
        return self.workspace.entries.load(self.program, self.period)

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def notify(self, key: ReportKey) -> None:
        self.reportChanged.emit(key)

    def measure_label(self, key: ReportKey) -> str:
        """«2. 6)»: the task's and the measure's numbers, as the tree shows them."""
        measure = self.program.find_measure_by_id(key.measure_id) if self.program else None
        if measure is None:
            return ""
        return f"{self.program.task_of(measure).number} {measure.number or measure.title[:30]}"

    def keep_typed(self, key: ReportKey, field: str, text: str, reason: str) -> None:
        """A typed value that could not be read stays in its cell as an error."""
        self.not_saved[(key, field)] = (text, reason)
        self.reportChanged.emit(key)

    def forget_typed(self, key: ReportKey, field: str) -> None:
        """The cell was corrected (or emptied): its bad value is gone."""
        if self.not_saved.pop((key, field), None) is not None:
            self.reportChanged.emit(key)

    def typed(self, key: ReportKey | None, field: str) -> tuple[str, str] | None:
        return None if key is None else self.not_saved.get((key, field))

    def typing_problems(self) -> list[Problem]:
        """The chosen unit's and period's cells holding what could not be saved, as errors."""
        problems = []
        for (key, field), (_text, reason) in self.not_saved.items():
            if (key.unit_code, key.period) != (self.unit_code, self.period):
                continue
            measure = self.program.find_measure_by_id(key.measure_id) if self.program else None
            if measure is None:
                continue
            problems.append(
                Problem(
                    Severity.ERROR,
                    self.program.task_of(measure).number,
                    measure.reference,
                    field,
                    f"Не збережено: {reason}",
                )
            )
        return problems
