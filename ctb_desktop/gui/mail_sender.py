"""Sending the outbox in the background while the window is open.

At start the letters a crash left «надсилається» are queued again (Outbox.recover);
then every two minutes, after a letter is queued, and on «Надіслати зараз» the due
letters are sent — one run at a time, as a quiet gui/jobs.Job. A SQLite connection is
used only on the thread that opened it, so the run is split (exchange/sending.py): the
due letters are claimed here on the GUI thread, the worker only talks SMTP and reports
each letter's outcome, and each outcome is settled here (sent / failed / retry) as it
arrives — between the server's "250" and the mark there is only the hop to the GUI
thread's event loop. Letters the run never reported on (it was stopped, or broke on a
bug) are released back to the queue. The outcome goes to the status bar; a modal box
only when the clerk asked for the sending. The password comes from the system's password store;
without one it is asked once and kept in memory until the app closes.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from ctb_desktop.domain.errors import UserError
from ctb_desktop.exchange.sending import (
    Letter,
    Outcome,
    SendResult,
    claim_due,
    load_password,
    release,
    settle,
    transmit,
)
from ctb_desktop.gui import crash
from ctb_desktop.gui.jobs import Job
from ctb_desktop.storage.config import SmtpSettings
from ctb_desktop.storage.workspace import Workspace

INTERVAL_MS = 2 * 60 * 1000
TITLE = "Надсилання пошти"


class _Run:
    """One sending run between the GUI thread and its worker: the letters claimed for
    it, the outcomes the worker reported (appended there, settled here in order), and
    the tally."""

    def __init__(self, smtp: SmtpSettings, letters: list[Letter], loud: bool) -> None:
        self.smtp = smtp
        self.letters = letters
        self.loud = loud
        self.arrived: list[Outcome] = []  # the worker appends, the GUI thread reads
        self.settled = 0
        self.result = SendResult()
        self.error = ""
        self.problems: list[str] = []

    def unreported(self) -> list[Letter]:
        reported = {outcome.letter.item.id for outcome in self.arrived}
        return [letter for letter in self.letters if letter.item.id not in reported]


class MailSender(QObject):
    """`outboxChanged`: the outbox's rows changed (read it again); `reported`: a line
    for the status bar; `settingsRequested`: the clerk chose to fill in the mail
    settings; `finished`: a sending run ended (with its SendResult, or None)."""

    outboxChanged = Signal()
    reported = Signal(str)
    settingsRequested = Signal()
    finished = Signal(object)
    _arrived = Signal()  # the worker reported an outcome; delivered on the GUI thread

    def __init__(self, workspace: Workspace, parent: QWidget) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.window = parent
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(lambda: self.send(quiet=True))
        self.soon = QTimer(self)  # a run at start, and again after a busy one
        self.soon.setSingleShot(True)
        self.soon.timeout.connect(lambda: self.send(quiet=True))
        self.job: Job | None = None
        self.run: _Run | None = None
        self._arrived.connect(self._on_arrived)
        self._again = False
        self._closing = False
        self._passwords: dict[tuple[str, str], str] = {}
        self._asked: set[tuple[str, str]] = set()

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(self) -> None:
        """Once per window: letters a crash left half-sent go back to the queue, then the
        queue is tried now and every two minutes."""
        try:
            recovered = self.workspace.outbox.recover()
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
        """The window closes: no new runs; a run under way stops after the letter on
        the line (within the server's timeout), and what it did is settled now, the
        letters it did not reach released, so no letter is left half-marked."""
        self.timer.stop()
        self.soon.stop()
        self._again = False
        if self.job is not None:
            self._closing = True
            try:
                self.job.cancel()
                self.job.wait()  # delivers the end at once: _on_job_finished has run
            finally:
                self._closing = False

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
            self.workspace.outbox.hurry()
        except UserError as exc:
            self._say(False, f"Не вдалося прочитати чергу відправлення: {exc}")
            return False
        return self.send(quiet=False)

    def send(self, *, quiet: bool) -> bool:
        """Start a run if there is something due and a way to send it; True if started."""
        if self.job is not None:
            self._again = True
            if not quiet:
                if self.run is not None:
                    self.run.loud = True
                self.reported.emit("Надсилання вже триває…")
            return False
        try:
            smtp = self.workspace.config.smtp
            due = self.workspace.outbox.due(datetime.now(UTC)) if smtp.configured else []
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
        try:
            letters = claim_due(self.workspace.outbox, smtp, password)
        except UserError as exc:
            self._say(quiet, f"Листи не надіслано: {exc}")
            return False
        if not letters:  # another window took them meanwhile
            if not quiet:
                self.reported.emit(self._nothing_due())
            return False
        self._run(_Run(smtp, letters, loud=not quiet), password)
        return True

    # ------------------------------------------------------------------ the run

    def _run(self, run: _Run, password: str | None) -> None:
        """The claimed letters go over the line on a worker; nothing there touches the
        database."""

        def report(outcome: Outcome) -> None:  # on the worker
            run.arrived.append(outcome)
            self._arrived.emit()

        def work(progress) -> None:
            transmit(run.smtp, password, run.letters, report, progress)

        self.run = run
        self.job = Job(self.window, TITLE, work, dialog=False)
        self.job.failed.connect(lambda message: setattr(run, "error", message))
        self.job.finished.connect(self._on_job_finished)
        self.reported.emit(f"Надсилання листів через {run.smtp.host}…")
        self.outboxChanged.emit()  # the outbox shows that a run is under way
        self.job.start()

    def _on_arrived(self) -> None:
        if self.run is not None:
            self._settle(self.run)
            self.outboxChanged.emit()

    def _settle(self, run: _Run) -> None:
        """Write down every outcome that has arrived and is not written yet. A letter
        whose state cannot be written stays «надсилається» until the next start."""
        while run.settled < len(run.arrived):
            outcome = run.arrived[run.settled]
            run.settled += 1
            try:
                settle(self.workspace.outbox, outcome, run.result)
            except UserError as exc:
                run.problems.append(f"Не вдалося записати стан листа: {exc}")
            except Exception as exc:  # a bug: logged and shown; the run still ends
                crash.report(sys.exc_info())
                run.problems.append(crash.bug_message(exc))

    def _on_job_finished(self) -> None:
        run, job = self.run, self.job
        self.run = self.job = None
        job.deleteLater()
        self._settle(run)
        try:
            release(self.workspace.outbox, run.unreported())
        except UserError as exc:
            run.problems.append(f"Не вдалося повернути листи до черги: {exc}")
        except Exception as exc:  # a bug: logged and shown; the run still ends
            crash.report(sys.exc_info())
            run.problems.append(crash.bug_message(exc))
        self._report(run, loud=run.loud and not self._closing)
        if self._again and not self._closing:
            self._again = False
            self.soon.start(0)

    def _report(self, run: _Run, loud: bool) -> None:
        result = run.result
        self.outboxChanged.emit()
        if run.error:
            if run.arrived:  # some letters were dealt with before it broke
                self._say(not loud, f"Надсилання перервано ({result.summary}): {run.error}")
            else:
                self._say(not loud, f"Листи не надіслано: {run.error}")
            self.finished.emit(None)
            return
        if result.login_refused:
            # A refused login: the password kept in memory is wrong.
            self._passwords.pop(_key(run.smtp), None)
            self._asked.discard(_key(run.smtp))
        problems = [line for line in result.messages if not line.endswith(": надіслано")]
        problems = run.problems + problems
        self.reported.emit(" — ".join([result.summary, *problems[:1]]))
        if loud and (result.failed or result.retried or run.problems):
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                TITLE,
                result.summary,
                QMessageBox.StandardButton.Close,
                self.window,
            )
            box.setInformativeText("\n".join(run.problems + result.messages))
            box.setObjectName("sendResultBox")
            box.open()
        self.finished.emit(result)

    def _nothing_due(self) -> str:
        retries = [
            item.next_attempt_at
            for item in self.workspace.outbox.list()
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
            f"У базі «{self.workspace.path.name}» не налаштовано сервер вихідної пошти (SMTP) "
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
