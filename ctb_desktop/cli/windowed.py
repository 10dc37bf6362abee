"""The command line as the windowed program and Explorer use it.

Explorer's «Відкрити за допомогою» and a double-click on an associated file pass a bare
path: `ctb-desktop ФАЙЛ` (or `ctb-desktop --db БАЗА ФАЙЛ`) opens the window with it —
a .sqlite database as the window's database, a package or a document in the window
(gui/open_file.py) — instead of argparse refusing an unknown command.

The windowed program (ctb-desktop.exe built with console=False) has no console:
sys.stdout and sys.stderr are None, and what argparse or a command prints would vanish
(a usage error exited with 2 and nothing on screen). There everything the command line
prints is collected and shown in a message box.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ctb_desktop.domain.file_kinds import DATABASE, kind_of


@dataclass(frozen=True)
class OpenRequest:
    """The window on `database` (None: the --db given, or the default), showing `file`."""

    database: Path | None
    file: Path | None


def open_request(argv: Sequence[str]) -> OpenRequest | None:
    """`[--db DB] FILE` with FILE a database, package or document; None for anything
    else (a command, options, several files), which argparse then handles."""
    database: Path | None = None
    rest: list[str] = []
    items = list(argv)
    while items:
        item = items.pop(0)
        if item == "--db" and items:
            database = Path(items.pop(0))
        elif item.startswith("--db="):
            database = Path(item.removeprefix("--db="))
        else:
            rest.append(item)
    if len(rest) != 1 or rest[0].startswith("-"):
        return None
    file = Path(rest[0])
    kind = kind_of(file)
    if kind == DATABASE:
        return OpenRequest(file, None)
    return OpenRequest(database, file) if kind else None


def without_console() -> bool:
    """The windowed program: nowhere to print."""
    return sys.stdout is None or sys.stderr is None


def run_captured(main: Callable[[], int], show: Callable[[str, bool], None] | None = None) -> int:
    """Run `main` with what it prints collected; a usage error, --help, --version or a
    command's output then goes to `show(text, is_error)` (a message box)."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        try:
            code = main()
        except SystemExit as exc:  # argparse: --help, --version, a usage error
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    text = printed.getvalue().strip()
    if text:
        (show or _message_box)(text, code != 0)
    return code


def _message_box(text: str, error: bool) -> None:
    from ctb_desktop.gui.open_file import show_console_text  # noqa: PLC0415 (Qt when needed)

    show_console_text(text, error=error)
