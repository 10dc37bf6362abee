"""The program as a Qt tree: groupings → tasks → measures, read from the storage layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ctb_desktop.domain.entries import MeasureState
from ctb_desktop.domain.program import Grouping, Measure, Program, Task
from ctb_desktop.domain.validation import Severity
from ctb_desktop.gui.problems import severity_icon

Index = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class _Node:
    """A row of the tree; holds the domain object and its place among its siblings."""

    item: Grouping | Task | Measure | None
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)

    def add(self, item: Grouping | Task | Measure) -> _Node:
        child = _Node(item, self)
        self.children.append(child)
        return child

    @property
    def row(self) -> int:
        return 0 if self.parent is None else self.parent.children.index(self)


class ProgramTreeModel(QAbstractItemModel):
    """Columns: number, title, the measure's state in the chosen period, term, executors.
    `ItemRole` gives the domain object."""

    COLUMNS = ("№", "Найменування", "Стан", "Термін виконання", "Виконавці")
    NUMBER, TITLE, STATE, TERM, EXECUTORS = range(5)
    ItemRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = _Node(None)
        self.program: Program | None = None
        self._states: dict[int, MeasureState] = {}
        self._problems: dict[int, Severity] = {}
        self._measure_nodes: dict[int, _Node] = {}

    def set_program(self, program: Program | None) -> None:
        """Show `program`'s groupings, tasks and measures, or nothing for None."""
        self.beginResetModel()
        self._root = _Node(None)
        self._measure_nodes = {}
        self.program = program
        if self.program is not None:
            for task in self.program.tasks:
                self._add_task(self._root, task)
            for grouping in self.program.groupings:
                grouping_node = self._root.add(grouping)
                for task in grouping.tasks:
                    self._add_task(grouping_node, task)
        self.endResetModel()

    def _add_task(self, parent: _Node, task: Task) -> None:
        task_node = parent.add(task)
        for measure in task.measures:
            self._measure_nodes[measure.id] = task_node.add(measure)

    def set_states(self, states: dict[int, MeasureState]) -> None:
        """Each measure's state for the chosen unit and period, by measure id."""
        old, self._states = self._states, states
        # Only the measures whose state changed: each signal makes the views and the
        # tree's filter read every row again.
        changed = [key for key in old.keys() | states.keys() if old.get(key) != states.get(key)]
        if self._measure_nodes and changed:
            self._changed_state(changed)

    def set_problems(self, problems: dict[int, Severity]) -> None:
        """The worst problem of each measure, by id; shown beside its state."""
        old, self._problems = self._problems, problems
        changed = [key for key in old.keys() | problems.keys() if old.get(key) != problems.get(key)]
        if changed:
            self._changed_state(changed)

    def set_measure_state(
        self, measure_id: int, state: MeasureState | None, problem: Severity | None
    ) -> None:
        """One measure's state and worst problem (None: none), after an edit on it."""
        changed = False
        for values, value in ((self._states, state), (self._problems, problem)):
            if values.get(measure_id) != value:
                changed = True
                if value is None:
                    del values[measure_id]
                else:
                    values[measure_id] = value  # type: ignore[assignment]
        if changed:
            self._changed_state([measure_id])

    def _changed_state(self, measure_ids: list[int]) -> None:
        """One dataChanged per task for the state column: views and the filter redo
        their work once per signal, so 60 signals cost 60 relayouts."""
        rows: dict[int, tuple[_Node, list[int]]] = {}
        for measure_id in measure_ids:
            node = self._measure_nodes.get(measure_id)
            if node is not None:
                rows.setdefault(id(node.parent), (node.parent, []))[1].append(node.row)
        if len(rows) > 1:
            # Measures of several tasks (another unit or period chosen): one layout
            # change. Each dataChanged makes the tree measure its resize-to-contents
            # columns over a thousand rows; a hundred tasks' signals took seconds.
            self.layoutAboutToBeChanged.emit()
            self.layoutChanged.emit()
            return
        for parent, changed in rows.values():
            first, last = min(changed), max(changed)
            self.dataChanged.emit(
                self.createIndex(first, self.STATE, parent.children[first]),
                self.createIndex(last, self.STATE, parent.children[last]),
            )

    def index_of_task(self, task_id: int) -> QModelIndex:
        for parent in [self._root, *self._root.children]:
            for node in parent.children:
                if isinstance(node.item, Task) and node.item.id == task_id:
                    return self.createIndex(node.row, 0, node)
        return QModelIndex()

    def index_of(self, measure_id: int) -> QModelIndex:
        node = self._measure_nodes.get(measure_id)
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node)

    def _node(self, index: Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        if not (0 <= row < len(node.children) and 0 <= column < len(self.COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._node(index).item
        if role == self.ItemRole:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(item, index.column())
        if (
            role == Qt.ItemDataRole.DecorationRole
            and index.column() == self.STATE
            and isinstance(item, Measure)
            and item.id in self._problems
        ):
            return severity_icon(self._problems[item.id])
        if role == Qt.ItemDataRole.FontRole and not isinstance(item, Measure):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, item: Grouping | Task | Measure | None, column: int) -> str:
        if column == self.NUMBER:
            return item.number
        if column == self.TITLE:
            return item.title
        if isinstance(item, Measure):
            if column == self.STATE:
                return self._states.get(item.id, MeasureState.NOT_STARTED).title
            if column == self.TERM:
                return item.term
            return "\n".join(executor.label for executor in item.executors)
        return ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
