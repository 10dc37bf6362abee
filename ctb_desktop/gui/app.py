"""Starting the GUI: the QApplication, Ukrainian translations, the database, the window.

Before the window opens: the crash handler is installed (gui/crash.py), the database
file is claimed for this window (gui/instance.py) and given a quick integrity check. A
damaged file gets a dialog offering its latest sound backup or quitting, a file locked
by another program one offering to try again or quitting: never a crash, never a
loop of them. After opening, the day's first backup is taken, and an empty database
gets the first-start wizard (gui/first_start.py). A restore from
«Файл → Відновити з резервної копії…» closes the window; the database is then opened
again here in a fresh one. Ctrl+C in the terminal the app was started from closes the
window as «Вийти» does and ends with one line and 130 (gui/interrupt.py).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ctb_desktop import APP_NAME
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.exit_codes import EXIT_BUG, EXIT_INTERRUPTED, EXIT_USER_ERROR
from ctb_desktop.gui import crash
from ctb_desktop.gui.first_start import ANNEX, offer_first_start
from ctb_desktop.gui.instance import InstanceLock, claim
from ctb_desktop.gui.interrupt import LINE as INTERRUPTED_LINE
from ctb_desktop.gui.interrupt import Interrupt
from ctb_desktop.gui.main_window import MainWindow
from ctb_desktop.gui.open_file import open_in_window
from ctb_desktop.storage.backup import BackupInfo, daily_backup
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.locations import backups_dir
from ctb_desktop.storage.restore import diagnose, latest_good_backup, restore_backup

RESTORE, RETRY, QUIT = "restore", "retry", "quit"
log = logging.getLogger(__name__)


def install_translations(app: QApplication) -> None:
    """Qt's own texts (standard buttons, dialogs) in Ukrainian, whatever the system locale."""
    QLocale.setDefault(QLocale(QLocale.Language.Ukrainian, QLocale.Country.Ukraine))
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalogue in ("qtbase_uk",):
        translator = QTranslator(app)
        if translator.load(catalogue, translations):
            app.installTranslator(translator)


def create_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    install_translations(app)
    return app


@dataclass(frozen=True)
class StartupProblem:
    """What stops the database from opening: `kind` "damaged" (with the latest sound
    backup, if any) or "locked"."""

    kind: str
    message: str
    backup: BackupInfo | None = None


def startup_problem(
    db_path: Path, backups: Path | None = None, *, timeout: float = 2.0
) -> StartupProblem | None:
    problem = diagnose(db_path, timeout=timeout)
    if problem is None:
        return None
    backup = latest_good_backup(db_path, backups) if problem.kind == "damaged" else None
    return StartupProblem(problem.kind, problem.message, backup)


