"""Table models of one unit's report on one measure: achieved indicators and the
financing lines. They read through storage.editing and write through undo
commands, so every cell edit is saved at once and can be undone."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ctb_desktop.domain import fields
from ctb_desktop.domain.entries import FinancingLine
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.money import (
    format_number,
    format_thousands_exact,
    parse_number,
    parse_thousands,
)
from ctb_desktop.domain.program import FundingSource, Measure
from ctb_desktop.domain.validation import Problem, Severity
from ctb_desktop.gui.commands import SetAchieved, SetLineField
from ctb_desktop.gui.session import ReportSession
from ctb_desktop.storage.editing import MONEY_FIELDS, ReportKey

Index = QModelIndex | QPersistentModelIndex

SOURCE_TITLES = {None: "—"} | {source: source.title for source in FundingSource}
# Problems point at cells; this role tells a view which (see validation.Problem.field).
FieldRole = Qt.ItemDataRole.UserRole + 2
PROBLEM_COLOURS = {Severity.ERROR: "#f8d0d0", Severity.WARNING: "#fbecc0"}


class _ReportTable(QAbstractTableModel):
    """Shared plumbing: the session, the measure shown, refresh on changes."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, session: ReportSession, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.measure: Measure | None = None
        self.key: ReportKey | None = None
        self.problems: dict[str, Problem] = {}
        self._load()
        session.reportChanged.connect(self._on_report_changed)

    def show(self, measure: Measure | None) -> None:
        self.beginResetModel()
        self.measure = measure
        self.key = self.session.key(measure) if measure is not None and self.session.ready else None
        self._load()
        self.endResetModel()

    def refresh(self) -> None:
        """Read the rows again. Same number of rows: only dataChanged, so an editor that is
        committing its cell stays alive; otherwise a reset."""
        before = self.rowCount()
        self._load()
        if self.rowCount() != before:
            self.beginResetModel()
            self.endResetModel()
        elif before:
            self.dataChanged.emit(self.index(0, 0), self.index(before - 1, self.columnCount() - 1))

    def set_problems(self, problems: list[Problem]) -> None:
        """Validation problems of the shown measure, by the field they point at."""
        self.problems = {problem.field: problem for problem in problems}
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's field (FieldRole), its problem's colour and tooltip if it has one,
        else what the table shows (cell_data)."""
        if not index.isValid():
            return None
        if role == FieldRole:
            return self.field_key(index)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            shown = self.problem_data(index, role)
            if shown is not None:
                return shown
        return self.cell_data(index, role)

    def field_key(self, index: Index) -> str:
        """The field a cell shows, as validation.Problem.field names it."""
        raise NotImplementedError

    def cell_data(self, index: Index, role: int) -> Any:
        raise NotImplementedError

    def problem_data(self, index: Index, role: int) -> Any:
        """Background and tooltip of a cell that has a problem, else None."""
        problem = self.problems.get(self.field_key(index))
        if problem is None or not self._shows_problem(index):
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(PROBLEM_COLOURS[problem.severity])
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{problem.severity.title}: {problem.message}"
        return None

    def _shows_problem(self, index: Index) -> bool:
        return True

    def _on_report_changed(self, key: ReportKey) -> None:
        if key == self.key:
            self.refresh()

    def _load(self) -> None:
        raise NotImplementedError

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.HEADERS[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)
        )

    def _fail(self, message: str) -> bool:
        self.session.failed.emit(message)
        return False


class IndicatorModel(_ReportTable):
    """Indicator · planned for the year · achieved (editable)."""

    HEADERS = ("Показник", "Заплановано", fields.ACHIEVED.heading)
    NAME, PLANNED, ACHIEVED = range(3)

    def _load(self) -> None:
        self.rows = []
        if self.key is None:
            return
        year = self.key.period.year
        for indicator in self.measure.indicators:
            achieved = self.session.editor.achieved(self.key, indicator.id)
            self.rows.append((indicator, indicator.planned.get(year), achieved))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def field_key(self, index: Index) -> str:
        return f"indicator:{self.rows[index.row()][0].name}"

    def cell_data(self, index: Index, role: int) -> Any:
        indicator, planned, achieved = self.rows[index.row()]
        column = index.column()
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return (
                indicator.label or "(без назви)",
                format_number(planned),
                format_number(achieved),
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _shows_problem(self, index: Index) -> bool:
        return index.column() == self.ACHIEVED

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == self.ACHIEVED else flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.ACHIEVED:
            return False
        try:
            number = parse_number(str(value))
        except UserError as exc:
            return self._fail(str(exc))
        indicator, _, achieved = self.rows[index.row()]
        if number == achieved:
            return True
        self.session.push(
            SetAchieved(
                self.session,
                self.key,
                indicator.id,
                number,
                f"{fields.ACHIEVED.label}: {indicator.name[:40]}",
            )
        )
        return True


class FinancingModel(_ReportTable):
    """One row per financing line; money in тис. грн, exact to the kopeck."""

    # The line's fields but the next year's plan, which the annual layout does not print.
    COLUMNS = tuple(field for field in fields.LINE_FIELDS if field is not fields.PLANNED_NEXT_YEAR)
    HEADERS = tuple(field.heading for field in COLUMNS)
    FIELDS = tuple(field.key for field in COLUMNS)

    def _load(self) -> None:
        self.lines: list[FinancingLine] = []
        if self.key is not None:
            self.lines = [stored.line for stored in self.session.editor.lines(self.key)]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def field_key(self, index: Index) -> str:
        return f"financing:{index.row()}:{self.FIELDS[index.column()]}"

    def cell_data(self, index: Index, role: int) -> Any:
        field = self.FIELDS[index.column()]
        value = getattr(self.lines[index.row()], field)
        if role == Qt.ItemDataRole.EditRole and field == "source":
            return value
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            if field == "source":
                return SOURCE_TITLES[value]
            if field in MONEY_FIELDS:
                return format_thousands_exact(value)
            return value or ""
        if role == Qt.ItemDataRole.TextAlignmentRole and field in MONEY_FIELDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        field = self.FIELDS[index.column()]
        try:
            parsed = _parse(field, value)
        except UserError as exc:
            return self._fail(str(exc))
        if parsed == getattr(self.lines[index.row()], field):
            return True
        title = self.COLUMNS[index.column()].label
        self.session.push(
            SetLineField(
                self.session,
                self.key,
                index.row(),
                field,
                parsed,
                f"{title}, рядок {index.row() + 1}",
            )
        )
        return True


def _parse(field: str, value: Any) -> Any:
    if field == "source":
        return value if value is None or isinstance(value, FundingSource) else FundingSource(value)
    if field in MONEY_FIELDS:
        return parse_thousands(str(value))
    text = str(value).strip()
    return text or None
