"""The one gateway to the SQLite file: opening, recognising, migrating, transactions.

Durability first: WAL with synchronous=FULL, so an edit that returned is on disk
even if the laptop loses power a moment later. Every write goes through
`transaction()`, which commits on success and rolls back on any error.

The thread rule, the one for the whole app: a connection is used only on the thread
that opened it (sqlite3's check_same_thread stays on, so a violation raises). The
window's database lives on the GUI thread and takes every write. A worker thread
opens its own read-only connection (`Database.open(path, read_only=True)`, or
`Workspace.reader()`), whose writes SQLite refuses, and hands what it found back to
the GUI thread to store. The command line has one thread and one writable connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from ctb_desktop.domain.errors import UserError
from ctb_desktop.storage import lock, migrations
from ctb_desktop.storage.backup import SQLITE_HEADER
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
            raise DatabaseError(f"Не вдалося відкрити базу даних «{path}»: {exc}") from exc
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
            raise DatabaseError(
                f"Файл «{path}» пошкоджений або не є базою даних ctb-desktop ({exc})"
            ) from exc
        except migrations.MigrationError as exc:
            connection.close()
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

    def is_empty(self) -> bool:
        """True when no program, unit or entry has been stored yet."""
        row = self.execute(
            "SELECT (SELECT count(*) FROM program) + (SELECT count(*) FROM unit)"
        ).fetchone()
        return int(row[0]) == 0

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
                raise DatabaseError(f"Не вдалося створити папку «{path.parent}»: {exc}") from exc
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"Не вдалося прочитати «{path}»: {exc.strerror}") from exc
    if header and header != SQLITE_HEADER:
        raise DatabaseError(f"Файл «{path}» не є базою даних ctb-desktop")


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
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    if application_id == 0:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")


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
