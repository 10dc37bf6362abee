"""Mail without the world: a password store in memory, no network but 127.0.0.1, and a
real SMTP server (aiosmtpd) on a free local port. Registered for every test in
tests/conftest.py; tests/exchange uses the first two for all its tests, GUI tests ask
for what they need."""

import socket
from email import policy
from email.parser import BytesParser

import keyring
import pytest
from aiosmtpd.controller import Controller

LOCAL = "127.0.0.1"


@pytest.fixture
def loopback_only(monkeypatch):
    """Nothing here may reach any address but 127.0.0.1, not even DNS."""
    connect = socket.socket.connect

    def guarded(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] != LOCAL:
            raise AssertionError(f"a test tried to connect to {address}")
        return connect(sock, address)

    def no_lookup(*args):
        raise AssertionError(f"a test tried a DNS lookup: {args}")

    getaddrinfo = socket.getaddrinfo

    def loopback_only(host, *args, **kwargs):
        if host != LOCAL:
            no_lookup(host)
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
    monkeypatch.setattr(socket, "getfqdn", no_lookup)
    monkeypatch.setattr(socket, "gethostbyaddr", no_lookup)


class MemoryKeyring:
    """Stands in for the system's password store, which tests must never touch."""

    def __init__(self):
        self.passwords = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def delete_password(self, service, username):
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring(monkeypatch):
    store = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: store)
    return store


class Mailbox:
    """An aiosmtpd handler that keeps what it accepted and can misbehave on request."""

    def __init__(self):
        self.received = []  # (MAIL FROM, RCPT TO, bytes)
        self.refuse = {}  # address → reply
        self.drops = 0  # how many DATA commands to answer by hanging up

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.drops:
            # The whole message has arrived; the line dies before the final reply.
            self.drops -= 1
            server.transport.close()
            return "250 never heard"
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def letters(self):
        return [BytesParser(policy=policy.default).parsebytes(data) for _, _, data in self.received]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOCAL, 0))
        return probe.getsockname()[1]


@pytest.fixture
def start_server(request):
    """Start an SMTP server on 127.0.0.1; it is stopped when the test ends."""

    def start(**smtp_parameters):
        mailbox = Mailbox()
        controller = Controller(
            mailbox,
            hostname=LOCAL,
            port=free_port(),
            server_hostname="localhost",
            ready_timeout=5,
            **smtp_parameters,
        )
        controller.start()
        request.addfinalizer(controller.stop)
        return mailbox, controller.port

    return start


@pytest.fixture
def server(start_server):
    return start_server()
