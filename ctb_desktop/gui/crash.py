"""Unexpected errors in the window: logged, shown, survived.

install() sends every exception nobody caught — in a slot, in a worker thread — to
the log file (logs/ctb-desktop.log in the user's data folder, 1 MB × 5 files) and to a
dialog «Сталася непередбачена помилка» with the short message, «Копіювати подробиці»
(traceback, app version, system) and «Продовжити». Qt carries on after a slot raised,
so the app keeps running; what was typed before is in the database already. A
UserError that escaped is the environment's fault, not a bug: its Ukrainian text is
shown as a plain warning.

A bug caught elsewhere — a job's worker turns one into a failed job — goes the same
way through report(); without the handler (tests, before install) it is only logged.
bug_message() is the line a failed job shows for it.

While the dialog is open, further errors are only logged, so a timer that keeps
failing cannot bury the clerk under dialogs. The dialog is built in code rather than
from ui/: it must show even when loading a form is what failed.
"""

from __future__ import annotations

import platform
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ctb_desktop import APP_NAME, __version__
from ctb_desktop.domain.errors import UserError
from ctb_desktop.storage.applog import ExcInfo, log, remove_log_handlers, setup_logging

TITLE = "Сталася непередбачена помилка"


def details(exc_info: ExcInfo) -> str:
    """What a developer needs: the traceback, the versions, the system."""
    trace = "".join(traceback.format_exception(*exc_info))
    return (
        f"{APP_NAME} {__version__}\n"
        f"Час: {datetime.now().astimezone():%Y-%m-%d %H:%M:%S %z}\n"
        f"Система: {platform.platform()}\n"
        f"Python {platform.python_version()}, PySide6 {pyside_version}\n\n"
        f"{trace}"
    )


def short_message(exc: BaseException) -> str:
    text = str(exc).strip() or "(без опису)"
    if len(text) > 300:
        text = text[:300] + "…"
    return f"{type(exc).__name__}: {text}"


class CrashDialog(QDialog):
    def __init__(self, message: str, details: str, log_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(f"{APP_NAME} — помилка")
        self.setObjectName("crashDialog")
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{TITLE}</b>")
        layout.addWidget(title)
        self.message_label = QLabel(message)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message_label)
        advice = QLabel(
            "Програма працює далі; усе, що ви внесли раніше, збережено в базі даних. "
            f"Подробиці записано до журналу «{log_path}». Якщо помилка повторюється, "
            "скопіюйте подробиці й надішліть їх тим, хто супроводжує програму."
        )
        advice.setWordWrap(True)
        layout.addWidget(advice)
        self.details_view = QPlainTextEdit(details)
        self.details_view.setReadOnly(True)
        self.details_view.setMinimumSize(560, 160)
        layout.addWidget(self.details_view)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("&Копіювати подробиці")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.continue_button = QPushButton("&Продовжити")
        self.continue_button.setDefault(True)
        buttons.addButton(self.continue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText("Скопійовано")


class CrashHandler(QObject):
    """sys.excepthook and threading.excepthook while installed; errors from other
    threads are shown by the GUI thread."""

    _reported = Signal(object)

    def __init__(self, log_path: Path) -> None:
        super().__init__()
        self.log_path = log_path
        self.dialog: CrashDialog | None = None
        self.warning: QMessageBox | None = None
        self.swallowed = 0
        self._previous = (sys.excepthook, threading.excepthook)
        self._reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        global _installed  # noqa: PLW0603 (the one handler report() hands bugs to)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        _installed = self

    def uninstall(self) -> None:
        global _installed  # noqa: PLW0603
        sys.excepthook, threading.excepthook = self._previous
        if _installed is self:
            _installed = None
        remove_log_handlers()

    def excepthook(
        self, kind: type[BaseException], exc: BaseException, trace: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            self._previous[0](kind, exc, trace)
            return
        if isinstance(exc, UserError):
            log.warning("unhandled user error: %s", exc, exc_info=(kind, exc, trace))
        else:
            log.error("unexpected error", exc_info=(kind, exc, trace))
        app = QApplication.instance()
        if app is None:
            self._previous[0](kind, exc, trace)
        elif QThread.currentThread() is app.thread():
            self._show((kind, exc, trace))
        else:
            self._reported.emit((kind, exc, trace))

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, exc_info: ExcInfo) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.swallowed += 1
            return
        parent = QApplication.activeWindow()
        exc = exc_info[1]
        if isinstance(exc, UserError):
            # Kept: a box without a parent would go with its last Python reference.
            self.warning = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, str(exc), parent=parent)
            self.warning.open()
            return
        self.dialog = CrashDialog(short_message(exc), details(exc_info), self.log_path, parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget_dialog)
        if QThread.currentThread().loopLevel() == 0:
            self.dialog.exec()  # before the event loop runs, only a modal loop shows it
        else:
            self.dialog.open()

    def _forget_dialog(self) -> None:
        self.dialog = None


_installed: CrashHandler | None = None


def report(exc_info: ExcInfo) -> None:
    """A bug that was caught rather than left to escape (a job's worker turns it into a
    failed job): logged with its traceback and, while the handler is installed, shown in
    the dialog like any other. From any thread."""
    handler = _installed
    if handler is not None:
        handler.excepthook(*exc_info)
    else:
        log.error("unexpected error", exc_info=exc_info)


def bug_message(exc: BaseException) -> str:
    """The clerk's line for a failed job whose failure is a bug."""
    text = short_message(exc).rstrip(".")
    return f"Непередбачена помилка: {text}. Подробиці записано до журналу програми"


def install(log_folder: Path | None = None) -> CrashHandler:
    """Log to the user's log folder and show unexpected errors from now on."""
    handler = CrashHandler(setup_logging(log_folder))
    handler.install()
    log.info("%s %s started on %s", APP_NAME, __version__, platform.platform())
    return handler
