"""Copies of the database the clerk can go back to.

A copy is taken with SQLite's online backup API, so it is consistent even while the
file is in use, before every schema upgrade and every import, once a day on start,
and on request. Copies go to one folder (by default "backups" in the user's data
folder, storage/locations.py), named so that they sort and read well:

    ctb-desktop_2026-11-23_18-05-12_before-import.sqlite

with the stem of the database file, the local time and the reason. Beside each, a
small .json says which database file it came from; a copy without it still lists and
restores. The newest `backup.keep` copies (a database setting, 10 by default) of each
database are kept.

Every file is written to a hidden temporary in the same folder and renamed into place,
so a copy that is listed is whole. Checking and restoring copies is storage/restore.py.

This module sits below the database gateway (migrations take a copy before upgrading),
so it knows an open database only by the little it needs: `OpenDatabase`.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from ctb_desktop import __version__
from ctb_desktop.domain.errors import UserError
from ctb_desktop.storage import atomic, locations

REASONS = {
    "before-migration": "перед оновленням схеми",
    "before-import": "перед імпортом",
    "daily": "щоденна",
    "manual": "створена вручну",
    "before-restore": "перед відновленням",
}
KEEP_KEY = "backup.keep"
DEFAULT_KEEP = 10
MAX_KEEP = 1000
SUFFIX = ".sqlite"
INFO_SUFFIX = ".json"
STAMP = "%Y-%m-%d_%H-%M-%S"
_NAME = re.compile(
    r"^(?P<stem>.+)_(?P<stamp>\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d)(?:-(?P<number>\d+))?"
    r"_(?P<reason>[a-z-]+)\.sqlite$"
)
SQLITE_HEADER = b"SQLite format 3\x00"
COMPANIONS = ("-wal", "-shm", "-journal")


class OpenDatabase(Protocol):
    """What a backup needs of an open database (storage/OpenDatabase)."""

    path: Path
    connection: sqlite3.Connection

    def is_empty(self) -> bool: ...


class BackupError(UserError):
    """A copy could not be made or restored; the message names the file."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int
    # The database file the copy was taken from; None when its .json is missing.
    source: Path | None
    stem: str
    number: int = 0

    @property
    def reason_title(self) -> str:
        return REASONS.get(self.reason, self.reason)

    @property
    def created_text(self) -> str:
        return f"{self.created:%d.%m.%Y %H:%M:%S}"

    @property
    def size_text(self) -> str:
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} КБ"
        return f"{self.size / 1024 / 1024:.1f} МБ".replace(".", ",")


# ------------------------------------------------------------------ creating


def create_backup(
    db: OpenDatabase,
    reason: str,
    folder: Path | None = None,
    *,
    keep: int | None = None,
    now: datetime | None = None,
) -> Path:
    """A consistent copy of the open database; returns its path. `keep` defaults to
    the database's `backup.keep` setting."""
    return backup_connection(db.connection, db.path, reason, folder, keep=keep, now=now)


def backup_connection(
    connection: sqlite3.Connection,
    source: Path,
    reason: str,
    folder: Path | None = None,
    *,
    keep: int | None = None,
    now: datetime | None = None,
) -> Path:
    """create_backup for a bare connection (migrations take copies before the
    Database object exists)."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    folder = Path(folder) if folder is not None else locations.backups_dir()
    source = Path(source)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            f"Не вдалося створити папку резервних копій «{folder}»: {exc.strerror or exc}"
        ) from exc
    atomic.clean_temporaries(folder)
    now = now or datetime.now()
    target = _free_name(folder, source.stem, now.strftime(STAMP), reason)
    _copy(connection, target, source)
    problem = damage(target)
    if problem:
        with contextlib.suppress(OSError):
            target.unlink()
        raise BackupError(_damaged(source, problem))
    _write_info(target, source, reason, connection, now)
    prune(folder, source, keep if keep is not None else keep_setting(connection))
    return target


def _damaged(source: Path, problem: str) -> str:
    return (
        f"Файл бази даних «{source}» пошкоджений ({problem}), тому резервну копію не "
        "створено: вона була б так само пошкоджена. Відновіть базу зі справної копії "
        f"(ctb-desktop --db {source} backup list, потім backup restore ФАЙЛ)."
    )


def damage(path: Path) -> str:
    """PRAGMA quick_check of a copy: "" when it is sound, else what SQLite found."""
    try:
        connection = sqlite3.connect(path)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA quick_check(3)")]
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return str(exc)
    return "" if rows == ["ok"] else "; ".join(rows)


def backup_before(
    db: OpenDatabase, reason: str = "before-import", folder: Path | None = None
) -> Path | None:
    """The copy taken at the start of an import (or another operation that rewrites
    much at once); an empty database has nothing to lose and gets none. Call it before
    the operation's transaction. If the copy fails, the operation must not start."""
    if db.is_empty():
        return None
    try:
        return create_backup(db, reason, folder)
    except BackupError as exc:
        raise BackupError(f"{exc} Дію не виконано, база даних без змін.") from exc


def daily_backup(
    db: OpenDatabase, folder: Path | None = None, *, now: datetime | None = None
) -> Path | None:
    """The first start on a calendar day takes a copy; later starts that day do not."""
    now = now or datetime.now()
    if db.is_empty() or any(
        info.reason == "daily" and info.created.date() == now.date()
        for info in list_backups(folder, db.path)
    ):
        return None
    return create_backup(db, "daily", folder, now=now)


