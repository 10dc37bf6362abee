"""The user's data folder without Qt, by the rules Qt's
QStandardPaths.AppLocalDataLocation follows (tests/gui/test_locations.py keeps the two
in step): Windows %LOCALAPPDATA%\\ctb-desktop, macOS ~/Library/Application
Support/ctb-desktop, elsewhere $XDG_DATA_HOME/ctb-desktop or ~/.local/share/ctb-desktop.

On Windows the local, not the roaming, folder: domain policies redirect the roaming
%APPDATA% to a network share, where SQLite's write-ahead log is unsafe and every backup
would travel the network. A database an earlier version left in the roaming folder is
still found there when the local folder has none (`default_database_path`).

The storage layer keeps its backups here and the window its log, so the command line
and the window find the same folders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ctb_desktop import APP_NAME


def data_dir() -> Path:
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        # A relative XDG_DATA_HOME is invalid by the specification; Qt ignores it too.
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / APP_NAME


def backups_dir() -> Path:
    """Automatic and manual copies of the database (storage/backup.py)."""
    return data_dir() / "backups"


def logs_dir() -> Path:
    """The log of unexpected errors (gui/crash.py)."""
    return data_dir() / "logs"


DATABASE_FILE = "ctb-desktop.sqlite"


def roaming_data_dir() -> Path | None:
    """Where earlier versions kept the data on Windows (%APPDATA%); None elsewhere."""
    if sys.platform != "win32":
        return None
    return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP_NAME


def default_database_path() -> Path:
    """The database the window and the command line open when no --db is given: in the
    local data folder, or the roaming one's when only that exists (never two databases
    of one clerk, one of them forgotten)."""
    local = data_dir() / DATABASE_FILE
    roaming = roaming_data_dir()
    if roaming is not None and not local.exists() and (roaming / DATABASE_FILE).exists():
        return roaming / DATABASE_FILE
    return local
