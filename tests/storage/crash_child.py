"""The process tests/storage/test_crash.py kills: it works on the files it is given
and prints "ok N" after every step that has been confirmed (the call returned), so
the parent knows what must survive.

    python crash_child.py edits DATABASE ROUND
    python crash_child.py export TARGET FIRST_VERSION
    python crash_child.py backup DATABASE FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path

from ctb_desktop.storage.atomic import write_atomically
from ctb_desktop.storage.backup import create_backup
from ctb_desktop.storage.database import Database

EXPORT_SIZE = 6 * 1024 * 1024


def export_content(version: int) -> bytes:
    """A file whose every byte says which version it is, so a mix is seen at once."""
    header = b"version %08d\n" % version
    return header + bytes([version % 251]) * (EXPORT_SIZE - len(header))


def edits(path: Path, round_number: int) -> None:
    db = Database.open(path)
    # Rows of ~3 KB, so the write-ahead log grows and checkpoints happen under the kill.
    filler = "ї" * 1500
    step = 0
    while True:
        with db.transaction() as connection:
            connection.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?)",
                (f"crash.{round_number}.{step}", filler),
            )
            connection.execute(
                "INSERT INTO setting (key, value) VALUES ('crash.last', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(step),),
            )
        print(f"ok {step}", flush=True)
        step += 1


def export(target: Path, version: int) -> None:
    while True:
        write_atomically(target, export_content(version))
        print(f"ok {version}", flush=True)
        version += 1


def backups(path: Path, folder: Path) -> None:
    db = Database.open(path)
    while True:
        made = create_backup(db, "manual", folder, keep=3)
        print(f"ok {made.name}", flush=True)


if __name__ == "__main__":
    mode, first, second = sys.argv[1:4]
    if mode == "edits":
        edits(Path(first), int(second))
    elif mode == "export":
        export(Path(first), int(second))
    else:
        backups(Path(first), Path(second))
