"""Letters that carry reports: built here, then queued for sending (storage/outbox.py)
or saved as an .eml draft that the clerk opens in Outlook or Thunderbird and sends
by hand when there is no SMTP server to use.

Messages are 7-bit clean whatever the text: the Ukrainian subject and names are
RFC 2047 encoded words, attachment file names RFC 2231 parameters
(`filename*=utf-8''…`), a non-ASCII body base64. So they pass any relay unchanged,
old ones without 8BITMIME included, and the bytes queued in the outbox are the bytes
that arrive. Serialised with `email.policy.SMTP`: CRLF line ends, as the wire and
.eml files want. Apart from Date and Message-ID the same input gives the same bytes
(the MIME boundary is derived from the content, not random).
"""

from __future__ import annotations

import email.policy
import email.utils
import hashlib
import mimetypes
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path, PurePath

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.periods import Period
from ctb_desktop.storage.atomic import write_atomically

POLICY = email.policy.SMTP

ZIP_MIME = "application/zip"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The types of the files reports travel in, independent of the machine's MIME tables
# (Windows takes them from the registry, where .docx may be missing).
_TYPES = {
    ".ctbpkg": ZIP_MIME,
    ".zip": ZIP_MIME,
    ".docx": DOCX_MIME,
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".p7s": "application/pkcs7-signature",
    ".asice": "application/vnd.etsi.asic-e+zip",
    ".json": "application/json",
}

# Message-IDs need a domain; the machine's own name (make_msgid's default) would be
# slow to look up on a machine that may be offline, and would leak it.
_FALLBACK_DOMAIN = "ctb-desktop.local"


class MailError(UserError):
    """A letter that cannot be built or sent as asked; the message is Ukrainian."""


@dataclass
class Attachment:
    filename: str
    content: bytes
    mime: str = ""  # "application/zip", DOCX_MIME, …; empty: guessed from the name

    def __post_init__(self) -> None:
        self.mime = self.mime or content_type(self.filename)


def report_subject(program_title_genitive: str, period: Period, unit_name: str) -> str:
    """ "Звіт про виконання <програми> за І півріччя 2024 року — Смілянська РДА": the
    oblast sorts its mail by program, period and unit, so all three are in the subject."""
    title = _one_line(program_title_genitive)
    return f"Звіт про виконання {title} {period.for_phrase} — {_one_line(unit_name)}"


def report_body(unit_name: str, period: Period, signatory: str = "") -> str:
    """The letter's text: the recipient sees what came and whether it is signed before
    opening the attachment."""
    unit_name = _one_line(unit_name)
    signatory = _one_line(signatory)
    if signatory:
        signature = f"Звіт підписано кваліфікованим електронним підписом: {signatory}."
    else:
        signature = "Звіт не підписано електронним підписом."
    return (
        "Добрий день!\n"
        "\n"
        f"Надсилаємо звіт {period.for_phrase}.\n"
        f"Звітуючий орган: {unit_name}.\n"
        "\n"
        "У вкладенні — пакет звіту, сформований програмою ctb-desktop (його можна "
        "завантажити до ctb-desktop без змін), і друкована форма звіту, якщо її додано.\n"
        f"{signature}\n"
        "\n"
        "Відповідь, будь ласка, надсилайте на адресу, з якої надійшов цей лист "
        "(кнопка «Відповісти»).\n"
        "\n"
        "З повагою,\n"
        f"{signatory or unit_name}\n"
    )


def build_message(
    sender: str,
    recipient: str,
    subject: str,
    body: str,
    attachments: list[Attachment],
    message_id_domain: str = _FALLBACK_DOMAIN,
) -> EmailMessage:
    """A complete letter, ready for the outbox or a draft. The Message-ID is made here
    and never changes afterwards, so a copy sent again is recognisably the same letter.
    An empty sender or recipient is left out (a draft: the mail program fills it in)."""
    check_address(sender, "відправника")
    check_address(recipient, "адресата")
    message = EmailMessage(policy=POLICY)
    if sender:
        message["From"] = sender
    if recipient:
        message["To"] = recipient
    message["Subject"] = _one_line(subject)
    message["Date"] = email.utils.formatdate(localtime=True)
    message["Message-ID"] = email.utils.make_msgid(domain=message_id_domain)
    message.set_content(body, charset="utf-8", cte=None if body.isascii() else "base64")
    digest = hashlib.sha256(body.encode("utf-8"))
    for attachment in attachments:
        maintype, _, subtype = attachment.mime.partition("/")
        name = PurePath(attachment.filename).name
        message.add_attachment(
            attachment.content, maintype, subtype or "octet-stream", filename=name
        )
        digest.update(b"\0" + name.encode("utf-8") + b"\0" + attachment.content)
    if message.is_multipart():
        # add_attachment gives each part its own MIME-Version; only the top needs one.
        # (No Cyrillic "name" on Content-Type: Python's folding would then encode the
        # long .docx type itself as an encoded word, and clients would not know it.)
        for part in message.iter_parts():
            del part["MIME-Version"]
        # A fixed boundary instead of a random one; "=_" cannot occur in base64 parts.
        message.set_boundary(f"=_ctb_{digest.hexdigest()[:32]}")
    return message


def check_address(address: str, whose: str) -> str:
    """An address for a header: one line, no control characters, parsable; "" passes
    (a draft without it). A line break would end the header and start another."""
    if any(ord(char) < 32 or ord(char) == 127 for char in address) or (
        address.strip() and "@" not in email.utils.parseaddr(address)[1]
    ):
        shown = address.encode("unicode_escape").decode("ascii")[:80]
        raise MailError(
            f"Адреса {whose} «{shown}» неправильна: вона має бути однорядковою, наприклад "
            "name@example.gov.ua"
        )
    return address


def content_type(file_name: str) -> str:
    """The MIME type for an attachment, guessed from its name."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, encoding = mimetypes.guess_type(file_name, strict=False)
    if guessed is None or encoding is not None:
        return "application/octet-stream"
    return guessed


def eml_bytes(message: EmailMessage) -> bytes:
    """The letter as the bytes of an .eml file, which are also what goes over SMTP."""
    return message.as_bytes(policy=POLICY)


def write_eml(message: EmailMessage, path: Path) -> None:
    """Save the letter as an .eml file marked "X-Unsent: 1", which Outlook and
    Thunderbird open as a draft to edit and send by hand. Written atomically: on
    failure the old file (if any) is untouched and FileWriteError says why."""
    data = eml_bytes(message)
    if message["X-Unsent"] is None:
        data = b"X-Unsent: 1\r\n" + data
    write_atomically(Path(path), data)


def _domain(address: str) -> str:
    domain = email.utils.parseaddr(address)[1].rpartition("@")[2]
    return domain or _FALLBACK_DOMAIN


def _one_line(text: str) -> str:
    """Titles imported from Word may hold line breaks, which a header cannot."""
    return " ".join(text.split())
