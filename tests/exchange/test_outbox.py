"""The outbox must never lose a queued letter, never hand one to two senders, back
off from a dead line without giving up, and pick up after a crash."""

import sqlite3
from datetime import UTC, datetime, timedelta

from ctb_desktop.exchange.mail import ZIP_MIME, Attachment, build_message, eml_bytes
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.outbox import LEASE, Outbox, backoff

NOW = datetime(2025, 1, 15, 9, 0, tzinfo=UTC)


def _letter(number: int = 1):
    return build_message(
        "Смілянська РДА <rda@example.gov.ua>",
        "Черкаська ОДА <ova@example.gov.ua>",
        f"Звіт № {number} — Смілянська РДА",
        "Добрий день!",
        [Attachment("пакет.ctbpkg", b"PK\x03\x04" + bytes([number]) * 100, ZIP_MIME)],
    )


def test_enqueue_is_committed_at_once(db, db_path):
    letter = _letter()
    item = Outbox(db).enqueue(letter)
    assert item.state == "queued" and item.attempts == 0 and item.next_attempt_at is None
    assert item.recipient == "ova@example.gov.ua"
    assert item.subject == "Звіт № 1 — Смілянська РДА"

    # Another connection — as after a crash — sees it, bytes and all.
    other = sqlite3.connect(db_path)
    try:
        row = other.execute("SELECT message_id, state, message FROM outbox").fetchone()
    finally:
        other.close()
    assert row == (letter["Message-ID"], "queued", eml_bytes(letter))


def test_the_same_letter_is_queued_once(db):
    letter = _letter()
    outbox = Outbox(db)
    first, again = outbox.enqueue(letter), outbox.enqueue(letter)
    assert first.id == again.id
    assert len(outbox.list()) == 1


def test_claim_is_exclusive_even_across_connections(db, db_path):
    outbox = Outbox(db)
    item = outbox.enqueue(_letter())
    with Database.open(db_path) as second_window:
        rival = Outbox(second_window)
        data = outbox.claim(item.id)
        assert data is not None and data.startswith(b"From:")
        assert rival.claim(item.id) is None
        assert outbox.claim(item.id) is None
    assert outbox.due(NOW + timedelta(days=1)) == []
    claimed = outbox.get(item.id)
    assert claimed.state == "sending" and claimed.attempts == 1


def test_retries_back_off_doubling_up_to_an_hour(db):
    outbox = Outbox(db)
    item = outbox.enqueue(_letter())
    waits = []
    now = NOW
    for _ in range(9):
        assert [due.id for due in outbox.due(now)] == [item.id]
        assert outbox.claim(item.id) is not None
        outbox.mark_failed(item.id, "Поштовий сервер недоступний", now, retry=True)
        again = outbox.get(item.id)
        assert again.state == "queued" and again.last_error == "Поштовий сервер недоступний"
        wait = again.next_attempt_at - now
        waits.append(wait)
        assert outbox.due(now + wait - timedelta(seconds=1)) == []
        now += wait
    assert [w // timedelta(minutes=1) for w in waits] == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert outbox.get(item.id).attempts == 9
    assert backoff(1000) == timedelta(hours=1)


def test_hurry_makes_a_waiting_letter_due_now_but_not_a_failed_one(db):
    outbox = Outbox(db)
    waiting, failed = outbox.enqueue(_letter(1)), outbox.enqueue(_letter(2))
    for item, retry in ((waiting, True), (failed, False)):
        outbox.claim(item.id)
        outbox.mark_failed(item.id, "недоступний", NOW, retry=retry)
    assert outbox.due(NOW) == []
    assert outbox.hurry() == 1
    assert [item.id for item in outbox.due(NOW)] == [waiting.id]


def test_a_permanent_failure_stays_until_requeued(db):
    outbox = Outbox(db)
    item = outbox.enqueue(_letter())
    outbox.claim(item.id)
    outbox.mark_failed(item.id, "Сервер відхилив адресу одержувача", NOW, retry=False)
    failed = outbox.get(item.id)
    assert failed.state == "failed" and failed.next_attempt_at is None
    assert outbox.due(NOW + timedelta(days=30)) == []
    assert outbox.requeue(item.id)
    assert [due.id for due in outbox.due(NOW)] == [item.id]


def test_a_sent_letter_is_never_due_or_requeued(db):
    outbox = Outbox(db)
    item = outbox.enqueue(_letter())
    outbox.claim(item.id)
    outbox.mark_sent(item.id, NOW)
    sent = outbox.get(item.id)
    assert sent.state == "sent" and sent.sent_at == NOW and sent.last_error == ""
    assert outbox.due(NOW + timedelta(days=1)) == []
    assert not outbox.requeue(item.id)
    assert outbox.claim(item.id) is None
    assert outbox.recover() == 0


def test_recover_requeues_what_a_crash_left_sending(db_path):
    db = Database.open(db_path)
    outbox = Outbox(db)
    sending = outbox.enqueue(_letter(1))
    waiting = outbox.enqueue(_letter(2))
    done = outbox.enqueue(_letter(3))
    outbox.claim(done.id)
    outbox.mark_sent(done.id, NOW)
    assert outbox.claim(sending.id, NOW + LEASE) is not None
    db.connection.close()  # the app dies here, mid-send

    with Database.open(db_path) as restarted:
        outbox = Outbox(restarted)
        assert outbox.get(sending.id).state == "sending"
        # Within its lease the letter may still be on its way from a live sender.
        assert outbox.recover(NOW + LEASE - timedelta(seconds=1)) == 0
        assert outbox.get(sending.id).state == "sending"
        assert outbox.recover(NOW + LEASE) == 1
        assert outbox.recover(NOW + LEASE) == 0
        assert [item.id for item in outbox.due(NOW)] == [sending.id, waiting.id]
        assert outbox.get(done.id).state == "sent"
        assert outbox.get(sending.id).attempts == 1


def test_release_undoes_a_claim_without_an_outcome_but_not_a_mark(db):
    outbox = Outbox(db)
    untried = outbox.enqueue(_letter(1))
    sent = outbox.enqueue(_letter(2))
    for item in (untried, sent):
        assert outbox.claim(item.id) is not None
    outbox.mark_sent(sent.id, NOW)

    assert outbox.release([untried.id, sent.id]) == 1

    released = outbox.get(untried.id)
    assert released.state == "queued" and released.attempts == 0
    assert released.next_attempt_at is None
    assert [item.id for item in outbox.due(NOW)] == [untried.id]
    assert outbox.get(sent.id).state == "sent"
    assert outbox.release([untried.id]) == 0  # only a letter still 'sending'
