"""Models of «Отримані звіти»: the board (units below × periods of a year, whether each
report came) and the revisions one unit sent for one period. Colour is never the only
cue: every cell also says its state in words and carries an icon."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QStyle

from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.units import ReportingUnit
from ctb_desktop.exchange.board import Board, Cell, signature_text
from ctb_desktop.exchange.signature import SignatureCheck
from ctb_desktop.gui.list_model import ListTableModel
from ctb_desktop.storage.packages import ReceivedPackage

Index = QModelIndex | QPersistentModelIndex
CellRole = Qt.ItemDataRole.UserRole + 10
PackageRole = Qt.ItemDataRole.UserRole + 11

SHORT_STATES = {
    "received": "отримано",
    "late": "із запізненням",
    "missing": "не надійшов",
    "waiting": "очікується",
}
SHORT_REVIEWS = {"new": "", "accepted": "прийнято", "returned": "повернуто"}
STATE_COLOURS = {"received": "#d5efd9", "late": "#fbe3b0", "missing": "#f6cfcf"}
STATE_ICONS = {
    "received": QStyle.StandardPixmap.SP_DialogApplyButton,
    "late": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "missing": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "waiting": QStyle.StandardPixmap.SP_MessageBoxInformation,
}
TEXT_ON_COLOUR = QColor("#1b1b1b")


def local_time(package: ReceivedPackage) -> str:
    return f"{package.received_at.astimezone():%d.%m.%Y %H:%M}"


def _moment(iso: str) -> str:
    """A manifest's "2026-01-15T09:30:00.000Z" as the clerk reads it, in local time."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return f"{moment.astimezone():%d.%m.%Y %H:%M}"


def cell_text(cell: Cell) -> str:
    """What a board cell prints: "отримано, ред. 2, прийнято", "очікується до 20.04.2025"."""
    if cell.latest is None:
        if cell.state == "waiting":
            return f"{SHORT_STATES['waiting']} до {cell.due:%d.%m.%Y}"
        return SHORT_STATES[cell.state]
    parts = [SHORT_STATES[cell.state], f"ред. {cell.latest.revision}"]
    if review := SHORT_REVIEWS[cell.latest.review]:
        parts.append(review)
    return ", ".join(parts)


def cell_tooltip(cell: Cell) -> str:
    lines = [cell.summary]
    if cell.latest is not None:
        lines += [
            f"Підпис: {cell.signature}",
            f"Отримано {local_time(cell.latest)} (строк {cell.due:%d.%m.%Y})",
            f"Редакцій отримано: {cell.revisions}",
        ]
    return "\n".join(lines)


class BoardModel(QAbstractTableModel):
    """Rows: the units reporting directly to this database's unit; columns: the periods."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.board: Board | None = None

    def set_board(self, board: Board | None) -> None:
        self.beginResetModel()
        self.board = board
        self.endResetModel()

    def unit_at(self, row: int) -> ReportingUnit | None:
        units = self.board.units if self.board else []
        return units[row] if 0 <= row < len(units) else None

    def period_at(self, column: int) -> Period | None:
        periods = self.board.periods if self.board else []
        return periods[column] if 0 <= column < len(periods) else None

    def index_of(self, unit_code: str, period: Period) -> QModelIndex:
        if self.board is None:
            return QModelIndex()
        rows = [unit.code for unit in self.board.units]
        if unit_code not in rows or period not in self.board.periods:
            return QModelIndex()
        return self.index(rows.index(unit_code), self.board.periods.index(period))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.board is None else len(self.board.units)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.board is None else len(self.board.periods)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.board is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            period = self.period_at(section)
            if period is None:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return period.title
            if role == Qt.ItemDataRole.ToolTipRole and self.board.units:
                due = self.board.cell(self.board.units[0].code, period).due
                return f"Звіт {period.for_phrase} подати до {due:%d.%m.%Y}"
            return None
        unit = self.unit_at(section)
        if unit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return unit.short_name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{unit.name} ({unit.code})"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        unit, period = self.unit_at(index.row()), self.period_at(index.column())
        if unit is None or period is None:
            return None
        cell = self.board.cell(unit.code, period)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell)
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell_tooltip(cell)
        if role == Qt.ItemDataRole.DecorationRole:
            return QApplication.style().standardIcon(STATE_ICONS[cell.state])
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = STATE_COLOURS.get(cell.state)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return TEXT_ON_COLOUR if cell.state in STATE_COLOURS else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{unit.short_name}, {period.title}: {cell.summary}"
        if role == CellRole:
            return cell
        return None


class RevisionsModel(ListTableModel):
    """Every revision one unit sent for one period, newest first."""

    REVISION, RECEIVED, FILE, SIGNATURE, REVIEW = range(5)
    HEADERS = ("Ред.", "Отримано", "Файл", "Підпис", "Розгляд")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.packages: list[ReceivedPackage] = []

    def set_packages(self, packages: list[ReceivedPackage]) -> None:
        self.beginResetModel()
        self.packages = sorted(packages, key=lambda package: -package.revision)
        self.endResetModel()

    def row_of(self, package_id: int | None) -> int:
        ids = [package.id for package in self.packages]
        return ids.index(package_id) if package_id in ids else -1

    def previous(self, package: ReceivedPackage) -> ReceivedPackage | None:
        """The revision just before `package`, if one came."""
        older = [item for item in self.packages if item.revision < package.revision]
        return max(older, key=lambda item: item.revision) if older else None

    def rows(self) -> list:
        return self.packages

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        package = self.packages[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = {
                self.REVISION: str(package.revision),
                self.RECEIVED: local_time(package),
                self.FILE: package.file_name,
                self.SIGNATURE: signature_text(package.signature),
                self.REVIEW: package.review_title,
            }
            text = values[column]
            if role == Qt.ItemDataRole.ToolTipRole and column == self.REVIEW:
                return f"{text}: {package.review_comment}" if package.review_comment else text
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.REVISION:
            return Qt.AlignmentFlag.AlignCenter
        if role == PackageRole:
            return package
        return None


def revision_notes(package: ReceivedPackage) -> str:
    """The signature's verdict and notes and the review comment, for the panel below."""
    summary = package.signature or {}
    lines = [f"Редакція {package.revision}, файл «{package.file_name}»"]
    if package.created_at:
        lines.append(f"Сформовано відправником: {_moment(package.created_at)}")
    lines.append(f"Підпис: {signature_text(package.signature)}")
    if summary.get("error"):
        lines.append(f"  {summary['error']}")
    elif summary:
        lines += SignatureCheck.from_summary(summary).lines()
    lines.append(f"Розгляд: {package.review_title}")
    if package.review_comment:
        lines.append(f"Коментар: {package.review_comment}")
    return "\n".join(lines)
