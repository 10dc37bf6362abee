"""What every command shares: the database to open, the program to work on, the
report options, JSON output."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ctb_desktop.domain.program import Program
from ctb_desktop.reports.context import ReportOptions, Signatory
from ctb_desktop.storage.database import Database, DatabaseError
from ctb_desktop.storage.programs import ProgramStore


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def open_db(args: argparse.Namespace, *, create: bool = False) -> Database:
    return Database.open(db_path(args), create=create)


def db_path(args: argparse.Namespace) -> Path:
    if getattr(args, "db", None):
        return Path(args.db)
    from ctb_desktop.gui.locations import default_database_path  # noqa: PLC0415 (Qt on demand)

    return default_database_path()


def program_of(db: Database, program_id: int | None) -> Program:
    """The program with `program_id`, or the only one when no id is given."""
    store = ProgramStore(db)
    if program_id is None:
        summaries = store.list()
        if not summaries:
            raise DatabaseError(f"У базі «{db.path}» ще немає жодної програми")
        if len(summaries) > 1:
            ids = ", ".join(str(summary.id) for summary in summaries)
            raise DatabaseError(f"У базі кілька програм ({ids}): вкажіть --program ID")
        program_id = summaries[0].id
    return store.load(program_id)


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """The options of a rendered document: template, grif, signatory."""
    parser.add_argument(
        "--template", metavar="ФАЙЛ", help="власний шаблон .docx замість стандартного"
    )
    parser.add_argument("--grif", metavar="ТЕКСТ", help="гриф угорі праворуч; \\n — новий рядок")
    parser.add_argument("--signatory-position", metavar="ПОСАДА", help="посада підписанта")
    parser.add_argument("--signatory-name", metavar="ІМ'Я", help="Власне ім'я ПРІЗВИЩЕ підписанта")


def report_options(args: argparse.Namespace) -> ReportOptions:
    signatory = None
    if args.signatory_name or args.signatory_position:
        signatory = Signatory(args.signatory_position or "", args.signatory_name or "")
    return ReportOptions(
        template=Path(args.template) if args.template else None,
        signatory=signatory,
        grif=args.grif.replace("\\n", "\n") if args.grif is not None else None,
        columns=getattr(args, "columns", None),
    )
