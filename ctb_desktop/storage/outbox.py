"""The e-mail outbox: finished messages wait here, in the database, until a server
accepts them. Internet in the districts comes and goes, so a message is never sent
straight from memory: it is queued (committed at once), then claimed, sent and marked.

States: queued → sending (a lease, see `claim`) → sent; a temporary failure puts it
back to queued with a later next_attempt_at (1 min, 2, 4 … at most 1 h); a permanent
refusal makes it failed.
Times are stored as UTC text in SQLite's own format ("2024-07-15T09:30:00.000Z"), so
they compare correctly as strings.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from ctb_desktop.storage.database import Database, utc_moment, utc_text

if TYPE_CHECKING:  # the email package is imported when a letter is queued (CLI start)
    from email.message import EmailMessage

FIRST_RETRY = timedelta(minutes=1)
LAST_RETRY = timedelta(hours=1)
# How long a claim holds a letter for its sender (Outbox.claim): well past the time
# one letter may take on the line (exchange/sending.py).
LEASE = timedelta(minutes=15)
STATES = {"queued": "у черзі", "sending": "надсилається", "sent": "надіслано", "failed": "помилка"}


@dataclass
class OutboxItem:
    id: int
    message_id: str
    recipient: str
    subject: str
    state: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    created_at: datetime
    sent_at: datetime | None

    @property
    def state_title(self) -> str:
        return STATES[self.state]


_COLUMNS = (
    "id, message_id, recipient, subject, state, attempts, next_attempt_at, last_error, "
    "created_at, sent_at"
)


class Outbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    def enqueue(self, message: EmailMessage) -> OutboxItem:
        """Queue the message and commit before returning: once this returns, closing the
        app or a crash loses nothing. Queuing the same message (same Message-ID) again
        returns the item already queued instead of sending it twice."""
        from email import policy  # noqa: PLC0415
        from email.utils import getaddresses  # noqa: PLC0415

        message_id = (message["Message-ID"] or "").strip()
        if not message_id:
            raise ValueError("a message needs a Message-ID before it is queued")
        addresses = getaddresses(
            [str(v) for v in message.get_all("To", [])]
            + [str(v) for v in message.get_all("Cc", [])]
        )
        recipient = ", ".join(address for _, address in addresses if address)
        if not recipient:
            raise ValueError("a message needs a recipient before it is queued")
        data = message.as_bytes(policy=policy.SMTP)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO outbox (message_id, recipient, subject, message, next_attempt_at) "
                "VALUES (?, ?, ?, ?, NULL) ON CONFLICT (message_id) DO NOTHING",
                (message_id, recipient, str(message["Subject"] or ""), data),
            )
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE message_id = ?", (message_id,)
            ).fetchone()
        return _item(row)

    def list(self) -> list[OutboxItem]:
        """Everything, oldest first, for the outbox window."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM outbox ORDER BY id").fetchall()
        return [_item(row) for row in rows]

    def get(self, item_id: int) -> OutboxItem | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (item_id,)).fetchone()
        return _item(row) if row else None

    def message(self, item_id: int) -> bytes | None:
        """The queued bytes, e.g. to save a failed message as an .eml draft."""
        row = self.db.execute("SELECT message FROM outbox WHERE id = ?", (item_id,)).fetchone()
        return bytes(row[0]) if row else None

    def due(self, now: datetime) -> builtins.list[OutboxItem]:
        """Queued messages whose time has come (a retried one waits out its backoff)."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE state = 'queued' "
            "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id",
            (utc_text(now),),
        ).fetchall()
        return [_item(row) for row in rows]

    def claim(self, item_id: int, until: datetime | None = None) -> bytes | None:
        """Take a queued message for sending and count the attempt. The state changes
        in one UPDATE guarded by the old state and is committed before any byte goes out,
        so two senders (two windows, a window and the command line) never both get it.
        The claim is a lease until `until` (by default LEASE from now), kept in
        next_attempt_at: a sender killed mid-send leaves it, and once it has expired any
        sender's `recover` queues the letter again. None when it is not queued any more."""
        until = until if until is not None else datetime.now(UTC) + LEASE
        with self.db.transaction() as conn:
            claimed = conn.execute(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1, "
                "next_attempt_at = ? WHERE id = ? AND state = 'queued'",
                (utc_text(until), item_id),
            ).rowcount
            if not claimed:
                return None
            row = conn.execute("SELECT message FROM outbox WHERE id = ?", (item_id,)).fetchone()
        return bytes(row[0])

    def extend(self, item_id: int, until: datetime) -> None:
        """A claim's lease made to last until `until` (a letter that may take longer on the
        line than LEASE); only while it is still being sent."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND state = 'sending'",
                (utc_text(until), item_id),
            )

    def mark_sent(self, item_id: int, now: datetime) -> None:
        """The server accepted the message. Unconditional: whatever the row says, the
        letter is out, and it must never be sent again."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET state = 'sent', sent_at = ?, next_attempt_at = NULL, "
                "last_error = '' WHERE id = ?",
                (utc_text(now), item_id),
            )

    def mark_failed(self, item_id: int, error: str, now: datetime, retry: bool) -> None:
        """A temporary failure (`retry`) queues it again after a backoff that doubles with
        each attempt, from one minute up to an hour, so a dead line is not hammered and a
        revived one is used within the hour. A permanent one makes it failed; `error`
        (Ukrainian) is kept for the outbox window either way."""
        with self.db.transaction() as conn:
            if retry:
                attempts = conn.execute(
                    "SELECT attempts FROM outbox WHERE id = ?", (item_id,)
                ).fetchone()
                when = now + backoff(attempts[0] if attempts else 1)
                conn.execute(
                    "UPDATE outbox SET state = 'queued', next_attempt_at = ?, last_error = ? "
                    "WHERE id = ?",
                    (utc_text(when), error, item_id),
                )
            else:
                conn.execute(
                    "UPDATE outbox SET state = 'failed', next_attempt_at = NULL, last_error = ? "
                    "WHERE id = ?",
                    (error, item_id),
                )

    def requeue(self, item_id: int) -> bool:
        """Try a failed message again now (after the clerk fixed the address or the
        password). Only failed ones: a sent message is never sent twice this way."""
        with self.db.transaction() as conn:
            changed = conn.execute(
                "UPDATE outbox SET state = 'queued', next_attempt_at = NULL "
                "WHERE id = ? AND state = 'failed'",
                (item_id,),
            ).rowcount
        return bool(changed)

    def hurry(self) -> int:
        """«Надіслати зараз»: letters waiting for their next attempt are due at once."""
        with self.db.transaction() as conn:
            return conn.execute(
                "UPDATE outbox SET next_attempt_at = NULL "
                "WHERE state = 'queued' AND next_attempt_at IS NOT NULL"
            ).rowcount

    def release(self, item_ids: builtins.list[int]) -> int:
        """Undo claims whose sending never got an outcome (the run was cancelled, or
        broke): queued again at once, the attempt not counted. Only letters still
        'sending': one already marked stays as it is."""
        with self.db.transaction() as conn:
            return sum(
                conn.execute(
                    "UPDATE outbox SET state = 'queued', attempts = MAX(attempts - 1, 0), "
                    "next_attempt_at = NULL WHERE id = ? AND state = 'sending'",
                    (item_id,),
                ).rowcount
                for item_id in item_ids
            )

    def recover(self, now: datetime | None = None) -> int:
        """Letters whose sender died mid-send (their lease expired, see `claim`) go back
        to the queue. Whether the server took one cannot be known, so it is sent again
        (at least once beats never). Every sender calls it before claiming: a live
        sender's letters keep their lease and are left alone."""
        moment = utc_text(now if now is not None else datetime.now(UTC))
        with self.db.transaction() as conn:
            return conn.execute(
                "UPDATE outbox SET state = 'queued', next_attempt_at = NULL "
                "WHERE state = 'sending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)",
                (moment,),
            ).rowcount


def backoff(attempts: int) -> timedelta:
    """The wait after the given number of failed attempts: 1 min, 2, 4 … at most 1 h."""
    doublings = min(max(attempts, 1) - 1, 16)
    return min(FIRST_RETRY * (1 << doublings), LAST_RETRY)


def _item(row: tuple) -> OutboxItem:
    item_id, message_id, recipient, subject, state, attempts, next_at, error, created, sent = row
    return OutboxItem(
        id=item_id,
        message_id=message_id,
        recipient=recipient,
        subject=subject,
        state=state,
        attempts=attempts,
        next_attempt_at=utc_moment(next_at),
        last_error=error,
        created_at=utc_moment(created) or datetime.now(UTC),
        sent_at=utc_moment(sent),
    )
