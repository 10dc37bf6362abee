"""Every writer holds the database's "in use" lock while it has the file open; a
restore takes it alone, so it refuses while any writer lives (issue 14, finding 2).
A backup counts only when it is sound, and pruning keeps the newest sound one
(finding 3)."""

import os
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pytest

from ctb_desktop.domain.errors import UserError
from ctb_desktop.storage import lock
from ctb_desktop.storage.backup import (
    BackupError,
    backup_before,
    create_backup,
    damage,
    list_backups,
    prune,
)
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.demo import fill_demo
from ctb_desktop.storage.restore import restore_backup

HOLD = """
import sys, time
from ctb_desktop.storage.database import Database
db = Database.open(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()
db.close()
"""


@pytest.fixture
def copy(db_path, tmp_path):
    with Database.open(db_path) as db:
        fill_demo(db)
        return create_backup(db, "manual", tmp_path / "backups")


def _holder(db_path):
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=os.getcwd(),
    )
    assert process.stdout.readline() == "open\n"
    return process


def test_a_restore_refuses_while_another_process_has_the_database_open(db_path, copy, tmp_path):
    before = db_path.read_bytes()
    holder = _holder(db_path)
    try:
        with pytest.raises(UserError, match="зараз працює інша команда ctb-desktop або вікно"):
            restore_backup(copy, db_path, tmp_path / "backups")
        assert db_path.read_bytes() == before
    finally:
        holder.communicate("\n", timeout=30)
    assert restore_backup(copy, db_path, tmp_path / "backups") is not None


def test_this_process_restores_even_with_its_own_database_open(db_path, copy, tmp_path):
    db = Database.open(db_path)
    try:
        restore_backup(copy, db_path, tmp_path / "backups")
    finally:
        db.close()
    assert lock._use_key(db_path) not in lock._uses  # every open was matched by its close


def test_opening_waits_for_a_restore_then_gives_up_with_a_message(db_path, copy):
    with lock.sole_use(db_path):
        started = time.monotonic()
        with pytest.raises(UserError, match="зараз відновлюють з резервної копії"):
            lock.in_use(db_path, wait=0.3)
        assert time.monotonic() - started >= 0.3
    with Database.open(db_path):
        pass


# ---------------------------------------------------------------------- backups


def _damaged_copy(source, target):
    shutil.copyfile(source, target)
    with target.open("r+b") as stream:
        stream.seek(4096)
        stream.write(b"\xff" * (target.stat().st_size - 4096))


def test_a_damaged_database_gets_no_backup_and_the_change_does_not_start(db_path, tmp_path):
    folder = tmp_path / "backups"
    with Database.open(db_path) as db:
        fill_demo(db)
        create_backup(db, "manual", folder)
    sound = list_backups(folder, db_path)
    _damaged_copy(db_path, tmp_path / "damaged.sqlite")
    os.replace(tmp_path / "damaged.sqlite", db_path)
    import sqlite3  # noqa: PLC0415

    connection = sqlite3.connect(db_path)
    db = type("Opened", (), {"path": db_path, "connection": connection, "is_empty": lambda s: 0})()
    for _ in range(3):
        with pytest.raises(BackupError, match="пошкоджений") as error:
            backup_before(db, "before-import", folder)
        assert "Дію не виконано, база даних без змін" in str(error.value)
    connection.close()
    assert list_backups(folder, db_path) == sound
    assert not [name for name in os.listdir(folder) if name.endswith(".tmp")]


def test_pruning_never_deletes_the_newest_sound_copy(db_path, tmp_path):
    folder = tmp_path / "backups"
    with Database.open(db_path) as db:
        fill_demo(db)
        start = datetime(2026, 1, 1, 9, 0)
        sound = create_backup(db, "manual", folder, now=start, keep=100)
    # Later copies that are damaged (made before copies were checked, or damaged since).
    for minute in range(1, 5):
        name = sound.name.replace("09-00-00", f"09-0{minute}-00")
        _damaged_copy(sound, folder / name)
    assert damage(folder / name)
    removed = prune(folder, db_path, keep=2)
    left = [info.path for info in list_backups(folder, db_path)]
    assert sound in left
    assert len(left) == 3 and len(removed) == 2
    assert (start + timedelta(minutes=4)).strftime("%H-%M") in left[0].name
