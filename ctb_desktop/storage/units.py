"""Reporting units in the database, kept in the order of the reference list."""

from __future__ import annotations

import builtins

from ctb_desktop.domain.units import ReportingUnit, UnitLevel, check_hierarchy
from ctb_desktop.storage.database import Database, DatabaseError


class UnitStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self) -> list[ReportingUnit]:
        rows = self.db.execute(
            """SELECT u.id, u.code, u.name, u.short_name, u.level, p.code, u.name_instrumental
               FROM unit u LEFT JOIN unit p ON p.id = u.parent_id ORDER BY u.position"""
        ).fetchall()
        return [
            ReportingUnit(code, name, short, UnitLevel(level), parent, instrumental, id=uid)
            for uid, code, name, short, level, parent, instrumental in rows
        ]

    def ids_by_code(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT code, id FROM unit"))

    def save(self, units: builtins.list[ReportingUnit]) -> None:
        """Add the units, or update those whose code is already known; the list must
        be consistent together with what is stored."""
        stored = {unit.code: unit for unit in self.list()}
        check_hierarchy(list({**stored, **{unit.code: unit for unit in units}}.values()))
        with self.db.transaction() as conn:
            next_position = conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM unit"
            ).fetchone()[0]
            for unit in units:
                if unit.code in stored:
                    conn.execute(
                        "UPDATE unit SET name = ?, short_name = ?, level = ?, "
                        "name_instrumental = ? WHERE code = ?",
                        (
                            unit.name,
                            unit.short_name,
                            unit.level.value,
                            unit.name_instrumental,
                            unit.code,
                        ),
                    )
                else:
                    conn.execute(
                        "INSERT INTO unit (code, name, short_name, level, position, "
                        "name_instrumental) VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            unit.code,
                            unit.name,
                            unit.short_name,
                            unit.level.value,
                            next_position,
                            unit.name_instrumental,
                        ),
                    )
                    next_position += 1
            for unit in units:
                conn.execute(
                    "UPDATE unit SET parent_id = (SELECT id FROM unit WHERE code = ?) "
                    "WHERE code = ?",
                    (unit.parent_code, unit.code),
                )

    def require_ids(self, codes: set[str]) -> dict[str, int]:
        """Ids for the given codes; an unknown code is a DatabaseError naming it."""
        ids = self.ids_by_code()
        missing = sorted(codes - ids.keys())
        if missing:
            raise DatabaseError(
                f"У довіднику звітуючих органів бази «{self.db.path}» немає: {', '.join(missing)}"
            )
        return ids
