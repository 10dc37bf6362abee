"""`entries xlsx-export` and `entries xlsx-import`: a period's entries as an Excel
workbook for finance departments, and the edited workbook back, previewed first."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctb_desktop.cli.common import open_db, print_json, program_of
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.periods import Period
from ctb_desktop.importers.workbook_import import (
    WorkbookPlan,
    apply_workbook_import,
    plan_workbook_import,
    read_workbook_info,
)
from ctb_desktop.reports.workbook import entries_workbook
from ctb_desktop.storage.atomic import write_atomically
from ctb_desktop.storage.database import DatabaseError
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore

Command = Callable[..., argparse.ArgumentParser]


def cmd_xlsx_export(args: argparse.Namespace) -> None:
    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        raise UserError(f"Книга Excel має називатися «….xlsx», а не «{output.name}»")
    period = Period.parse(args.period)
    with open_db(args) as db:
        program = program_of(db, args.program)
        units = UnitStore(db).list()
        if args.unit and args.unit not in {unit.code for unit in units}:
            known = ", ".join(unit.code for unit in units)
            raise DatabaseError(f"Звітуючого органу «{args.unit}» немає в базі. Відомі: {known}")
        entries = EntryStore(db).load(program, period)
    unit_codes = {args.unit} if args.unit else None
    write_atomically(output, entries_workbook(program, units, entries, unit_codes))
    reports = [r for r in entries.reports if unit_codes is None or r.unit_code in unit_codes]
    statuses = sum(1 for report in reports if report.status is not None)
    lines = sum(len(report.financing) for report in reports)
    print(
        f"Збережено «{output}» ({period.title}): станів виконання {statuses}, "
        f"рядків фінансування {lines}"
    )


def cmd_xlsx_import(args: argparse.Namespace) -> None:
    path = Path(args.file)
    info = read_workbook_info(path)
    with open_db(args) as db:
        store = ProgramStore(db)
        program_id = store.id_for_code(info.program_code)
        if program_id is None:
            raise DatabaseError(
                f"Книга «{path.name}» належить програмі «{info.program_code}», якої немає "
                f"в базі «{db.path}»"
            )
        program = store.load(program_id)
        current = EntryStore(db).load(program, info.period)
        plan = plan_workbook_import(path, program, UnitStore(db).list(), current)
        saved = None if args.dry_run else apply_workbook_import(db, plan)
    if args.json:
        print_json(_plan_dict(plan, saved))
        return
    print(
        f"«{path.name}»: програма «{program.code}», {info.period.title}; "
        f"змінених значень {len(plan.changes)}"
    )
    for change in plan.changes:
        print(f"  {change}")
    for warning in plan.warnings:
        print(f"  увага: {warning}")
    for problem in plan.problems:
        place = f"{problem.task_number} {problem.measure_number}"
        print(f"  {problem.severity.title.lower()}: {place}: {problem.message}")
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
