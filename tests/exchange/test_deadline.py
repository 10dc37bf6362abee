"""A server on 127.0.0.1 that answers a byte at a time: each read returns long before
the socket timeout, so only the letter's overall deadline ends the wait. The letter is
queued again with a Ukrainian reason, and the run ends in seconds, not hours."""

from __future__ import annotations

import socket
import threading
import time
from datetime import UTC, datetime

import pytest

from ctb_desktop.exchange import sending
from ctb_desktop.exchange.mail import build_message
from ctb_desktop.exchange.sending import send_due
from ctb_desktop.storage.config import SmtpSettings
from ctb_desktop.storage.outbox import Outbox
from tests.mail import LOCAL

NOW = datetime(2025, 7, 10, 9, 0, tzinfo=UTC)
SENDER = "rda@example.gov.ua"
ANSWERS = {b"EHLO": b"250 ok\r\n", b"MAIL": b"250 ok\r\n", b"RCPT": b"250 ok\r\n"}


class TricklingServer:
    """Speaks SMTP normally until `slow` (the greeting or the reply after the
    message), which it sends one byte every `pause` seconds, forever."""

    def __init__(self, slow: str, pause: float = 0.3) -> None:
        self.slow, self.pause = slow, pause
        self.listener = socket.socket()
        self.listener.bind((LOCAL, 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._talk, args=(connection,), daemon=True).start()

    def _trickle(self, connection: socket.socket, reply: bytes) -> None:
        for byte in reply * 1000:
            if self.stopped.wait(self.pause):
                return
            connection.sendall(bytes([byte]))

    def _talk(self, connection: socket.socket) -> None:
        with connection, connection.makefile("rb") as lines:
            try:
                if self.slow == "greeting":
                    self._trickle(connection, b"220-")
                    return
                connection.sendall(b"220 ok\r\n")
                for line in lines:
                    if line[:4].upper() == b"DATA":
                        connection.sendall(b"354 go on\r\n")
                        while lines.readline() not in (b".\r\n", b""):
                            pass
                        self._trickle(connection, b"250-")
                        return
                    connection.sendall(ANSWERS.get(line[:4].upper(), b"250 ok\r\n"))
            except OSError:
                return

    def stop(self) -> None:
        self.stopped.set()
        self.listener.close()


@pytest.fixture
def trickling(request):
    def start(slow: str) -> TricklingServer:
        server = TricklingServer(slow)
        request.addfinalizer(server.stop)
        return server

    return start


def _queue(db, subject: str):
    letter = build_message(SENDER, "ova@example.gov.ua", subject, "Звіт у додатку.", [])
    return Outbox(db).enqueue(letter)


@pytest.mark.parametrize("slow", ["greeting", "reply"])
def test_a_server_answering_a_byte_at_a_time_is_cut_off_by_the_deadline(db, trickling, slow):
    server = trickling(slow)
    first, second = _queue(db, "Перший звіт"), _queue(db, "Другий звіт")
    settings = SmtpSettings(LOCAL, server.port, "none", "", SENDER, timeout=1)
    deadline = sending.letter_deadline(settings, b"")
    assert deadline < 5

    started = time.monotonic()
    result = send_due(Outbox(db), settings, None, NOW)
    elapsed = time.monotonic() - started

    # A server that cannot greet in time fails the run at once; one that trickles its
    # reply costs each letter its own deadline.
    letters = 1 if slow == "greeting" else 2
    assert deadline * letters <= elapsed < deadline * letters + 5
    assert (result.sent, result.retried, result.failed) == (0, 2, 0)
    for item in (Outbox(db).get(first.id), Outbox(db).get(second.id)):
        assert item.state == "queued"
        assert "відповідав надто повільно" in item.last_error
        assert f"за {deadline:.0f} с" in item.last_error
        assert "Буде повторна спроба пізніше" in item.last_error
    assert server.connections == letters
