"""The journal mode follows where the database lies: WAL on a local disk, the rollback
journal on a network share or in a synced folder (simulated), checked after setting."""

from __future__ import annotations

import sqlite3
import sys

import pytest

from ctb_desktop.storage import database, file_location
from ctb_desktop.storage.database import Database, DatabaseError


def on_a_share(monkeypatch):
    monkeypatch.setattr(database, "shared_location", lambda _path: "мережевій папці")


def test_a_local_database_uses_the_write_ahead_log(db_path):
    with Database.open(db_path) as db:
        assert db.journal_mode() == "wal"


def test_a_database_on_a_network_share_uses_the_rollback_journal(db_path, monkeypatch):
    on_a_share(monkeypatch)
    with Database.open(db_path) as db:
        assert db.journal_mode() == "delete"
        with db.transaction() as connection:
            connection.execute("PRAGMA user_version")
    assert not db_path.with_name(db_path.name + "-wal").exists()
    with Database.open(db_path, read_only=True) as reader:
        assert reader.journal_mode() == "delete"


def test_a_local_database_moved_to_a_share_leaves_wal(db_path, monkeypatch):
    Database.open(db_path).close()  # WAL is remembered in the file
    on_a_share(monkeypatch)
    with Database.open(db_path) as db:
        assert db.journal_mode() == "delete"


def test_one_still_in_wal_elsewhere_is_refused_not_risked(db_path, monkeypatch):
    Database.open(db_path).close()
    other = sqlite3.connect(db_path, isolation_level=None)  # another machine keeps it in WAL
    other.execute("SELECT count(*) FROM sqlite_master").fetchone()
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM sqlite_master").fetchone()
    on_a_share(monkeypatch)
    try:
        with pytest.raises(DatabaseError, match=r"на іншому комп’ютері.*мережевій папці"):
            Database.open(db_path)
    finally:
        other.close()


def test_a_mode_sqlite_does_not_take_is_logged(db_path, caplog):
    """A file system without shared memory keeps the rollback journal when WAL is asked:
    safe, but said in the log."""

    class NoSharedMemory:
        def execute(self, sql):
            assert sql == "PRAGMA journal_mode = wal"
            return self

        def fetchone(self):
            return ("delete",)

    database._set_journal(NoSharedMemory(), db_path)  # type: ignore[arg-type]
    assert "journal mode delete instead of wal" in caplog.text


# ------------------------------------------------------------------ detection


class FakeKernel32:
    def __init__(self, remote: set[str]) -> None:
        self.remote = remote

    def GetDriveTypeW(self, root: str) -> int:  # noqa: N802 (the Windows name)
        return file_location.DRIVE_REMOTE if root in self.remote else 3  # DRIVE_FIXED


@pytest.fixture
def windows(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(file_location, "_kernel32", FakeKernel32({"Z:\\"}))
    for variable in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        monkeypatch.delenv(variable, raising=False)


@pytest.mark.parametrize(
    ("path", "where"),
    [
        (r"\\fileserver\Звіти\ctb-desktop.sqlite", "мережевій папці"),
        (r"Z:\Звіти\ctb-desktop.sqlite", "мережевій папці"),
        (r"C:\Users\olena\OneDrive - Смілянська РДА\Звіти\база.sqlite", "OneDrive"),
        (r"C:\Users\olena\Dropbox\база.sqlite", "Dropbox"),
        (r"C:\Users\olena\AppData\Local\ctb-desktop\ctb-desktop.sqlite", ""),
        (r"D:\Звіти\база.sqlite", ""),
    ],
)
def test_windows_places(windows, path, where):
    found = file_location.shared_location(path)
    assert (where in found) if where else found == ""


def test_the_onedrive_folder_windows_names(windows, monkeypatch):
    monkeypatch.setenv("OneDriveCommercial", r"C:\Users\olena\Документи РДА")
    assert "OneDrive" in file_location.shared_location(r"C:\Users\olena\Документи РДА\б.sqlite")
    assert file_location.shared_location(r"C:\Users\olena\Інше\б.sqlite") == ""


def test_linux_network_mounts(tmp_path, monkeypatch):
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "//server/share /mnt/спільна\\040папка cifs rw 0 0\n"
        "server:/export /srv/nfs nfs4 rw 0 0\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(file_location, "MOUNTS", mounts)
    assert file_location.shared_location("/mnt/спільна папка/база.sqlite") == "мережевій папці"
    assert file_location.shared_location("/srv/nfs/a/база.sqlite") == "мережевій папці"
    assert file_location.shared_location("/srv/nfsx/база.sqlite") == ""
    assert file_location.shared_location("/home/olena/база.sqlite") == ""
