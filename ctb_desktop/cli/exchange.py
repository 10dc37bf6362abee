"""Exchange commands: packages up and down the hierarchy, the completeness board, the
consolidated report, the outbox and the settings they use."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctb_desktop import APP_NAME
from ctb_desktop.cli.common import (
    add_report_options,
    command_group,
    open_workspace,
    print_json,
    report_target,
)
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.wording import PACKAGES, count
from ctb_desktop.storage.config import KEYS, require_key
from ctb_desktop.storage.packages import REVIEWS

Command = Callable[..., argparse.ArgumentParser]


def cmd_package_export(args: argparse.Namespace) -> None:

    from ctb_desktop.operations.packages import export_report_package  # noqa: PLC0415

    with open_workspace(args) as ws:
        made = export_report_package(
            ws,
            unit_code=ws.own_unit(args.unit).code,
            document_path=Path(args.docx) if args.docx else None,
            pdf=args.pdf,
            **report_target(ws, args),
        )
    if args.pdf and not made.outgoing.pdf:
        print(f"{APP_NAME}: увага: PDF не додано (немає ні Word, ні LibreOffice)", file=sys.stderr)
    print(f"Збережено пакет «{made.package_path}» (редакція {made.outgoing.revision})")
    if made.kept_signature is not None:
        print(f"Підписаний пакет цієї редакції залишено: {made.kept_signature.verdict}")
    print(f"Документ для підпису КЕП: «{made.document_path}»")


def cmd_package_program(args: argparse.Namespace) -> None:

    from ctb_desktop.operations.packages import export_program_package  # noqa: PLC0415

    with open_workspace(args) as ws:
        export_program_package(ws, ws.program_id(args.program), args.unit, Path(args.output))
    print(f"Збережено пакет програми «{args.output}»")


def cmd_package_sign_attach(args: argparse.Namespace) -> None:

    from ctb_desktop.operations.packages import attach_signature  # noqa: PLC0415

    output = Path(args.output) if args.output else Path(args.package)
    _signed, check = attach_signature(Path(args.package), Path(args.signature), output)
    print(f"Підпис додано до «{output}»: {check.verdict}")
    for line in check.lines():
        print(line)


def cmd_package_show(args: argparse.Namespace) -> None:
    from ctb_desktop.exchange.board import signature_text  # noqa: PLC0415
    from ctb_desktop.exchange.incoming import read_file, signature_summary  # noqa: PLC0415
    from ctb_desktop.exchange.package import read  # noqa: PLC0415
    from ctb_desktop.exchange.signature import SignatureCheck  # noqa: PLC0415

    path = Path(args.file)
    package = read(read_file(path), path.name)
    check = signature_summary(package, [])
    if args.json:
        print_json({"manifest": package.manifest, "signature": check})
        return
    manifest = package.manifest
    unit = package.unit
    print(f"Пакет «{path.name}»: {'звіт' if package.kind == 'report' else 'програма'}")
    print(f"Програма: {package.program_code}")
    print(f"Орган: {unit.name} ({unit.code})")
    if package.period:
        print(f"Період: {package.period.title}, редакція {package.revision}")
    print(f"Створено: {manifest['created_at']}, ctb-desktop {manifest['app_version']}")
    print(f"Підпис: {signature_text(check)}")
    if check and "error" in check:
        print(f"  {check['error']}")
    elif check:
        for line in SignatureCheck.from_summary(check).lines():
            print(line)


def cmd_package_import(args: argparse.Namespace) -> int:
    from ctb_desktop.domain.periods import Period  # noqa: PLC0415
    from ctb_desktop.exchange.incoming import package_paths  # noqa: PLC0415
    from ctb_desktop.operations.packages import receive_packages  # noqa: PLC0415

    period = Period.parse(args.period) if args.period else None
    paths = package_paths(Path(name) for name in args.files)
    if not paths:
        raise UserError("Не знайдено жодного пакета .ctbpkg")
    # A district's first package is the program itself: the database may not exist yet.
    with open_workspace(args, create=True) as ws:
        results = receive_packages(ws, paths, own_unit=args.unit, period=period)
    refused = 0
    for _path, result in results:
        if isinstance(result, UserError):
            refused += 1
            print(f"{APP_NAME}: відхилено: {result}", file=sys.stderr)
            continue
        print(result.message)
        for warning in result.warnings:
            print(f"  увага: {warning}")
    if len(results) > 1:
        print(
            f"Усього {count(len(results), PACKAGES)}: прийнято {len(results) - refused}, "
            f"відхилено {refused}"
        )
    return 1 if refused else 0


def cmd_package_history(args: argparse.Namespace) -> None:
    from ctb_desktop.domain.periods import Period  # noqa: PLC0415
    from ctb_desktop.exchange.board import signature_text  # noqa: PLC0415

    with open_workspace(args) as ws:
        period = Period.parse(args.period) if args.period else None
        items = ws.received.list(ws.program_id(args.program), period, args.unit)
    if args.json:
        print_json(
            [
                {
                    "id": item.id,
                    "unit": item.unit_code,
                    "period": item.period.code,
                    "revision": item.revision,
                    "file": item.file_name,
                    "received_at": item.received_at.isoformat(),
                    "signature": item.signature,
                    "review": item.review,
                    "review_comment": item.review_comment,
                }
                for item in items
            ]
        )
        return
    for item in items:
        print(
            f"{item.id}\t{item.unit_code}\t{item.period.code}\tред. {item.revision}\t"
            f"{item.received_at:%d.%m.%Y %H:%M}\t{signature_text(item.signature)}\t"
            f"{item.review_title}"
        )


def cmd_package_compare(args: argparse.Namespace) -> None:

    from ctb_desktop.operations.review import compare_revisions  # noqa: PLC0415

    with open_workspace(args) as ws:
        differences = compare_revisions(ws, args.old, args.new).differences
    if args.json:
        print_json([difference.__dict__ for difference in differences])
        return
    if not differences:
        print("Редакції не відрізняються")
    for difference in differences:
        print(difference)


def cmd_package_review(args: argparse.Namespace) -> None:

    from ctb_desktop.operations.review import ACCEPTED, RETURNED, review_package  # noqa: PLC0415

    review = ACCEPTED if args.accept else RETURNED
    eml = Path(args.eml) if args.eml else None
    with open_workspace(args) as ws:
        letter = review_package(ws, args.id, review, args.comment or "", eml)
    print(f"Пакет №{args.id}: {REVIEWS[review]}")
    if letter is not None and eml is not None:
        print(f"Чернетку листа-відповіді збережено: «{eml}»")


def cmd_board(args: argparse.Namespace) -> None:

    from ctb_desktop.exchange.board import load_board  # noqa: PLC0415

    with open_workspace(args) as ws:
        board = load_board(ws, ws.program_id(args.program), args.year, args.unit)
    if args.json:
        print_json(
            {
                "unit": board.own.code,
                "periods": [period.code for period in board.periods],
                "cells": [
                    {
                        "unit": unit.code,
                        "period": period.code,
                        "state": cell.state,
                        "due": cell.due.isoformat(),
                        "revision": cell.latest.revision if cell.latest else None,
                        "signature": cell.signature,
                        "review": cell.latest.review if cell.latest else None,
                    }
                    for unit in board.units
                    for period in board.periods
                    if (cell := board.cell(unit.code, period))
                ],
            }
        )
        return
    print(f"Звіти до «{board.own.name}» за {args.year} рік")
    for unit in board.units:
        print(unit.short_name)
        for period in board.periods:
            cell = board.cell(unit.code, period)
            signature = f", {cell.signature}" if cell.latest else ""
            print(f"    {period.title}: {cell.summary}{signature}")


def cmd_consolidate(args: argparse.Namespace) -> None:

    from ctb_desktop.operations.review import consolidate_report  # noqa: PLC0415
    from ctb_desktop.reports.render import TITLES  # noqa: PLC0415

    with open_workspace(args) as ws:
        saved = consolidate_report(
            ws, unit_code=args.unit, accepted_only=args.accepted_only, **report_target(ws, args)
        )
    for warning in saved.warnings:
        print(f"{APP_NAME}: увага: {warning}", file=sys.stderr)
    print(f"Збережено «{saved.path}» ({TITLES[saved.layout]})")


def cmd_package_letter(args: argparse.Namespace) -> None:

    from ctb_desktop.exchange.incoming import read_file  # noqa: PLC0415
    from ctb_desktop.exchange.mail import write_eml  # noqa: PLC0415
    from ctb_desktop.operations.packages import package_letter  # noqa: PLC0415

    path = Path(args.package)
    with open_workspace(args) as ws:
        letter, item = package_letter(
            ws, read_file(path), path.name, args.to or "", queue=args.queue
        )
    if item is not None:
        print(f"Лист №{item.id} до {item.recipient} у черзі: «{item.subject}»")
    if args.eml:
        write_eml(letter, Path(args.eml))
        print(f"Чернетку листа збережено: «{args.eml}»")


def cmd_outbox_list(args: argparse.Namespace) -> None:
    with open_workspace(args) as ws:
        items = ws.outbox.list()
    if args.json:
        print_json(
            [
                {
                    "id": item.id,
                    "recipient": item.recipient,
                    "subject": item.subject,
                    "state": item.state,
                    "attempts": item.attempts,
                    "last_error": item.last_error,
                    "sent_at": item.sent_at.isoformat() if item.sent_at else None,
                }
                for item in items
            ]
        )
        return
    if not items:
        print("Черга відправлення порожня")
    for item in items:
        error = f"\t{item.last_error}" if item.last_error and item.state != "sent" else ""
        print(f"{item.id}\t{item.state_title}\t{item.recipient}\t{item.subject}{error}")


def cmd_outbox_send(args: argparse.Namespace) -> int:

    from ctb_desktop.exchange.sending import load_password, send_due  # noqa: PLC0415

    with open_workspace(args) as ws:
        smtp = ws.config.smtp
        if not smtp.configured:
            raise UserError("Не налаштовано сервер пошти: ctb-desktop config smtp.host …")
        password = load_password(smtp) if smtp.username else None
        if smtp.username and password is None:
            password = _ask_password(smtp.username)
        if args.retry:
            ws.outbox.requeue(args.retry)
        result = send_due(ws.outbox, smtp, password)
    for message in result.messages:
        print(message)
    print(result.summary)
    return 1 if result.failed else 0


def cmd_config_password(args: argparse.Namespace) -> None:

    from ctb_desktop.exchange.sending import store_password  # noqa: PLC0415

    with open_workspace(args) as ws:
        smtp = ws.config.smtp
    if not smtp.username:
        raise UserError("Спершу вкажіть ім'я користувача: ctb-desktop config smtp.login ІМ'Я")
    if args.stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = _ask_password(smtp.username)
    else:
        raise UserError(
            "Немає терміналу, щоб ввести пароль: передайте його через stdin, наприклад "
            "ctb-desktop config-password --stdin < файл_із_паролем"
        )
    store_password(smtp, password)
    print("Пароль збережено у сховищі паролів системи" if password else "Пароль видалено")


def _ask_password(username: str) -> str:
    if not sys.stdin.isatty():
        raise UserError(
            "Пароль до пошти не збережено: ctb-desktop config-password (без терміналу — "
            "config-password --stdin)"
        )
    import getpass  # noqa: PLC0415

    return getpass.getpass(f"Пароль до пошти для {username}: ")


def cmd_config(args: argparse.Namespace) -> None:

    from ctb_desktop.operations.units import choose_own_unit  # noqa: PLC0415

    with open_workspace(args) as ws:
        config = ws.config
        if args.key == "unit" and args.value:
            unit = choose_own_unit(ws, args.value)
            print(f"unit = {unit.code} ({unit.name})")
            if config.recipient:
                print(f"recipient = {config.recipient}")
        elif args.value is not None:
            config.set(args.key, args.value)
            print(f"{args.key} = {config.get(args.key)}")
        elif args.key:
            require_key(args.key)
            print(config.get(args.key))
        else:
            for key, value in config.items().items():
                print(f"{key}\t{value}\t# {KEYS[key]}")


def add_exchange_commands(commands: Any, command: Command) -> None:

    actions = command_group(
        commands,
        "package",
        "пакети звітів і програм (.ctbpkg): експорт, підпис, імпорт, історія",
        "Пакети звітів і програм (.ctbpkg)",
    )
    _add_package_export(command, actions)
    attach = command(
        "sign-attach", cmd_package_sign_attach, "додати підпис КЕП (.p7s або .asice)", actions
    )
    attach.add_argument("package", metavar="ПАКЕТ", help="файл .ctbpkg")
    attach.add_argument("signature", metavar="ПІДПИС", help="файл .p7s або .asice із засобу КЕП")
    attach.add_argument("-o", "--output", metavar="ФАЙЛ", help="куди зберегти (типово — на місці)")
    show = command("show", cmd_package_show, "показати вміст пакета і перевірити підпис", actions)
    show.add_argument("file", metavar="ПАКЕТ")
    show.add_argument("--json", action="store_true", help="вивести у форматі JSON")
    imported = command(
        "import", cmd_package_import, "прийняти пакети (файли або папки з ними)", actions
    )
    imported.add_argument("files", nargs="+", metavar="ФАЙЛ", help="пакети .ctbpkg або папки")
    imported.add_argument("--unit", metavar="КОД", help="власний орган (типово — з config unit)")
    imported.add_argument("--period", metavar="ПЕРІОД", help="приймати лише цей період")
    _add_package_review(command, actions)
    _add_board_and_consolidate(command)
    _add_outbox_commands(commands, command, actions)
    config = command("config", cmd_config, "налаштування бази: власний орган, адресат, SMTP")
    config.add_argument("key", nargs="?", metavar="ПАРАМЕТР", help=", ".join(KEYS))
    config.add_argument("value", nargs="?", metavar="ЗНАЧЕННЯ", help="нове значення ('' — зняти)")


def _add_package_export(command: Command, actions: Any) -> None:
    export = command(
        "export", cmd_package_export, "сформувати пакет звіту органу за період", actions
    )
    export.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")
    export.add_argument("--period", required=True, metavar="ПЕРІОД", help="наприклад 2024-H1")
    export.add_argument("--unit", metavar="КОД", help="звітуючий орган (типово — власний)")
    export.add_argument("-o", "--output", required=True, metavar="ФАЙЛ", help="файл .ctbpkg")
    export.add_argument(
        "--docx", metavar="ФАЙЛ", help="куди зберегти документ для підпису (типово — поруч)"
    )
    export.add_argument(
        "--pdf", action="store_true", help="додати копію PDF (потрібен Word або LibreOffice)"
    )
    add_report_options(export)
    program = command(
        "program", cmd_package_program, "пакет програми для підпорядкованих органів", actions
    )
    program.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")
    program.add_argument("--unit", metavar="КОД", help="орган, що розсилає (типово — власний)")
    program.add_argument("-o", "--output", required=True, metavar="ФАЙЛ", help="файл .ctbpkg")


def _add_package_review(command: Command, actions: Any) -> None:
    history = command("history", cmd_package_history, "отримані редакції звітів", actions)
    history.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")
    history.add_argument("--period", metavar="ПЕРІОД", help="лише цей період")
    history.add_argument("--unit", metavar="КОД", help="лише цей орган")
    history.add_argument("--json", action="store_true", help="вивести у форматі JSON")
    compare = command(
        "compare", cmd_package_compare, "порівняти дві отримані редакції поле за полем", actions
    )
    compare.add_argument("old", type=int, metavar="№_СТАРОЇ", help="№ з package history")
    compare.add_argument("new", type=int, metavar="№_НОВОЇ")
    compare.add_argument("--json", action="store_true", help="вивести у форматі JSON")
    review = command(
        "review", cmd_package_review, "прийняти звіт або повернути на доопрацювання", actions
    )
    review.add_argument("id", type=int, metavar="№", help="№ з package history")
    decision = review.add_mutually_exclusive_group(required=True)
    decision.add_argument("--accept", action="store_true", help="прийнято")
    decision.add_argument("--return", action="store_true", help="повернуто на доопрацювання")
    review.add_argument("--comment", metavar="ТЕКСТ", help="що доопрацювати")
    review.add_argument("--eml", metavar="ФАЙЛ", help="зберегти чернетку листа-відповіді")


def _add_board_and_consolidate(command: Command) -> None:
    board = command("board", cmd_board, "які звіти надійшли, із запізненням, не надійшли")
    board.add_argument("--program", type=int, metavar="ID", help="id програми, якщо їх кілька")
    board.add_argument("--year", type=int, required=True, metavar="РІК")
    board.add_argument("--unit", metavar="КОД", help="власний орган (типово — з config unit)")
    board.add_argument("--json", action="store_true", help="вивести у форматі JSON")
    consolidated = command(
        "consolidate",
        cmd_consolidate,
        "зведений звіт органу з даними підпорядкованих органів (.docx)",
    )
    consolidated.add_argument("--program", type=int, metavar="ID", help="id програми")
    consolidated.add_argument("--period", required=True, metavar="ПЕРІОД")
    consolidated.add_argument("--unit", metavar="КОД", help="власний орган (типово — з config)")
    consolidated.add_argument(
        "-o", "--output", required=True, metavar="ФАЙЛ", help="файл .docx (або .pdf)"
    )
    consolidated.add_argument(
        "--accepted-only",
        action="store_true",
        help="брати лише прийняті редакції (типово — найновіші, з попередженням про "
        "повернуті та непідписані)",
    )
    add_report_options(consolidated)


def _add_outbox_commands(commands: Any, command: Command, package_actions: Any) -> None:
    letter = command(
        "letter", cmd_package_letter, "лист із пакетом: чернетка .eml або черга", package_actions
    )
    letter.add_argument("package", metavar="ПАКЕТ", help="файл .ctbpkg (підписаний чи ні)")
    letter.add_argument("--to", metavar="АДРЕСА", help="адресат (типово — config recipient)")
    letter.add_argument("--eml", metavar="ФАЙЛ", help="зберегти чернетку листа .eml")
    letter.add_argument("--queue", action="store_true", help="поставити в чергу відправлення")
    actions = command_group(
        commands, "outbox", "черга відправлення листів", "Черга відправлення листів"
    )
    listed = command("list", cmd_outbox_list, "листи в черзі та їхній стан", actions)
    listed.add_argument("--json", action="store_true", help="вивести у форматі JSON")
    send = command("send", cmd_outbox_send, "надіслати листи, яким настав час", actions)
    send.add_argument("--retry", type=int, metavar="№", help="спершу повторити лист із помилкою")
    password = command(
        "config-password",
        cmd_config_password,
        "зберегти пароль до пошти у сховищі паролів системи (не в базі)",
    )
    password.add_argument("--stdin", action="store_true", help="прочитати пароль зі stdin")
