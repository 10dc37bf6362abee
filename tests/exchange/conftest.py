"""Exchange tests never reach the network (only 127.0.0.1) nor the system's password
store; the fixtures are in tests/mail.py."""

import pytest

from tests.exchange.network import oblast_database


@pytest.fixture(autouse=True)
def _offline(loopback_only, memory_keyring):
    """Every exchange test, not only those that send mail."""


@pytest.fixture
def oblast(tmp_path):
    """Черкаська область's database with its three districts."""
    db = oblast_database(tmp_path / "oblast.sqlite")
    yield db
    db.close()
