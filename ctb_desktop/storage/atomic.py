"""Writing files so that a failure never leaves half a file or destroys the old one.

The bytes go to a temporary file beside the target, are flushed to disk, and only
then replace the target in one rename. Disk full, a read-only folder or a file held
open by Word become a Ukrainian message naming the file.

A temporary is named ".NAME.<random>.tmp": hidden on Linux and macOS by its dot, on
Windows by the hidden attribute (taken off again just before the rename, so the file
itself is never hidden). If the app is killed mid-write, the next write of the same
file removes the abandoned one: the writer holds an advisory lock on its temporary, and
a temporary nobody holds belongs to a process that is gone. On Windows an open file
cannot be deleted, which gives the same guarantee without the lock.

Windows quirks: Defender, OneDrive and the search indexer hold a just-written file for
a moment, so the rename is retried for about two seconds on a sharing or lock error
before the clerk is told (the message about Word stays for a lock that persists); a
temporary that took a read-only flag is made writable to be removed; a temporary's
name is shortened to fit MAX_PATH (storage/long_paths.py) and a target that cannot fit
is refused plainly.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from pathlib import Path
from typing import Any

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.system_errors import os_reason
from ctb_desktop.storage import long_paths

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

TEMPORARY_SUFFIX = ".tmp"
# mkstemp's random part (8 characters) and TEMPORARY_SUFFIX after the prefix.
_TEMPORARY_OVERHEAD = 8 + len(TEMPORARY_SUFFIX)
# Windows' "access denied", "sharing violation" and "lock violation": what a scanner or
# a sync client holding the file for a moment gives.
SHARING_ERRORS = frozenset({5, 32, 33})
RETRY_SECONDS = 2.0
FILE_ATTRIBUTE_HIDDEN = 0x2
_INVALID_FILE_ATTRIBUTES = 0xFFFFFFFF
if sys.platform == "win32":
    import ctypes

    _kernel32: Any = ctypes.WinDLL("kernel32", use_last_error=True)
else:
    _kernel32 = None
# What SQLite leaves beside a temporary database (storage/backup.py writes those).
_COMPANIONS = ("-journal", "-wal", "-shm")
# 255 bytes of a name, less the random part mkstemp adds, the suffix and "-journal".
_MAX_PREFIX = 255 - _TEMPORARY_OVERHEAD - len("-journal")


class FileWriteError(UserError):
    """A file could not be written; whatever was there before is untouched."""


def write_atomically(path: Path, data: bytes) -> None:
    check_name(path)
    path = regular_target(Path(path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileWriteError(f"Папки «{folder}» не існує: файл «{path.name}» не записано")
    refusal = long_paths.too_long(path)
    if refusal:
        raise FileWriteError(refusal)
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
        discard(temporary)
        raise FileWriteError(_explain(exc, path)) from exc


def check_name(path: Path | str) -> None:
    """A name to write to was given: "" (which Path reads as "."), "." or ".." is refused
    before anything looks at the folder they stand for."""
    name = str(path)
    if not name.strip() or Path(name).name in ("", ".", ".."):
        raise FileWriteError(
            "Не вказано ім'я файлу, до якого записати: вкажіть його, наприклад «звіт.docx»"
        )


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
        _show(temporary)
        replace_file(temporary, path)
    finally:
        if handle >= 0:
            os.close(handle)
    sync_folder(Path(path).parent)


def temporary_prefix(folder: Path | str, prefix: str) -> str:
    """`prefix` (".NAME.") cut so that a temporary's name fits in the 255 bytes a file
    name may have, with room for what SQLite puts after it ("-journal"), so a target of
    249 bytes, which is valid, is still writable; and, where Windows' MAX_PATH applies,
    shortened further so the whole path fits in 259 characters (storage/long_paths.py)."""
    encoded = prefix.encode("utf-8", "surrogateescape")
    if len(encoded) > _MAX_PREFIX:
        prefix = encoded[: _MAX_PREFIX - 1].decode("utf-8", "ignore") + "."  # whole characters
    return long_paths.fit_prefix(folder, prefix, _TEMPORARY_OVERHEAD)


def create_temporary(folder: Path, prefix: str) -> tuple[int, str]:
    """A new ".NAME.<random>.tmp" in `folder`, open and locked as being written; the
    lock goes with the descriptor when it is closed or the process dies."""
    import tempfile  # noqa: PLC0415 - here, not at every command's start (shutil, random)

    prefix = temporary_prefix(folder, prefix)
    while True:
        handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=TEMPORARY_SUFFIX, dir=folder)
        _hide(temporary)
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
    prefix = temporary_prefix(folder, prefix)
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
        # Refused while another process has it open.
        return discard(temporary)
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


def replace_file(source: str | Path, target: str | Path, seconds: float | None = None) -> None:
    """os.replace, retried for `seconds` (RETRY_SECONDS) while Windows says the file is
    in use (an antivirus scan, OneDrive, the search indexer); then the last error is raised."""
    deadline = time.monotonic() + (RETRY_SECONDS if seconds is None else seconds)
    pause = 0.02
    while True:
        try:
            os.replace(source, target)
            return
        except OSError as exc:
            if getattr(exc, "winerror", None) not in SHARING_ERRORS:
                raise
            if time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def discard(temporary: str | Path) -> bool:
    """Remove a temporary; one that took a read-only flag (Windows refuses to delete
    those) is made writable first. False when it cannot be removed."""
    try:
        os.unlink(temporary)
        return True
    except FileNotFoundError:
        return True
    except PermissionError:
        pass
    except OSError:
        return False
    try:
        if os.stat(temporary).st_mode & stat.S_IWRITE:
            return False  # not read-only: held open by another process
        os.chmod(temporary, stat.S_IREAD | stat.S_IWRITE)
        os.unlink(temporary)
    except OSError:
        return False
    return True


def _hide(temporary: str) -> None:
    """Windows shows dot files: give the temporary the hidden attribute instead."""
    if _kernel32 is None:
        return
    attributes = _kernel32.GetFileAttributesW(temporary)
    if attributes != _INVALID_FILE_ATTRIBUTES:
        _kernel32.SetFileAttributesW(temporary, attributes | FILE_ATTRIBUTE_HIDDEN)


def _show(temporary: str) -> None:
    """The hidden attribute off again before the rename: the renamed file keeps it."""
    if _kernel32 is None:
        return
    attributes = _kernel32.GetFileAttributesW(temporary)
    if attributes != _INVALID_FILE_ATTRIBUTES and attributes & FILE_ATTRIBUTE_HIDDEN:
        _kernel32.SetFileAttributesW(temporary, attributes & ~FILE_ATTRIBUTE_HIDDEN)


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
    if getattr(exc, "winerror", None) in SHARING_ERRORS - {5} and not path.exists():
        return (
            f"Файл «{path}» зайнятий іншою програмою (антивірусом, OneDrive або Word). "
            f"Зачекайте хвилину і спробуйте ще раз.{kept}"
        )
    if isinstance(exc, PermissionError) and path.exists():
        return (
            f"Файл «{path}» відкритий в іншій програмі (наприклад, у Word) або захищений від "
            f"запису. Закрийте його і спробуйте ще раз.{kept}"
        )
    if isinstance(exc, PermissionError):
        return f"Немає дозволу на запис у папку «{path.parent}»: файл «{path.name}» не записано"
    return f"Не вдалося записати файл «{path}»: {os_reason(exc)}.{kept}"
