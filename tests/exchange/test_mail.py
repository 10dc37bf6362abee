"""Messages must reach an oblast's mail client intact: Ukrainian subject and file names,
attachments byte for byte, and a draft that opens for editing."""

import os
from email import policy
from email.parser import BytesParser

import pytest

from ctb_desktop.domain.periods import Period, PeriodKind
from ctb_desktop.exchange.mail import (
    DOCX_MIME,
    ZIP_MIME,
    Attachment,
    build_message,
    eml_bytes,
    report_body,
    report_subject,
    write_eml,
)
from ctb_desktop.storage.atomic import FileWriteError

PROGRAM = "Державної цільової соціальної програми протидії торгівлі людьми на період до 2025 року"
H1_2024 = Period(2024, PeriodKind.H1)
# Every byte value, CR and LF included, so no transfer encoding may touch them.
PACKAGE = bytes(range(256)) * 40 + b"\r\n.\r\n\n.\n" + os.urandom(5000)
DOCX = b"PK\x03\x04" + os.urandom(3000)


def _message():
    return build_message(
        "Смілянська РДА <rda@smila.example.gov.ua>",
        "Черкаська ОДА <ova@example.gov.ua>",
        report_subject(PROGRAM, H1_2024, "Смілянська РДА"),
        report_body("Смілянська РДА", H1_2024, "Іваненко Марія Петрівна"),
        [
            Attachment("Звіт Смілянська РДА 2024-H1 (ред. 2).ctbpkg", PACKAGE, ZIP_MIME),
            Attachment("Звіт за І півріччя 2024 року.docx", DOCX, DOCX_MIME),
        ],
    )


def _parse(data: bytes):
    return BytesParser(policy=policy.default).parsebytes(data)


def test_subject_names_program_period_and_unit():
    assert report_subject(PROGRAM, H1_2024, "Смілянська РДА") == (
        "Звіт про виконання Державної цільової соціальної програми протидії торгівлі людьми "
        "на період до 2025 року за І півріччя 2024 року — Смілянська РДА"
    )
    # A title imported from Word with a line break still makes a one-line header.
    assert report_subject("Програми\nпротидії", Period(2024, PeriodKind.Y), "ОДА") == (
        "Звіт про виконання Програми протидії за 2024 рік — ОДА"
    )


def test_body_says_whether_the_report_is_signed():
    signed = report_body("Смілянська РДА", H1_2024, "Іваненко М. П.")
    assert "за І півріччя 2024 року" in signed and "Смілянська РДА" in signed
    assert "підписано кваліфікованим електронним підписом: Іваненко М. П." in signed
    unsigned = report_body("Смілянська РДА", H1_2024)
    assert "не підписано" in unsigned


def test_ukrainian_subject_names_and_attachments_survive_a_round_trip():
    message = _message()
    data = eml_bytes(message)
    # 7-bit clean, CRLF, lines within SMTP's limit: any relay passes it unchanged.
    assert data.isascii()
    assert max(len(line) for line in data.split(b"\r\n")) <= 998
    assert b"\n" not in data.replace(b"\r\n", b"")

    parsed = _parse(data)
    assert parsed["Subject"] == report_subject(PROGRAM, H1_2024, "Смілянська РДА")
    assert parsed["From"].addresses[0].display_name == "Смілянська РДА"
    assert parsed["To"].addresses[0].addr_spec == "ova@example.gov.ua"
    assert parsed["Message-ID"] == message["Message-ID"]
    assert parsed["Message-ID"].endswith("@ctb-desktop.local>")
    assert parsed["Date"].datetime is not None
    # Text inside base64 keeps its canonical CRLF line ends (RFC 2046).
    text = parsed.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text == report_body("Смілянська РДА", H1_2024, "Іваненко Марія Петрівна")

    attachments = list(parsed.iter_attachments())
    assert [a.get_filename() for a in attachments] == [
        "Звіт Смілянська РДА 2024-H1 (ред. 2).ctbpkg",
        "Звіт за І півріччя 2024 року.docx",
    ]
    assert [a.get_content_type() for a in attachments] == [ZIP_MIME, DOCX_MIME]
    assert f"Content-Type: {DOCX_MIME}".encode() in data  # not folded or encoded
    assert attachments[0].get_content() == PACKAGE
    assert attachments[1].get_content() == DOCX


def test_same_content_gives_same_bytes_apart_from_date_and_message_id():
    def without_date_and_id(data: bytes) -> bytes:
        lines = data.split(b"\r\n")
        kept = [line for line in lines if not line.startswith((b"Date:", b"Message-ID:"))]
        return b"\r\n".join(kept)

    first, second = eml_bytes(_message()), eml_bytes(_message())
    assert first != second
    assert without_date_and_id(first) == without_date_and_id(second)
    assert _message()["Message-ID"] != _message()["Message-ID"]


def test_eml_draft_is_marked_unsent_and_replaces_the_old_file_whole(tmp_path):
    message = _message()
    path = tmp_path / "Звіт Смілянська РДА.eml"
    path.write_bytes(b"old draft")
    write_eml(message, path)

    data = path.read_bytes()
    assert data.startswith(b"X-Unsent: 1\r\n")
    parsed = _parse(data)
    assert parsed["X-Unsent"] == "1"
    assert parsed["Subject"] == message["Subject"]
    assert next(parsed.iter_attachments()).get_content() == PACKAGE
    assert message["X-Unsent"] is None  # the message itself is not changed
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_a_failed_eml_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "draft.eml"
    path.write_bytes(b"old draft")

    def no_space(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(FileWriteError, match="закінчилося місце"):
        write_eml(_message(), path)
    assert path.read_bytes() == b"old draft"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.eml"]


NAMED = [("Звіт.ctbpkg", PACKAGE), ("Звіт.docx", DOCX), ("підпис.p7s", b"s")]


def test_attachment_types_come_from_the_names():
    message = build_message(
        "",
        "ova@example.gov.ua",
        "Звіт",
        "Text",
        [
            Attachment("Звіт.ctbpkg", PACKAGE),
            Attachment("Звіт.docx", DOCX),
            Attachment("п.p7s", b"s"),
        ],
    )
    assert message["From"] is None
    assert [a.get_content_type() for a in message.iter_attachments()] == [
        ZIP_MIME,
        DOCX_MIME,
        "application/pkcs7-signature",
    ]
