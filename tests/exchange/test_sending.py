"""Sending against a real SMTP server on 127.0.0.1 (aiosmtpd): what arrives, and what
the outbox says when the server refuses, drops the line or is not there at all."""

import socket
import threading
from datetime import UTC, datetime, timedelta

import keyring
import keyring.backends.fail
import pytest
from aiosmtpd.smtp import AuthResult

from ctb_desktop.exchange import sending
from ctb_desktop.exchange.mail import ZIP_MIME, Attachment, MailError, build_message
from ctb_desktop.exchange.sending import (
    SendResult,
    claim_due,
    load_password,
    send_due,
    settle,
    store_password,
    transmit,
)
from ctb_desktop.storage.config import SmtpSettings
from ctb_desktop.storage.outbox import LEASE, Outbox
from tests.mail import LOCAL, free_port

NOW = datetime(2025, 7, 10, 9, 0, tzinfo=UTC)
OBLAST = "ova@example.gov.ua"
SENDER = "rda@example.gov.ua"


def _settings(port: int, username: str = "") -> SmtpSettings:
    return SmtpSettings(LOCAL, port, "none", username, SENDER, timeout=3)


def _queue(db, subject: str, recipient: str = OBLAST, package: bytes = b"PK\x03\x04"):
    letter = build_message(
        f"Смілянська РДА <{SENDER}>",
        recipient,
        subject,
        "Добрий день! Надсилаємо звіт.",
        [Attachment("Звіт Смілянська РДА 2025-H1.ctbpkg", package, ZIP_MIME)],
    )
    return Outbox(db).enqueue(letter), letter


def test_each_letter_arrives_once_with_its_attachment(db, server):
    mailbox, port = server
    package = bytes(range(256)) * 2000 + b"\r\n.\r\n"
    first, first_letter = _queue(
        db, "Звіт за І півріччя 2025 року — Смілянська РДА", package=package
    )
    second, _ = _queue(db, "Звіт за 9 місяців 2025 року — Смілянська РДА")

    result = send_due(Outbox(db), _settings(port), None, NOW)
    assert (result.sent, result.retried, result.failed) == (2, 0, 0)
    again = send_due(Outbox(db), _settings(port), None, NOW + timedelta(hours=2))
    assert (again.sent, again.retried, again.failed) == (0, 0, 0)

    assert [(sender, rcpt) for sender, rcpt, _ in mailbox.received] == [
        (SENDER, [OBLAST]),
        (SENDER, [OBLAST]),
    ]
    arrived = mailbox.letters()
    assert [letter["Subject"] for letter in arrived] == [
        "Звіт за І півріччя 2025 року — Смілянська РДА",
        "Звіт за 9 місяців 2025 року — Смілянська РДА",
    ]
    assert arrived[0]["Message-ID"] == first_letter["Message-ID"]
    attachment = next(arrived[0].iter_attachments())
    assert attachment.get_filename() == "Звіт Смілянська РДА 2025-H1.ctbpkg"
    assert attachment.get_content() == package
    states = {item.id: (item.state, item.attempts, item.sent_at) for item in Outbox(db).list()}
    assert states == {first.id: ("sent", 1, NOW), second.id: ("sent", 1, NOW)}


