"""Writing files so that a failure never leaves half a file or destroys the old one.

The bytes go to a temporary file beside the target, are flushed to disk, and only
then replace the target in one rename. Disk full, a read-only folder or a file held
open by Word become a Ukrainian message naming the file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from ctb_desktop.domain.errors import UserError


class FileWriteError(UserError):
    """A file could not be written; whatever was there before is untouched."""


def write_atomically(path: Path, data: bytes) -> None:
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileWriteError(f"Папки «{folder}» не існує: файл «{path.name}» не записано")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileWriteError(_explain(exc, path)) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); a report is an ordinary file.
        os.chmod(temporary, _mode(path))
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise FileWriteError(_explain(exc, path)) from exc


def _mode(path: Path) -> int:
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
