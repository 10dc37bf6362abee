"""One window per database file.

Two windows writing the same file would each show a state the other has changed. The
first start takes the database's lock (storage/lock.py); a second start on the same
file finds it taken, asks the first window to come to the front (through a
QLocalServer named after the database) and says so. The lock dies with its process,
so a crash never locks the clerk out. `ctb-desktop backup restore` takes the same
lock, so it never replaces a file a window has open.

Raising the first window needs QtNetwork; without it (a bundle that leaves it out) the
second start only explains.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ctb_desktop import APP_NAME
from ctb_desktop.storage.lock import DatabaseLock

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
