"""`units`: the directory of reporting bodies — listed, searched, shown, added to,
edited, deactivated."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ctb_desktop.cli.common import open_workspace, print_json
from ctb_desktop.domain import unit_names
from ctb_desktop.domain.interchange import units_to_dict
from ctb_desktop.domain.units import ReportingUnit, UnitLevel

Command = Callable[..., argparse.ArgumentParser]


def cmd_units(args: argparse.Namespace) -> None:
    # The directory is in every database: listing it may create one.
    from ctb_desktop.operations.units import find_units  # noqa: PLC0415

    with open_workspace(args, create=True) as ws:
        units = find_units(ws, args.find or "", args.under)
    if args.json:
        print_json(units_to_dict(units))
        return
    for unit in units:
        state = "" if unit.active else "\tвимкнено"
        print(f"{unit.code}\t{unit.level.title}\t{unit.short_name}\t{unit.name}{state}")


def cmd_units_show(args: argparse.Namespace) -> None:
    with open_workspace(args, create=True) as ws:
        unit = ws.unit(args.code)
        parent = ws.units.find(unit.parent_code) if unit.parent_code else None
        own = ws.config.unit == unit.code
    if args.json:
        print_json(units_to_dict([unit])["units"][0])
        return
    _print_unit(unit, parent, own=own)


def _print_unit(unit: ReportingUnit, parent: ReportingUnit | None, *, own: bool = False) -> None:
    rows = [
        ("Код", unit.code + (" (власний орган цієї бази)" if own else "")),
        ("Код КАТОТТГ", unit.katottg or "—"),
        ("Територія", unit.territory or "—"),
        ("Рівень", unit.level.title),
        ("Вид органу", unit_names.BODIES.get(unit.body, unit.body)),
        ("Повна назва", unit.name),
        ("Скорочена назва", unit.short_name),
        ("В орудному відмінку", unit.name_instrumental or "— (не утворено за правилом, уточніть)"),
        ("Вищий орган", f"{parent.short_name} ({parent.code})" if parent else "—"),
        ("Електронна пошта", unit.email or "—"),
        ("Стан", "діє" if unit.active else "вимкнено"),
    ]
    for title, value in rows:
        print(f"{title}: {value}")


def cmd_units_add(args: argparse.Namespace) -> None:
    from ctb_desktop.operations.units import add_unit  # noqa: PLC0415

    unit = ReportingUnit(
        args.code,
        args.name,
        args.short or "",
        UnitLevel(args.level),
        args.parent,
        args.instrumental or "",
        email=args.email or "",
    )
    with open_workspace(args) as ws:
        added = add_unit(ws, unit)
    print(f"Додано «{added.name}» ({added.code}) під {added.parent_code}")


def cmd_units_edit(args: argparse.Namespace) -> None:
    from ctb_desktop.operations.units import UnitChanges, edit_unit  # noqa: PLC0415

    changes = UnitChanges(args.name, args.short, args.instrumental, args.kind, args.email)
    with open_workspace(args) as ws:
        unit = edit_unit(ws, args.code, changes)
        parent = ws.units.find(unit.parent_code) if unit.parent_code else None
    _print_unit(unit, parent)


def cmd_units_deactivate(args: argparse.Namespace) -> None:
    from ctb_desktop.operations.units import set_active  # noqa: PLC0415

    with open_workspace(args) as ws:
        unit = set_active(ws, args.code, False)
    print(f"«{unit.name}» ({unit.code}) вимкнено: дані залишаються, звітів від нього не чекають")


def cmd_units_activate(args: argparse.Namespace) -> None:
    from ctb_desktop.operations.units import set_active  # noqa: PLC0415

    with open_workspace(args) as ws:
        unit = set_active(ws, args.code, True)
    print(f"«{unit.name}» ({unit.code}) знову діє")


def add_unit_commands(commands: Any, command: Command) -> None:
    units = command(
        "units",
        cmd_units,
        "довідник звітуючих органів: усі області, райони й громади (КАТОТТГ)",
    )
    units.add_argument("--json", action="store_true", help="вивести у форматі JSON (ctb-units)")
    units.add_argument("--find", metavar="ТЕКСТ", help="лише органи, у назві чи коді яких є ТЕКСТ")
    units.add_argument("--under", metavar="КОД", help="лише органи, підпорядковані цьому")
    actions = units.add_subparsers(title="дії", metavar="ДІЯ")
    show = command("show", cmd_units_show, "показати один орган", actions)
    show.add_argument("code", metavar="КОД", help="код органу або код КАТОТТГ")
    show.add_argument("--json", action="store_true", help="вивести у форматі JSON")
    add = command("add", cmd_units_add, "додати орган, якого немає в КАТОТТГ", actions)
    add.add_argument("code", metavar="КОД", help="новий код, не вживаний у довіднику")
    add.add_argument("--name", required=True, metavar="НАЗВА", help="повна назва органу")
    add.add_argument("--short", metavar="НАЗВА", help="скорочена назва (для підрядків звіту)")
    add.add_argument(
        "--level", required=True, choices=[level.value for level in UnitLevel], help="рівень органу"
    )
    add.add_argument("--parent", required=True, metavar="КОД", help="вищий орган")
    add.add_argument("--instrumental", metavar="НАЗВА", help="назва в орудному відмінку")
    add.add_argument("--email", metavar="АДРЕСА", help="електронна пошта органу")
    edit = command("edit", cmd_units_edit, "змінити назви, вид або пошту органу", actions)
    edit.add_argument("code", metavar="КОД", help="код органу або код КАТОТТГ")
    edit.add_argument("--name", metavar="НАЗВА", help="повна назва")
    edit.add_argument("--short", metavar="НАЗВА", help="скорочена назва")
    edit.add_argument("--instrumental", metavar="НАЗВА", help="назва в орудному відмінку")
    edit.add_argument(
        "--kind",
        choices=[key for key in unit_names.BODIES if key],
        help="вид органу: state/military (державна/військова адміністрація), "
        "city/settlement/village (міська/селищна/сільська рада); назви утворюються заново",
    )
    edit.add_argument("--email", metavar="АДРЕСА", help="електронна пошта ('' — зняти)")
    deactivate = command(
        "deactivate", cmd_units_deactivate, "вимкнути орган (дані залишаються)", actions
    )
    deactivate.add_argument("code", metavar="КОД")
    activate = command("activate", cmd_units_activate, "знову увімкнути орган", actions)
    activate.add_argument("code", metavar="КОД")
