"""Operations tests use the exchange network's databases, offline."""

import pytest

from tests.exchange.network import oblast_database


@pytest.fixture(autouse=True)
def _offline(loopback_only, memory_keyring):
    """Receiving and sending never leave 127.0.0.1 nor touch the system's password store."""


@pytest.fixture
def oblast(tmp_path):
    """Черкаська область's database with its three districts."""
    db = oblast_database(tmp_path / "oblast.sqlite")
    yield db
    db.close()
