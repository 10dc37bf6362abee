"""The one gateway to the SQLite file: opening, recognising, migrating, transactions.

Durability first: WAL with synchronous=FULL, so an edit that returned is on disk
even if the laptop loses power a moment later. A file on a network share or in a
synced folder (OneDrive…; storage/file_location.py) gets the rollback journal instead,
which those places keep safely, and the mode SQLite actually set is checked. Every
write goes through `transaction()`, which commits on success and rolls back on any
error.

The thread rule, the one for the whole app: a connection is used only on the thread
that opened it (sqlite3's check_same_thread stays on, so a violation raises). The
window's database lives on the GUI thread and takes every write. A worker thread
opens its own read-only connection (`Database.open(path, read_only=True)`, or
`Workspace.reader()`), whose writes SQLite refuses, and hands what it found back to
the GUI thread to store. The command line has one thread and one writable connection.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.system_errors import os_reason
from ctb_desktop.storage import lock, migrations
from ctb_desktop.storage.backup import SQLITE_HEADER
from ctb_desktop.storage.file_location import shared_location
from ctb_desktop.storage.logs import logger
from ctb_desktop.storage.migrations import APPLICATION_ID

# SQLite's messages for faults of the machine, not of the app, in the clerk's words.
_ENVIRONMENT_FAULTS = {
    "locked": "файл зайнятий іншою програмою або іншим вікном ctb-desktop. Спробуйте ще раз",
    "busy": "файл зайнятий іншою програмою або іншим вікном ctb-desktop. Спробуйте ще раз",
    "full": "на диску закінчилося місце. Звільніть місце; уже збережені дані не втрачено",
    "readonly": "файл доступний лише для читання",
    "disk i/o": "помилка читання або запису диска",
}


class DatabaseError(UserError):
    """The database file cannot be used; the message names the file and says why."""


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row the INSERT run on `cursor` made. (sqlite3 types `lastrowid`
    as optional: it is None only on a cursor that inserted nothing, a bug here.)"""
    row_id = cursor.lastrowid
    if row_id is None:
        raise RuntimeError("the statement inserted no row")
    return row_id


class _Stored(Protocol):
    id: int | None


def stored_id(item: _Stored) -> int:
    """The database id of a program, task or measure loaded from the database. One
    built in memory (read from a file, not saved yet) has none: passing it here is a bug."""
    if item.id is None:
        raise RuntimeError(f"{type(item).__name__} is not stored in the database")
    return item.id


class DamagedDatabaseError(DatabaseError):
    """SQLite found the file damaged ("database disk image is malformed") while working."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Файл бази даних «{path}» пошкоджений. Відновіть його з резервної копії: "
            f"ctb-desktop --db {path} backup list, потім backup restore ФАЙЛ"
        )
        self.path = path


def is_damage(exc: BaseException) -> bool:
    """SQLite's word for a damaged file, whatever operation met it."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text or "corrupt" in text
    )


def _refused_value(exc: BaseException) -> str:
    """A value SQLite cannot take, said in the clerk's words; "" for anything else."""
    if isinstance(exc, UnicodeEncodeError):
        return "текст містить недопустимий символ (наприклад, половину сурогатної пари)"
    if isinstance(exc, OverflowError):
        return "число завелике"
    if isinstance(exc, sqlite3.IntegrityError) and "CHECK constraint" in str(exc):
        return "значення поза допустимими межами (наприклад, від’ємна кількість)"
    return ""


