"""Narrowing the program tree: find by text (number, title, executor, state) and the
"мої заходи" / "з проблемами" filters. Tasks and groupings stay visible while any
of their measures matches."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from ctb_desktop.domain.program import Measure
from ctb_desktop.domain.units import ReportingUnit, is_executor
from ctb_desktop.gui.program_model import ProgramTreeModel

Index = QModelIndex | QPersistentModelIndex


class MeasureFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        # Refiltered when a filter changes, not on every state change of every measure.
        self.setDynamicSortFilter(False)
        self._words: list[str] = []
        self._unit: ReportingUnit | None = None
        self._problem_ids: set[int] | None = None

    @property
    def active(self) -> bool:
        return bool(self._words) or self._unit is not None or self._problem_ids is not None

    def set_filters(
        self, text: str, unit: ReportingUnit | None, problem_ids: set[int] | None
    ) -> None:
        """Words to find; only measures `unit` executes; only measures with problems.
        None switches a filter off. One refiltering for all three."""
        self.beginFilterChange()
        self._words = text.casefold().split()
        self._unit = unit
        self._problem_ids = problem_ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        source: ProgramTreeModel = self.sourceModel()
        index = source.index(row, 0, parent)
        item = index.data(ProgramTreeModel.ItemRole)
        if not self.active:
            return True
        if not isinstance(item, Measure):
            return False  # shown when one of its measures is (recursive filtering)
        if self._unit is not None and not is_executor(
            self._unit, [e.label for e in item.executors]
        ):
            return False
        if self._problem_ids is not None and item.id not in self._problem_ids:
            return False
        if self._words:
            task = parent.data(ProgramTreeModel.ItemRole)
            state = index.siblingAtColumn(ProgramTreeModel.STATE).data()
            haystack = " ".join(
                [
                    item.number,
                    item.title,
                    item.executors_text,
                    state or "",
                    task.label if task else "",
                ]
            ).casefold()
            return all(word in haystack for word in self._words)
        return True
