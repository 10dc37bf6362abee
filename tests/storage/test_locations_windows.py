"""On Windows the data lives in the local (non-roaming) folder; a database an earlier
version left in the roaming one is still opened. Simulated with sys.platform."""

import sys

from ctb_desktop.storage import locations


def windows(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))


def test_the_database_backups_and_log_are_in_the_local_folder(monkeypatch, tmp_path):
    windows(monkeypatch, tmp_path)
    assert locations.data_dir() == tmp_path / "Local" / "ctb-desktop"
    assert locations.default_database_path() == tmp_path / "Local" / "ctb-desktop" / (
        "ctb-desktop.sqlite"
    )
    assert locations.backups_dir() == tmp_path / "Local" / "ctb-desktop" / "backups"


def test_a_database_left_in_the_roaming_folder_is_still_found(monkeypatch, tmp_path):
    windows(monkeypatch, tmp_path)
    old = tmp_path / "Roaming" / "ctb-desktop" / "ctb-desktop.sqlite"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"")
    assert locations.default_database_path() == old
    new = locations.data_dir() / "ctb-desktop.sqlite"
    new.parent.mkdir(parents=True)
    new.write_bytes(b"")
    assert locations.default_database_path() == new  # the local one wins once it exists


def test_elsewhere_there_is_no_roaming_folder(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    assert locations.roaming_data_dir() is None
