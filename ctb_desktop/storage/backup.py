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
so a copy that is listed is whole. Restoring checks the copy first, keeps the current
file aside (a proper copy if it is sound, its raw bytes if it is not), and replaces the
database in one rename. The caller closes the database before restoring.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ctb_desktop import __version__
from ctb_desktop.domain.errors import UserError

# Module objects, not names: database.py imports migrations.py, which imports this.
from ctb_desktop.storage import atomic, database, locations, migrations

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
_STAMP = "%Y-%m-%d_%H-%M-%S"
_NAME = re.compile(
    r"^(?P<stem>.+)_(?P<stamp>\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d)(?:-(?P<number>\d+))?"
    r"_(?P<reason>[a-z-]+)\.sqlite$"
)
_SQLITE_HEADER = b"SQLite format 3\x00"
_COMPANIONS = ("-wal", "-shm", "-journal")


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


@dataclass(frozen=True)
class Problem:
    """What is wrong with a database file: "locked" (in use, try again later) or
    "damaged" (not readable as a database: restore a copy)."""

    kind: str
    message: str


# ------------------------------------------------------------------ creating


def create_backup(
    db: database.Database,
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
    target = _free_name(folder, source.stem, now.strftime(_STAMP), reason)
    _copy(connection, target)
    _write_info(target, source, reason, connection, now)
    prune(folder, source, keep if keep is not None else keep_setting(connection))
    return target


def backup_before(
    db: database.Database, reason: str = "before-import", folder: Path | None = None
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
    db: database.Database, folder: Path | None = None, *, now: datetime | None = None
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


def _copy(connection: sqlite3.Connection, target: Path) -> None:
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
        for leftover in (temporary, *(f"{temporary}{end}" for end in _COMPANIONS)):
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        raise BackupError(_explain(exc, target)) from exc


def _write_info(
    target: Path, source: Path, reason: str, connection: sqlite3.Connection, now: datetime
) -> None:
    info = {
        "source": str(_resolved(source)),
        "reason": reason,
        "created": now.astimezone().isoformat(timespec="seconds"),
        "app_version": __version__,
        "schema": migrations.version(connection),
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
    """Delete all but the newest `keep` copies of `source`; returns what went."""
    removed = []
    for info in list_backups(folder, source)[max(1, keep) :]:
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
                created=datetime.strptime(match["stamp"], _STAMP),
                reason=match["reason"],
                size=size,
                source=origin,
                stem=match["stem"],
                number=int(match["number"] or 0),
            )
        )
    return sorted(found, key=lambda info: (info.created, info.number, info.path.name), reverse=True)


def latest_good_backup(source: Path, folder: Path | None = None) -> BackupInfo | None:
    """The newest copy of `source` that passes the integrity check."""
    for info in list_backups(folder, source):
        if check_backup(info.path) is None:
            return info
    return None


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
    if header != _SQLITE_HEADER:
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
    if _header(path) != _SQLITE_HEADER:
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
            application_id != database.APPLICATION_ID,
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
            return stream.read(len(_SQLITE_HEADER))
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
            for end in _COMPANIONS:
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
    aside = target.with_name(f"{target.name}.damaged-{datetime.now():{_STAMP}}")
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
