"""The clerk's working context: the open database, the chosen program, reporting unit
and period, and the one undo stack every edit goes through."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ctb_desktop.domain.entries import PeriodEntries
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Measure, Program
from ctb_desktop.domain.totals import SourceSplit, split_by_source, sum_splits
from ctb_desktop.domain.units import ReportingUnit, subtree_codes
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
        # The chosen period's entries, kept in memory (entries()); `_mark` is the
        # connection's count of changed rows when they were last brought up to date.
        self._entries: PeriodEntries | None = None
        self._mark = -1
        # Financing sub-totals of the unit and those under it, by task number.
        self._task_totals: dict[str, SourceSplit | None] = {}
        self._scope: set[str] = set()
        for signal in (self.reportsChanged, self.structureChanged, self.contextChanged):
            signal.connect(self._forget)

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
        """Everything reported for the chosen period, by every unit. Read once and then
        kept up to date one report at a time as edits are notified (reading a large
        period after every keystroke's pause took seconds); read again after a change
        nobody announced. Views must not change what it returns."""
        changes = self.db.connection.total_changes
        if self._entries is None or changes != self._mark:
            self._forget()
            self._entries = self.workspace.entries.load(self.program, self.period)
            self._mark = changes
        return self._entries

    def totals(self, task_number: str) -> tuple[SourceSplit | None, SourceSplit]:
        """The financing sub-totals of the chosen unit and the units under it: of the
        task (None when it has no lines) and of the whole program. Each task's block is
        summed once and again only after an edit on one of its measures."""
        entries = self.entries()
        if not self._task_totals:
            self._scope = subtree_codes(self.units, self.unit_code)
            by_task: dict[str, list] = {task.number: [] for task in self.program.all_tasks}
            for line in entries.financing:
                if line.unit_code in self._scope:
                    by_task[line.task_number].append(line)
            self._task_totals = {
                number: split_by_source(lines) if lines else None
                for number, lines in by_task.items()
            }
        blocks = [split for split in self._task_totals.values() if split is not None]
        return self._task_totals.get(task_number), sum_splits(blocks)

    def _forget(self) -> None:
        self._entries = None
        self._task_totals = {}

    def _refresh_report(self, key: ReportKey) -> None:
        """Bring the kept period up to date with one edited report."""
        entries, program = self._entries, self.program
        if entries is None or program is None or key.period != self.period:
            return
        measure = program.find_measure_by_id(key.measure_id)
        if measure is None:
            self._forget()
            return
        task = program.task_of(measure)
        fresh = self.workspace.entries.load(
            program, self.period, only=(key.measure_id, key.unit_code)
        ).reports
        place = (task.number, measure.reference, key.unit_code)
        reports = entries.reports
        at = next(
            (
                i
                for i, report in enumerate(reports)
                if (report.task_number, report.measure_number, report.unit_code) == place
            ),
            None,
        )
        if at is not None:
            reports[at : at + 1] = fresh
        elif fresh:
            position = self._position(place)
            reports[position:position] = fresh
        self._mark = self.db.connection.total_changes
        if self._task_totals and key.unit_code in self._scope:
            lines = [
                line
                for report in reports
                if report.task_number == task.number and report.unit_code in self._scope
                for line in report.financing
            ]
            self._task_totals[task.number] = split_by_source(lines) if lines else None

    def _position(self, place: tuple[str, str, str]) -> int:
        """Where a new report goes in the kept period: program order, then unit order,
        as EntryStore.load orders them."""
        measures = {
            (task.number, measure.reference): i
            for i, (task, measure) in enumerate(
                (task, measure) for task in self.program.all_tasks for measure in task.measures
            )
        }
        units = {unit.code: i for i, unit in enumerate(self.units)}

        def order(task: str, measure: str, unit: str) -> tuple[int, int]:
            return measures.get((task, measure), -1), units.get(unit, len(units))

        new = order(*place)
        return next(
            (
                i
                for i, report in enumerate(self._entries.reports)
                if order(report.task_number, report.measure_number, report.unit_code) > new
            ),
            len(self._entries.reports),
        )

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def notify(self, key: ReportKey) -> None:
        self._refresh_report(key)
        self.reportChanged.emit(key)
