"""The database's lock file: one holder at a time, without Qt, for the window and the
command line alike.

The lock is the operating system's lock on "NAME.lock" beside the database
(fcntl.flock on POSIX, msvcrt.locking on Windows), so it dies with its process: a
window that crashed or was killed never locks the clerk out. The holder writes its
process id, computer, user and the time into the file, so a refusal can say who holds
it. On a network share the file server keeps the lock of a laptop that crashed until
its session times out: `Holder.elsewhere` tells such a lock from one on this computer,
and the window offers to open the database anyway (gui/instance.py).
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

LOCK_SUFFIX = ".lock"
# Windows locks a byte range that readers then cannot read: lock a byte far past the
# process id, which stays readable at the start of the file.
_WINDOWS_LOCKED_BYTE = 1 << 30
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Holder:
    """Who wrote the lock file: process, computer, user and since when (each may be
    missing in a file an older version wrote)."""

    pid: int
    host: str = ""
    user: str = ""
    since: datetime | None = None

    @property
    def elsewhere(self) -> bool:
        """Held from another computer (a database on a network share)."""
        return bool(self.host) and self.host.casefold() != this_host().casefold()

    def describe(self) -> str:
        """«на комп’ютері «BUH-07» (користувач olena) з 12.03.2025 10:15»."""
        parts = [f"на комп’ютері «{self.host}»" if self.host else ""]
        parts.append(f"(користувач {self.user})" if self.user else "")
        parts.append(f"з {self.since:%d.%m.%Y %H:%M}" if self.since else "")
        return " ".join(part for part in parts if part)


def this_host() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def lock_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


class DatabaseLock:
    """`acquire()` once; `release()` when done (or use it as a context manager)."""

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(db_path)
        self._handle: int | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> bool:
        """True if this process now holds the database. False only when another live
        process holds it; a lock file that cannot be written at all (a read-only
        folder) does not stop the work — the database says what is wrong with it."""
        if self._handle is not None:
            return True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            log.warning("no lock file %s (%s); going on without", self.path, exc)
            return True
        if not _try_lock(handle):
            os.close(handle)
            return False
        with contextlib.suppress(OSError):
            os.ftruncate(handle, 0)
            os.lseek(handle, 0, os.SEEK_SET)
            stamp = datetime.now().astimezone().isoformat(timespec="seconds")
            os.write(handle, f"{os.getpid()}\n{this_host()}\n{_user()}\n{stamp}\n".encode())
        self._handle = handle
        return True

    def holder(self) -> int | None:
        """The process id written in the lock file, if it can be read."""
        found = self.holder_info()
        return found.pid if found is not None else None

    def holder_info(self) -> Holder | None:
        """Everything the lock file says about its holder, if it can be read."""
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").split("\n")
        except OSError:
            return None
        lines += [""] * 4
        pid, host, user, stamp = (line.strip() for line in lines[:4])
        if not (pid.isascii() and pid.isdecimal()):
            return None
        try:
            since = datetime.fromisoformat(stamp) if stamp else None
        except ValueError:
            since = None
        return Holder(int(pid), host, user, since)

    def release(self) -> None:
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        with contextlib.suppress(OSError):
            os.ftruncate(handle, 0)
        _unlock(handle)
        os.close(handle)

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: int) -> bool:
        os.lseek(handle, _WINDOWS_LOCKED_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: int) -> None:
        os.lseek(handle, _WINDOWS_LOCKED_BYTE, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: int) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_UN)
