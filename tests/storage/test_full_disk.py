"""A full disk in the middle of writing: the message names the file that was not
written and says why, the file that was there before is untouched, and no temporary
is left behind."""

import errno
import os
import sqlite3

import pytest

from ctb_desktop.storage import atomic
from ctb_desktop.storage.atomic import FileWriteError, write_atomically
from ctb_desktop.storage.backup import BackupError, create_backup, list_backups
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.restore import restore_backup


@pytest.fixture
def full_after_half(monkeypatch):
    """os.write takes half of what it is given, then the disk is full."""
    write = os.write
    calls = []

    def half_then_full(handle, data):
        calls.append(len(data))
        if len(calls) == 1:
            return write(handle, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", half_then_full)
    return calls


@pytest.fixture
def full_sqlite(monkeypatch):
    """SQLite finds the disk full while it writes a temporary copy."""
    connect = sqlite3.connect

    def small_disk(path, *args, **kwargs):
        connection = connect(path, *args, **kwargs)
        if str(path).endswith(".tmp"):
            connection.execute("PRAGMA max_page_count = 3")
        return connection

    monkeypatch.setattr(sqlite3, "connect", small_disk)


def test_an_export_on_a_full_disk_keeps_the_old_file(tmp_path, full_after_half):
    target = tmp_path / "Звіт за рік.docx"
    target.write_bytes(b"signed yesterday")
    with pytest.raises(FileWriteError) as error:
        write_atomically(target, b"new report " * 100_000)
    assert str(error.value) == (
        f"На диску закінчилося місце: файл «{target}» не записано. "
        "Попередній вміст файлу (якщо він був) не змінено."
    )
    assert len(full_after_half) == 2  # it did start writing
    assert target.read_bytes() == b"signed yesterday"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def _filled(db_path):
    db = Database.open(db_path)
    with db.transaction() as connection:
        connection.executemany(
            "INSERT INTO setting (key, value) VALUES (?, ?)",
            [(f"k{n}", "х" * 2000) for n in range(50)],
        )
    return db


def test_a_backup_on_a_full_disk_keeps_the_previous_ones(db_path, tmp_path, full_sqlite):
    folder = tmp_path / "backups"
    db = _filled(db_path)
    folder.mkdir()
    previous = folder / "test_2026-01-01_10-00-00_daily.sqlite"
    previous.write_bytes(b"an earlier copy")
    with pytest.raises(BackupError) as error:
        create_backup(db, "manual", folder)
    message = str(error.value)
    assert message.startswith(f"На диску закінчилося місце: резервну копію «{folder}")
    assert "_manual.sqlite» не збережено" in message and "база даних не змінена" in message
    assert sorted(p.name for p in folder.iterdir()) == [previous.name]
    assert previous.read_bytes() == b"an earlier copy"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM setting").fetchone()[0] == 50
    db.close()


def test_a_full_disk_while_the_copy_is_flushed(db_path, tmp_path, monkeypatch):
    folder = tmp_path / "backups"
    db = _filled(db_path)
    first = create_backup(db, "manual", folder)

    def full(_handle):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(BackupError, match="На диску закінчилося місце: резервну копію «"):
        create_backup(db, "daily", folder)
    monkeypatch.undo()
    assert [info.path for info in list_backups(folder)] == [first]
    assert sorted(p.name for p in folder.iterdir()) == [first.with_suffix(".json").name, first.name]
    db.close()


def test_a_restore_on_a_full_disk_leaves_the_database_as_it_was(db_path, tmp_path, monkeypatch):
    folder = tmp_path / "backups"
    db = _filled(db_path)
    copy = create_backup(db, "manual", folder)
    with db.transaction() as connection:
        connection.execute("DELETE FROM setting")
    db.close()
    write = os.write

    def full_in_the_database_folder(handle, data):
        if os.readlink(f"/proc/self/fd/{handle}").startswith(str(db_path.parent / ".test.sqlite.")):
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(handle, data)

    if not os.path.exists("/proc/self/fd"):
        pytest.skip("needs /proc to tell the database's folder from the backups'")
    monkeypatch.setattr(atomic.os, "write", full_in_the_database_folder)
    with pytest.raises(
        BackupError, match=f"відновити базу даних «{db_path}»: на диску закінчилося"
    ):
        restore_backup(copy, db_path, folder)
    monkeypatch.undo()
    with Database.open(db_path) as again:
        assert again.execute("SELECT count(*) FROM setting").fetchone()[0] == 0
    assert [p.name for p in db_path.parent.glob(".*")] == []
