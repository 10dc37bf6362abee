"""The problems list: what validation finds in the chosen unit's report for the period.
Activating a problem takes the clerk to the measure and the field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from ctb_desktop.domain.validation import Problem, Severity, problems_text

Index = QModelIndex | QPersistentModelIndex
ProblemRole = Qt.ItemDataRole.UserRole + 3


def severity_icon(severity: Severity):
    pixmap = (
        QStyle.StandardPixmap.SP_MessageBoxCritical
        if severity is Severity.ERROR
        else QStyle.StandardPixmap.SP_MessageBoxWarning
    )
    return QApplication.style().standardIcon(pixmap)


def worst(problems: list[Problem]) -> Severity | None:
    if any(problem.severity is Severity.ERROR for problem in problems):
        return Severity.ERROR
    return Severity.WARNING if problems else None


class ProblemsModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.problems: list[Problem] = []

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.problems)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        problem = self.problems[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{problem.task_number} {problem.measure_number} {problem.message}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{problem.severity.title}: {problem.message}"
        if role == Qt.ItemDataRole.DecorationRole:
            return severity_icon(problem.severity)
        if role == ProblemRole:
            return problem
        return None

    @property
    def summary(self) -> str:
        """«0 помилок · 48 попереджень»."""
        return problems_text(self.problems)
