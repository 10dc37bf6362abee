"""Operations tests use the exchange network's databases (`oblast` in tests/conftest.py),
offline as the exchange tests are."""

from tests.exchange.conftest import _offline  # noqa: F401 (autouse: the same rule here)
