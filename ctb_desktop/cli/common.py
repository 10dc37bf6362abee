"""What every command shares: the workspace to open, the program, period and unit to
work on, the report options, JSON output."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from ctb_desktop.domain.periods import Period

# The command line imports what a command needs when it runs (issue 19: a start costs
# at most four bare Python starts); these are for annotations only.
if TYPE_CHECKING:
    from ctb_desktop.domain.program import Program
    from ctb_desktop.domain.validation import Problem
    from ctb_desktop.reports.context import ReportOptions
    from ctb_desktop.storage.workspace import Workspace


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def print_problems(problems: list[Problem]) -> None:
    """The errors and warnings of what an import brought in, one line each, the same
    for every import command."""
    for problem in problems:
        place = f"{problem.task_number} {problem.measure_number}"
        print(f"  {problem.severity.title.lower()}: {place}: {problem.message}")


def open_workspace(args: argparse.Namespace, *, create: bool = False) -> Workspace:
    from ctb_desktop.storage.workspace import Workspace  # noqa: PLC0415 (see above)

    return Workspace.open(db_path(args), create=create)


def db_path(args: argparse.Namespace) -> Path:
    if getattr(args, "db", None):
        return Path(args.db)
    from ctb_desktop.storage.locations import default_database_path  # noqa: PLC0415

    return default_database_path()


def chosen(ws: Workspace, args: argparse.Namespace) -> tuple[Program, Period, str]:
    """The program (--program, or the only one), the period (--period) and the unit
    (--unit, which must be in the directory; by default the database's own) a command
    works on."""
    program = ws.program(args.program)
    period = Period.parse(args.period)
    return program, period, ws.own_unit(args.unit).code


def command_group(commands: Any, name: str, help_text: str, description: str | None = None) -> Any:
    """A command made of actions (`backup list`, `package export` …); returns the
    subparsers the actions are added to. Given no action, it names them."""
    group = commands.add_parser(name, help=help_text, description=description)
    actions = group.add_subparsers(title="дії", metavar="ДІЯ")

    def name_the_actions(_args: argparse.Namespace) -> None:
        *names, last = actions.choices
        listed = f"{', '.join(names)} або {last}" if names else last
        group.error(f"вкажіть дію: {listed}")

    group.set_defaults(handler=name_the_actions)
    return actions


class ReportTarget(TypedDict):
    """What a command that writes a report for a period passes on, named as the
    operations name their parameters."""

    program_id: int
    period: Period
    options: ReportOptions
    output: Path


def report_target(ws: Workspace, args: argparse.Namespace) -> ReportTarget:
    """--program (or the only one), --period, the report options and -o."""
    return ReportTarget(
        program_id=ws.program_id(args.program),
        period=Period.parse(args.period),
        options=report_options(args, ws),
        output=Path(args.output),
    )


def unit_or_own(ws: Workspace, args: argparse.Namespace) -> str | None:
    """The unit a command works on: --unit, else this database's own unit (config
    unit), else None."""
    return getattr(args, "unit", None) or ws.config.unit or None


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """The options of a rendered document: template, grif, signatory."""
    parser.add_argument(
        "--template", metavar="ФАЙЛ", help="власний шаблон .docx замість стандартного"
    )
    parser.add_argument("--grif", metavar="ТЕКСТ", help="гриф угорі праворуч; \\n — новий рядок")
    parser.add_argument("--signatory-position", metavar="ПОСАДА", help="посада підписанта")
    parser.add_argument("--signatory-name", metavar="ІМ'Я", help="Власне ім'я ПРІЗВИЩЕ підписанта")


def report_options(args: argparse.Namespace, ws: Workspace) -> ReportOptions:
    """The options given; without --signatory-*, the signatory saved in the database's
    settings (`config signatory.name`, also set by the window's «Налаштування»)."""
    from ctb_desktop.reports.context import ReportOptions, Signatory  # noqa: PLC0415

    signatory = None
    if args.signatory_name or args.signatory_position:
        signatory = Signatory(args.signatory_position or "", args.signatory_name or "")
    else:
        position, name = ws.config.get("signatory.position"), ws.config.get("signatory.name")
        signatory = Signatory(position, name) if position or name else None
    return ReportOptions(
        template=Path(args.template) if args.template else None,
        signatory=signatory,
        grif=args.grif.replace("\\n", "\n") if args.grif is not None else None,
        columns=getattr(args, "columns", None),
    )