@pytest.mark.parametrize(
    ("reply", "state"),
    [
        ("550 5.1.1 <nobody@example.gov.ua>: Recipient address rejected: User unknown", "failed"),
        ("450 4.2.0 <nobody@example.gov.ua>: Recipient address rejected: Greylisted", "queued"),
    ],
)
def test_a_refused_recipient_keeps_the_servers_reason(db, server, reply, state):
    mailbox, port = server
    mailbox.refuse["nobody@example.gov.ua"] = reply
    refused, _ = _queue(db, "Звіт на хибну адресу", recipient="nobody@example.gov.ua")
    good, _ = _queue(db, "Звіт на правильну адресу")

    result = send_due(Outbox(db), _settings(port), None, NOW)

    assert result.sent == 1  # the next letter still goes out on the same connection
    assert [letter["Subject"] for letter in mailbox.letters()] == ["Звіт на правильну адресу"]
    item = Outbox(db).get(refused.id)
    assert item.state == state
    assert "адресу одержувача" in item.last_error
    assert reply.split(">: ")[1] in item.last_error and reply[:3] in item.last_error
    if state == "failed":
        assert result.failed == 1 and item.next_attempt_at is None
        assert "відхилив" in item.last_error
    else:
        assert result.retried == 1 and item.next_attempt_at == NOW + timedelta(minutes=1)
        assert "тимчасово" in item.last_error
    assert Outbox(db).get(good.id).state == "sent"


def test_a_line_dropped_mid_send_is_retried_and_delivered_once(db, server):
    mailbox, port = server
    mailbox.drops = 1  # the server hangs up after the first letter's data
    dropped, _ = _queue(db, "Перший звіт")
    after, _ = _queue(db, "Другий звіт")

    result = send_due(Outbox(db), _settings(port), None, NOW)

    assert (result.sent, result.retried, result.failed) == (1, 1, 0)
    item = Outbox(db).get(dropped.id)
    assert item.state == "queued" and item.attempts == 1
    assert item.next_attempt_at == NOW + timedelta(minutes=1)
    assert "обірвалося" in item.last_error
    # The run reconnected and sent the next letter.
    assert [letter["Subject"] for letter in mailbox.letters()] == ["Другий звіт"]
    assert Outbox(db).get(after.id).state == "sent"

    # Too early: the backoff holds. Then the server is fine again.
    assert send_due(Outbox(db), _settings(port), None, NOW + timedelta(seconds=30)).sent == 0
    assert send_due(Outbox(db), _settings(port), None, NOW + timedelta(minutes=2)).sent == 1
    assert send_due(Outbox(db), _settings(port), None, NOW + timedelta(hours=3)).sent == 0
    assert sorted(letter["Subject"] for letter in mailbox.letters()) == [
        "Другий звіт",
        "Перший звіт",
    ]
    assert Outbox(db).get(dropped.id).state == "sent"
    assert Outbox(db).get(dropped.id).attempts == 2


def test_the_line_runs_without_the_database_on_another_thread(db, server):
    """The window's way: claim and settle where the database lives, talk SMTP on a
    worker that never sees it."""
    mailbox, port = server
    first, _ = _queue(db, "Перший звіт")
    second, _ = _queue(db, "Другий звіт")
    letters = claim_due(Outbox(db), _settings(port), None, NOW)
    assert [letter.item.id for letter in letters] == [first.id, second.id]
    assert {item.state for item in Outbox(db).list()} == {"sending"}
    assert claim_due(Outbox(db), _settings(port), None, NOW) == []  # a second run gets none

    outcomes = []
    worker = threading.Thread(
        target=transmit, args=(_settings(port), None, letters, outcomes.append)
    )
    worker.start()
    worker.join()
    assert [(o.letter.item.id, o.sent) for o in outcomes] == [(first.id, True), (second.id, True)]
    assert {item.state for item in Outbox(db).list()} == {"sending"}  # not settled yet

    result = SendResult()
    for outcome in outcomes:
        settle(Outbox(db), outcome, result, NOW)
    assert (result.sent, result.retried, result.failed) == (2, 0, 0)
    assert [(item.state, item.sent_at) for item in Outbox(db).list()] == [("sent", NOW)] * 2
    assert len(mailbox.received) == 2


