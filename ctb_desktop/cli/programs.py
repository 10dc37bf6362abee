"""Commands on programs: the demo, the list, one program's structure, the units, the
reporting periods, and importing an annex or a filled report."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctb_desktop.cli.common import (
    chosen,
    command_group,
    db_path,
    open_workspace,
    print_json,
    print_problems,
)
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.interchange import entries_to_dict, program_to_dict
from ctb_desktop.domain.validation import check_reports
from ctb_desktop.domain.wording import program_size

if TYPE_CHECKING:
    from ctb_desktop.domain.program import Program

Command = Callable[..., argparse.ArgumentParser]


def size(program: Program) -> str:
    """ "7 завдань, 60 заходів"."""
    return program_size(len(program.all_tasks), len(program.all_measures))


def cmd_demo(args: argparse.Namespace) -> None:

    from ctb_desktop.operations.programs import load_demo  # noqa: PLC0415

    with open_workspace(args, create=True) as ws:
        if args.if_new and ws.programs.list():
            print(f"База «{ws.path}» уже містить дані: залишено як є")
            return
        loaded = load_demo(ws, force=args.force)
        print(
            f"Створено демонстраційну базу «{ws.path}»: програма {loaded.program_id} "
            f"«{loaded.program.title}», {size(loaded.program)}, звітні дані за 2024 рік"
        )


def cmd_programs(args: argparse.Namespace) -> None:
    with open_workspace(args) as ws:
        summaries = ws.programs.list()
    if args.json:
        print_json([dataclasses.asdict(summary) for summary in summaries])
        return
    if not summaries:
        print("У базі ще немає жодної програми")
        return
    for s in summaries:
        counted = program_size(s.tasks, s.measures)
        print(f"{s.id}\t{s.code}\t{s.year_from}–{s.year_to}\t{counted}\t{s.title}")


def cmd_program_builtin(args: argparse.Namespace) -> None:
    from ctb_desktop.operations.programs import load_builtin  # noqa: PLC0415

    with open_workspace(args, create=True) as ws:
        loaded = load_builtin(ws)
    state = "завантажено" if loaded.added else "уже є в базі"
    print(f"Програму «{loaded.program.title}» {state} (id {loaded.program_id})")


def cmd_program_show(args: argparse.Namespace) -> None:

    with open_workspace(args) as ws:
        program = ws.programs.load(args.id)
    if args.json:
        print_json(program_to_dict(program))
        return
    print(f"{program.title} [{program.code}], {program.level.title} програма")
    if program.approval:
        print(f"Затверджено: {program.approval.citation}")
    if program.customer:
        print(f"Замовник: {program.customer}")
    print(f"Строк виконання: {program.term or '—'} ({program.year_from}–{program.year_to})")
    print(f"Звітність: {program.reporting.description}")
    for grouping in program.groupings:
        print(grouping.label)
    for task in program.all_tasks:
        print(task.label)
        for measure in task.measures:
            print(f"    {measure.label}")
            if measure.term:
                print(f"        Термін: {measure.term}")
            if measure.executors:
                print(f"        Виконавці: {measure.executors_text}")


def cmd_program_load(args: argparse.Namespace) -> None:

    from ctb_desktop.operations.programs import load_program_file  # noqa: PLC0415

    with open_workspace(args, create=True) as ws:
        loaded = load_program_file(ws, Path(args.file))
    print(
        f"Програму «{loaded.program.title}» завантажено як {loaded.program_id}: "
        f"{size(loaded.program)}"
    )


def cmd_periods(args: argparse.Namespace) -> None:
    with open_workspace(args) as ws:
        program = ws.program(args.program)
        with_entries = set(ws.entries.periods_with_entries(program))
    rule = program.reporting
    periods = [period for year in program.years for period in rule.periods(year)]
    if args.json:
        print_json(
            [
                {
                    "code": period.code,
                    "title": period.title,
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "due": rule.due_date(period).isoformat(),
                    "has_entries": period in with_entries,
                }
                for period in periods
            ]
        )
        return
    print(f"Звітність: {rule.description}")
    for period in periods:
        mark = "\tє дані" if period in with_entries else ""
        print(f"{period.code}\t{period.title}\tдо {rule.due_date(period):%d.%m.%Y}{mark}")


def cmd_import(args: argparse.Namespace) -> None:

    from ctb_desktop.importers.program_import import plan_import  # noqa: PLC0415
    from ctb_desktop.importers.structure import columns_from_names  # noqa: PLC0415
    from ctb_desktop.operations.programs import apply_annex  # noqa: PLC0415

    if args.period or args.unit:
        _import_report(args)
        return
    columns = None
    if args.columns:
        try:
            columns = columns_from_names(args.columns.split(","))
        except ValueError as exc:
            raise UserError(str(exc)) from None
    options: dict[str, Any] = {
        "program_id": args.program,
        "columns": columns,
        "code": args.code or "",
        "title": args.title or "",
    }
    if args.dry_run and not db_path(args).exists():
        plan, program_id = plan_import(None, Path(args.file), **options), None
    else:
        with open_workspace(args, create=not args.dry_run) as ws:
            plan = plan_import(ws.db, Path(args.file), **options)
            program_id = None if args.dry_run else apply_annex(ws, plan)
    groupings, tasks, measures = plan.found.counts
    if args.json:
        print_json(
            {
                "file": str(plan.path),
                "groupings": groupings,
                "tasks": tasks,
                "measures": measures,
                "warnings": [str(warning) for warning in plan.found.warnings],
                "changes": [
                    {"kind": c.kind, "what": c.what, "detail": c.detail} for c in plan.changes
                ],
                "applied": program_id is not None,
                "program_id": program_id,
                "program": program_to_dict(plan.program),
            }
        )
        return
    target = f"оновлення програми {plan.existing.id}" if plan.existing else "нова програма"
    print(f"«{plan.path.name}»: {program_size(tasks, measures)} ({target})")
    for change in plan.changes:
        print(f"  {change}")
    for warning in plan.found.warnings:
        print(f"  увага: {warning}")
    if program_id is None:
        print("Перегляд без змін у базі (--dry-run)")
    else:
        print(f"Збережено як програму {program_id}")


def _import_report(args: argparse.Namespace) -> None:
    """import FILE --period P [--unit U]: a filled report's entries into the period (of
    the database's own unit by default)."""
    from ctb_desktop.operations.entries import read_filled_report, save_entries  # noqa: PLC0415

    if not args.period:
        raise UserError("Для звіту вкажіть період (--period); орган — --unit або власний")
    path = Path(args.file)
    with open_workspace(args) as ws:
        program, period, unit = chosen(ws, args)
        found = read_filled_report(ws, path, program, period, unit)
        if not args.dry_run:
            save_entries(ws, program, found.entries)
    statuses, lines = len(found.entries.statuses), len(found.entries.financing)
    if args.json:
        print_json(
            {
                "file": str(args.file),
                "statuses": statuses,
                "financing_lines": lines,
                "skipped_subtotals": found.skipped_subtotals,
                "warnings": [str(warning) for warning in found.warnings],
                "applied": not args.dry_run,
                "entries": entries_to_dict(found.entries),
            }
        )
        return
    print(
        f"«{path.name}»: станів виконання {statuses}, рядків фінансування {lines}; "
        f"рядків підсумків пропущено {found.skipped_subtotals}"
    )
    for warning in found.warnings:
        print(f"  увага: {warning}")
    print_problems(check_reports(program, found.entries.reports, period.year))
    print(
        "Перегляд без змін у базі (--dry-run)" if args.dry_run else f"Збережено за {period.title}"
    )


