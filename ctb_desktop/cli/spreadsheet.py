"""`entries xlsx-export` and `entries xlsx-import`: a period's entries as an Excel
workbook for finance departments, and the edited workbook back, previewed first."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctb_desktop.cli.common import open_workspace, print_json, print_problems

if TYPE_CHECKING:
    from ctb_desktop.importers.workbook_import import WorkbookPlan

Command = Callable[..., argparse.ArgumentParser]


def cmd_xlsx_export(args: argparse.Namespace) -> None:
    from ctb_desktop.domain.periods import Period  # noqa: PLC0415
    from ctb_desktop.operations.workbook import export_workbook  # noqa: PLC0415

    period = Period.parse(args.period)
    with open_workspace(args) as ws:
        program_id = ws.program_id(args.program)
        exported = export_workbook(ws, program_id, period, Path(args.output), args.unit)
    print(
        f"Збережено «{exported.path}» ({period.title}): станів виконання {exported.statuses}, "
        f"рядків фінансування {exported.lines}"
    )


def cmd_xlsx_import(args: argparse.Namespace) -> None:
    from ctb_desktop.operations.workbook import apply_workbook, read_workbook  # noqa: PLC0415

    path = Path(args.file)
    with open_workspace(args) as ws:
        plan = read_workbook(ws, path)
        saved = None if args.dry_run else apply_workbook(ws, plan)
    if args.json:
        print_json(_plan_dict(plan, saved))
        return
    print(
        f"«{path.name}»: програма «{plan.program.code}», {plan.info.period.title}; "
        f"змінених значень {len(plan.changes)}"
    )
    for change in plan.changes:
        print(f"  {change}")
    for warning in plan.warnings:
        print(f"  увага: {warning}")
    print_problems(plan.problems)
    if saved is None:
        print("Перегляд без змін у базі (--dry-run)")
    elif saved:
        print(f"Збережено: оновлено звітів про заходи {saved}")
    else:
        print("Змін немає: базу не змінено")


def _plan_dict(plan: WorkbookPlan, saved: int | None) -> dict[str, Any]:
    return {
        "file": str(plan.path),
        "program": plan.program.code,
        "period": plan.info.period.code,
        "changes": [
            {
                "unit": change.unit_code,
                "place": change.place,
                "field": change.field,
                "old": change.old,
                "new": change.new,
            }
            for change in plan.changes
        ],
        "warnings": [str(warning) for warning in plan.warnings],
        "problems": [
            {
                "severity": problem.severity.value,
                "task": problem.task_number,
                "measure": problem.measure_number,
                "field": problem.field,
                "message": problem.message,
            }
            for problem in plan.problems
        ],
        "applied": saved is not None,
        "reports_saved": saved or 0,
    }


def add_spreadsheet_commands(commands: Any, command: Command) -> None:
    """The two actions, added to the `entries` group whose subparsers are `commands`."""
    export = command(
        "xlsx-export",
        cmd_xlsx_export,
        "вивантажити звітні дані за період у книгу Excel (.xlsx) для фінансових підрозділів",
        commands,
    )
    export.add_argument("--period", required=True, metavar="ПЕРІОД", help="наприклад 2024-Y")
    export.add_argument("--unit", metavar="КОД", help="лише цей орган")
    export.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")
    export.add_argument("-o", "--output", required=True, metavar="ФАЙЛ", help="файл .xlsx")

    imported = command(
        "xlsx-import",
        cmd_xlsx_import,
        "завантажити змінену книгу Excel, вивантажену xlsx-export: перегляд змін і збереження",
        commands,
    )
    imported.add_argument("file", metavar="ФАЙЛ", help="книга .xlsx")
    imported.add_argument("--dry-run", action="store_true", help="лише показати зміни")
    imported.add_argument("--json", action="store_true", help="вивести зміни у форматі JSON")
