"""The clerk's working context: the open database, the chosen program, reporting unit
and period, and the one undo stack every edit goes through."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ctb_desktop.domain.entries import FinancingLine, PeriodEntries, UnitReport
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Measure, Program, Task
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
        self._measure_order: dict[tuple[str, str], int] = {}
        self._unit_order: dict[str, int] = {}
        # Financing sub-totals of the unit and those under it, by task number; and by
        # (task number, measure reference), as (the unit's own lines, the others').
        self._task_totals: dict[str, SourceSplit | None] = {}
        self._measure_totals: dict[
            tuple[str, str], tuple[SourceSplit | None, SourceSplit | None]
        ] = {}
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
            # The order EntryStore.load gives: program order, then the units' order.
            self._measure_order = {
                (task.number, measure.reference): i
                for i, (task, measure) in enumerate(
                    (task, measure) for task in self.program.all_tasks for measure in task.measures
                )
            }
            self._unit_order = {unit.code: i for i, unit in enumerate(self.workspace.units.list())}
            self._mark = changes
        return self._entries

    def report(self, task_number: str, measure_reference: str, unit_code: str) -> UnitReport | None:
        """One unit's report on one measure in the kept period (None when there is none)."""
        reports = self.entries().reports
        at = self._locate((task_number, measure_reference, unit_code))
        if at < len(reports):
            found = reports[at]
            if (found.task_number, found.measure_number, found.unit_code) == (
                task_number,
                measure_reference,
                unit_code,
            ):
                return found
        return None

    def totals(self, task_number: str) -> tuple[SourceSplit | None, SourceSplit]:
        """The financing sub-totals of the chosen unit and the units under it: of the
        task (None when it has no lines) and of the whole program. Each measure's block
        is summed once, kept as the chosen unit's lines and the other units' lines, and
        only the edited unit's part is summed again after an edit; a task's block is the
        sum of its measures' blocks."""
        entries = self.entries()
        if not self._task_totals:
            self._scope = subtree_codes(self.units, self.unit_code)
            own: dict[tuple[str, str], list] = {place: [] for place in self._measure_order}
            others: dict[tuple[str, str], list] = {place: [] for place in self._measure_order}
            for report in entries.reports:
                if report.financing and report.unit_code in self._scope:
                    lines = own if report.unit_code == self.unit_code else others
                    lines[(report.task_number, report.measure_number)] += report.financing
            self._measure_totals = {
                place: (_split(own[place]), _split(others[place])) for place in self._measure_order
            }
            for task in self.program.all_tasks:
                self._sum_task(task)
        blocks = [split for split in self._task_totals.values() if split is not None]
        return self._task_totals.get(task_number), sum_splits(blocks)

    def _sum_task(self, task: Task) -> None:
        blocks = [
            split
            for measure in task.measures
            for split in self._measure_totals.get((task.number, measure.reference), ())
            if split is not None
        ]
        self._task_totals[task.number] = sum_splits(blocks) if blocks else None

    def _forget(self) -> None:
        self._entries = None
        self._task_totals = {}
        self._measure_totals = {}

    def _order(self, report: UnitReport) -> tuple[int, int]:
        return (
            self._measure_order.get((report.task_number, report.measure_number), -1),
            self._unit_order.get(report.unit_code, len(self._unit_order)),
        )

    def _locate(self, place: tuple[str, str, str]) -> int:
        """Where the report of `place` (task, measure, unit) is or would go in the kept
        period, which is in EntryStore.load's order: found by halving, not by a scan."""
        task_number, reference, unit_code = place
        wanted = (
            self._measure_order.get((task_number, reference), -1),
            self._unit_order.get(unit_code, len(self._unit_order)),
        )
        return bisect_left(self._entries.reports, wanted, key=self._order)

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
        at = self._locate(place)
        found = at < len(reports) and (
            (reports[at].task_number, reports[at].measure_number, reports[at].unit_code) == place
        )
        reports[at : at + 1 if found else at] = fresh
        self._mark = self.db.connection.total_changes
        if self._task_totals and key.unit_code in self._scope:
            place = (task.number, measure.reference)
            own, others = self._measure_totals[place]
            if key.unit_code == self.unit_code:
                own = _split([line for report in fresh for line in report.financing])
            else:
                order = self._measure_order[place]
                first = bisect_left(reports, (order, -1), key=self._order)
                last = bisect_left(reports, (order + 1, -1), key=self._order)
                others = _split(
                    [
                        line
                        for report in reports[first:last]
                        if report.unit_code in self._scope and report.unit_code != self.unit_code
                        for line in report.financing
                    ]
                )
            self._measure_totals[place] = (own, others)
            self._sum_task(task)

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def notify(self, key: ReportKey) -> None:
        self._refresh_report(key)
        self.reportChanged.emit(key)


def _split(lines: list[FinancingLine]) -> SourceSplit | None:
    return split_by_source(lines) if lines else None
