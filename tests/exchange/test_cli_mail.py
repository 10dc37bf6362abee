"""A district clerk sends a report by the command line: a letter queued, sent when the
server answers, exactly once; or a draft .eml for the mail program."""

from decimal import Decimal
from email import policy
from email.parser import BytesParser

import pytest

from ctb_desktop.storage.database import Database
from tests.exchange.network import district_database, fill, oblast_database, program_package
from tests.mail import LOCAL
from tests.test_cli import run

DISTRICT = "UA-71-01"
OBLAST_MAIL = "ova@example.gov.ua"


@pytest.fixture
def package(tmp_path, capsys):
    """A district database with its settings, and its exported 2025 report."""
    oblast = oblast_database(tmp_path / "oblast.sqlite")
    path = tmp_path / "район.sqlite"
    with district_database(path, DISTRICT, program_package(oblast)) as db:
        fill(db, DISTRICT, Decimal(900))
    oblast.close()
    output = tmp_path / "звіт.ctbpkg"
    code, _, err = run(
        capsys, "--db", path, "package", "export", "--period", "2025-Y", "--unit", DISTRICT,
        "-o", output,
    )  # fmt: skip
    assert code == 0, err
    for key, value in (("recipient", OBLAST_MAIL), ("smtp.sender", "rda@example.gov.ua")):
        assert run(capsys, "--db", path, "config", key, value)[0] == 0
    return path, output


def test_a_queued_letter_is_sent_once_when_the_server_answers(package, server, capsys):
    mailbox, port = server
    db, output = package
    for key, value in (("smtp.host", LOCAL), ("smtp.port", port), ("smtp.security", "none")):
        assert run(capsys, "--db", db, "config", key, value)[0] == 0

    code, out, err = run(capsys, "--db", db, "package", "letter", output, "--queue")
    assert code == 0, err
    assert f"до {OBLAST_MAIL} у черзі" in out
    assert "у черзі" in run(capsys, "--db", db, "outbox", "list")[1]

    code, out, _ = run(capsys, "--db", db, "outbox", "send")
    assert code == 0
    assert "Надіслано: 1" in out
    [letter] = mailbox.letters()
    assert letter["Subject"].startswith("Звіт про виконання Державної цільової")
    assert letter["Subject"].endswith("за 2025 рік — Смілянська РДА")
    attachments = {part.get_filename(): part.get_content() for part in letter.iter_attachments()}
    assert attachments["звіт.ctbpkg"] == output.read_bytes()
    assert "Звіт_про_результати_виконання_2025_рік_Смілянська_РДА.docx" in attachments

    assert run(capsys, "--db", db, "outbox", "send")[1].startswith("Надіслано: 0")
    assert len(mailbox.received) == 1
    assert "надіслано" in run(capsys, "--db", db, "outbox", "list")[1]


def test_a_draft_letter_for_the_mail_program(package, tmp_path, capsys):
    db, output = package
    draft = tmp_path / "лист.eml"
    code, _, _ = run(capsys, "--db", db, "package", "letter", output, "--eml", draft)
    assert code == 0
    letter = BytesParser(policy=policy.default).parsebytes(draft.read_bytes())
    assert letter["X-Unsent"] == "1"
    assert letter["To"] == OBLAST_MAIL
    assert next(letter.iter_attachments()).get_filename() == "звіт.ctbpkg"
    with Database.open(db) as database:
        assert database.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


def test_sending_without_a_server_says_what_to_set(package, capsys):
    db, output = package
    run(capsys, "--db", db, "package", "letter", output, "--queue")
    code, _, err = run(capsys, "--db", db, "outbox", "send")
    assert code == 1
    assert "Не налаштовано сервер пошти" in err


def test_config_password_says_in_ukrainian_what_is_missing(package, capsys, monkeypatch):
    """No terminal: the message names --stdin. No password store (a bare Linux machine):
    keyring's English «No recommended backend…» becomes a Ukrainian sentence."""
    import io  # noqa: PLC0415

    import keyring  # noqa: PLC0415
    from keyring.backends import fail  # noqa: PLC0415

    from tests.english import english_sentences  # noqa: PLC0415

    db, _ = package
    assert run(capsys, "--db", db, "config", "smtp.login", "rda")[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run(capsys, "--db", db, "config-password")
    assert code == 1 and "--stdin" in err and "Немає терміналу" in err

    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    monkeypatch.setattr("sys.stdin", io.StringIO("таємниця\n"))
    code, _, err = run(capsys, "--db", db, "config-password", "--stdin")
    assert code == 1
    assert "у системі немає сховища паролів" in err
    assert not english_sentences(err), err
