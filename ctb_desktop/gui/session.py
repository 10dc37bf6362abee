"""The clerk's working context: the open database, the chosen program, reporting unit
and period, and the one undo stack every edit goes through."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ctb_desktop.domain.entries import PeriodEntries, UnitReport
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Measure, Program, Task
from ctb_desktop.domain.totals import SourceSplit, split_by_source, sum_splits
from ctb_desktop.domain.units import ReportingUnit, subtree_codes
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
        # The chosen unit's reports of the chosen period, kept in memory (unit_entries());
        # `_mark` is the connection's count of changed rows when they were last brought
        # up to date.
        self._unit_entries: PeriodEntries | None = None
        self._mark = -1
        self._measure_order: dict[tuple[str, str], int] = {}
        # Financing sub-totals of the unit and those under it, by task number; and by
        # measure id, as (the unit's own lines, the others').
        self._task_totals: dict[str, SourceSplit | None] = {}
        self._measure_totals: dict[int, tuple[SourceSplit | None, SourceSplit | None]] = {}
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

    def entries_of(self, codes: set[str]) -> PeriodEntries:
        """The chosen period's reports of these units, as stored now: the chosen unit's
        from memory, each other unit's read apart (the whole period is 1,500 units'
        reports at the ministry, seconds to read). Views must not change what it returns."""
        entries = PeriodEntries(self.program.code, self.period)
        for code in sorted(codes):
            if code == self.unit_code:
                entries.reports += self.unit_entries().reports
            else:
                stored = self.workspace.entries.load(self.program, self.period, unit=code)
                entries.reports += stored.reports
        return entries

    def unit_entries(self) -> PeriodEntries:
        """The chosen unit's reports for the chosen period. Read once and then kept up
        to date one report at a time as edits are notified (reading a large period
        after every keystroke's pause took seconds); read again after a change nobody
        announced. Views must not change what it returns."""
        changes = self.db.connection.total_changes
        if self._unit_entries is None or changes != self._mark:
            self._forget()
            self._unit_entries = self.workspace.entries.load(
                self.program, self.period, unit=self.unit_code
            )
            self._measure_order = {
                (task.number, measure.reference): i
                for i, (task, measure) in enumerate(
                    (task, measure) for task in self.program.all_tasks for measure in task.measures
                )
            }
            self._mark = changes
        return self._unit_entries

    def report(self, task_number: str, measure_reference: str) -> UnitReport | None:
        """The chosen unit's report on one measure (None when there is none)."""
        reports = self.unit_entries().reports
        at = self._locate(task_number, measure_reference)
        if at < len(reports) and (reports[at].task_number, reports[at].measure_number) == (
            task_number,
            measure_reference,
        ):
            return reports[at]
        return None

    def totals(self, task_number: str) -> tuple[SourceSplit | None, SourceSplit]:
        """The financing sub-totals of the chosen unit and the units under it: of the
        task (None when it has no lines) and of the whole program. Each measure's block
        is summed once by the database, kept as the chosen unit's lines and the other
        units' lines, and only the edited part is summed again after an edit; a task's
        block is the sum of its measures' blocks."""
        self.unit_entries()
        if not self._task_totals:
            self._scope = subtree_codes(self.units, self.unit_code)
            self._measure_totals = self.workspace.entries.financing_sums(
                self.program, self.period, self.unit_code
            )
            for task in self.program.all_tasks:
                self._sum_task(task)
        blocks = [split for split in self._task_totals.values() if split is not None]
        return self._task_totals.get(task_number), sum_splits(blocks)

    def _sum_task(self, task: Task) -> None:
        blocks = [
            split
            for measure in task.measures
            for split in self._measure_totals.get(measure.id, ())
            if split is not None
        ]
        self._task_totals[task.number] = sum_splits(blocks) if blocks else None

    def _forget(self) -> None:
        self._unit_entries = None
        self._task_totals = {}
        self._measure_totals = {}

    def _order(self, report: UnitReport) -> int:
        return self._measure_order.get((report.task_number, report.measure_number), -1)

    def _locate(self, task_number: str, measure_reference: str) -> int:
        """Where the chosen unit's report on a measure is or would go among its reports,
        which are in program order: found by halving, not by a scan."""
        wanted = self._measure_order.get((task_number, measure_reference), -1)
        return bisect_left(self._unit_entries.reports, wanted, key=self._order)

    def _refresh_report(self, key: ReportKey) -> None:
        """Bring the kept reports and sub-totals up to date with one edited report."""
        program = self.program
        if self._unit_entries is None or program is None or key.period != self.period:
            return
        measure = program.find_measure_by_id(key.measure_id)
        if measure is None:
            self._forget()
            return
        task = program.task_of(measure)
        fresh: list[UnitReport] = []
        if key.unit_code == self.unit_code:
            fresh = self.workspace.entries.load(
                program, self.period, only=(key.measure_id, key.unit_code)
            ).reports
            reports = self._unit_entries.reports
            at = self._locate(task.number, measure.reference)
            found = at < len(reports) and (
                (reports[at].task_number, reports[at].measure_number)
                == (task.number, measure.reference)
            )
            reports[at : at + 1 if found else at] = fresh
        self._mark = self.db.connection.total_changes
        if self._task_totals and key.unit_code in self._scope:
            own, others = self._measure_totals.get(measure.id, (None, None))
            if key.unit_code == self.unit_code:
                lines = [line for report in fresh for line in report.financing]
                own = split_by_source(lines) if lines else None
            else:
                summed = self.workspace.entries.financing_sums(
                    program, self.period, self.unit_code, measure.id
                )
                others = summed.get(measure.id, (None, None))[1]
            self._measure_totals[measure.id] = (own, others)
            self._sum_task(task)

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def notify(self, key: ReportKey) -> None:
        self._refresh_report(key)
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