def test_a_run_broken_by_a_bug_leaves_no_letter_half_marked(db, server, monkeypatch):
    mailbox, port = server
    sent, _ = _queue(db, "Перший звіт")
    broken, _ = _queue(db, "Другий звіт")
    untried, _ = _queue(db, "Третій звіт")
    transfer = sending._Link.transfer
    calls = []

    def second_breaks(link, smtp, recipients, data):
        calls.append(data)
        if len(calls) == 2:
            raise RuntimeError("injected")
        return transfer(link, smtp, recipients, data)

    monkeypatch.setattr(sending._Link, "transfer", second_breaks)

    with pytest.raises(RuntimeError, match="injected"):
        send_due(Outbox(db), _settings(port), None, NOW)

    assert Outbox(db).get(sent.id).state == "sent"
    for item_id in (broken.id, untried.id):
        item = Outbox(db).get(item_id)
        assert (item.state, item.attempts, item.next_attempt_at) == ("queued", 0, None)
    assert len(mailbox.received) == 1
    monkeypatch.setattr(sending._Link, "transfer", transfer)
    assert send_due(Outbox(db), _settings(port), None, NOW).sent == 2


def test_an_unreachable_server_means_waiting_not_giving_up(db):
    port = free_port()  # nothing listens there
    first, _ = _queue(db, "Перший звіт")
    second, _ = _queue(db, "Другий звіт")

    result = send_due(Outbox(db), _settings(port), None, NOW)

    assert (result.sent, result.retried, result.failed) == (0, 2, 0)
    for item in Outbox(db).list():
        assert item.state == "queued" and item.attempts == 1
        assert item.next_attempt_at == NOW + timedelta(minutes=1)
        assert f"Поштовий сервер 127.0.0.1:{port} недоступний" in item.last_error
        assert "з'єднання відхилено" in item.last_error
        assert "повторна спроба" in item.last_error
    assert Outbox(db).due(NOW + timedelta(seconds=59)) == []
    assert {item.id for item in Outbox(db).due(NOW + timedelta(minutes=1))} == {
        first.id,
        second.id,
    }


def _authenticator(server, session, envelope, mechanism, auth_data):
    # A Cyrillic password: smtplib alone would refuse to send it.
    expected = (b"rda", "Пароль-1".encode())
    success = (auth_data.login, auth_data.password) == expected
    return AuthResult(success=success, handled=False)  # handled=False: aiosmtpd replies


def test_login_with_the_stored_password(db, start_server, memory_keyring):
    mailbox, port = start_server(authenticator=_authenticator, auth_require_tls=False)
    settings = _settings(port, username="rda")
    store_password(settings, "Пароль-1")
    assert "Пароль-1" in memory_keyring.passwords.values()
    assert "Пароль-1" not in str(db.execute("SELECT * FROM outbox").fetchall())
    _queue(db, "Звіт через вхід")

    result = send_due(Outbox(db), settings, load_password(settings), NOW)

    assert result.sent == 1
    assert [letter["Subject"] for letter in mailbox.letters()] == ["Звіт через вхід"]


def test_a_wrong_password_fails_every_letter_with_the_servers_reason(db, start_server):
    mailbox, port = start_server(authenticator=_authenticator, auth_require_tls=False)
    _queue(db, "Перший звіт")
    _queue(db, "Другий звіт")

    result = send_due(Outbox(db), _settings(port, username="rda"), "wrong", NOW)

    assert (result.sent, result.retried, result.failed) == (0, 0, 2)
    assert result.login_refused
    assert mailbox.received == []
    for item in Outbox(db).list():
        assert item.state == "failed"
        assert "не прийняв ім'я користувача або пароль" in item.last_error
        assert "535" in item.last_error
    # With the password fixed, the clerk sends them again.
    for item in Outbox(db).list():
        assert Outbox(db).requeue(item.id)
    assert send_due(Outbox(db), _settings(port, username="rda"), "Пароль-1", NOW).sent == 2


