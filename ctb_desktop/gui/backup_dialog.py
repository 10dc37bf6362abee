"""«Файл → Відновити з резервної копії…»: the copies of this database, newest first,
with their date, reason and size. «Відновити…» puts the chosen one back after asking;
«Створити копію зараз» takes one.

Restoring replaces the file the window has open, so the window closes first (saving
what is being typed), the database is closed, the file replaced, and gui/app.run()
opens the database again in a fresh window, which says what happened. Nothing is lost:
the state before the restore is kept as a copy of its own ("перед відновленням").

A quick look without the main window: python -m ctb_desktop.gui.backup_dialog FILE
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ctb_desktop import APP_NAME
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.wording import Forms, count, plural_form
from ctb_desktop.gui.forms import load_form
from ctb_desktop.operations.backups import restore
from ctb_desktop.storage.backup import BackupInfo, create_backup, keep_setting, list_backups
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.locations import backups_dir
from ctb_desktop.storage.restore import check_backup

log = logging.getLogger(__name__)

LAST_COPIES: Forms = ("остання копія", "останні копії", "останніх копій")
ARE_KEPT: Forms = ("зберігається", "зберігаються", "зберігаються")


def kept_text(keep: int) -> str:
    """«зберігається 1 остання копія», «зберігаються 3 останні копії», «… 10 останніх копій»."""
    return f"{plural_form(keep, ARE_KEPT)} {count(keep, LAST_COPIES)}"


class BackupDialog(QDialog):
    """After exec(), `chosen` is the copy the clerk confirmed to restore, or None."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, folder: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.folder = Path(folder) if folder is not None else backups_dir()
        self.chosen: BackupInfo | None = None
        self.backups: list[BackupInfo] = []
        self.setWindowTitle("Резервні копії бази даних")
        self.form = load_form("backup_dialog", self)
        QVBoxLayout(self).addWidget(self.form)
        find = self.form.findChild
        self.folder_label: QLabel = find(QLabel, "folderLabel")
        self.tree: QTreeWidget = find(QTreeWidget, "backupsTree")
        self.create_button: QPushButton = find(QPushButton, "createButton")
        self.restore_button: QPushButton = find(QPushButton, "restoreButton")
        buttons: QDialogButtonBox = find(QDialogButtonBox, "buttons")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("&Закрити")
        buttons.rejected.connect(self.reject)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.create_button.clicked.connect(self.create_now)
        self.restore_button.clicked.connect(self.restore_chosen)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemActivated.connect(lambda _item, _column: self.restore_chosen())
        self.resize(620, 380)
        self.refresh()

    def refresh(self, select: Path | None = None) -> None:
        self.backups = list_backups(self.folder, self.db.path)
        self.tree.clear()
        for info in self.backups:
            item = QTreeWidgetItem([info.created_text, info.reason_title, info.size_text])
            item.setToolTip(0, str(info.path))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
            if info.path == select:
                self.tree.setCurrentItem(item)
        if self.tree.currentItem() is None and self.backups:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        keep = keep_setting(self.db.connection)
        text = (
            f"Копії бази «{self.db.path.name}» у папці «{self.folder}». Копію створено "
            "автоматично перед оновленням програми, перед кожним імпортом і щодня під час "
            f"першого запуску; {kept_text(keep)}."
        )
        if not self.backups:
            text += " Копій цієї бази ще немає."
        self.folder_label.setText(text)
        self._update_buttons()

    def current(self) -> BackupInfo | None:
        item = self.tree.currentItem()
        return self.backups[self.tree.indexOfTopLevelItem(item)] if item is not None else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.current() is not None)

    def create_now(self) -> Path | None:
        try:
            path = create_backup(self.db, "manual", self.folder)
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return None
        self.refresh(select=path)
        return path

    def restore_chosen(self) -> None:
        info = self.current()
        if info is None:
            return
        problem = check_backup(info.path)
        if problem:
            QMessageBox.warning(self, APP_NAME, f"{problem}. Оберіть іншу копію.")
            self.refresh()
            return
        answer = QMessageBox.question(
            self,
            APP_NAME,
            f"Відновити базу даних з копії від {info.created_text} ({info.reason_title})?\n\n"
            "Усе, що внесено після цього, буде замінено вмістом копії. Поточний стан бази "
            "збережеться як окрема копія «перед відновленням», тож і цей крок можна "
            "скасувати.\n\nВікно програми закриється і відкриється знову.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.chosen = info
            self.accept()


def restore_from_backup(window) -> bool:
    """The menu action of the main window (anything with .db, .editor, .instance_lock
    and close()):
    choose a copy, then restore it; True if the window closed for the restore."""
    window.editor.flush()
    dialog = BackupDialog(window.db, window)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return False
    restore_and_reopen(window, dialog.chosen.path)
    return True


def restore_and_reopen(window, backup_path: Path, folder: Path | None = None) -> None:
    """Close `window` and its database, put the copy in place, and leave run() a note
    (window.reopen, window.reopen_note) to open the database again and say how it went.

    The restore is the command line's (operations.backups.restore); the window holds
    the database's lock, so it hands that over instead of being refused by itself."""
    db: Database = window.db
    window.reopen = True
    if not window.close():
        window.reopen = False
        return
    db.close()
    try:
        kept = restore(db.path, Path(backup_path), folder, lock=window.instance_lock).kept
    except UserError as exc:
        log.warning("restore of %s failed: %s", backup_path, exc)
        window.reopen_note = f"Базу даних не відновлено. {exc}"
        return
    log.info("restored %s from %s; the previous state kept as %s", db.path, backup_path, kept)
    window.reopen_note = f"Базу даних відновлено з резервної копії «{Path(backup_path).name}»." + (
        f" Стан перед відновленням збережено як «{kept}»." if kept else ""
    )


if __name__ == "__main__":
    application = QApplication(sys.argv[:1])
    with Database.open(Path(sys.argv[1]), create=False) as database:
        preview = BackupDialog(database)
        preview.exec()
        print(preview.chosen)
