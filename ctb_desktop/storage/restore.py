"""Checking a database file or a copy of it, and putting a copy back.

Restoring checks the copy first, keeps the current file aside (a proper copy if it is
sound, its raw bytes if it is not), and replaces the database in one rename. The
caller closes the database (and holds its lock, storage/lock.py) before restoring.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ctb_desktop.storage import atomic, lock, migrations
from ctb_desktop.storage.backup import (
    COMPANIONS,
    MAX_KEEP,
    SQLITE_HEADER,
    STAMP,
    BackupError,
    BackupInfo,
    backup_connection,
    list_backups,
)


@dataclass(frozen=True)
class Problem:
    """What is wrong with a database file: "locked" (in use, try again later) or
    "damaged" (not readable as a database: restore a copy)."""

    kind: str
    message: str


def latest_good_backup(source: Path, folder: Path | None = None) -> BackupInfo | None:
    """The newest copy of `source` that passes the integrity check."""
    for info in list_backups(folder, source):
        if check_backup(info.path) is None:
            return info
    return None


# ------------------------------------------------------------------ checking


def diagnose(path: Path, *, timeout: float = 2.0) -> Problem | None:
    """PRAGMA quick_check of a database file that is not open here. A missing or empty
    file is no problem (it becomes a new database)."""
    path = Path(path)
    header = _header(path)
    if isinstance(header, Problem):
        return header
    if not header:
        return None
    if header != SQLITE_HEADER:
        return Problem("damaged", f"Файл «{path}» пошкоджений або не є базою даних ctb-desktop")
    try:
        connection = sqlite3.connect(path, timeout=timeout)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA quick_check(5)")]
        finally:
            connection.close()
    except sqlite3.Error as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text or "unable to open" in text:
            return Problem(
                "locked",
                f"Файл «{path}» зайнятий іншою програмою або іншим вікном ctb-desktop "
                f"({exc}). Закрийте її і спробуйте ще раз",
            )
        return Problem("damaged", _damaged(path, str(exc)))
    return None if rows == ["ok"] else Problem("damaged", _damaged(path, "; ".join(rows)))


def quick_check(path: Path) -> str | None:
    """What is wrong with the file at `path`, in Ukrainian, or None if it is sound."""
    problem = diagnose(path)
    return problem.message if problem else None


def check_backup(path: Path) -> str | None:
    """PRAGMA integrity_check of a copy, and that it is a ctb-desktop database this
    version can open; the problem in Ukrainian, or None."""
    path = Path(path)
    if _header(path) != SQLITE_HEADER:
        return f"Резервна копія «{path}» відсутня, пошкоджена або не є базою даних"
    try:
        connection = sqlite3.connect(path)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            schema = migrations.version(connection)
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return f"Резервна копія «{path}» пошкоджена ({exc})"
    for failed, message in (
        (rows != ["ok"], f"Резервна копія «{path}» пошкоджена ({'; '.join(rows)})"),
        (
            application_id != migrations.APPLICATION_ID,
            f"Файл «{path}» не є резервною копією бази ctb-desktop",
        ),
        (
            schema > migrations.LATEST,
            f"Резервну копію «{path}» створено новішою версією ctb-desktop. Оновіть програму",
        ),
    ):
        if failed:
            return message
    return None


def _header(path: Path) -> bytes | Problem:
    """The first bytes of the file; b"" for a missing or empty one."""
    if not path.exists():
        return b""
    if path.is_dir():
        return Problem("damaged", f"«{path}» є папкою, а не файлом бази даних")
    try:
        with path.open("rb") as stream:
            return stream.read(len(SQLITE_HEADER))
    except OSError as exc:
        return Problem("locked", f"Не вдалося прочитати «{path}»: {exc.strerror or exc}")


def _damaged(path: Path, detail: str) -> str:
    return f"Файл бази даних «{path}» пошкоджений ({detail})"


# ------------------------------------------------------------------ restoring


def restore_backup(backup_path: Path, target_path: Path, folder: Path | None = None) -> Path | None:
    """Replace the database file `target_path` with the copy `backup_path`; the
    database must be closed. Returns where the file it replaced was kept: a copy in
    `folder` (reason before-restore) if it was sound, its raw bytes beside it
    ("NAME.damaged-STAMP") if not; None if there was no file."""
    backup_path, target_path = Path(backup_path), Path(target_path)
    problem = check_backup(backup_path)
    if problem:
        raise BackupError(f"{problem}. Базу даних не змінено")
    # No other process may have the file open meanwhile (storage/lock.py).
    with lock.sole_use(target_path):
        return _replace(backup_path, target_path, folder)


def _replace(backup_path: Path, target_path: Path, folder: Path | None) -> Path | None:
    kept = _keep_current(target_path, folder)
    folder_of_target = target_path.parent
    atomic.clean_temporaries(folder_of_target, f".{target_path.name}.")
    try:
        folder_of_target.mkdir(parents=True, exist_ok=True)
        handle, temporary = atomic.create_temporary(folder_of_target, f".{target_path.name}.")
    except OSError as exc:
        raise BackupError(_restore_failed(exc, target_path)) from exc
    try:
        try:
            with backup_path.open("rb") as source:
                while chunk := source.read(1024 * 1024):
                    atomic.write_all(handle, chunk)
            # The old file's -wal would be replayed onto the copy, so it goes first;
            # what it held is in `kept`.
            for end in COMPANIONS:
                Path(f"{target_path}{end}").unlink(missing_ok=True)
        except BaseException:
            os.close(handle)
            raise
        atomic.commit_temporary(handle, temporary, target_path, atomic.ordinary_mode(target_path))
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise BackupError(_restore_failed(exc, target_path)) from exc
    return kept


def _keep_current(target: Path, folder: Path | None) -> Path | None:
    if not target.exists() or target.stat().st_size == 0:
        return None
    problem = diagnose(target)
    if problem is not None and problem.kind == "locked":
        raise BackupError(f"{problem.message}. Базу даних не змінено")
    if problem is None:
        try:
            connection = sqlite3.connect(target)
        except sqlite3.Error as exc:
            raise BackupError(_restore_failed(exc, target)) from exc
        try:
            return backup_connection(connection, target, "before-restore", folder, keep=MAX_KEEP)
        finally:
            connection.close()  # the last connection: SQLite folds the -wal in
    aside = target.with_name(f"{target.name}.damaged-{datetime.now():{STAMP}}")
    try:
        for end in ("", "-wal"):
            if Path(f"{target}{end}").exists():
                shutil.copyfile(f"{target}{end}", f"{aside}{end}")
    except OSError as exc:
        raise BackupError(
            f"Не вдалося зберегти пошкоджений файл «{target}» перед відновленням: "
            f"{exc.strerror or exc}. Базу даних не змінено"
        ) from exc
    return aside


def _restore_failed(exc: Exception, target: Path) -> str:
    if getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
        reason = "на диску закінчилося місце"
    elif isinstance(exc, PermissionError):
        reason = "файл відкритий в іншій програмі або захищений від запису"
    else:
        reason = str(getattr(exc, "strerror", None) or exc)
    return f"Не вдалося відновити базу даних «{target}»: {reason}"
