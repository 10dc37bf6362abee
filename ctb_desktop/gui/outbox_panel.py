"""«Черга відправлення»: a dock under the clerk's desk with every queued letter, its
state and last error, and the buttons «Надіслати зараз» and «Повторити». A link in
the status bar says how many letters wait and opens the dock."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from ctb_desktop.domain.errors import UserError
from ctb_desktop.gui.forms import load_form
from ctb_desktop.gui.mail_sender import MailSender
from ctb_desktop.gui.outbox_model import OutboxModel
from ctb_desktop.storage.outbox import OutboxItem
from ctb_desktop.storage.workspace import Workspace

TITLE = "Черга відправлення"
SECURITY_TITLES = {"starttls": "STARTTLS", "ssl": "SSL", "none": "без шифрування"}


class _ElideMiddle(QStyledItemDelegate):
    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class OutboxDock(QDockWidget):
    def __init__(self, workspace: Workspace, sender: MailSender, parent: QMainWindow) -> None:
        super().__init__(TITLE, parent)
        self.setObjectName("outboxDock")
        self.workspace = workspace
        self.sender = sender
        self.form = load_form("outbox_panel", self)
        self.setWidget(self.form)
        find = self.form.findChild
        self.view: QTableView = find(QTableView, "outboxView")
        self.server: QLabel = find(QLabel, "serverLabel")
        self.send_button: QPushButton = find(QPushButton, "sendButton")
        self.retry_button: QPushButton = find(QPushButton, "retryButton")
        self.model = OutboxModel(self)
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column, width in ((OutboxModel.RECIPIENT, 190), (OutboxModel.SUBJECT, 330)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(column, width)
        header.setSectionResizeMode(OutboxModel.ERROR, QHeaderView.ResizeMode.Stretch)
        # Subjects differ only at the end (the period and the unit): keep both ends.
        self.subject_delegate = _ElideMiddle(self.view)
        self.view.setItemDelegateForColumn(OutboxModel.SUBJECT, self.subject_delegate)
        rows = self.view.verticalHeader()
        rows.hide()
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.toggleViewAction().setText("&Черга відправлення")

        # The status bar's «У черзі: N», a link that opens this dock.
        self.status_label = QLabel()
        self.status_label.setObjectName("outboxStatus")
        self.status_label.setToolTip("Відкрити чергу відправлення")
        self.status_label.linkActivated.connect(lambda _link: self.show_queue())

        self.send_button.clicked.connect(self.sender.send_now)
        self.retry_button.clicked.connect(self.retry)
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        sender.outboxChanged.connect(self.refresh)
        sender.finished.connect(lambda _result: self._update_buttons())
        self.refresh()

    def show_queue(self) -> None:
        self.show()
        self.raise_()
        self.view.setFocus()

    def current(self) -> OutboxItem | None:
        index = self.view.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def refresh(self) -> None:
        """Read the outbox again, keeping the selected letter selected."""
        selected = self.current()
        try:
            self.model.refresh(self.workspace.outbox)
            smtp = self.workspace.config.smtp
        except UserError as exc:
            self.server.setText(f"Не вдалося прочитати чергу: {exc}")
            return
        if selected is not None and (row := self.model.row_of(selected.id)) >= 0:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        if smtp.configured:
            login = f", вхід «{smtp.username}»" if smtp.username else ""
            self.server.setText(
                f"Сервер {smtp.host}:{smtp.port} ({SECURITY_TITLES.get(smtp.security, '')})"
                f"{login}, відправник {smtp.sender}. Спроби — щодві хвилини."
            )
        else:
            self.server.setText(
                "Пошту не налаштовано: «Файл → Налаштування… → Пошта та обмін». "
                "Листи чекатимуть у черзі."
            )
        summary = self.model.summary
        self.status_label.setText(f'<a href="outbox">{summary}</a>' if summary else "")
        self.status_label.setVisible(bool(summary))
        self._update_buttons()

    def retry(self) -> None:
        """A letter that failed for good goes back to the queue and is sent now."""
        item = self.current()
        if item is None or item.state != "failed":
            return
        try:
            self.workspace.outbox.requeue(item.id)
        except UserError as exc:
            QMessageBox.warning(self, TITLE, f"Лист №{item.id} не повернуто до черги: {exc}")
            return
        self.refresh()
        self.sender.send_now()

    def _update_buttons(self) -> None:
        item = self.current()
        self.retry_button.setEnabled(item is not None and item.state == "failed")
        self.send_button.setEnabled(not self.sender.running and self.model.waiting > 0)
        self.send_button.setText("Надсилання…" if self.sender.running else "Надіс&лати зараз")

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFloating():
            self.hide()
            return
        super().keyPressEvent(event)