def ask_about_problem(problem: StartupProblem, parent: QWidget | None = None) -> str:
    """RESTORE, RETRY or QUIT, as the clerk chooses."""
    box = QMessageBox(parent)
    box.setWindowTitle(APP_NAME)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setText(f"{problem.message}.")
    choices: dict[object, str] = {}
    if problem.kind == "locked":
        box.setInformativeText(
            "Можливо, файл відкрито іншою програмою (копіювання, антивірус, інша копія "
            "ctb-desktop). Закрийте її і спробуйте ще раз."
        )
        choices[box.addButton("Спробувати &ще раз", QMessageBox.ButtonRole.AcceptRole)] = RETRY
    elif problem.backup is not None:
        backup = problem.backup
        box.setInformativeText(
            f"Можна відновити останню справну резервну копію — від {backup.created_text} "
            f"({backup.reason_title}). Пошкоджений файл буде збережено поруч із базою, "
            "нічого не буде видалено."
        )
        choices[box.addButton("&Відновити копію і відкрити", QMessageBox.ButtonRole.AcceptRole)] = (
            RESTORE
        )
    else:
        box.setInformativeText(
            f"Справної резервної копії цієї бази в папці «{backups_dir()}» немає. Файл "
            "залишено без змін. Зверніться до адміністратора або відкрийте інший файл: "
            "ctb-desktop --db ФАЙЛ."
        )
    quit_button = box.addButton("Ви&йти", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(next(iter(choices), quit_button))
    box.setEscapeButton(quit_button)
    box.exec()
    return choices.get(box.clickedButton(), QUIT)


def open_database(
    db_path: Path,
    *,
    ask: Callable[[StartupProblem], str] | None = None,
    backups: Path | None = None,
) -> Database | None:
    """The database, checked (and restored from a backup if the clerk says so), or
    None when the app should quit; every problem was shown to the clerk. `ask` is
    ask_about_problem unless a test answers instead."""
    ask = ask or ask_about_problem
    restored: set[Path] = set()
    while True:
        problem = startup_problem(db_path, backups)
        if problem is None:
            try:
                return Database.open(db_path)
            except UserError as exc:
                QMessageBox.critical(None, APP_NAME, str(exc))
                return None
        if problem.backup is not None and problem.backup.path in restored:
            problem = replace(problem, backup=None)  # it did not help: do not offer it again
        log.warning("database %s: %s", db_path, problem.message)
        choice = ask(problem)
        if choice == QUIT:
            return None
        if choice == RESTORE and problem.backup is not None:
            try:
                kept = restore_backup(problem.backup.path, db_path, backups)
            except UserError as exc:
                QMessageBox.critical(None, APP_NAME, str(exc))
                return None
            restored.add(problem.backup.path)
            log.info(
                "restored %s from %s; the damaged file kept as %s",
                db_path,
                problem.backup.path,
                kept,
            )


def take_daily_backup(db: Database, backups: Path | None = None) -> Path | None:
    """The day's first backup; a failure is said, and work goes on."""
    try:
        return daily_backup(db, backups)
    except UserError as exc:
        log.warning("daily backup failed: %s", exc)
        QMessageBox.warning(
            None, APP_NAME, f"{exc} Працювати з базою можна, але свіжої резервної копії немає."
        )
        return None


def bring_to_front(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()


def run(db_path: Path, open_path: Path | None = None) -> int:
    """The window on `db_path`; `open_path` (a package or a document to import) is
    opened in it once it is up (gui/open_file.py). Ctrl+C in the terminal closes the
    windows as «Вийти» does and ends with 130 (gui/interrupt.py)."""
    app = create_application()
    handler = crash.install()
    interrupt = Interrupt(app)
    interrupt.install()
    lock = InstanceLock(db_path)
    try:
        code = (
            _run_windows(app, db_path, lock, open_path, interrupt)
            if claim(lock)
            else EXIT_USER_ERROR
        )
    except Exception:
        # A bug before or between the windows: logged and shown, then the app ends —
        # a windowed program on Windows has no console to print it to. 70 is
        # EX_SOFTWARE, the command line's code for the same.
        handler.excepthook(*sys.exc_info())
        code = EXIT_BUG
    finally:
        lock.release()
        interrupt.uninstall()
        handler.uninstall()
    if interrupt.received:
        print(f"{APP_NAME}: {INTERRUPTED_LINE}", file=sys.stderr)
        return EXIT_INTERRUPTED
    return code


def _run_windows(
    app: QApplication,
    db_path: Path,
    lock: InstanceLock,
    open_path: Path | None = None,
    interrupt: Interrupt | None = None,
) -> int:
    """The window on the database; again after a restore from a backup closed it,
    unless Ctrl+C closed it."""
    shown: list[MainWindow] = []
    lock.raiseRequested.connect(lambda: shown and bring_to_front(shown[-1]))
    note = ""
    while True:
        db = open_database(db_path)
        if db is None:
            return EXIT_USER_ERROR
        try:
            take_daily_backup(db)
            started = offer_first_start(db)
            window = MainWindow(db, lock=lock.database_lock)
            shown[:] = [window]
            window.show()
            if started is not None and started.source == ANNEX:
                QTimer.singleShot(0, window.import_file)
            if note:
                QTimer.singleShot(0, lambda text=note, w=window: _tell(w, text))
            if open_path is not None:
                QTimer.singleShot(0, lambda path=open_path, w=window: open_in_window(w, path))
                open_path = None
            code = app.exec()
        finally:
            db.close()
        if not getattr(window, "reopen", False) or (interrupt and interrupt.received):
            return code
        note = getattr(window, "reopen_note", "")
        window.deleteLater()


def _tell(window: QWidget, text: str) -> None:
    window.statusBar().showMessage(text, 60000)
    QMessageBox.information(window, APP_NAME, text)
