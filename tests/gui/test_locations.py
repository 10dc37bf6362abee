"""The data folder the storage layer computes without Qt (database, backups, log) is the
one Qt's QStandardPaths gives the window."""

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths

from ctb_desktop import APP_NAME
from ctb_desktop.storage import locations


def test_storage_and_qt_agree_on_the_data_folder(tmp_path):
    QCoreApplication.setApplicationName(APP_NAME)
    qt_folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppLocalDataLocation
    )
    assert Path(qt_folder) == locations.data_dir()
    assert locations.data_dir() == tmp_path / "xdg_data_home" / "ctb-desktop"
    assert locations.default_database_path() == locations.data_dir() / "ctb-desktop.sqlite"
    assert locations.backups_dir() == locations.data_dir() / "backups"
    assert locations.logs_dir() == locations.data_dir() / "logs"
