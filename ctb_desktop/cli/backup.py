"""`ctb-desktop backup list|create|restore`: the database's backups without the window.

Copies live in the user's backups folder (storage/locations.py); `restore` takes the
lock the window takes (gui/instance.py), so it refuses while a window has the database
open and no window can open it halfway through.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctb_desktop.cli.common import db_path, open_db, print_json
from ctb_desktop.domain.errors import UserError
from ctb_desktop.storage.backup import (
    BackupInfo,
    create_backup,
    list_backups,
    restore_backup,
)
from ctb_desktop.storage.locations import backups_dir

Command = Callable[..., argparse.ArgumentParser]


def _info_dict(info: BackupInfo) -> dict[str, Any]:
    return {
        "file": str(info.path),
        "created": info.created.isoformat(),
        "reason": info.reason,
        "size": info.size,
        "source": None if info.source is None else str(info.source),
    }


def cmd_backup_list(args: argparse.Namespace) -> None:
    source = None if args.all else db_path(args)
    found = list_backups(None, source)
    if args.json:
        print_json([_info_dict(info) for info in found])
        return
    if not found:
        whose = "" if source is None else f" бази «{source}»"
        print(f"Резервних копій{whose} ще немає (папка «{backups_dir()}»)")
        return
    for info in found:
        print(f"{info.created_text}\t{info.reason_title}\t{info.size_text}\t{info.path}")


def cmd_backup_create(args: argparse.Namespace) -> None:
    with open_db(args) as db:
        path = create_backup(db, "manual")
    print(f"Збережено резервну копію «{path}»")


def cmd_backup_restore(args: argparse.Namespace) -> None:
    from ctb_desktop.gui.instance import (  # noqa: PLC0415 (Qt only when it is needed)
        InstanceLock,
        already_open_message,
    )

    backup = _backup_file(args.file)
    target = db_path(args)
    lock = InstanceLock(target)
    if not lock.acquire():
        raise UserError(f"{already_open_message(target)} Базу даних не змінено")
    try:
        kept = restore_backup(backup, target)
    finally:
        lock.release()
    print(f"Базу даних «{target}» відновлено з резервної копії «{backup.name}»")
    if kept is not None:
        print(f"Стан перед відновленням збережено: «{kept}»")


def _backup_file(name: str) -> Path:
    """A path, or the name of a file in the backups folder (as `backup list` shows)."""
    path = Path(name)
    if path.exists() or path.parent != Path("."):
        return path
    in_folder = backups_dir() / name
    return in_folder if in_folder.exists() else path


def add_backup_commands(commands: Any, command: Command) -> None:
    backup = commands.add_parser(
        "backup",
        help="резервні копії бази: перелік, створення, відновлення",
        description="Резервні копії бази даних у папці даних програми користувача",
    )
    backup.set_defaults(handler=lambda _args: backup.error("вкажіть дію: list, create або restore"))
    actions = backup.add_subparsers(title="дії", metavar="ДІЯ")
    listed = command("list", cmd_backup_list, "резервні копії бази, від найновішої", actions)
    listed.add_argument("--all", action="store_true", help="копії всіх баз, а не лише цієї")
    listed.add_argument("--json", action="store_true", help="вивести у форматі JSON")
    command("create", cmd_backup_create, "створити резервну копію зараз", actions)
    restore = command(
        "restore",
        cmd_backup_restore,
        "відновити базу з резервної копії (поточний стан зберігається окремою копією)",
        actions,
    )
    restore.add_argument(
        "file", metavar="ФАЙЛ", help="файл копії або його назва з переліку backup list"
    )
