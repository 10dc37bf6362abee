"""One window per database file.

Two windows writing the same file would each show a state the other has changed. The
first start takes the database's lock (storage/lock.py); a second start on the same
file finds it taken, asks the first window to come to the front (through a
QLocalServer named after the database) and says so. The lock dies with its process,
so a crash never locks the clerk out. `ctb-desktop backup restore` takes the same
lock, so it never replaces a file a window has open.

Raising the first window needs QtNetwork; without it (a bundle that leaves it out) the
second start only explains.

A database on a network share may be locked from another computer: then the start
says which computer, user and since when, and offers «Відкрити все одно» — a laptop
that crashed leaves its lock on the file server until its session times out.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ctb_desktop import APP_NAME
from ctb_desktop.storage.lock import DatabaseLock, Holder

try:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket
except ImportError:  # a bundle built without QtNetwork: the lock alone still works
    QLocalServer = QLocalSocket = None  # type: ignore[assignment,misc]

log = logging.getLogger(__name__)


class InstanceLock(QObject):
    """`raiseRequested`: another start on the same database asked this one to show
    its window (after listen())."""

    raiseRequested = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self._lock = DatabaseLock(self.db_path)
        self.lock_path = self._lock.path
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True if this process now holds the database (see DatabaseLock.acquire)."""
        return self._lock.acquire()

    def holder(self) -> int | None:
        return self._lock.holder()

    def holder_info(self) -> Holder | None:
        return self._lock.holder_info()

    @property
    def database_lock(self) -> DatabaseLock:
        """The lock itself, for what this window does under it (a restore)."""
        return self._lock

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.release()

    # ------------------------------------------------------------------ the first window

    def listen(self) -> bool:
        """Take requests to raise the window; call after acquire() succeeded."""
        if QLocalServer is None:
            return False
        name = server_name(self.db_path)
        # A socket file a killed process left: this process holds the lock, so it is ours.
        QLocalServer.removeServer(name)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        if not self._server.listen(name):
            log.warning("cannot listen on %s: %s", name, self._server.errorString())
            return False
        return True

    def _on_connection(self) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            self._server.nextPendingConnection().deleteLater()
            self.raiseRequested.emit()

    # ------------------------------------------------------------------ a second start

    def notify_running(self, timeout_ms: int = 1000) -> bool:
        """Ask the window holding the database to come to the front; True if it heard."""
        if QLocalSocket is None:
            return False
        socket = QLocalSocket()
        socket.connectToServer(server_name(self.db_path))
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(b"raise\n")
        socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return True


def server_name(db_path: Path) -> str:
    """The same for every start on one file by one user, whatever path spells it."""
    try:
        resolved = str(Path(db_path).resolve())
    except OSError:
        resolved = os.path.abspath(db_path)
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    key = f"{user}\n{os.path.normcase(resolved)}".encode()
    return f"{APP_NAME}-{hashlib.sha256(key).hexdigest()[:24]}"


def already_open_message(db_path: Path, *, raised: bool = False) -> str:
    text = (
        f"Базу даних «{db_path}» уже відкрито в іншому вікні ctb-desktop. Одну базу можна "
        "відкрити лише в одному вікні, щоб зміни з двох вікон не перетиналися."
    )
    if raised:
        return f"{text} Те вікно виведено на передній план."
    return f"{text} Перейдіть до того вікна або закрийте його і спробуйте ще раз."


def held_elsewhere_message(db_path: Path, holder: Holder) -> str:
    return (
        f"Базу даних «{db_path}» відкрито {holder.describe()}. Якщо там працюють з нею "
        "зараз, закрийте її на тому комп’ютері: одночасна робота з двох комп’ютерів може "
        "зіпсувати зміни. Якщо той комп’ютер вимкнено або програма на ньому завершилася "
        "аварійно, мережева папка ще якийсь час пам’ятає його блокування — тоді базу можна "
        "відкрити все одно."
    )


OPEN_ANYWAY = "Відкрити &все одно"


def ask_open_anyway(db_path: Path, holder: Holder, parent: QWidget | None = None) -> bool:
    """Whether the clerk opens a database another computer holds; quitting is the default."""
    box = QMessageBox(parent)
    box.setWindowTitle(APP_NAME)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(held_elsewhere_message(db_path, holder))
    anyway = box.addButton(OPEN_ANYWAY, QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton("Ви&йти", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)
    box.setEscapeButton(quit_button)
    box.exec()
    return box.clickedButton() is anyway


def claim(lock: InstanceLock, ask: Callable[[Path, Holder], bool] | None = None) -> bool:
    """Take the database for this window: True to go on. Held by another window on this
    computer: that window is asked to come to the front, the clerk told, False. Held
    from another computer: the clerk is told who holds it and decides (`ask`)."""
    if lock.acquire():
        lock.listen()
        return True
    holder = lock.holder_info()
    if holder is not None and holder.elsewhere:
        if (ask or ask_open_anyway)(lock.db_path, holder):
            log.warning("%s opened although held %s", lock.db_path, holder.describe())
            return True
        return False
    raised = lock.notify_running()
    QMessageBox.information(None, APP_NAME, already_open_message(lock.db_path, raised=raised))
    return False
