"""The reply to a unit whose report was returned for rework: a letter with the reason,
addressed to the sender's contact from the package, for the clerk's mail program."""

from __future__ import annotations

from email.message import EmailMessage

from ctb_desktop.exchange.mail import build_message
from ctb_desktop.storage.workspace import Workspace


def return_letter(ws: Workspace, package_id: int) -> EmailMessage:
    """«Повернуто на доопрацювання»: which report, which revision, and the comment."""
    received = ws.received.get(package_id)
    units = {unit.code: unit for unit in ws.units.list()}
    sender = units.get(received.unit_code)
    own = units.get(ws.config.unit)
    name = sender.short_name if sender else received.unit_code
    period = received.period
    subject = f"Звіт {period.for_phrase} — {name}: повернуто на доопрацювання"
    body = (
        "Добрий день!\n"
        "\n"
        f"Звіт {period.for_phrase} (редакція {received.revision}, файл "
        f"«{received.file_name}») повернуто на доопрацювання.\n"
        "\n"
        f"Що доопрацювати:\n{received.review_comment or '—'}\n"
        "\n"
        "Після виправлення, будь ласка, сформуйте пакет ще раз і надішліть його: він "
        "отримає наступний номер редакції.\n"
        "\n"
        "З повагою,\n"
        f"{own.short_name if own else ''}\n"
    )
    recipient = received.manifest.get("contact", "")
    return build_message(ws.config.smtp.sender, recipient, subject, body, [])
