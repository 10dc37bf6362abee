"""Sending the outbox in the background while the window is open.

At start the letters a crash left «надсилається» are queued again (Outbox.recover);
then every two minutes, after a letter is queued, and on «Надіслати зараз» the due
letters are sent by exchange.sending.send_due on a worker thread with its own database
connection — one run at a time. The outcome goes to the status bar; a modal box only
when the clerk asked for the sending. The password comes from the system's password
store; without one it is asked once and kept in memory until the app closes.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from ctb_desktop.domain.errors import UserError
from ctb_desktop.exchange.sending import SendResult, load_password, send_due
from ctb_desktop.storage.config import Config, SmtpSettings
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.outbox import Outbox

INTERVAL_MS = 2 * 60 * 1000
TITLE = "Надсилання пошти"
log = logging.getLogger(__name__)


class _SendWorker(QObject):
    """send_due on the worker thread; SQLite connections belong to their thread, so
    the worker opens its own and closes it."""

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, db_path: Path, smtp: SmtpSettings, password: str | None) -> None:
        super().__init__()
        self.db_path = db_path
        self.smtp = smtp
        self.password = password

    def run(self) -> None:
        try:
            with Database.open(self.db_path, create=False) as db:
                result = send_due(db, self.smtp, self.password)
        except UserError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: logged, and the run still ends
            log.exception("sending the outbox failed")
            self.failed.emit(f"Непередбачена помилка під час надсилання: {exc}")
        else:
            self.succeeded.emit(result)


class MailSender(QObject):
    """`outboxChanged`: the outbox's rows changed (read it again); `reported`: a line
    for the status bar; `settingsRequested`: the clerk chose to fill in the mail
    settings; `finished`: a sending run ended (with its SendResult, or None)."""

    outboxChanged = Signal()
    reported = Signal(str)
    settingsRequested = Signal()
    finished = Signal(object)

    def __init__(self, db: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self.db = db
        self.window = parent
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(lambda: self.send(quiet=True))
        self.soon = QTimer(self)  # a run at start, and again after a busy one
        self.soon.setSingleShot(True)
        self.soon.timeout.connect(lambda: self.send(quiet=True))
        self.send_thread: QThread | None = None
        self.worker: _SendWorker | None = None
        self._again = False
        self._loud = False
        self._passwords: dict[tuple[str, str], str] = {}
        self._asked: set[tuple[str, str]] = set()
        self._smtp = SmtpSettings()

    @property
    def running(self) -> bool:
        return self.send_thread is not None

    def start(self) -> None:
        """Once per window: letters a crash left half-sent go back to the queue, then the
        queue is tried now and every two minutes."""
        try:
            recovered = Outbox(self.db).recover()
        except UserError as exc:
            self.reported.emit(f"Черга відправлення: {exc}")
            recovered = 0
        if recovered:
            self.reported.emit(
                f"Повернуто до черги листів, надсилання яких перервалося: {recovered}"
            )
        self.outboxChanged.emit()
        self.timer.start()
        self.soon.start(0)

    def stop(self) -> None:
        """The window closes: no new runs; a run under way ends first (within the
        server's timeout), so no letter is left half-marked."""
        self.timer.stop()
        self.soon.stop()
        self._again = False
        if self.send_thread is not None:
            # What the run did is in the database already; its report is not awaited.
            self.worker.succeeded.disconnect(self._on_succeeded)
            self.worker.failed.disconnect(self._on_failed)
            self.send_thread.quit()
            self.send_thread.wait()
            self.send_thread = self.worker = None

    def queued(self) -> None:
        """A letter was just queued: show it and try to send it at once."""
        self.outboxChanged.emit()
        self.send(quiet=True)

    def remember_password(self, smtp: SmtpSettings, password: str) -> None:
        """A password the system could not store: used until the app closes."""
        self._passwords[_key(smtp)] = password

    def send_now(self) -> bool:
        """«Надіслати зараз»: letters waiting to retry go too; what cannot be done is
        said in a message box."""
        try:
            Outbox(self.db).hurry()
        except UserError as exc:
            self._say(False, f"Не вдалося прочитати чергу відправлення: {exc}")
            return False
        return self.send(quiet=False)

    def send(self, *, quiet: bool) -> bool:
        """Start a run if there is something due and a way to send it; True if started."""
        if self.send_thread is not None:
            self._again = True
            if not quiet:
                self._loud = True
                self.reported.emit("Надсилання вже триває…")
            return False
        try:
            smtp = Config(self.db).smtp
            due = Outbox(self.db).due(datetime.now(UTC)) if smtp.configured else []
        except UserError as exc:
            self._say(quiet, f"Не вдалося прочитати чергу відправлення: {exc}")
            return False
        if not smtp.configured:
            if not quiet:
                self._offer_settings()
            return False
        if not due:
            if not quiet:
                self.reported.emit(self._nothing_due())
            return False
        password = self._password(smtp, quiet)
        if smtp.username and password is None:
            return False
        self._loud = not quiet
        self._run(smtp, password)
        return True

    # ------------------------------------------------------------------ the run

    def _run(self, smtp: SmtpSettings, password: str | None) -> None:
        self.send_thread = QThread(self)
        self.worker = _SendWorker(self.db.path, smtp, password)
        self.worker.moveToThread(self.send_thread)
        self.send_thread.started.connect(self.worker.run)
        self._smtp = smtp
        # Bound methods of this object: the results arrive on the GUI thread.
        self.worker.succeeded.connect(self._on_succeeded)
        self.worker.failed.connect(self._on_failed)
        self.reported.emit(f"Надсилання листів через {smtp.host}…")
        self.outboxChanged.emit()  # the outbox shows that a run is under way
        self.send_thread.start()

    def _on_succeeded(self, result: SendResult) -> None:
        self._done(result, "")

    def _on_failed(self, message: str) -> None:
        self._done(None, message)

    def _done(self, result: SendResult | None, error: str) -> None:
        smtp = self._smtp
        self.send_thread.quit()
        self.send_thread.wait()
        self.send_thread.deleteLater()
        self.send_thread = self.worker = None
        loud, self._loud = self._loud, False
        self.outboxChanged.emit()
        if result is None:
            self._say(not loud, f"Листи не надіслано: {error}")
        else:
            if result.login_refused:
                # A refused login: the password kept in memory is wrong.
                self._passwords.pop(_key(smtp), None)
                self._asked.discard(_key(smtp))
            problems = [line for line in result.messages if not line.endswith(": надіслано")]
            self.reported.emit(" — ".join([result.summary, *problems[:1]]))
            if loud and (result.failed or result.retried):
                box = QMessageBox(
                    QMessageBox.Icon.Warning,
                    TITLE,
                    result.summary,
                    QMessageBox.StandardButton.Close,
                    self.window,
                )
                box.setInformativeText("\n".join(result.messages))
                box.setObjectName("sendResultBox")
                box.open()
        self.finished.emit(result)
        if self._again:
            self._again = False
            self.soon.start(0)

    def _nothing_due(self) -> str:
        retries = [
            item.next_attempt_at
            for item in Outbox(self.db).list()
            if item.state == "queued" and item.next_attempt_at is not None
        ]
        if retries:
            return (
                f"Листи чекають повторної спроби; найближча — о {min(retries).astimezone():%H:%M}"
            )
        return "Немає листів, яким настав час надсилання"

    # ------------------------------------------------------------------ asking

    def _password(self, smtp: SmtpSettings, quiet: bool) -> str | None:
        """From memory, the password store, or — once per session unless the clerk asks
        to send — from the clerk."""
        if not smtp.username:
            return None
        key = _key(smtp)
        if key in self._passwords:
            return self._passwords[key]
        stored = load_password(smtp)
        if stored:
            return stored
        if quiet and key in self._asked:
            return None
        self._asked.add(key)
        password, ok = QInputDialog.getText(
            self.window,
            "Пароль до пошти",
            f"Пароль до поштової скриньки «{smtp.username}» на сервері {smtp.host}:\n"
            "(він не збережений у сховищі паролів системи; програма пам'ятатиме його "
            "до закриття)",
            QLineEdit.EchoMode.Password,
        )
        if not ok or not password:
            self.reported.emit("Листи не надіслано: не введено пароль до пошти")
            return None
        self._passwords[key] = password
        return password

    def _offer_settings(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            TITLE,
            f"У базі «{self.db.path.name}» не налаштовано сервер вихідної пошти (SMTP) "
            "або адресу відправника, тож листи з черги надіслати нікуди.",
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        settings = box.addButton("Відкрити &налаштування…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Закрити", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is settings:
            self.settingsRequested.emit()

    def _say(self, quiet: bool, message: str) -> None:
        self.reported.emit(message)
        if not quiet:
            QMessageBox.warning(self.window, TITLE, message)


def _key(smtp: SmtpSettings) -> tuple[str, str]:
    return smtp.host.strip().lower(), smtp.username
