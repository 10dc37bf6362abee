"""The storage layer's data folder (for backups and the log) is the one Qt gives the
window for the database."""

from ctb_desktop.gui.locations import default_database_path
from ctb_desktop.storage import locations


def test_storage_and_qt_agree_on_the_data_folder(tmp_path):
    assert default_database_path().parent == locations.data_dir()
    assert locations.data_dir() == tmp_path / "xdg_data_home" / "ctb-desktop"
    assert locations.backups_dir() == locations.data_dir() / "backups"
    assert locations.logs_dir() == locations.data_dir() / "logs"
