"""Ctrl+C in the terminal the window was started from: the windows close as «Вийти»
closes them (typed text saved, a question asked in closing still asked), the
database's lock is released, one Ukrainian line goes to stderr and the program ends
with 130 (domain/exit_codes.py), the code the command line ends with on Ctrl+C.

Python runs a signal's handler only between its own bytecodes, and while Qt's event
loop waits for events no Python runs at all: a timer wakes the interpreter twice a
second so the handler gets its turn. Without a handler of ours, Ctrl+C raised
KeyboardInterrupt inside whatever slot ran next, and Qt printed a traceback.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

TICK_MS = 500
LINE = "перервано (Ctrl+C). Вікно закрито так само, як командою «Вийти»: набране збережено в базі"


class Interrupt(QObject):
    """SIGINT turned into closing the windows; `received` once it has come and the
    windows were asked to close (again False if one refused, and work goes on)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.received = False
        self._previous: signal.Handlers | int | None = None
        self._installed = False
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(lambda: None)  # only to let Python run the handler

    def install(self) -> None:
        """Handle SIGINT from now on; only the main thread may set a signal's handler."""
        if threading.current_thread() is not threading.main_thread():
            return
        self._previous = signal.signal(signal.SIGINT, self.handle)
        self._installed = True
        self._tick.start()

    def uninstall(self) -> None:
        self._tick.stop()
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)
            self._installed = False

    def handle(self, _signum: int, _frame: FrameType | None) -> None:
        """The signal's handler: the closing itself runs from the event loop, not in the
        middle of whatever Python code the signal interrupted."""
        if not self.received:
            self.received = True
            QTimer.singleShot(0, self.close_windows)

    def close_windows(self) -> None:
        """Cancel the open dialogs one by one (the code that opened one may open
        another), then close the windows. A question that cannot be cancelled waits
        for the clerk's answer; a window that refuses to close stays, and work goes on."""
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.close()
            QTimer.singleShot(TICK_MS if modal.isVisible() else 0, self.close_windows)
            return
        QApplication.closeAllWindows()
        if any(widget.isVisible() for widget in QApplication.topLevelWidgets()):
            self.received = False