class Database:
    """An open database file, migrated to the current schema."""

    def __init__(
        self, path: Path, connection: sqlite3.Connection, *, read_only: bool = False
    ) -> None:
        self.path = path
        self.connection = connection
        self.read_only = read_only
        self._depth = 0
        self._left = False

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, read_only: bool = False) -> Database:
        """Open (and, if `create`, create) the database at `path` and bring its schema
        up to date. Raises DatabaseError with a Ukrainian message for a missing file, a
        file that is not ours, a newer schema, or a file that cannot be read.

        `read_only` is a worker thread's connection: the file must exist at the current
        schema, and every write through it fails."""
        path = Path(path)
        _check_file(path, create=create and not read_only)
        if not read_only:
            lock.in_use(path)  # a restore waits for every writer to close (storage/lock.py)
        try:
            return cls._connect(path, read_only=read_only)
        except BaseException:
            if not read_only:
                lock.leave(path)
            raise

    @classmethod
    def _connect(cls, path: Path, *, read_only: bool) -> Database:
        try:
            connection = sqlite3.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise _cannot_open(path, exc) from exc
        try:
            _configure(connection, path)
            if read_only:
                _require_current(connection, path)
                connection.execute("PRAGMA query_only = ON")
            else:
                migrations.migrate(connection, path)
        except sqlite3.DatabaseError as exc:
            connection.close()
            if is_damage(exc) and "not a database" not in str(exc):
                raise DamagedDatabaseError(path) from exc
            if isinstance(exc, sqlite3.OperationalError):  # the machine's fault, not the file's
                raise _cannot_open(path, exc) from exc
            raise DatabaseError(
                f"Файл «{path}» пошкоджений або не є базою даних ctb-desktop ({exc})"
            ) from exc
        except migrations.MigrationError as exc:
            connection.close()
            if isinstance(exc.__cause__, sqlite3.OperationalError):  # a full disk, say
                raise _cannot_open(path, exc.__cause__) from exc
            raise DatabaseError(str(exc)) from exc
        return cls(path, connection, read_only=read_only)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK if the block raises.

        Nested calls join the outer transaction, so a whole import made of many single
        edits still commits or rolls back as one. Failures the environment causes (file
        locked by another program, disk full, read-only file) become a DatabaseError
        that says so; nothing is half-written.
        """
        if self.read_only:
            raise RuntimeError(
                f"a read-only connection to {self.path} was asked to write: a worker thread "
                "hands its writes to the GUI thread (storage/database.py)"
            )
        if self._depth:
            self._depth += 1
            try:
                yield self.connection
            finally:
                self._depth -= 1
            return
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._environment_error(exc) from exc
        self._depth = 1
        try:
            yield self.connection
            self.connection.execute("COMMIT")
        except BaseException as exc:
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise self._environment_error(exc) from exc
            refused = _refused_value(exc)
            if refused:
                raise DatabaseError(
                    f"Не вдалося записати до бази даних «{self.path}»: {refused}. Дані не змінено"
                ) from exc
            if is_damage(exc):
                raise DamagedDatabaseError(self.path) from exc
            raise
        finally:
            self._depth = 0

    @contextmanager
    def savepoint(self) -> Iterator[sqlite3.Connection]:
        """A part of the current transaction that is undone alone if its block raises
        (the rest of the transaction goes on): one package of a folder imported in one
        transaction. Outside a transaction it is a transaction of its own."""
        if not self._depth:
            with self.transaction() as conn:
                yield conn
            return
        self.connection.execute("SAVEPOINT part")
        self._depth += 1
        try:
            yield self.connection
        except BaseException:
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK TO part")
            raise
        finally:
            self._depth -= 1
            if self.connection.in_transaction:
                self.connection.execute("RELEASE part")

    def _environment_error(self, exc: sqlite3.OperationalError) -> DatabaseError:
        message = str(exc).lower()
        for fragment, reason in _ENVIRONMENT_FAULTS.items():
            if fragment in message:
                return DatabaseError(f"Не вдалося записати до бази даних «{self.path}»: {reason}")
        return DatabaseError(f"Не вдалося записати до бази даних «{self.path}»: {exc}")

    def execute(self, sql: str, parameters: tuple | dict = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, parameters)

    def journal_mode(self) -> str:
        """ "wal" on a local disk, "delete" (the rollback journal) on a share or in a
        synced folder; what SQLite reports, not what was asked."""
        return str(self.execute("PRAGMA journal_mode").fetchone()[0]).lower()

    def is_empty(self) -> bool:
        """True when no program, unit or entry has been stored yet."""
        row = self.execute(
            "SELECT (SELECT count(*) FROM program) + (SELECT count(*) FROM unit)"
        ).fetchone()
        return int(row[0]) == 0

    def has_reports(self) -> bool:
        """Whether a program or an entry is stored: more than the directory of reporting
        bodies, which every database holds (storage/directory.py)."""
        row = self.execute(
            "SELECT EXISTS (SELECT 1 FROM program) OR EXISTS (SELECT 1 FROM status_entry)"
            " OR EXISTS (SELECT 1 FROM financing_entry)"
        ).fetchone()
        return bool(row[0])

    def close(self) -> None:
        self.connection.close()
        if not self.read_only and not self._left:
            self._left = True
            lock.leave(self.path)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _check_file(path: Path, *, create: bool) -> None:
    if path.is_dir():
        raise DatabaseError(f"«{path}» є папкою, а не файлом бази даних")
    if not path.exists():
        if not create:
            raise DatabaseError(
                f"Бази даних «{path}» не існує. Створіть демонстраційну командою "
                f"«ctb-desktop --db {path} demo» або вкажіть інший файл"
            )
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True)
            except OSError as exc:
                raise DatabaseError(
                    f"Не вдалося створити папку «{path.parent}»: {os_reason(exc)}"
                ) from exc
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"Не вдалося прочитати «{path}»: {os_reason(exc)}") from exc
    if header and header != SQLITE_HEADER:
        raise DatabaseError(f"Файл «{path}» не є базою даних ctb-desktop")
    if not header and not create:
        # A command that only reads must not turn an empty file into a database.
        raise DatabaseError(
            f"Файл «{path}» порожній, це не база даних ctb-desktop. Створіть базу командою "
            f"«ctb-desktop --db {path} demo» або вкажіть інший файл"
        )


def _cannot_open(path: Path, exc: sqlite3.Error) -> DatabaseError:
    """Why SQLite could not open or set up the file, in the clerk's words: a full disk, a
    folder that cannot be written, a locked file; never «пошкоджений»."""
    text = str(exc).lower()
    reason = next((said for fragment, said in _ENVIRONMENT_FAULTS.items() if fragment in text), "")
    if not reason or "readonly" in text:
        reason = _why_not_writable(path) or reason or str(exc)
    return DatabaseError(f"Не вдалося відкрити базу даних «{path}»: {reason}")


def _why_not_writable(path: Path) -> str:
    """What the system says when the file is opened (or created) for writing here;
    "" when it can be. Asked of the system itself: as an administrator, permission bits
    tell nothing."""
    existed = path.exists()
    try:
        handle = os.open(path, os.O_WRONLY | (0 if existed else os.O_CREAT | os.O_EXCL), 0o600)
    except OSError as exc:
        if existed:
            return f"файл не вдається відкрити для запису ({os_reason(exc)})"
        return f"у папці «{path.parent}» не вдається створити файл ({os_reason(exc)})"
    os.close(handle)
    if not existed:
        with contextlib.suppress(OSError):
            path.unlink()
    return ""


def _require_current(connection: sqlite3.Connection, path: Path) -> None:
    """A read-only connection cannot migrate: the writable one opened first has."""
    if migrations.version(connection) != migrations.LATEST:
        raise migrations.MigrationError(
            f"Схема бази даних «{path}» не оновлена; відкрийте її спершу для запису"
        )


def _configure(connection: sqlite3.Connection, path: Path) -> None:
    connection.execute("PRAGMA busy_timeout = 5000")
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    has_tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    if application_id != APPLICATION_ID and (application_id != 0 or has_tables):
        raise migrations.MigrationError(
            f"Файл «{path}» є базою даних іншої програми, а не ctb-desktop"
        )
    connection.execute("PRAGMA foreign_keys = ON")
    _set_journal(connection, path)
    connection.execute("PRAGMA synchronous = FULL")
    if application_id == 0:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def wanted_journal(path: Path) -> str:
    """WAL on a local disk; the rollback journal where WAL is unsafe (a network share:
    no shared memory across machines; a synced folder: copied without its -wal file)."""
    return "delete" if shared_location(path) else "wal"


def _set_journal(connection: sqlite3.Connection, path: Path) -> None:
    wanted = wanted_journal(path)
    try:
        row = connection.execute(f"PRAGMA journal_mode = {wanted}").fetchone()
    except sqlite3.OperationalError as exc:
        if wanted == "wal" or "locked" not in str(exc).lower():
            raise
        row = ("wal",)
    actual = str(row[0]).lower()
    if actual == wanted:
        return
    if wanted == "delete" and actual == "wal":
        # Another connection (on another machine, perhaps) keeps the log open: SQLite
        # cannot leave WAL. Working on would risk the file; say so instead.
        raise migrations.MigrationError(
            f"Базу даних «{path}» відкрито в іншій програмі або на іншому комп’ютері, а вона "
            f"лежить у {shared_location(path)}, де так працювати небезпечно. Закрийте її там "
            "і спробуйте ще раз"
        )
    logger(__name__).warning("database %s: journal mode %s instead of %s", path, actual, wanted)


def utc_text(moment: datetime) -> str:
    """A time as the schema stores it, SQLite's own format in UTC
    ("2024-07-15T09:30:00.000Z"), so stored times compare correctly as strings. A
    naive datetime is taken as local time, as datetime.astimezone does."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def utc_moment(text: str | None) -> datetime | None:
    """A stored time back as an aware datetime; None for NULL."""
    return stored_moment(text) if text else None


def stored_moment(text: str) -> datetime:
    """A time from a NOT NULL column back as an aware datetime."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
