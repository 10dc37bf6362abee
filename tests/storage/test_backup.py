"""Backups: taken whole and atomically, listed by database, thinned to the newest N,
checked before they are restored; and the quick check the window runs on start."""

import json
import sqlite3
from datetime import datetime, timedelta

import pytest

from ctb_desktop.storage import backup, locations
from ctb_desktop.storage.backup import BackupError, create_backup, daily_backup, list_backups
from ctb_desktop.storage.config import Config, ConfigError
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.restore import (
    check_backup,
    diagnose,
    latest_good_backup,
    quick_check,
    restore_backup,
)
from tests.conftest import insert_unit

MORNING = datetime(2026, 11, 23, 9, 5, 12)


def _units(path):
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT code FROM unit ORDER BY code")]
    finally:
        connection.close()


def _add_unit(db, code):
    with db.transaction() as connection:
        insert_unit(connection, code)


def corrupt(path):
    """Overwrite a stretch in the middle of the file, as a failing disk would."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 8192] = b"\xa5" * 8192
    path.write_bytes(bytes(data))


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "копії"


def test_a_backup_is_a_whole_standalone_copy_named_to_sort_and_read(demo_db, folder):
    path = create_backup(demo_db, "manual", folder, now=MORNING)
    assert path.name == "test_2026-11-23_09-05-12_manual.sqlite"
    assert sorted(p.name for p in folder.iterdir()) == [
        "test_2026-11-23_09-05-12_manual.json",
        "test_2026-11-23_09-05-12_manual.sqlite",
    ]
    assert check_backup(path) is None
    copy = sqlite3.connect(path)
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert copy.execute("SELECT count(*) FROM measure").fetchone()[0] == 60
    copy.close()
    info = json.loads(path.with_suffix(".json").read_text("utf-8"))
    assert info["source"] == str(demo_db.path.resolve())
    assert info["reason"] == "manual"
    [listed] = list_backups(folder)
    assert (listed.path, listed.created, listed.reason, listed.source) == (
        path,
        MORNING,
        "manual",
        demo_db.path.resolve(),
    )
    assert listed.size == path.stat().st_size
    assert listed.reason_title == "створена вручну"
    assert listed.created_text == "23.11.2026 09:05:12"


def test_the_default_folder_is_backups_in_the_users_data_folder(demo_db, tmp_path):
    path = create_backup(demo_db, "manual")
    assert path.parent == locations.backups_dir()
    assert path.parent == tmp_path / "xdg_data_home" / "ctb-desktop" / "backups"


def test_list_is_newest_first_and_by_database(db, tmp_path, folder):
    _add_unit(db, "a")
    other = Database.open(tmp_path / "інша" / "test.sqlite")  # the same stem elsewhere
    _add_unit(other, "b")
    times = [MORNING + timedelta(minutes=minute) for minute in (0, 1, 2)]
    made = [create_backup(db, "manual", folder, now=time) for time in times]
    second = create_backup(db, "daily", folder, now=times[-1])  # the same second
    foreign = create_backup(other, "manual", folder, now=times[0])
    other.close()
    assert second.name == "test_2026-11-23_09-07-12-2_daily.sqlite"
    assert [i.path for i in list_backups(folder, db.path)] == [second, *reversed(made)]
    assert [i.path for i in list_backups(folder, other.path)] == [foreign]
    assert len(list_backups(folder)) == 5
    # A copy whose .json went missing is still listed, by the stem of its name.
    second.with_suffix(".json").unlink()
    assert list_backups(folder, db.path)[0].path == second
    assert list_backups(folder, db.path)[0].source is None


def test_only_the_newest_are_kept_as_the_database_setting_says(db, tmp_path, folder):
    _add_unit(db, "a")
    other = Database.open(tmp_path / "інша.sqlite")
    _add_unit(other, "b")
    create_backup(other, "manual", folder, now=MORNING)
    for minute in range(12):
        create_backup(db, "manual", folder, now=MORNING + timedelta(minutes=minute))
    assert len(list_backups(folder, db.path)) == backup.DEFAULT_KEEP == 10
    Config(db).set("backup.keep", "3")
    last = create_backup(db, "daily", folder, now=MORNING + timedelta(hours=1))
    kept = list_backups(folder, db.path)
    assert kept[0].path == last
    assert [info.created.minute for info in kept] == [5, 16, 15]
    assert len(list(folder.glob("test_*.json"))) == 3  # their .json went with them
    assert len(list_backups(folder, other.path)) == 1  # another database's are its own
    other.close()


@pytest.mark.parametrize("value", ["0", "1001", "десять", "²"])
def test_backup_keep_is_a_number_from_1_to_1000(db, value):
    with pytest.raises(ConfigError, match="від 1 до 1000"):
        Config(db).set("backup.keep", value)


def test_restore_brings_the_copy_back_and_keeps_the_current_file(db, db_path, folder):
    _add_unit(db, "before")
    copy = create_backup(db, "manual", folder, now=MORNING)
    _add_unit(db, "after")
    db.close()
    assert db_path.with_name("test.sqlite-wal").exists() is False  # closed cleanly
    kept = restore_backup(copy, db_path, folder)
    assert _units(db_path) == ["before"]
    assert (
        kept is not None and kept.parent == folder and kept.name.endswith("_before-restore.sqlite")
    )
    assert _units(kept) == ["after", "before"]  # the restore itself can be undone
    with Database.open(db_path) as again:
        assert again.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert again.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [p.name for p in db_path.parent.glob(".*")] == []


def test_restore_drops_the_old_write_ahead_log(db, db_path, folder):
    """A -wal left beside the database would be replayed onto the restored copy."""
    _add_unit(db, "before")
    copy = create_backup(db, "manual", folder, now=MORNING)
    _add_unit(db, "after")
    crashed = db_path.read_bytes(), db_path.with_name("test.sqlite-wal").read_bytes()
    db.close()
    db_path.write_bytes(crashed[0])
    db_path.with_name("test.sqlite-wal").write_bytes(crashed[1])  # as after a crash
    restore_backup(copy, db_path, folder)
    assert not db_path.with_name("test.sqlite-wal").exists()
    assert _units(db_path) == ["before"]


def test_a_damaged_backup_is_refused_and_the_database_left_alone(demo_db, db_path, folder):
    copy = create_backup(demo_db, "manual", folder, now=MORNING)
    corrupt(copy)
    assert "пошкоджена" in check_backup(copy)
    demo_db.close()
    before = db_path.read_bytes()
    with pytest.raises(BackupError, match=r"Резервна копія .*пошкоджена.*Базу даних не змінено"):
        restore_backup(copy, db_path, folder)
    assert db_path.read_bytes() == before
    assert [i.path for i in list_backups(folder)] == [copy]  # no before-restore copy either


def test_a_foreign_or_newer_file_is_not_restored(tmp_path, db_path, folder):
    foreign = tmp_path / "інша_2026-11-23_09-05-12_manual.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    assert "не є резервною копією" in check_backup(foreign)
    assert "відсутня" in check_backup(tmp_path / "немає.sqlite")
    with Database.open(db_path) as db:
        db.execute("PRAGMA user_version = 99")
        newer = create_backup(db, "manual", folder)
    assert "новішою версією" in check_backup(newer)


def test_a_damaged_database_is_kept_aside_as_it_was(demo_db, db_path, folder, tmp_path):
    copy = create_backup(demo_db, "manual", folder, now=MORNING)
    demo_db.close()
    corrupt(db_path)
    damaged = db_path.read_bytes()
    assert diagnose(db_path).kind == "damaged"
    kept = restore_backup(copy, db_path, folder)
    assert kept.parent == tmp_path and kept.name.startswith("test.sqlite.damaged-")
    assert kept.read_bytes() == damaged
    assert quick_check(db_path) is None
    assert latest_good_backup(db_path, folder).path == copy


def test_latest_good_backup_skips_damaged_ones(demo_db, folder):
    good = create_backup(demo_db, "manual", folder, now=MORNING)
    bad = create_backup(demo_db, "daily", folder, now=MORNING + timedelta(days=1))
    corrupt(bad)
    assert latest_good_backup(demo_db.path, folder).path == good
    corrupt(good)
    assert latest_good_backup(demo_db.path, folder) is None


def test_quick_check_names_the_file_and_what_is_wrong(demo_db, db_path, tmp_path):
    assert quick_check(db_path) is None
    assert quick_check(tmp_path / "ще немає.sqlite") is None
    junk = tmp_path / "звіт.sqlite"
    junk.write_bytes(b"PK\x03\x04 not a database" * 100)
    assert quick_check(junk) == f"Файл «{junk}» пошкоджений або не є базою даних ctb-desktop"
    demo_db.close()
    corrupt(db_path)
    problem = diagnose(db_path)
    assert problem.kind == "damaged"
    assert problem.message.startswith(f"Файл бази даних «{db_path}» пошкоджений (")


def test_quick_check_tells_a_locked_file_from_a_damaged_one(db, db_path):
    _add_unit(db, "a")
    db.execute("PRAGMA locking_mode = EXCLUSIVE")
    _add_unit(db, "b")  # another program holds the file for itself
    problem = diagnose(db_path, timeout=0.1)
    assert problem.kind == "locked"
    assert f"Файл «{db_path}» зайнятий" in problem.message


def test_a_daily_backup_once_per_calendar_day(db, folder):
    assert daily_backup(db, folder, now=MORNING) is None  # nothing to lose yet
    _add_unit(db, "a")
    first = daily_backup(db, folder, now=MORNING)
    assert first is not None and first.name.endswith("_daily.sqlite")
    assert daily_backup(db, folder, now=MORNING + timedelta(hours=8)) is None
    create_backup(db, "manual", folder, now=MORNING + timedelta(days=1))
    assert daily_backup(db, folder, now=MORNING + timedelta(days=1, hours=1)) is not None


def test_backup_before_skips_an_empty_database_and_refuses_when_it_cannot(db, tmp_path):
    assert backup.backup_before(db) is None
    _add_unit(db, "a")
    assert backup.backup_before(db).name.endswith("_before-import.sqlite")
    blocked = tmp_path / "файл замість папки"
    blocked.write_text("x")
    with pytest.raises(BackupError, match="Дію не виконано, база даних без змін"):
        backup.backup_before(db, "before-import", blocked)


def test_abandoned_temporaries_are_cleaned_when_the_next_copy_is_made(demo_db, folder):
    folder.mkdir()
    for name in (".a_manual.sqlite.x1.tmp", ".a_manual.sqlite.x1.tmp-journal"):
        (folder / name).write_bytes(b"half")
    create_backup(demo_db, "manual", folder)
    assert [p.name for p in folder.glob(".*")] == []
