"""`ctb-desktop backup list|create|restore`: the database's backups without the window.

Copies live in the user's backups folder (storage/locations.py); `restore` takes the
database's lock (storage/lock.py), the one the window holds, so it refuses while a
window has the database open and no window can open it halfway through.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ctb_desktop.cli.common import command_group, db_path, open_workspace, print_json

if TYPE_CHECKING:
    from ctb_desktop.storage.backup import BackupInfo

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
    from ctb_desktop.storage.backup import list_backups  # noqa: PLC0415
    from ctb_desktop.storage.locations import backups_dir  # noqa: PLC0415

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
    from ctb_desktop.operations.backups import backup_now  # noqa: PLC0415

    with open_workspace(args) as ws:
        path = backup_now(ws)
    print(f"Збережено резервну копію «{path}»")


def cmd_backup_restore(args: argparse.Namespace) -> None:
    from ctb_desktop.operations.backups import backup_file, restore  # noqa: PLC0415

    target = db_path(args)
    restored = restore(target, backup_file(args.file))
    print(f"Базу даних «{target}» відновлено з резервної копії «{restored.backup.name}»")
    if restored.kept is not None:
        print(f"Стан перед відновленням збережено: «{restored.kept}»")


def add_backup_commands(commands: Any, command: Command) -> None:

    actions = command_group(
        commands,
        "backup",
        "резервні копії бази: перелік, створення, відновлення",
        "Резервні копії бази даних у папці даних програми користувача",
    )
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
