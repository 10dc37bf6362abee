"""Reporting units in the database, kept in the order of the reference list."""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Iterable

from ctb_desktop.domain.units import ReportingUnit, UnitLevel, check_hierarchy
from ctb_desktop.storage.database import Database, DatabaseError

_CODES_A_QUERY = 500  # below SQLite's oldest limit of 999 parameters
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

    def save(self, units: builtins.list[ReportingUnit]) -> None:
        """Add the units, or update those whose code is already known; the list must
        be consistent together with what is stored. An empty КАТОТТГ code, territory,
        kind of body or e-mail (a package from an older version) keeps the stored one."""
        stored = {unit.code: unit for unit in self.list()}
        check_hierarchy(list({**stored, **{unit.code: unit for unit in units}}.values()))
        with self.db.transaction() as conn:
            position = _next_position(conn)
            for unit in units:
                if unit.code in stored:
                    conn.execute(_UPDATE, _values(unit))
                else:
                    conn.execute(_INSERT, _values(unit, position))
                    position += 1
            for unit in units:
                _link_parent(conn, unit)

    def append(self, units: Iterable[ReportingUnit]) -> int:
        """Units not yet stored, added after the others in their order, in one
        transaction; their parents come before them. The number added."""
        added = 0
        with self.db.transaction() as conn:
            position = _next_position(conn)
            for unit in units:
                conn.execute(_INSERT, _values(unit, position + added))
                _link_parent(conn, unit)
                added += 1
        return added

    def edit(self, unit: ReportingUnit) -> None:
        """One unit's names, kind, e-mail and state exactly as given (an empty e-mail
        clears it); its code, level and parent stay."""
        with self.db.transaction() as conn:
            conn.execute(_EDIT, _values(unit))

    def set_active(self, code: str, active: bool) -> None:
        with self.db.transaction() as conn:
            conn.execute("UPDATE unit SET active = ? WHERE code = ?", (int(active), code))

    def require_ids(self, codes: set[str]) -> dict[str, int]:
        """Ids for the given codes; an unknown code is a DatabaseError naming it. Only
        those codes are read: the directory holds every hromada of the country."""
        wanted = sorted(codes)
        ids: dict[str, int] = {}
        for start in range(0, len(wanted), _CODES_A_QUERY):
            chunk = wanted[start : start + _CODES_A_QUERY]
            marks = ", ".join("?" * len(chunk))
            ids.update(
                self.db.execute(f"SELECT code, id FROM unit WHERE code IN ({marks})", tuple(chunk))
            )
        missing = sorted(codes - ids.keys())
        if missing:
            raise DatabaseError(
                f"У довіднику звітуючих органів бази «{self.db.path}» немає: {', '.join(missing)}"
            )
        return ids


# A unit's row as named parameters, for every statement below.
def _values(unit: ReportingUnit, position: int | None = None) -> dict[str, object]:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "level": unit.level.value,
        "position": position,
        "name_instrumental": unit.name_instrumental,
        "katottg": unit.katottg,
        "territory": unit.territory,
        "body": unit.body,
        "email": unit.email,
        "active": int(unit.active),
    }


_INSERT = """INSERT INTO unit (code, name, short_name, level, position, name_instrumental,
    katottg, territory, body, email, active)
VALUES (:code, :name, :short_name, :level, :position, :name_instrumental,
    :katottg, :territory, :body, :email, :active)"""

# A unit that came again (a package, the directory): an empty КАТОТТГ code, territory,
# kind or e-mail keeps the stored one.
_UPDATE = """UPDATE unit SET name = :name, short_name = :short_name, level = :level,
    name_instrumental = :name_instrumental,
    katottg = coalesce(nullif(:katottg, ''), katottg),
    territory = coalesce(nullif(:territory, ''), territory),
    body = coalesce(nullif(:body, ''), body), email = coalesce(nullif(:email, ''), email),
    active = :active
WHERE code = :code"""

# The clerk's edit: exactly as given.
_EDIT = """UPDATE unit SET name = :name, short_name = :short_name,
    name_instrumental = :name_instrumental, territory = :territory, body = :body,
    email = :email, active = :active
WHERE code = :code"""


def _next_position(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(position) + 1, 0) FROM unit").fetchone()[0])


def _link_parent(conn: sqlite3.Connection, unit: ReportingUnit) -> None:
    conn.execute(
        "UPDATE unit SET parent_id = (SELECT id FROM unit WHERE code = ?) WHERE code = ?",
        (unit.parent_code, unit.code),
    )
