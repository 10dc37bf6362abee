"""Copies of the database on request, and putting one back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctb_desktop.domain.errors import UserError
from ctb_desktop.storage.backup import create_backup
from ctb_desktop.storage.locations import backups_dir
from ctb_desktop.storage.lock import DatabaseLock
from ctb_desktop.storage.restore import restore_backup
from ctb_desktop.storage.workspace import Workspace


def backup_now(ws: Workspace) -> Path:
    return create_backup(ws.db, "manual")


def backup_file(name: str | Path, folder: Path | None = None) -> Path:
    """A path, or the name of a file in the backups folder (as `backup list` shows)."""
    path = Path(name)
    if path.exists() or path.parent != Path("."):
        return path
    in_folder = (folder or backups_dir()) / path
    return in_folder if in_folder.exists() else path


@dataclass(frozen=True)
class Restored:
    database: Path
    backup: Path
    # Where the state it replaced was kept: a copy in the backups folder, or the damaged
    # file's raw bytes beside it; None when there was no file.
    kept: Path | None


def restore(
    db_path: Path, backup: Path, folder: Path | None = None, *, lock: DatabaseLock | None = None
) -> Restored:
    """Replace the (closed) database with a checked copy, keeping what it replaces. The
    database's lock is taken for the time of it, so no window or command works on the
    file meanwhile; a holder that already has it (the window restoring its own file)
    passes its `lock`."""
    own = lock is None
    lock = lock or DatabaseLock(db_path)
    if not lock.acquire():
        holder = lock.holder_info()  # who: computer, user, since when (storage/lock.py)
        where = f" {holder.describe()}" if holder is not None and holder.describe() else ""
        raise UserError(
            f"Базу даних «{db_path}» уже відкрито в іншому вікні ctb-desktop{where} або нею "
            "зайнята інша команда. Закрийте їх і спробуйте ще раз. Базу даних не змінено"
        )
    try:
        kept = restore_backup(backup, db_path, folder)
    finally:
        if own:
            lock.release()
    return Restored(db_path, backup, kept)
