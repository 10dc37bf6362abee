"""The demo database: the built-in national program with the 2024 annual entries."""

from __future__ import annotations

from ctb_desktop.storage.database import Database, DatabaseError
from ctb_desktop.storage.datafiles import builtin_program, builtin_units, demo_entries
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore


def fill_demo(db: Database, *, force: bool = False) -> int:
    """Fill `db` with the demo and return the program id. A database that already
    holds data is refused unless `force`, which empties it first."""
    if db.has_reports():
        if not force:
            raise DatabaseError(
                f"База даних «{db.path}» уже містить дані. Щоб замінити їх демонстраційними, "
                "додайте --force"
            )
        clear(db)
    program, units, entries = builtin_program(), builtin_units(), demo_entries()
    UnitStore(db).save(units)
    program_id = ProgramStore(db).insert(program)
    EntryStore(db).save(program, entries)
    return program_id


def clear(db: Database) -> None:
    """Remove every row, keeping the schema; one transaction."""
    with db.transaction() as conn:
        for table in (
            "indicator_result",
            "status_entry",
            "financing_entry",
            "program",
            "unit",
        ):
            conn.execute(f"DELETE FROM {table}")
