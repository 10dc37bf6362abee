"""`ctb-desktop signature check|trust-import`: check any КЕП signature (.p7s, .asice) a clerk
received, and import the qualified providers' certificates the chain is checked against."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctb_desktop.cli.common import print_json
from ctb_desktop.domain.wording import count
from ctb_desktop.operations.signatures import check_signature, import_trust_list

Command = Callable[..., argparse.ArgumentParser]
CERTIFICATES = ("сертифікат", "сертифікати", "сертифікатів")


def cmd_signature_check(args: argparse.Namespace) -> int:
    """Exit 0 when every signature in the file is valid for the document, else 1."""
    document = Path(args.document) if args.document else None
    check = check_signature(Path(args.signature), document)
    if args.json:
        print_json({"ok": check.ok, "verdict": check.verdict, **check.summary_dict()})
    else:
        print(f"Підпис «{Path(args.signature).name}»: {check.verdict}")
        for line in check.lines():
            print(line)
    return 0 if check.ok else 1


def cmd_signature_trust_import(args: argparse.Namespace) -> None:
    added, total, kept = import_trust_list(Path(args.file))
    print(
        f"Додано {count(added, CERTIFICATES)} надавачів; у списку довірених тепер "
        f"{count(total, CERTIFICATES)} («{kept}»)"
    )


def add_signature_commands(commands: Any, command: Command) -> None:
    group = commands.add_parser(
        "signature",
        help="перевірити підпис КЕП (.p7s, .asice); список кваліфікованих надавачів",
        description="Підписи КЕП: перевірка будь-якого підпису і список довірених надавачів",
    )
    group.set_defaults(handler=lambda _args: group.error("вкажіть дію (див. --help)"))
    actions = group.add_subparsers(title="дії", metavar="ДІЯ")
    check = command(
        "check",
        cmd_signature_check,
        "перевірити підпис; код виходу 0, коли всі підписи дійсні для документа",
        actions,
    )
    check.add_argument("signature", metavar="ПІДПИС", help="файл .p7s, .p7m або .asice")
    check.add_argument(
        "--document", metavar="ФАЙЛ", help="підписаний документ (для відокремленого підпису)"
    )
    check.add_argument("--json", action="store_true", help="вивести у форматі JSON")
    trust = command(
        "trust-import",
        cmd_signature_trust_import,
        "імпортувати сертифікати кваліфікованих надавачів (.p7b або .cer від ЦЗО)",
        actions,
    )
    trust.add_argument("file", metavar="ФАЙЛ", help="файл .p7b або .cer")
