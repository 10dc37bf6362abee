"""The database's lock files, without Qt, for the window and the command line alike.

`DatabaseLock` ("NAME.lock"): one holder at a time — the window (one window per
database) and `backup restore`.

`in_use` / `sole_use` ("NAME.inuse"): every process that opens the database for
writing (the window, every command) holds a shared lock on it for as long as the
database is open (storage/database.py does it); a restore takes it exclusively, so it
refuses while any writer is alive and no writer opens the file while it is replaced.

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
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ctb_desktop.domain.errors import UserError
from ctb_desktop.storage.logs import logger

LOCK_SUFFIX = ".lock"
USE_SUFFIX = ".inuse"
# How long opening waits for a restore under way to finish.
USE_WAIT = 30.0
# Windows locks a byte range that readers then cannot read: lock a byte far past the
# process id, which stays readable at the start of the file.
_WINDOWS_LOCKED_BYTE = 1 << 30


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
    import socket  # noqa: PLC0415 - here, not at start: every command opens a database

    try:
        return socket.gethostname()
    except OSError:
        return ""


def _user() -> str:
    import getpass  # noqa: PLC0415 - as socket above

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
            logger(__name__).warning("no lock file %s (%s); going on without", self.path, exc)
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


class InUseError(UserError):
    """The database is being restored, or (for a restore) worked on by someone else."""


class _Use:
    def __init__(self, handle: int) -> None:
        self.handle = handle
        self.count = 0


_uses: dict[str, _Use] = {}
_uses_guard = threading.Lock()


def _use_key(db_path: Path) -> str:
    return os.path.normcase(
        os.path.abspath(Path(db_path).with_name(Path(db_path).name + USE_SUFFIX))
    )


def in_use(db_path: Path, *, wait: float = USE_WAIT) -> None:
    """Count this process as a writer of the database until `leave`. Waits up to
    `wait` seconds while a restore replaces the file; then InUseError. A lock file
    that cannot be made (a read-only folder) does not stop the work."""
    key = _use_key(db_path)
    with _uses_guard:
        use = _uses.get(key)
        if use is None:
            handle = _open_use(key)
            if handle < 0:
                return
            deadline = time.monotonic() + wait
            while not _try_shared(handle):
                if time.monotonic() >= deadline:
                    os.close(handle)
                    raise InUseError(
                        f"Базу даних «{db_path}» зараз відновлюють з резервної копії. "
                        "Зачекайте і спробуйте ще раз"
                    )
                time.sleep(0.1)
            use = _uses[key] = _Use(handle)
        use.count += 1


def leave(db_path: Path) -> None:
    """This process no longer writes the database (after as many calls as `in_use`)."""
    key = _use_key(db_path)
    with _uses_guard:
        use = _uses.get(key)
        if use is None:
            return
        use.count -= 1
        if use.count <= 0:
            del _uses[key]
            _unlock_use(use.handle)
            os.close(use.handle)


@contextlib.contextmanager
def sole_use(db_path: Path) -> Iterator[None]:
    """The database to this process alone for the block (a restore); InUseError when
    another process (a window, a command) has it open."""
    key = _use_key(db_path)
    refused = InUseError(
        f"Базою даних «{db_path}» зараз працює інша команда ctb-desktop або вікно. "
        "Дочекайтеся її завершення (закрийте вікно) і спробуйте ще раз. Базу даних не змінено"
    )
    with _uses_guard:
        use = _uses.get(key)
        own = use is None
        handle = use.handle if use is not None else _open_use(key)
        if handle >= 0 and not _try_exclusive(handle, shared_before=not own):
            if own:
                os.close(handle)
            raise refused
    try:
        yield
    finally:
        with _uses_guard:
            if handle >= 0:
                if own:
                    _unlock_use(handle)
                    os.close(handle)
                else:
                    _back_to_shared(handle)


def _open_use(key: str) -> int:
    """The use lock file opened, or -1 when it cannot be (a read-only folder)."""
    try:
        Path(key).parent.mkdir(parents=True, exist_ok=True)
        return os.open(key, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        logger(__name__).info("no use lock %s (%s); going on without", key, exc)
        return -1


if sys.platform == "win32":
    import msvcrt

    # No shared locks in msvcrt: a writer locks one byte of a range of slots, a
    # restore the whole range.
    _USE_BASE, _USE_SLOTS = 1 << 30, 1024
    _slots: dict[int, int] = {}

    def _lock_bytes(handle: int, offset: int, count: int) -> bool:
        os.lseek(handle, offset, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, count)
        except OSError:
            return False
        return True

    def _unlock_bytes(handle: int, offset: int, count: int) -> None:
        os.lseek(handle, offset, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle, msvcrt.LK_UNLCK, count)

    def _try_shared(handle: int) -> bool:
        start = os.getpid() % _USE_SLOTS
        for step in range(_USE_SLOTS):
            slot = (start + step) % _USE_SLOTS
            if _lock_bytes(handle, _USE_BASE + slot, 1):
                _slots[handle] = slot
                return True
        return False

    def _unlock_use(handle: int) -> None:
        if handle in _slots:
            _unlock_bytes(handle, _USE_BASE + _slots.pop(handle), 1)
        else:
            _unlock_bytes(handle, _USE_BASE, _USE_SLOTS)

    def _try_exclusive(handle: int, *, shared_before: bool) -> bool:
        slot = _slots.pop(handle, None)
        if slot is not None:
            _unlock_bytes(handle, _USE_BASE + slot, 1)
        if _lock_bytes(handle, _USE_BASE, _USE_SLOTS):
            return True
        if shared_before:
            _try_shared(handle)
        return False

    def _back_to_shared(handle: int) -> None:
        _unlock_bytes(handle, _USE_BASE, _USE_SLOTS)
        _try_shared(handle)

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

    def _flock(handle: int, operation: int) -> bool:
        try:
            fcntl.flock(handle, operation | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _try_lock(handle: int) -> bool:
        return _flock(handle, fcntl.LOCK_EX)

    def _unlock(handle: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_UN)

    def _try_shared(handle: int) -> bool:
        return _flock(handle, fcntl.LOCK_SH)

    _unlock_use = _unlock

    def _try_exclusive(handle: int, *, shared_before: bool) -> bool:
        if _flock(handle, fcntl.LOCK_EX):
            return True
        # Converting may drop the shared lock first: take it back.
        if shared_before:
            fcntl.flock(handle, fcntl.LOCK_SH)
        return False

    def _back_to_shared(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_SH)
