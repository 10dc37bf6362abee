"""The program as a Qt tree: groupings → tasks → measures, read from the storage layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ctb_desktop.domain.program import Grouping, Measure, Program, Task
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.programs import ProgramStore

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
    """Columns: number, title, term, executors. `ItemRole` gives the domain object."""

    COLUMNS = ("№", "Найменування", "Термін виконання", "Виконавці")
    NUMBER, TITLE, TERM, EXECUTORS = range(4)
    ItemRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = ProgramStore(db)
        self._root = _Node(None)
        self.program: Program | None = None

    def load(self, program_id: int | None) -> None:
        """Show the program with `program_id`, or nothing for None."""
        self.beginResetModel()
        self._root = _Node(None)
        self.program = None if program_id is None else self._store.load(program_id)
        if self.program is not None:
            for task in self.program.tasks:
                self._add_task(self._root, task)
            for grouping in self.program.groupings:
                grouping_node = self._root.add(grouping)
                for task in grouping.tasks:
                    self._add_task(grouping_node, task)
        self.endResetModel()

    @staticmethod
    def _add_task(parent: _Node, task: Task) -> None:
        task_node = parent.add(task)
        for measure in task.measures:
            task_node.add(measure)

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
            if column == self.TERM:
                return item.term
            return "\n".join(executor.label for executor in item.executors)
        return ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
