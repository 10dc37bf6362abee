"""Where the app keeps its files by default, as Qt's QStandardPaths says for the platform
(Windows: %APPDATA%\\ctb-desktop, Linux: ~/.local/share/ctb-desktop)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths

from ctb_desktop import APP_NAME

DATABASE_FILE = "ctb-desktop.sqlite"


def default_database_path() -> Path:
    QCoreApplication.setApplicationName(APP_NAME)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / DATABASE_FILE
