"""The clerk's desk without the window: totals, the check of a unit's report, the copy
from the previous period, entries in and out (ctb-entries), and the official documents."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctb_desktop import APP_NAME
from ctb_desktop.cli.common import (
    add_report_options,
    chosen,
    command_group,
    open_workspace,
    print_json,
    print_problems,
    report_options,
    unit_or_own,
)
from ctb_desktop.cli.spreadsheet import add_spreadsheet_commands
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.exit_codes import EXIT_USER_ERROR

if TYPE_CHECKING:
    from ctb_desktop.domain.totals import Amounts, SourceSplit
from ctb_desktop.domain.wording import MEASURE_REPORTS, count, filled_measures

Command = Callable[..., argparse.ArgumentParser]
# reports.render's LAYOUTS, named here so that building the parser imports no report
# code (tests/test_cli_start.py checks they agree).
LAYOUT_NAMES = ("structure", "status", "annual")

_COLUMNS = ("planned_program", "planned_year", "financed", "cash")
_ROWS = (
    ("Усього", "total"),
    ("державний бюджет", "state"),
    ("  загальний фонд", "state_general"),
    ("  спеціальний фонд", "state_special"),
    ("місцевий бюджет", "local"),
    ("інші", "other"),
)


def _split_dict(split: SourceSplit) -> dict[str, dict[str, str | None]]:
    def amounts(value: Amounts) -> dict[str, str | None]:
        return {
            column: None if getattr(value, column) is None else f"{getattr(value, column):f}"
            for column in _COLUMNS
        }

    return {key: amounts(getattr(split, key)) for _, key in _ROWS}


def cmd_totals(args: argparse.Namespace) -> None:
    from ctb_desktop.domain.money import format_thousands  # noqa: PLC0415
    from ctb_desktop.domain.periods import Period  # noqa: PLC0415
    from ctb_desktop.domain.totals import program_totals  # noqa: PLC0415

    period = Period.parse(args.period)
    with open_workspace(args) as ws:
        program = ws.program(args.program)
        entries = ws.entries.load(program, period)
    totals = program_totals(program, entries.financing)
    blocks = [
        (f"Разом за завданням {number.rstrip('.')}", split)
        for number, split in totals.tasks.items()
    ]
    blocks.append(("Разом по Програмі", totals.program))
    if args.json:
        print_json(
            {
                "program": program.code,
                "period": period.code,
                "unit": "hryvnias",
                "tasks": {number: _split_dict(split) for number, split in totals.tasks.items()},
                "program_total": _split_dict(totals.program),
            }
        )
        return
    print(f"{program.title}, {period.title}, тис. грн")
    print("\tпередбачено програмою\tпередбачено на рік\tпрофінансовано\tкасові видатки")
    for title, split in blocks:
        print(title)
        for label, key in _ROWS:
            amounts = getattr(split, key)
            cells = "\t".join(format_thousands(getattr(amounts, column)) for column in _COLUMNS)
            print(f"  {label}\t{cells}")


def cmd_check(args: argparse.Namespace) -> int:
    from ctb_desktop.domain.validation import Severity  # noqa: PLC0415
    from ctb_desktop.operations.entries import check_report  # noqa: PLC0415

    with open_workspace(args) as ws:
        program, period, unit = chosen(ws, args)
        checked = check_report(ws, program, period, unit)
    if args.json:
        print_json(
            {
                "filled": checked.filled,
                "measures": checked.measures,
                "problems": [
                    {
                        "severity": p.severity.value,
                        "task": p.task_number,
                        "measure": p.measure_number,
                        "field": p.field,
                        "message": p.message,
                    }
                    for p in checked.problems
                ],
            }
        )
    else:
        print(filled_measures(checked.filled, checked.measures))
        for problem in checked.problems:
            place = f"{problem.task_number} {problem.measure_number}"
            print(f"{problem.severity.title}\t{place}\t{problem.message}")
    errors = sum(1 for problem in checked.problems if problem.severity is Severity.ERROR)
    return EXIT_USER_ERROR if errors else 0


def cmd_carry(args: argparse.Namespace) -> None:
    from ctb_desktop.operations.entries import carry  # noqa: PLC0415

    with open_workspace(args) as ws:
        program, period, unit = chosen(ws, args)
        keys = None
        if args.measure:
            task_number, _, measure_number = args.measure.partition(" ")
            keys = {(task_number, measure_number)}
        carried = carry(ws, program, unit, period, keys)
    print(carried.message)


def cmd_entries_export(args: argparse.Namespace) -> None:
    from ctb_desktop.domain.interchange import entries_to_dict  # noqa: PLC0415
    from ctb_desktop.domain.periods import Period  # noqa: PLC0415
    from ctb_desktop.operations.entries import unit_entries  # noqa: PLC0415
    from ctb_desktop.storage.atomic import write_atomically  # noqa: PLC0415

    with open_workspace(args) as ws:
        program = ws.program(args.program)
        entries = unit_entries(ws, program, Period.parse(args.period), args.unit)
    text = json.dumps(entries_to_dict(entries), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        write_atomically(Path(args.output), text.encode("utf-8"))
        print(f"Збережено «{args.output}»: {count(len(entries.reports), MEASURE_REPORTS)}")
    else:
        print(text, end="")


def cmd_entries_import(args: argparse.Namespace) -> None:
    from ctb_desktop.operations.entries import import_entries_file  # noqa: PLC0415

    with open_workspace(args) as ws:
        imported = import_entries_file(ws, Path(args.file))
    entries = imported.entries
    print(
        f"Завантажено {count(len(entries.reports), MEASURE_REPORTS)} за {entries.period.title} "
        f"до програми «{entries.program_code}»"
    )
    print_problems(imported.problems)


def cmd_render(args: argparse.Namespace) -> None:
    from ctb_desktop.domain.periods import Period  # noqa: PLC0415
    from ctb_desktop.operations.render import render_layout  # noqa: PLC0415
    from ctb_desktop.reports.render import TITLES  # noqa: PLC0415

    period = Period.parse(args.period) if args.period else None
    with open_workspace(args) as ws:
        unit = unit_or_own(ws, args) if args.layout != "structure" else None
        if unit is None and args.layout == "status":
            raise UserError(
                "Для макета status вкажіть звітуючий орган (--unit КОД) або задайте власний "
                "орган бази: ctb-desktop config unit КОД"
            )
        saved = render_layout(
            ws,
            args.layout,
            Path(args.output),
            program_id=args.program,
            period=period,
            unit_code=unit,
            options=report_options(args, ws),
        )
    for warning in saved.warnings:
        print(f"{APP_NAME}: увага: {warning}", file=sys.stderr)
    print(f"Збережено «{saved.path}» ({TITLES[args.layout]})")


def add_entry_commands(commands: Any, command: Command) -> None:
    """totals, check, carry, entries export/import and render."""
    totals = command("totals", cmd_totals, "підсумки фінансування за завданнями та програмою")
    totals.add_argument(
        "--period", required=True, metavar="ПЕРІОД", help="наприклад 2024-Y, 2024-H1"
    )
    totals.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")
    totals.add_argument(
        "--json", action="store_true", help="вивести у форматі JSON (суми в гривнях)"
    )

    check = command("check", cmd_check, "перевірити звіт органу за період: помилки та попередження")
    check.add_argument("--period", required=True, metavar="ПЕРІОД", help="наприклад 2024-Y")
    check.add_argument("--unit", metavar="КОД", help="звітуючий орган (типово — власний)")
    check.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")
    check.add_argument("--json", action="store_true", help="вивести у форматі JSON")

    carried = command(
        "carry", cmd_carry, "скопіювати дані органу з попереднього періоду, не змінюючи введеного"
    )
    carried.add_argument(
        "--period", required=True, metavar="ПЕРІОД", help="період, який заповнюється"
    )
    carried.add_argument("--unit", metavar="КОД", help="звітуючий орган (типово — власний)")
    carried.add_argument(
        "--measure", metavar="«2. 6)»", help="лише один захід: номер завдання і заходу"
    )
    carried.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")

    entry_commands = command_group(commands, "entries", "звітні дані у форматі обміну ctb-entries")
    export = command(
        "export", cmd_entries_export, "вивантажити звітні дані за період", entry_commands
    )
    export.add_argument("--period", required=True, metavar="ПЕРІОД", help="наприклад 2024-Y")
    export.add_argument("--unit", metavar="КОД", help="лише цей орган")
    export.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")
    export.add_argument(
        "-o", "--output", metavar="ФАЙЛ", help="файл JSON (типово — вивід на екран)"
    )
    load_entries = command(
        "import", cmd_entries_import, "завантажити звітні дані з файлу ctb-entries", entry_commands
    )
    load_entries.add_argument("file", metavar="ФАЙЛ", help="файл JSON формату ctb-entries")
    add_spreadsheet_commands(entry_commands, command)
    _add_render_command(command)


def _add_render_command(command: Command) -> None:
    """render: the official documents of reports/."""

    report = command(
        "render",
        cmd_render,
        "сформувати офіційний документ .docx: додаток із завданнями і заходами (structure), "
        "інформацію про стан виконання (status) або звіт про результати виконання (annual)",
    )
    report.add_argument(
        "layout", choices=LAYOUT_NAMES, metavar="МАКЕТ", help="structure, status або annual"
    )
    report.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="ФАЙЛ",
        help="куди зберегти: .docx, або .pdf (через Word або LibreOffice)",
    )
    report.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")
    report.add_argument(
        "--period",
        metavar="ПЕРІОД",
        help="2024-Q1 (І квартал), 2024-H1 (І півріччя), 2024-9M (9 місяців) або 2024-Y (рік)",
    )
    report.add_argument(
        "--unit",
        metavar="КОД",
        help="звітуючий орган (див. ctb-desktop units); типово — власний орган бази (config "
        "unit), для annual без нього — найвищий",
    )
    report.add_argument("--columns", type=int, choices=(4, 8), help="колонок у додатку (structure)")
    add_report_options(report)
