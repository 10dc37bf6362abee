"""The clerk's edits, one field at a time, each committed as soon as it is made.

Every setter is its own transaction, so a laptop that dies mid-edit loses at most
the keystroke being typed. The values the setters take are exactly what the
getters return, so an undo command can put back what it read before.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ctb_desktop.domain.entries import FinancingLine, MeasureState
from ctb_desktop.domain.money import canonical_number, to_kopecks
from ctb_desktop.domain.periods import Period
from ctb_desktop.storage.database import Database, DatabaseError, inserted_id
from ctb_desktop.storage.entries import LINE_COLUMNS, MONEY_COLUMNS, from_column, stored_line

STATUS_FIELDS = ("state", "text", "events_held", "people_reached", "victims_identified")
MONEY_FIELDS = MONEY_COLUMNS
LINE_FIELDS = LINE_COLUMNS


@dataclass(frozen=True)
class ReportKey:
    """One unit's report on one measure for one period."""

    measure_id: int
    unit_code: str
    period: Period


@dataclass
class StoredLine:
    """A financing line as stored, with the row id edits refer to."""

    id: int
    position: int
    line: FinancingLine


class ReportEditor:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._unit_ids: dict[str, int] = {}

    def _unit_id(self, code: str) -> int:
        if code not in self._unit_ids:
            row = self.db.execute("SELECT id FROM unit WHERE code = ?", (code,)).fetchone()
            if row is None:
                raise DatabaseError(f"Звітуючого органу «{code}» немає в базі «{self.db.path}»")
            self._unit_ids[code] = row[0]
        return self._unit_ids[code]

    def _where(self, key: ReportKey) -> tuple[int, int, int, str]:
        return (
            key.measure_id,
            self._unit_id(key.unit_code),
            key.period.year,
            key.period.kind.value,
        )

    # ------------------------------------------------------------------ status

    def status_value(self, key: ReportKey, field: str) -> Any:
        """A status field, or None when the unit has no status for the measure yet."""
        _check(field, STATUS_FIELDS)
        row = self.db.execute(
            f"SELECT {field} FROM status_entry WHERE measure_id = ? AND unit_id = ? "
            "AND year = ? AND period = ?",
            self._where(key),
        ).fetchone()
        if row is None:
            return None
        return MeasureState(row[0]) if field == "state" else row[0]

    def set_status_value(self, key: ReportKey, field: str, value: Any) -> None:
        """Set one field, creating the status (not started, no text) on first edit."""
        _check(field, STATUS_FIELDS)
        if field == "state":
            value = (value or MeasureState.NOT_STARTED).value
        elif field == "text":
            value = value or ""
        elif value is not None and (not isinstance(value, int) or value < 0):
            raise DatabaseError(f"Кількість має бути цілим невід'ємним числом, а не «{value}»")
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO status_entry (measure_id, unit_id, year, period, state) "
                "VALUES (?, ?, ?, ?, 'not_started') ON CONFLICT DO NOTHING",
                self._where(key),
            )
            conn.execute(
                f"UPDATE status_entry SET {field} = ?, "
                "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                "WHERE measure_id = ? AND unit_id = ? AND year = ? AND period = ?",
                (value, *self._where(key)),
            )

    # ------------------------------------------------------------------ indicators

    def achieved(self, key: ReportKey, indicator_id: int) -> Decimal | None:
        row = self.db.execute(
            "SELECT value FROM indicator_result WHERE indicator_id = ? AND unit_id = ? "
            "AND year = ? AND period = ?",
            (indicator_id, *self._where(key)[1:]),
        ).fetchone()
        return None if row is None else Decimal(row[0])

    def set_achieved(self, key: ReportKey, indicator_id: int, value: Decimal | None) -> None:
        where = (indicator_id, *self._where(key)[1:])
        with self.db.transaction() as conn:
            if value is None:
                conn.execute(
                    "DELETE FROM indicator_result WHERE indicator_id = ? AND unit_id = ? "
                    "AND year = ? AND period = ?",
                    where,
                )
            else:
                # An achieved value belongs to a status, as in the model: create it if needed.
                conn.execute(
                    "INSERT INTO status_entry (measure_id, unit_id, year, period, state) "
                    "VALUES (?, ?, ?, ?, 'not_started') ON CONFLICT DO NOTHING",
                    self._where(key),
                )
                conn.execute(
                    "INSERT OR REPLACE INTO indicator_result (indicator_id, unit_id, year, period, "
                    "value) VALUES (?, ?, ?, ?, ?)",
                    (*where, canonical_number(value)),
                )

    # ------------------------------------------------------------------ financing

    def lines(self, key: ReportKey) -> list[StoredLine]:
        rows = self.db.execute(
            f"SELECT id, position, {', '.join(LINE_FIELDS)} "
            "FROM financing_entry WHERE measure_id = ? AND unit_id = ? AND year = ? AND period = ? "
            "ORDER BY position",
            self._where(key),
        ).fetchall()
        return [
            StoredLine(row[0], row[1], stored_line("", "", key.unit_code, key.period, row[2:]))
            for row in rows
        ]

    def line_value(self, line_id: int, field: str) -> Any:
        _check(field, LINE_FIELDS)
        row = self.db.execute(
            f"SELECT {field} FROM financing_entry WHERE id = ?", (line_id,)
        ).fetchone()
        if row is None:
            raise DatabaseError("Рядок фінансування вже видалено")
        return from_column(field, row[0])

    def set_line_value(self, line_id: int, field: str, value: Any) -> None:
        _check(field, LINE_FIELDS)
        with self.db.transaction() as conn:
            changed = conn.execute(
                f"UPDATE financing_entry SET {field} = ?, "
                "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
                (_to_column(field, value), line_id),
            ).rowcount
        if not changed:
            raise DatabaseError("Рядок фінансування вже видалено")

    def insert_line(self, key: ReportKey, line: FinancingLine, position: int | None = None) -> int:
        """Add a line at `position` (the end by default); returns its id."""
        where = self._where(key)
        with self.db.transaction() as conn:
            count = conn.execute(
                "SELECT count(*) FROM financing_entry WHERE measure_id = ? AND unit_id = ? "
                "AND year = ? AND period = ?",
                where,
            ).fetchone()[0]
            position = count if position is None else max(0, min(position, count))
            self._shift(where, position, +1)
            return inserted_id(
                conn.execute(
                    f"INSERT INTO financing_entry (measure_id, unit_id, year, period, position, "
                    f"{', '.join(LINE_FIELDS)}) "
                    f"VALUES (?, ?, ?, ?, ?, {', '.join('?' * len(LINE_FIELDS))})",
                    (*where, position, *(_to_column(f, getattr(line, f)) for f in LINE_FIELDS)),
                )
            )

    def delete_line(self, key: ReportKey, line_id: int) -> tuple[FinancingLine, int]:
        """Remove a line; returns it and its position, for undo to insert it back."""
        stored = next((item for item in self.lines(key) if item.id == line_id), None)
        if stored is None:
            raise DatabaseError("Рядок фінансування вже видалено")
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM financing_entry WHERE id = ?", (line_id,))
            self._shift(self._where(key), stored.position + 1, -1)
        return stored.line, stored.position

    def _shift(self, where: tuple, start: int, delta: int) -> None:
        """Move lines at `start` and after by `delta`, in two steps so the unique
        position never collides halfway."""
        conn = self.db.connection
        scope = "measure_id = ? AND unit_id = ? AND year = ? AND period = ?"
        conn.execute(
            f"UPDATE financing_entry SET position = -(position + ?) - 1 "
            f"WHERE {scope} AND position >= ?",
            (delta, *where, start),
        )
        conn.execute(
            f"UPDATE financing_entry SET position = -position - 1 WHERE {scope} AND position < 0",
            where,
        )


def _check(field: str, allowed: tuple[str, ...]) -> None:
    if field not in allowed:
        raise ValueError(f"unknown field {field!r}")


def _to_column(field: str, value: Any) -> Any:
    if field in MONEY_FIELDS:
        return to_kopecks(value)
    if field == "source":
        return None if value is None else value.value
    if field == "source_text":
        return value or ""
    return value or None
