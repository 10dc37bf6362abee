"""Exchange tests never reach the network (only 127.0.0.1) nor the system's password
store; the fixtures are in tests/mail.py."""

import pytest


@pytest.fixture(autouse=True)
def _offline(loopback_only, memory_keyring):
    """Every exchange test, not only those that send mail."""
