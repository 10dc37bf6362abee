"""Writing files so that a failure never leaves half a file or destroys the old one.

The bytes go to a temporary file beside the target, are flushed to disk, and only
then replace the target in one rename. Disk full, a read-only folder or a file held
open by Word become a Ukrainian message naming the file.

A temporary is named ".NAME.<random>.tmp" (hidden on Linux and macOS). If the app is
killed mid-write, the next write of the same file removes the abandoned one: the
writer holds an advisory lock on its temporary, and a temporary nobody holds belongs
to a process that is gone. On Windows an open file cannot be deleted, which gives the
same guarantee without the lock.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from ctb_desktop.domain.errors import UserError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

TEMPORARY_SUFFIX = ".tmp"
# What SQLite leaves beside a temporary database (storage/backup.py writes those).
_COMPANIONS = ("-journal", "-wal", "-shm")


class FileWriteError(UserError):
    """A file could not be written; whatever was there before is untouched."""


def write_atomically(path: Path, data: bytes) -> None:
    path = regular_target(Path(path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileWriteError(f"Папки «{folder}» не існує: файл «{path.name}» не записано")
    clean_temporaries(folder, f".{path.name}.")
    try:
        handle, temporary = create_temporary(folder, f".{path.name}.")
    except OSError as exc:
        raise FileWriteError(_explain(exc, path)) from exc
    try:
        try:
            write_all(handle, data)
        except BaseException:
            os.close(handle)
            raise
        # mkstemp makes the file private (0600); a report is an ordinary file.
        commit_temporary(handle, temporary, path, ordinary_mode(path))
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise FileWriteError(_explain(exc, path)) from exc


def regular_target(path: Path) -> Path:
    """Where writing `path` may put a new file: `path` itself when nothing or a regular
    file is there; the file a symbolic link points to when it is a regular file (the link
    stays). A directory, a device, a pipe, a socket or a broken link is refused: the
    rename would replace it with a file."""
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError:
        return path  # the write itself says what is wrong
    if stat.S_ISLNK(link.st_mode):
        try:
            target = Path(os.path.realpath(path))
            info = os.stat(target)
        except OSError:
            raise FileWriteError(
                f"«{path}» є посиланням на файл, якого немає: файл не записано"
            ) from None
        if stat.S_ISREG(info.st_mode):
            return target
        path, link = target, info
    if stat.S_ISREG(link.st_mode):
        return path
    kind = (
        "папкою"
        if stat.S_ISDIR(link.st_mode)
        else "каналом (FIFO)"
        if stat.S_ISFIFO(link.st_mode)
        else "пристроєм"
        if stat.S_ISCHR(link.st_mode) or stat.S_ISBLK(link.st_mode)
        else "не звичайним файлом"
    )
    raise FileWriteError(
        f"«{path}» є {kind}, а записати можна лише звичайний файл. Вкажіть ім'я файлу"
    )


def write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


def commit_temporary(handle: int, temporary: str, path: Path, mode: int | None = None) -> None:
    """Flush the temporary to disk, give it `mode`, rename it onto `path` and close it.
    On POSIX the rename happens while it is still locked, so no cleaner can take it
    first; Windows renames no open file."""
    try:
        os.fsync(handle)
        if mode is not None:
            os.chmod(temporary, mode)
        if fcntl is None:
            os.close(handle)
            handle = -1
        os.replace(temporary, path)
    finally:
        if handle >= 0:
            os.close(handle)
    sync_folder(Path(path).parent)


def create_temporary(folder: Path, prefix: str) -> tuple[int, str]:
    """A new ".NAME.<random>.tmp" in `folder`, open and locked as being written; the
    lock goes with the descriptor when it is closed or the process dies."""
    while True:
        handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=TEMPORARY_SUFFIX, dir=folder)
        if fcntl is None:
            return handle, temporary
        fcntl.flock(handle, fcntl.LOCK_EX)
        if os.fstat(handle).st_nlink:
            return handle, temporary
        # A cleaner took it for abandoned between its creation and the lock: start over.
        os.close(handle)


def clean_temporaries(folder: Path, prefix: str = ".") -> list[Path]:
    """Remove temporaries starting with `prefix` that no live writer holds, with what
    SQLite may have left beside them; returns what was removed."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(prefix) and name.endswith(TEMPORARY_SUFFIX)):
            continue
        temporary = Path(folder) / name
        if _remove_if_abandoned(temporary):
            removed.append(temporary)
            for companion in _COMPANIONS:
                with contextlib.suppress(OSError):
                    os.unlink(f"{temporary}{companion}")
    return removed


def _remove_if_abandoned(temporary: Path) -> bool:
    if fcntl is None:
        try:
            os.unlink(temporary)  # refused while another process has it open
        except OSError:
            return False
        return True
    try:
        handle = os.open(temporary, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.unlink(temporary)
    except OSError:
        return False
    finally:
        os.close(handle)
    return True


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no directory handles)."""
    if fcntl is None:
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def ordinary_mode(path: Path) -> int:
    """The replaced file's permissions, or what a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _explain(exc: OSError, path: Path) -> str:
    kept = " Попередній вміст файлу (якщо він був) не змінено."
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"На диску закінчилося місце: файл «{path}» не записано.{kept}"
    if isinstance(exc, PermissionError) and path.exists():
        return (
            f"Файл «{path}» відкритий в іншій програмі (наприклад, у Word) або захищений від "
            f"запису. Закрийте його і спробуйте ще раз.{kept}"
        )
    if isinstance(exc, PermissionError):
        return f"Немає дозволу на запис у папку «{path.parent}»: файл «{path.name}» не записано"
    return f"Не вдалося записати файл «{path}»: {exc.strerror or exc}.{kept}"
