"""Slow work off the GUI thread. A job is a plain function `work(progress)`; it runs on a
worker thread, reports through domain.progress.Progress, and its result or error comes
back to the GUI thread by signal. The progress dialog appears only if the job takes
longer than half a second, so quick jobs do not flicker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.progress import Cancelled, Progress

SHOW_AFTER_MS = 500


class _Worker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work
        self.progress = Progress(self.progressed.emit)

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except Cancelled:
            self.cancelled.emit()
        except UserError as exc:
            self.failed.emit(str(exc))
        else:
            self.succeeded.emit(result)


class Job(QObject):
    """One run of `work` with a progress dialog; `finished` fires once, whatever the outcome."""

    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, parent: QWidget, title: str, work: Callable[[Progress], Any]) -> None:
        super().__init__(parent)
        self.dialog = QProgressDialog(title, "Скасувати", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.thread = QThread(self)
        self.worker = _Worker(work)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._on_progress)
        self.worker.succeeded.connect(self.succeeded)
        self.worker.failed.connect(self.failed)
        self.worker.cancelled.connect(self.cancelled)
        for signal in (self.worker.succeeded, self.worker.failed, self.worker.cancelled):
            signal.connect(self._done)
        self.dialog.canceled.connect(self.worker.progress.cancel)

    def start(self) -> None:
        self.thread.start()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        if text:
            self.dialog.setLabelText(text)

    def _done(self) -> None:
        self.dialog.reset()
        self.dialog.hide()
        self.thread.quit()
        self.thread.wait()
        self.finished.emit()
