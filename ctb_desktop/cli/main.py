"""`ctb-desktop`: the GUI when called bare, and every feature headless as a subcommand.

User mistakes (unknown id, missing or foreign file) print one Ukrainian line to
stderr and exit with 1; wrong usage exits with 2, as argparse does.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ctb_desktop import APP_NAME, __version__
from ctb_desktop.cli.backup import add_backup_commands
from ctb_desktop.cli.common import (
    add_report_options,
    db_path,
    open_db,
    print_json,
    program_of,
    report_options,
)
from ctb_desktop.cli.exchange import add_exchange_commands
from ctb_desktop.cli.spreadsheet import add_spreadsheet_commands
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.interchange import entries_to_dict, program_to_dict, units_to_dict
from ctb_desktop.domain.money import format_thousands
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Program
from ctb_desktop.domain.totals import Amounts, SourceSplit, program_totals
from ctb_desktop.domain.validation import Severity, check_period, completion
from ctb_desktop.domain.wording import MEASURES, TASKS, count
from ctb_desktop.importers.program_import import apply_import, plan_import
from ctb_desktop.importers.report_import import read_report
from ctb_desktop.importers.structure import columns_from_names
from ctb_desktop.importers.tables import read_document
from ctb_desktop.reports.context import load_report_data
from ctb_desktop.reports.render import LAYOUTS, TITLES, render, save
from ctb_desktop.storage.atomic import write_atomically
from ctb_desktop.storage.backup import backup_before
from ctb_desktop.storage.carry import carry_forward
from ctb_desktop.storage.database import Database, DatabaseError
from ctb_desktop.storage.datafiles import read_entries, read_program
from ctb_desktop.storage.demo import fill_demo
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore

EXIT_USER_ERROR = 1

# argparse builds its messages with gettext; Python ships no Ukrainian catalogue for
# it, so the few messages a user can meet are translated here.
_ARGPARSE_UK = {
    "usage: ": "використання: ",
    "positional arguments": "аргументи",
    "options": "параметри",
    "show this help message and exit": "показати цю довідку та вийти",
    "the following arguments are required: %s": "не вказано обов’язкові аргументи: %s",
    "unrecognized arguments: %s": "невідомі аргументи: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "невідомий вибір %(value)r (можливі: %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "неправильне значення %(value)r",
    "expected one argument": "очікується одне значення",
    "ambiguous option: %(option)s could match %(matches)s": (
        "неоднозначний параметр %(option)s: підходять %(matches)s"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s: помилка: %(message)s\n",
    "show program's version number and exit": "показати версію програми та вийти",
}
argparse._ = lambda message: _ARGPARSE_UK.get(message, message)  # type: ignore[attr-defined]


def _size(program: Program) -> str:
    """ "7 завдань, 60 заходів"."""
    return f"{count(len(program.all_tasks), TASKS)}, {count(len(program.all_measures), MEASURES)}"


# ----------------------------------------------------------------------- commands


def cmd_demo(args: argparse.Namespace) -> None:
    with open_db(args, create=True) as db:
        program_id = fill_demo(db, force=args.force)
        program = ProgramStore(db).load(program_id)
        print(
            f"Створено демонстраційну базу «{db.path}»: програма {program_id} "
            f"«{program.title}», {_size(program)}, звітні дані за 2024 рік"
        )


def cmd_programs(args: argparse.Namespace) -> None:
    with open_db(args) as db:
        summaries = ProgramStore(db).list()
    if args.json:
        print_json(
            [
                {
                    "id": s.id,
                    "code": s.code,
                    "title": s.title,
                    "year_from": s.year_from,
                    "year_to": s.year_to,
                    "tasks": s.tasks,
                    "measures": s.measures,
                }
                for s in summaries
            ]
        )
        return
    if not summaries:
        print("У базі ще немає жодної програми")
        return
    for s in summaries:
        size = f"{count(s.tasks, TASKS)}, {count(s.measures, MEASURES)}"
        print(f"{s.id}\t{s.code}\t{s.year_from}–{s.year_to}\t{size}\t{s.title}")


def cmd_program_show(args: argparse.Namespace) -> None:
    with open_db(args) as db:
        program = ProgramStore(db).load(args.id)
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
    program = read_program(Path(args.file))
    with open_db(args, create=True) as db:
        program_id = ProgramStore(db).insert(program)
    print(f"Програму «{program.title}» завантажено як {program_id}: {_size(program)}")


def cmd_units(args: argparse.Namespace) -> None:
    with open_db(args) as db:
        units = UnitStore(db).list()
    if args.json:
        print_json(units_to_dict(units))
        return
    for unit in units:
        print(f"{unit.code}\t{unit.level.title}\t{unit.name}\t{unit.short_name}")


def cmd_periods(args: argparse.Namespace) -> None:
    with open_db(args) as db:
        program = program_of(db, args.program)
        with_entries = set(EntryStore(db).periods_with_entries(program))
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
    period = Period.parse(args.period)
    with open_db(args) as db:
        program = program_of(db, args.program)
        entries = EntryStore(db).load(program, period)
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


def _period_and_unit(db: Database, args: argparse.Namespace) -> tuple[Program, Period, str]:
    program = program_of(db, args.program)
    period = Period.parse(args.period)
    units = UnitStore(db).ids_by_code()
    if args.unit not in units:
        raise DatabaseError(
            f"Звітуючого органу «{args.unit}» немає в базі. Відомі: {', '.join(units)}"
        )
    return program, period, args.unit


def cmd_check(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        program, period, unit = _period_and_unit(db, args)
        entries = EntryStore(db).load(program, period)
    problems = check_period(program, entries, unit)
    filled, total = completion(program, entries, unit)
    if args.json:
        print_json(
            {
                "filled": filled,
                "measures": total,
                "problems": [
                    {
                        "severity": p.severity.value,
                        "task": p.task_number,
                        "measure": p.measure_number,
                        "field": p.field,
                        "message": p.message,
                    }
                    for p in problems
                ],
            }
        )
    else:
        print(f"Заповнено {filled} з {total} заходів")
        for problem in problems:
            place = f"{problem.task_number} {problem.measure_number}"
            print(f"{problem.severity.title}\t{place}\t{problem.message}")
    errors = sum(1 for problem in problems if problem.severity is Severity.ERROR)
    return EXIT_USER_ERROR if errors else 0


def cmd_carry(args: argparse.Namespace) -> None:
    with open_db(args) as db:
        program, period, unit = _period_and_unit(db, args)
        keys = None
        if args.measure:
            task_number, _, measure_number = args.measure.partition(" ")
            keys = {(task_number, measure_number)}
        source = period.previous(program.reporting.frequency)
        result = carry_forward(db, program, unit, source, period, keys)
    print(
        f"Скопійовано з періоду «{source.title}»: станів {result.statuses}, значень показників "
        f"{result.achieved}, рядків фінансування {result.lines}; без змін {result.skipped}"
    )


def cmd_entries_export(args: argparse.Namespace) -> None:
    with open_db(args) as db:
        program = program_of(db, args.program)
        entries = EntryStore(db).load(program, Period.parse(args.period))
    if args.unit:
        entries.reports = [report for report in entries.reports if report.unit_code == args.unit]
        entries.proposals = {u: t for u, t in entries.proposals.items() if u == args.unit}
    text = json.dumps(entries_to_dict(entries), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        write_atomically(Path(args.output), text.encode("utf-8"))
        print(f"Збережено «{args.output}»: {len(entries.reports)} звітів про заходи")
    else:
        print(text, end="")


def cmd_entries_import(args: argparse.Namespace) -> None:
    entries = read_entries(Path(args.file))
    with open_db(args) as db:
        store = ProgramStore(db)
        program_id = store.id_for_code(entries.program_code)
        if program_id is None:
            raise DatabaseError(
                f"Програми з кодом «{entries.program_code}» немає в базі «{db.path}»"
            )
        EntryStore(db).save(store.load(program_id), entries)
    print(
        f"Завантажено {len(entries.reports)} звітів про заходи за {entries.period.title} "
        f"до програми «{entries.program_code}»"
    )


def cmd_import(args: argparse.Namespace) -> None:
    if args.period or args.unit:
        _import_report(args)
        return
    columns = None
    if args.columns:
        try:
            columns = columns_from_names(args.columns.split(","))
        except ValueError as exc:
            raise UserError(str(exc)) from None
    options = {
        "program_id": args.program,
        "columns": columns,
        "code": args.code or "",
        "title": args.title or "",
    }
    if args.dry_run and not db_path(args).exists():
        plan, program_id = plan_import(None, Path(args.file), **options), None
    else:
        with open_db(args, create=not args.dry_run) as db:
            plan = plan_import(db, Path(args.file), **options)
            program_id = None if args.dry_run else apply_import(db, plan)
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
    print(f"«{plan.path.name}»: {count(tasks, TASKS)}, {count(measures, MEASURES)} ({target})")
    for change in plan.changes:
        print(f"  {change}")
    for warning in plan.found.warnings:
        print(f"  увага: {warning}")
    if program_id is None:
        print("Перегляд без змін у базі (--dry-run)")
    else:
        print(f"Збережено як програму {program_id}")


def _import_report(args: argparse.Namespace) -> None:
    """import FILE --period P --unit U: a filled report's entries into the period."""
    if not (args.period and args.unit):
        raise UserError("Для звіту вкажіть і період (--period), і звітуючий орган (--unit)")
    document = read_document(Path(args.file))
    with open_db(args, create=False) as db:
        program, period, unit = _period_and_unit(db, args)
        found = read_report(document, program, UnitStore(db).list(), unit, period)
        if not args.dry_run:
            backup_before(db, "before-import")
            EntryStore(db).save(program, found.entries)
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
        f"«{Path(args.file).name}»: станів виконання {statuses}, рядків фінансування {lines}; "
        f"рядків підсумків пропущено {found.skipped_subtotals}"
    )
    for warning in found.warnings:
        print(f"  увага: {warning}")
    print(
        "Перегляд без змін у базі (--dry-run)" if args.dry_run else f"Збережено за {period.title}"
    )