def add_program_commands(commands: Any, command: Command) -> None:
    demo = command(
        "demo", cmd_demo, "створити демонстраційну базу: державна програма та звіт за 2024 рік"
    )
    replace_or_keep = demo.add_mutually_exclusive_group()
    replace_or_keep.add_argument(
        "--force", action="store_true", help="замінити дані, якщо база не порожня"
    )
    replace_or_keep.add_argument(
        "--if-new",
        action="store_true",
        help="створити лише в новій базі; наявні дані залишити (повторний запуск безпечний)",
    )

    programs = command("programs", cmd_programs, "перелік програм у базі")
    programs.add_argument("--json", action="store_true", help="вивести у форматі JSON")

    program_commands = command_group(
        commands,
        "program",
        "структура однієї програми",
        "Структура програми: перегляд і завантаження",
    )
    show = command(
        "show", cmd_program_show, "показати завдання і заходи програми", program_commands
    )
    show.add_argument("id", type=int, metavar="ID", help="id програми (див. ctb-desktop programs)")
    show.add_argument(
        "--json", action="store_true", help="вивести у форматі обміну ctb-program (JSON)"
    )
    load = command(
        "load",
        cmd_program_load,
        "завантажити програму з файлу формату ctb-program",
        program_commands,
    )
    load.add_argument(
        "file", metavar="ФАЙЛ", help="файл JSON, збережений командою program show --json"
    )
    command(
        "builtin",
        cmd_program_builtin,
        "завантажити вбудовану державну програму (розпорядження КМУ № 496-р)",
        program_commands,
    )

    periods = command("periods", cmd_periods, "звітні періоди програми та строки подання")
    periods.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")
    periods.add_argument("--json", action="store_true", help="вивести у форматі JSON")
    _add_import_command(command)


def _add_import_command(command: Command) -> None:
    """import: a program's annex, or a filled report, from .docx or .xlsx."""
    imported = command(
        "import",
        cmd_import,
        "завантажити структуру програми з додатка .docx або .xlsx (спершу — перегляд)",
    )
    imported.add_argument("file", metavar="ФАЙЛ", help="додаток «Завдання і заходи» (.docx, .xlsx)")
    imported.add_argument("--program", type=int, metavar="ID", help="оновити цю програму")
    imported.add_argument(
        "--code", metavar="КОД", help="код нової програми (типово — з назви файлу)"
    )
    imported.add_argument("--title", metavar="НАЗВА", help="назва нової програми")
    imported.add_argument(
        "--columns",
        metavar="КОЛОНКИ",
        help="колонки, якщо заголовки не розпізнано: task,measure,term,executors "
        "(порожня — пропустити)",
    )
    imported.add_argument(
        "--period", metavar="ПЕРІОД", help="для заповненого звіту: період, до якого внести дані"
    )
    imported.add_argument(
        "--unit", metavar="КОД", help="для заповненого звіту: звітуючий орган (типово — власний)"
    )
    imported.add_argument("--dry-run", action="store_true", help="лише показати, що буде зроблено")
    imported.add_argument("--json", action="store_true", help="вивести перегляд у форматі JSON")