def _free_name(folder: Path, stem: str, stamp: str, reason: str) -> Path:
    """ "STEM_STAMP_REASON.sqlite"; when that second has copies already, numbered after
    the last of them ("STAMP-2", "STAMP-3"), so the order of names stays the order of
    copies."""
    numbers = [
        int(match["number"] or 0)
        for match in map(_NAME.match, os.listdir(folder))
        if match and (match["stem"], match["stamp"]) == (stem, stamp)
    ]
    suffix = f"-{max(numbers) + 1 if max(numbers) else 2}" if numbers else ""
    return folder / f"{stem}_{stamp}{suffix}_{reason}{SUFFIX}"


def _copy(connection: sqlite3.Connection, target: Path, source: Path) -> None:
    try:
        handle, temporary = atomic.create_temporary(target.parent, f".{target.name}.")
    except OSError as exc:
        raise BackupError(_explain(exc, target)) from exc
    try:
        try:
            copy = sqlite3.connect(temporary, isolation_level=None)
            try:
                connection.backup(copy)
                # A copy stands alone: no -wal beside it, whatever the database uses.
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
        except BaseException:
            os.close(handle)
            raise
        atomic.commit_temporary(handle, temporary, target)
    except (OSError, sqlite3.Error) as exc:
        for leftover in (temporary, *(f"{temporary}{end}" for end in COMPANIONS)):
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        if isinstance(exc, sqlite3.DatabaseError) and "malformed" in str(exc).lower():
            raise BackupError(_damaged(source, str(exc))) from exc
        raise BackupError(_explain(exc, target)) from exc


def _write_info(
    target: Path, source: Path, reason: str, connection: sqlite3.Connection, now: datetime
) -> None:
    info = {
        "source": str(_resolved(source)),
        "reason": reason,
        "created": now.astimezone().isoformat(timespec="seconds"),
        "app_version": __version__,
        "schema": connection.execute("PRAGMA user_version").fetchone()[0],
    }
    text = json.dumps(info, ensure_ascii=False, indent=2) + "\n"
    try:
        atomic.write_atomically(target.with_suffix(INFO_SUFFIX), text.encode("utf-8"))
    except atomic.FileWriteError as exc:
        with contextlib.suppress(OSError):
            target.unlink()
        cause = exc.__cause__ if isinstance(exc.__cause__, OSError) else exc
        raise BackupError(_explain(cause, target)) from exc


def keep_setting(connection: sqlite3.Connection) -> int:
    """How many copies of a database to keep: its `backup.keep` setting, or 10."""
    try:
        row = connection.execute("SELECT value FROM setting WHERE key = ?", (KEEP_KEY,)).fetchone()
    except sqlite3.Error:  # a schema from before the setting table
        return DEFAULT_KEEP
    if row and str(row[0]).isdecimal() and 1 <= int(row[0]) <= MAX_KEEP:
        return int(row[0])
    return DEFAULT_KEEP


def prune(folder: Path, source: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` copies of `source`; returns what went. The
    newest sound copy is never deleted, however many damaged ones came after it."""
    removed = []
    copies = list_backups(folder, source)
    kept, older = copies[: max(1, keep)], copies[max(1, keep) :]
    if older and not any(not damage(info.path) for info in kept):
        sound = next((info for info in older if not damage(info.path)), None)
        older = [info for info in older if info is not sound]
    for info in older:
        with contextlib.suppress(OSError):
            info.path.with_suffix(INFO_SUFFIX).unlink(missing_ok=True)
            info.path.unlink()
            removed.append(info.path)
    return removed


def _explain(exc: Exception, target: Path) -> str:
    full = getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT) or (
        isinstance(exc, sqlite3.Error) and "full" in str(exc).lower()
    )
    if full:
        return (
            f"На диску закінчилося місце: резервну копію «{target}» не збережено. "
            f"Звільніть місце; база даних не змінена."
        )
    if isinstance(exc, PermissionError):
        return f"Немає дозволу на запис у папку «{target.parent}»: резервну копію не збережено."
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
    return f"Не вдалося зберегти резервну копію «{target}»: {reason}."


# ------------------------------------------------------------------ listing


def list_backups(folder: Path | None = None, source: Path | None = None) -> list[BackupInfo]:
    """The copies in `folder`, newest first; only those of database file `source` when
    it is given (a copy without its .json counts as `source`'s by its name)."""
    folder = Path(folder) if folder is not None else locations.backups_dir()
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    wanted = _resolved(source) if source is not None else None
    found = []
    for name in names:
        match = _NAME.match(name)
        if not match:
            continue
        path = folder / name
        try:
            size = path.stat().st_size
        except OSError:
            continue
        origin = _read_source(path)
        if wanted is not None and not (
            _same(origin, wanted) if origin is not None else match["stem"] == wanted.stem
        ):
            continue
        found.append(
            BackupInfo(
                path=path,
                created=datetime.strptime(match["stamp"], STAMP),
                reason=match["reason"],
                size=size,
                source=origin,
                stem=match["stem"],
                number=int(match["number"] or 0),
            )
        )
    return sorted(found, key=lambda info: (info.created, info.number, info.path.name), reverse=True)


def _read_source(path: Path) -> Path | None:
    try:
        info = json.loads(path.with_suffix(INFO_SUFFIX).read_text(encoding="utf-8"))
        return Path(info["source"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(os.path.abspath(path))


def _same(first: Path, second: Path) -> bool:
    return os.path.normcase(str(first)) == os.path.normcase(str(second))