def cmd_render(args: argparse.Namespace) -> None:
    period = Period.parse(args.period) if args.period else None
    if period is None and args.layout != "structure":
        raise UserError(f"Для макета «{args.layout}» вкажіть звітний період: --period 2024-Y")
    options = report_options(args)
    with open_db(args) as db:
        program_id = args.program if args.program is not None else program_of(db, None).id
        data = load_report_data(db, program_id, period, args.unit)
    report = render(args.layout, data, options)
    for warning in report.warnings:
        print(f"{APP_NAME}: увага: {warning}", file=sys.stderr)
    output = Path(args.output)
    save(report, output)
    print(f"Збережено «{output}» ({TITLES[args.layout]})")


def cmd_gui(args: argparse.Namespace) -> int:
    from ctb_desktop.gui.app import run  # noqa: PLC0415 (Qt only when the GUI is asked for)

    return run(db_path(args))


# ----------------------------------------------------------------------- parser


def _add_entry_commands(commands: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    """check, carry and entries export/import: the clerk's desk without the window."""
    check = command("check", cmd_check, "перевірити звіт органу за період: помилки та попередження")
    check.add_argument("--period", required=True, metavar="ПЕРІОД", help="наприклад 2024-Y")
    check.add_argument("--unit", required=True, metavar="КОД", help="звітуючий орган")
    check.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")
    check.add_argument("--json", action="store_true", help="вивести у форматі JSON")

    carry = command(
        "carry", cmd_carry, "скопіювати дані органу з попереднього періоду, не змінюючи введеного"
    )
    carry.add_argument(
        "--period", required=True, metavar="ПЕРІОД", help="період, який заповнюється"
    )
    carry.add_argument("--unit", required=True, metavar="КОД", help="звітуючий орган")
    carry.add_argument(
        "--measure", metavar="«2. 6)»", help="лише один захід: номер завдання і заходу"
    )
    carry.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")

    entries = commands.add_parser("entries", help="звітні дані у форматі обміну ctb-entries")
    entries.set_defaults(handler=lambda _args: entries.error("вкажіть дію: export або import"))
    entry_commands = entries.add_subparsers(title="дії", metavar="ДІЯ")
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


def _add_import_command(command: Callable[..., argparse.ArgumentParser]) -> None:
    """import: a program's annex from .docx or .xlsx."""
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
    imported.add_argument("--unit", metavar="КОД", help="для заповненого звіту: звітуючий орган")
    imported.add_argument("--dry-run", action="store_true", help="лише показати, що буде зроблено")
    imported.add_argument("--json", action="store_true", help="вивести перегляд у форматі JSON")


def _add_render_command(command: Callable[..., argparse.ArgumentParser]) -> None:
    """render: the official documents of reports/."""
    report = command(
        "render",
        cmd_render,
        "сформувати офіційний документ .docx: додаток із завданнями і заходами (structure), "
        "інформацію про стан виконання (status) або звіт про результати виконання (annual)",
    )
    report.add_argument(
        "layout", choices=list(LAYOUTS), metavar="МАКЕТ", help="structure, status або annual"
    )
    report.add_argument("-o", "--output", required=True, metavar="ФАЙЛ", help="куди зберегти .docx")
    report.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")
    report.add_argument(
        "--period",
        metavar="ПЕРІОД",
        help="2024-Q1 (І квартал), 2024-H1 (І півріччя), 2024-9M (9 місяців) або 2024-Y (рік)",
    )
    report.add_argument(
        "--unit", metavar="КОД", help="звітуючий орган (див. ctb-desktop units); типово — найвищий"
    )
    report.add_argument("--columns", type=int, choices=(4, 8), help="колонок у додатку (structure)")
    add_report_options(report)


def _parser() -> argparse.ArgumentParser:
    # --db is accepted before and after the subcommand; SUPPRESS keeps a subcommand's
    # missing --db from overwriting the one given before it. The action is shared by
    # every parser through `parents`, so no set_defaults(db=…) anywhere.
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument(
        "--db",
        metavar="ФАЙЛ",
        default=argparse.SUPPRESS,
        help="файл бази даних (типово — у папці даних програми користувача)",
    )
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="Звіти про виконання програм протидії торгівлі людьми. "
        "Без команди відкриває вікно програми.",
        parents=[db_option],
    )
    parser.set_defaults(handler=cmd_gui)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    commands = parser.add_subparsers(title="команди", metavar="КОМАНДА")

    def command(
        name: str, handler: Callable[[argparse.Namespace], Any], help_text: str, sub: Any = commands
    ) -> argparse.ArgumentParser:
        command_parser = sub.add_parser(
            name, parents=[db_option], help=help_text, description=help_text
        )
        command_parser.set_defaults(handler=handler)
        return command_parser

    demo = command(
        "demo", cmd_demo, "створити демонстраційну базу: державна програма та звіт за 2024 рік"
    )
    demo.add_argument("--force", action="store_true", help="замінити дані, якщо база не порожня")

    programs = command("programs", cmd_programs, "перелік програм у базі")
    programs.add_argument("--json", action="store_true", help="вивести у форматі JSON")

    program = commands.add_parser(
        "program",
        help="структура однієї програми",
        description="Структура програми: перегляд і завантаження",
    )
    program.set_defaults(handler=lambda _args: program.error("вкажіть дію: show або load"))
    program_commands = program.add_subparsers(title="дії", metavar="ДІЯ")
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

    units = command("units", cmd_units, "довідник звітуючих органів")
    units.add_argument("--json", action="store_true", help="вивести у форматі JSON")

    periods = command("periods", cmd_periods, "звітні періоди програми та строки подання")
    periods.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")
    periods.add_argument("--json", action="store_true", help="вивести у форматі JSON")

    totals = command("totals", cmd_totals, "підсумки фінансування за завданнями та програмою")
    totals.add_argument(
        "--period", required=True, metavar="ПЕРІОД", help="наприклад 2024-Y, 2024-H1"
    )
    totals.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")
    totals.add_argument(
        "--json", action="store_true", help="вивести у форматі JSON (суми в гривнях)"
    )

    _add_entry_commands(commands, command)
    _add_import_command(command)
    _add_render_command(command)
    add_exchange_commands(commands, command)
    add_backup_commands(commands, command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # Windows consoles default to a legacy code page that cannot print Ukrainian.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    args = _parser().parse_args(argv)
    try:
        return args.handler(args) or 0
    except UserError as exc:
        print(f"{APP_NAME}: помилка: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        # The reader went away (`… | head`): not an error of ours; silence the final flush.
        sys.stdout = None  # type: ignore[assignment]
        return 0


if __name__ == "__main__":
    sys.exit(main())