def test_settings_that_cannot_work_touch_nothing(db, server):
    _, port = server
    item, _ = _queue(db, "Звіт")
    with pytest.raises(MailError, match="пароль"):
        send_due(Outbox(db), _settings(port, username="rda"), None, NOW)
    with pytest.raises(MailError, match="сервер"):
        send_due(Outbox(db), SmtpSettings("", port, "none", "", SENDER), None, NOW)
    with pytest.raises(MailError, match="starttls, ssl або none"):
        send_due(Outbox(db), SmtpSettings(LOCAL, port, "tls", "", SENDER), None, NOW)
    assert Outbox(db).get(item.id).state == "queued"
    assert Outbox(db).get(item.id).attempts == 0


def test_the_password_store(memory_keyring, monkeypatch):
    settings = SmtpSettings("SMTP.example.gov.ua", 587, "starttls", "rda", SENDER)
    assert load_password(settings) is None
    store_password(settings, "секрет")
    # Another port or security on the same server keeps the password.
    assert load_password(SmtpSettings("smtp.example.gov.ua", 465, "ssl", "rda", SENDER)) == (
        "секрет"
    )
    store_password(settings, "")
    assert load_password(settings) is None

    # A machine without any password store (headless Linux): no password, and a
    # Ukrainian explanation when one is to be saved.
    monkeypatch.setattr(keyring, "get_keyring", keyring.backends.fail.Keyring)
    assert load_password(settings) is None
    with pytest.raises(MailError, match="немає сховища паролів"):
        store_password(settings, "секрет")


def test_a_large_letter_gets_time_to_upload():
    settings = _settings(25)
    assert sending.MIN_UPLOAD_RATE * 60 < 10 * 2**20  # 10 MB would not fit a flat minute
    link = sending._Link(settings, None)

    class Socket:
        def __init__(self):
            self.timeouts = []

        def settimeout(self, value):
            self.timeouts.append(value)

    class Smtp:
        sock = Socket()

        def sendmail(self, sender, recipients, data):
            return {}

    smtp = Smtp()
    link.transfer(smtp, [OBLAST], b"x" * (10 * 2**20))
    assert smtp.sock.timeouts[0] == pytest.approx(3 + 10 * 2**20 / sending.MIN_UPLOAD_RATE)
    assert smtp.sock.timeouts[-1] == 3


def test_the_loopback_guard_holds(db):
    _queue(db, "Звіт")
    with pytest.raises(AssertionError, match="DNS lookup"):
        send_due(
            Outbox(db), SmtpSettings("smtp.example.gov.ua", 587, "starttls", "", SENDER), None, NOW
        )
    with socket.socket() as sock, pytest.raises(AssertionError, match="connect to"):
        sock.connect(("192.0.2.1", 25))


def test_a_letter_a_killed_sender_left_is_sent_once_its_lease_expires(db, server):
    """Issue 14: `outbox send` killed mid-send left the letter «надсилається» for ever;
    every sending process now recovers a claim whose lease expired."""
    mailbox, port = server
    stuck, _ = _queue(db, "Звіт, що застряг")
    assert Outbox(db).claim(stuck.id, NOW + LEASE) is not None  # then the process is killed
    early = send_due(Outbox(db), _settings(port), None, NOW + LEASE - timedelta(seconds=1))
    assert (early.sent, Outbox(db).get(stuck.id).state) == (0, "sending")
    late = send_due(Outbox(db), _settings(port), None, NOW + LEASE)
    assert late.sent == 1
    assert Outbox(db).get(stuck.id).state == "sent"
    assert len(mailbox.received) == 1


def test_ctrl_c_while_sending_puts_the_letters_back(db, server, monkeypatch):
    _mailbox, port = server
    first, _ = _queue(db, "Перший звіт")
    second, _ = _queue(db, "Другий звіт")

    def interrupted(link, smtp, recipients, data):
        raise KeyboardInterrupt

    monkeypatch.setattr(sending._Link, "transfer", interrupted)
    with pytest.raises(KeyboardInterrupt):
        send_due(Outbox(db), _settings(port), None, NOW)
    for item_id in (first.id, second.id):
        item = Outbox(db).get(item_id)
        assert (item.state, item.attempts, item.next_attempt_at) == ("queued", 0, None)
