"""Slow work off the GUI thread. A job is a plain function `work(progress)`; it runs on a
worker thread, reports through domain.progress.Progress, and its result or error comes
back to the GUI thread by signal. The progress dialog appears only if the job takes
longer than half a second, so quick jobs do not flicker; a job started with
`dialog=False` (the background mail sending) has none.

Every job ends, whatever its work does: a UserError is a failure with its own text, a
bug is a failure too — logged with its traceback and shown by gui/crash.py — so the
dialog, the thread and the window's busy state never outlive the work.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.progress import Cancelled, Progress
from ctb_desktop.gui import crash

SHOW_AFTER_MS = 500
SUCCEEDED, FAILED, CANCELLED = "succeeded", "failed", "cancelled"
INTERRUPTED = "Непередбачена помилка: роботу перервано. Подробиці записано до журналу програми"


class _Worker(QObject):
    """Runs `work` on the job's thread and keeps its outcome; `ended` fires once, after
    the outcome is set, whatever happened."""

    progressed = Signal(int, int, str)
    ended = Signal()

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work
        self.progress = Progress(self.progressed.emit)
        self.outcome: tuple[str, Any] | None = None

    def run(self) -> None:
        try:
            self.outcome = self._outcome()
        finally:  # even for what _outcome let through: the job still ends
            self.ended.emit()

    def _outcome(self) -> tuple[str, Any]:
        try:
            result = self.work(self.progress)
        except Cancelled:
            return CANCELLED, None
        except UserError as exc:
            return FAILED, str(exc)
        except Exception as exc:  # a bug: logged and shown, and the job fails
            crash.report(sys.exc_info())
            return FAILED, crash.bug_message(exc)
        return SUCCEEDED, result


class Job(QObject):
    """One run of `work`, with a progress dialog unless `dialog=False`; exactly one of
    `succeeded`, `failed`, `cancelled` fires, then `finished`, whatever the outcome —
    after the progress dialog has closed and the thread has stopped."""

    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[Progress], Any],
        *,
        dialog: bool = True,
    ) -> None:
        super().__init__(parent)
        self.dialog: QProgressDialog | None = None
        self.thread = QThread(self)
        self.worker = _Worker(work)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._on_progress)
        self.worker.ended.connect(self._end)
        self._started = self._ended = False
        if dialog:
            self.dialog = QProgressDialog(title, "Скасувати", 0, 0, parent)
            self.dialog.setWindowTitle(title)
            self.dialog.setMinimumDuration(SHOW_AFTER_MS)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.cancel)

    @property
    def running(self) -> bool:
        """Started, and its outcome not delivered yet."""
        return self._started and not self._ended

    def start(self) -> None:
        self._started = True
        self.thread.start()

    def cancel(self) -> None:
        """Ask the work to stop; it does at its next progress step."""
        self.worker.progress.cancel()

    def wait(self) -> None:
        """Block until the work returns, then deliver its outcome now rather than from
        the event loop (a window that closes cannot wait for that)."""
        if self._started:
            self._end()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self.dialog is None:
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        if text:
            self.dialog.setLabelText(text)

    def _end(self) -> None:
        if self._ended:
            return  # wait() delivered it already
        self._ended = True
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.hide()
        self.thread.quit()
        self.thread.wait()
        kind, value = self.worker.outcome or (FAILED, INTERRUPTED)
        if kind == SUCCEEDED:
            self.succeeded.emit(value)
        elif kind == CANCELLED:
            self.cancelled.emit()
        else:
            self.failed.emit(value)
        self.finished.emit()
