"""The one gateway to the SQLite file: opening, recognising, migrating, transactions.

Durability first: WAL with synchronous=FULL, so an edit that returned is on disk
even if the laptop loses power a moment later. Every write goes through
`transaction()`, which commits on success and rolls back on any error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ctb_desktop.domain.errors import UserError
from ctb_desktop.storage import migrations

# "CTB1": marks files written by this app, so another program's SQLite file is refused.
APPLICATION_ID = 0x43544231
_SQLITE_HEADER = b"SQLite format 3\x00"


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


class Database:
    """An open database file, migrated to the current schema."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.connection = connection
        self._depth = 0

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Database:
        """Open (and, if `create`, create) the database at `path` and bring its schema
        up to date. Raises DatabaseError with a Ukrainian message for a missing file, a
        file that is not ours, a newer schema, or a file that cannot be read."""
        path = Path(path)
        _check_file(path, create=create)
        try:
            connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise DatabaseError(f"Не вдалося відкрити базу даних «{path}»: {exc}") from exc
        try:
            _configure(connection, path)
            migrations.migrate(connection, path)
        except sqlite3.DatabaseError as exc:
            connection.close()
            raise DatabaseError(
                f"Файл «{path}» пошкоджений або не є базою даних ctb-desktop ({exc})"
            ) from exc
        except migrations.MigrationError as exc:
            connection.close()
            raise DatabaseError(str(exc)) from exc
        return cls(path, connection)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK if the block raises.

        Nested calls join the outer transaction, so a whole import made of many single
        edits still commits or rolls back as one. Failures the environment causes (file
        locked by another program, disk full, read-only file) become a DatabaseError
        that says so; nothing is half-written.
        """
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
            raise
        finally:
            self._depth = 0

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
        return row[0] == 0

    def close(self) -> None:
        self.connection.close()

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
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"Не вдалося прочитати «{path}»: {exc.strerror}") from exc
    if header and header != _SQLITE_HEADER:
        raise DatabaseError(f"Файл «{path}» не є базою даних ctb-desktop")


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
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
