"""Reporting units in the database, kept in the order of the reference list."""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Iterable

from ctb_desktop.domain.units import ReportingUnit, UnitLevel, check_hierarchy
from ctb_desktop.storage.database import Database, DatabaseError

_COLUMNS = (
    "u.id, u.code, u.name, u.short_name, u.level, p.code, u.name_instrumental, "
    "u.katottg, u.territory, u.body, u.email, u.active"
)


def _unit(row: tuple) -> ReportingUnit:
    uid, code, name, short, level, parent, instrumental, katottg, territory, body, email = row[:11]
    return ReportingUnit(
        code,
        name,
        short,
        UnitLevel(level),
        parent,
        instrumental,
        id=uid,
        katottg=katottg,
        territory=territory,
        body=body,
        email=email,
        active=bool(row[11]),
    )


class UnitStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self) -> list[ReportingUnit]:
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM unit u LEFT JOIN unit p ON p.id = u.parent_id "
            "ORDER BY u.position"
        ).fetchall()
        return [_unit(row) for row in rows]

    def find(self, code: str) -> ReportingUnit | None:
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM unit u LEFT JOIN unit p ON p.id = u.parent_id "
            "WHERE u.code = ? OR (u.katottg = ? AND u.katottg != '') "
            "ORDER BY u.code != ? LIMIT 1",
            (code, code, code),
        ).fetchone()
        return _unit(row) if row else None

    def ids_by_code(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT code, id FROM unit"))

    def save(self, units: builtins.list[ReportingUnit]) -> None:
        """Add the units, or update those whose code is already known; the list must
        be consistent together with what is stored. An empty КАТОТТГ code, territory,
        kind of body or e-mail (a package from an older version) keeps the stored one."""
        stored = {unit.code: unit for unit in self.list()}
        check_hierarchy(list({**stored, **{unit.code: unit for unit in units}}.values()))
        with self.db.transaction() as conn:
            next_position = conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM unit"
            ).fetchone()[0]
            for unit in units:
                if unit.code in stored:
                    _update(conn, unit)
                else:
                    _insert(conn, unit, next_position)
                    next_position += 1
            for unit in units:
                conn.execute(
                    "UPDATE unit SET parent_id = (SELECT id FROM unit WHERE code = ?) "
                    "WHERE code = ?",
                    (unit.parent_code, unit.code),
                )

    def append(self, units: Iterable[ReportingUnit]) -> int:
        """Units not yet stored, added after the others in their order, in one
        transaction; their parents come before them. The number added."""
        added = 0
        with self.db.transaction() as conn:
            next_position = conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM unit"
            ).fetchone()[0]
            for unit in units:
                _insert(conn, unit, next_position + added)
                conn.execute(
                    "UPDATE unit SET parent_id = (SELECT id FROM unit WHERE code = ?) "
                    "WHERE code = ?",
                    (unit.parent_code, unit.code),
                )
                added += 1
        return added

    def edit(self, unit: ReportingUnit) -> None:
        """One unit's names, kind, e-mail and state exactly as given (an empty e-mail
        clears it); its code, level and parent stay."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE unit SET name = ?, short_name = ?, name_instrumental = ?, "
                "territory = ?, body = ?, email = ?, active = ? WHERE code = ?",
                (
                    unit.name,
                    unit.short_name,
                    unit.name_instrumental,
                    unit.territory,
                    unit.body,
                    unit.email,
                    int(unit.active),
                    unit.code,
                ),
            )

    def set_active(self, code: str, active: bool) -> None:
        with self.db.transaction() as conn:
            conn.execute("UPDATE unit SET active = ? WHERE code = ?", (int(active), code))

    def require_ids(self, codes: set[str]) -> dict[str, int]:
        """Ids for the given codes; an unknown code is a DatabaseError naming it."""
        ids = self.ids_by_code()
        missing = sorted(codes - ids.keys())
        if missing:
            raise DatabaseError(
                f"У довіднику звітуючих органів бази «{self.db.path}» немає: {', '.join(missing)}"
            )
        return ids


def _insert(conn: sqlite3.Connection, unit: ReportingUnit, position: int) -> None:
    conn.execute(
        "INSERT INTO unit (code, name, short_name, level, position, name_instrumental, "
        "katottg, territory, body, email, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            unit.code,
            unit.name,
            unit.short_name,
            unit.level.value,
            position,
            unit.name_instrumental,
            unit.katottg,
            unit.territory,
            unit.body,
            unit.email,
            int(unit.active),
        ),
    )


def _update(conn: sqlite3.Connection, unit: ReportingUnit) -> None:
    conn.execute(
        "UPDATE unit SET name = ?, short_name = ?, level = ?, name_instrumental = ?, "
        "katottg = coalesce(nullif(?, ''), katottg), "
        "territory = coalesce(nullif(?, ''), territory), "
        "body = coalesce(nullif(?, ''), body), email = coalesce(nullif(?, ''), email), "
        "active = ? WHERE code = ?",
        (
            unit.name,
            unit.short_name,
            unit.level.value,
            unit.name_instrumental,
            unit.katottg,
            unit.territory,
            unit.body,
            unit.email,
            int(unit.active),
            unit.code,
        ),
    )
