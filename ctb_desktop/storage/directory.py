"""Every database holds the whole directory of reporting bodies: the shipped one
(resources/units.json, built from КАТОТТГ by scripts/make_units.py) is added when a
database is created, and what a newer edition adds is added to older databases once,
when they are next opened for writing. Nothing stored is changed or removed: names
edited by the clerk, units added by hand and units received in packages stay.
"""

from __future__ import annotations

from ctb_desktop.storage.database import Database
from ctb_desktop.storage.datafiles import builtin_units, directory_edition
from ctb_desktop.storage.units import UnitStore

# A setting outside storage.config.KEYS: the app's own note, not the clerk's.
EDITION_KEY = "directory.edition"


def complete_directory(db: Database) -> int:
    """Add the shipped units this database lacks (by code, or by КАТОТТГ code for a
    unit added by hand); the number added. Once per edition."""
    edition = directory_edition()
    row = db.execute("SELECT value FROM setting WHERE key = ?", (EDITION_KEY,)).fetchone()
    if row and row[0] == edition:
        return 0
    store = UnitStore(db)
    stored = store.list()
    codes = {unit.code for unit in stored}
    katottg = {unit.katottg for unit in stored if unit.katottg}
    missing = [
        unit for unit in builtin_units() if unit.code not in codes and unit.katottg not in katottg
    ]
    # A hromada whose raion was added by hand under another code goes under that one.
    by_katottg = {unit.katottg: unit.code for unit in stored if unit.katottg}
    for unit in missing:
        unit.parent_code = by_katottg.get(unit.parent_code or "", unit.parent_code)
    present = codes | {unit.code for unit in missing}
    missing = [unit for unit in missing if unit.parent_code is None or unit.parent_code in present]
    with db.transaction() as conn:
        added = store.append(missing)
        conn.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (EDITION_KEY, edition),
        )
    return added
