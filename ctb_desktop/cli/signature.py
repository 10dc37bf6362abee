"""`ctb-desktop signature check|trust-import`: check any КЕП signature (.p7s, .asice) a clerk
received, and import the qualified providers' certificates the chain is checked against."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctb_desktop.cli.common import command_group, print_json
from ctb_desktop.domain.wording import count

Command = Callable[..., argparse.ArgumentParser]
CERTIFICATES = ("сертифікат", "сертифікати", "сертифікатів")


def cmd_signature_check(args: argparse.Namespace) -> int:
    """Exit 0 when every signature in the file is valid for the document, else 1."""
    from ctb_desktop.operations.signatures import check_signature  # noqa: PLC0415

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
    from ctb_desktop.operations.signatures import import_trust_list  # noqa: PLC0415

    added, total, kept = import_trust_list(Path(args.file))
    print(
        f"Додано {count(added, CERTIFICATES)} надавачів; у списку довірених тепер "
        f"{count(total, CERTIFICATES)} («{kept}»)"
    )


GROUP_HELP = "перевірити підпис КЕП (.p7s, .asice); список кваліфікованих надавачів"
CHECK_HELP = "перевірити підпис; код виходу 0, коли всі підписи дійсні для документа"
TRUST_HELP = "імпортувати сертифікати кваліфікованих надавачів (.p7b або .cer від ЦЗО)"


def add_signature_commands(commands: Any, command: Command) -> None:
    actions = command_group(commands, "signature", GROUP_HELP)
    check = command("check", cmd_signature_check, CHECK_HELP, actions)
    check.add_argument("signature", metavar="ПІДПИС", help="файл .p7s, .p7m або .asice")
    check.add_argument("--document", metavar="ФАЙЛ", help="підписаний документ (якщо окремо)")
    check.add_argument("--json", action="store_true", help="вивести у форматі JSON")
    trust = command("trust-import", cmd_signature_trust_import, TRUST_HELP, actions)
    trust.add_argument("file", metavar="ФАЙЛ", help="файл .p7b або .cer")
