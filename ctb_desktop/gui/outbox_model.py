"""The e-mail outbox as a table: one row per letter, newest first, with its state,
attempts, the last error and when it went out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ctb_desktop.gui.list_model import ListTableModel
from ctb_desktop.storage.outbox import Outbox, OutboxItem

Index = QModelIndex | QPersistentModelIndex
ItemRole = Qt.ItemDataRole.UserRole + 1
WAITING = ("queued", "sending")
FAILED_COLOUR = QColor("#b00020")


def local_time(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%d.%m.%Y %H:%M") if moment else ""


def short_subject(subject: str) -> str:
    """A report letter's subject without the program's long title, which every letter
    shares: "Звіт за 9 місяців 2025 року — Смілянська РДА" (the tooltip has it all)."""
    prefix = "Звіт про виконання "
    cut = subject.rfind(" за ")
    if subject.startswith(prefix) and cut > len(prefix):
        return "Звіт" + subject[cut:]
    return subject


class OutboxModel(ListTableModel):
    NUMBER, RECIPIENT, SUBJECT, STATE, ATTEMPTS, ERROR, SENT = range(7)
    HEADERS = ("№", "Кому", "Тема", "Стан", "Спроб", "Помилка", "Надіслано")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[OutboxItem] = []

    def refresh(self, outbox: Outbox) -> None:
        """Read the outbox again (after a letter was queued or a sending run)."""
        self.set_items(outbox.list())

    def set_items(self, items: list[OutboxItem]) -> None:
        self.beginResetModel()
        self.items = sorted(items, key=lambda item: -item.id)
        self.endResetModel()

    @property
    def waiting(self) -> int:
        """Letters not sent yet that will still be tried."""
        return sum(1 for item in self.items if item.state in WAITING)

    @property
    def failed(self) -> int:
        return sum(1 for item in self.items if item.state == "failed")

    @property
    def summary(self) -> str:
        """For the status bar: empty when nothing waits and nothing failed."""
        parts = [f"У черзі: {self.waiting}"] if self.waiting else []
        if self.failed:
            parts.append(f"Не надіслано: {self.failed}")
        return " · ".join(parts)

    def item_at(self, row: int) -> OutboxItem | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def row_of(self, item_id: int) -> int:
        ids = [item.id for item in self.items]
        return ids.index(item_id) if item_id in ids else -1

    def rows(self) -> list:
        return self.items

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.STATE and item.state == "queued" and item.next_attempt_at:
                return f"Наступна спроба: {local_time(item.next_attempt_at)}"
            if column == self.SUBJECT:
                return item.subject
            if column in (self.RECIPIENT, self.ERROR):
                return self._text(item, column) or None
            return None
        failed_cell = item.state == "failed" and column in (self.STATE, self.ERROR)
        if role == Qt.ItemDataRole.ForegroundRole and failed_cell:
            return QBrush(FAILED_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.NUMBER, self.ATTEMPTS):
            return Qt.AlignmentFlag.AlignCenter
        if role == ItemRole:
            return item
        return None

    def _text(self, item: OutboxItem, column: int) -> str:
        state = item.state_title
        if item.state == "queued" and item.next_attempt_at:
            state = f"{state} (повтор о {item.next_attempt_at.astimezone():%H:%M})"
        return {
            self.NUMBER: str(item.id),
            self.RECIPIENT: item.recipient,
            self.SUBJECT: short_subject(item.subject),
            self.STATE: state,
            self.ATTEMPTS: str(item.attempts),
            self.ERROR: "" if item.state == "sent" else item.last_error,
            self.SENT: local_time(item.sent_at),
        }[column]
