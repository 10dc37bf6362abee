"""An overall deadline for one letter's talk with the SMTP server.

A socket timeout bounds each read, not a reply: a server that sends a byte every few
seconds never lets one expire, and smtplib would wait on it forever. So every letter
gets a deadline; when it passes, a watchdog thread shuts down the connection's socket,
which wakes whatever read or write smtplib is blocked in, and the letter is reported
as not sent in time. The socket is shut down by its descriptor, which stays the same
when TLS wraps it, so a TLS handshake that trickles is cut as well.

The SMTP classes here register their socket the moment it is made (before the
greeting, before TLS) and forget it before they close it, so the watchdog never
touches a descriptor that may already belong to something else.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import threading


class Deadline:
    """`seconds` from entering the block; `expired` tells whether it cut the talk."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._descriptors: set[int] = set()
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()
        with self._lock:
            self._descriptors.clear()

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if self.expired:
                _shut_down(sock.fileno())
            else:
                self._descriptors.add(sock.fileno())

    def forget(self, sock: socket.socket | None) -> None:
        if sock is not None:
            with self._lock:
                self._descriptors.discard(sock.fileno())

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for descriptor in self._descriptors:
                _shut_down(descriptor)


def _shut_down(descriptor: int) -> None:
    if descriptor < 0:
        return
    with contextlib.suppress(OSError):
        sock = socket.socket(fileno=descriptor)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        finally:
            sock.detach()  # the descriptor stays the connection's own, to close


class _Watched(smtplib.SMTP):
    """An SMTP connection whose socket the current letter's deadline can cut."""

    deadline: Deadline | None = None

    def guard(self, deadline: Deadline) -> None:
        """Put the connection (open or still to be opened) under `deadline`."""
        self.deadline = deadline
        deadline.watch(self.sock)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock = super()._get_socket(host, port, timeout)
        if self.deadline is not None:
            self.deadline.watch(sock)
        return sock

    def close(self) -> None:
        if self.deadline is not None:
            self.deadline.forget(self.sock)
        super().close()


class WatchedSMTP(_Watched):
    """smtplib.SMTP under a deadline."""


class WatchedSMTPSSL(smtplib.SMTP_SSL, _Watched):
    """smtplib.SMTP_SSL under a deadline: the raw socket is watched before the TLS
    handshake, through _Watched._get_socket, which SMTP_SSL's own calls first."""
