"""`ctb-desktop`: the GUI when called bare, and every feature headless as a subcommand.

User mistakes (unknown id, missing or foreign file) print one Ukrainian line to
stderr and exit with 1; wrong usage exits with 2, as argparse does; Ctrl+C ends with
one line and 130; anything else (a bug) with one line naming the log file that holds
the traceback, and 70 (cli/failure.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ctb_desktop import APP_NAME, __version__
from ctb_desktop.cli import argparse_uk
from ctb_desktop.cli.backup import add_backup_commands
from ctb_desktop.cli.common import db_path
from ctb_desktop.cli.display import missing_display
from ctb_desktop.cli.entries import add_entry_commands
from ctb_desktop.cli.exchange import add_exchange_commands
from ctb_desktop.cli.failure import failure
from ctb_desktop.cli.programs import add_program_commands
from ctb_desktop.cli.signature import add_signature_commands
from ctb_desktop.domain.errors import UserError

argparse_uk.install()


def cmd_gui(args: argparse.Namespace) -> int:
    problem = missing_display()
    if problem:
        raise UserError(problem)
    from ctb_desktop.gui.app import run  # noqa: PLC0415 (Qt only when the GUI is asked for)

    return run(db_path(args))


# ----------------------------------------------------------------------- parser


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
    parser.add_argument(
        "--version",
        action="version",
        version=f"{APP_NAME} {__version__}",
        help=argparse_uk.VERSION_HELP,
    )
    commands = parser.add_subparsers(title="команди", metavar="КОМАНДА")

    def command(
        name: str, handler: Callable[[argparse.Namespace], Any], help_text: str, sub: Any = commands
    ) -> argparse.ArgumentParser:
        command_parser: argparse.ArgumentParser = sub.add_parser(
            name, parents=[db_option], help=help_text, description=help_text
        )
        command_parser.set_defaults(handler=handler)
        return command_parser

    add_program_commands(commands, command)
    add_entry_commands(commands, command)
    add_exchange_commands(commands, command)
    add_signature_commands(commands, command)
    add_backup_commands(commands, command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # Windows consoles default to a legacy code page that cannot print Ukrainian.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    args = None
    try:
        args = _parser().parse_args(argv)
        return args.handler(args) or 0
    except BrokenPipeError:
        # The reader went away (`… | head`): not an error of ours; silence the final flush.
        sys.stdout = None
        return 0
    except BaseException as exc:
        code, line = failure(exc, db_path(args) if args is not None else None)
        if code is None:
            raise
        print(f"{APP_NAME}: {line}", file=sys.stderr)
        return code


if __name__ == "__main__":
    sys.exit(main())
