"""Exchange tests never reach the network (only 127.0.0.1) nor the system's password
store; the fixtures are in tests/mail.py. `oblast` is in tests/conftest.py; `good` is the
package the tests of bad ones spoil."""

from decimal import Decimal

import pytest

from ctb_desktop.exchange.outgoing import export_report
from ctb_desktop.storage.workspace import Workspace
from tests.exchange.network import PERIOD, district_database, fill, program_id, program_package


@pytest.fixture(autouse=True)
def _offline(loopback_only, memory_keyring):
    """Every exchange test, not only those that send mail."""


@pytest.fixture
def good(oblast, tmp_path) -> bytes:
    """A sound report package of Смілянська РДА, for the oblast to receive."""
    district = district_database(tmp_path / "d.sqlite", "UA-71-01", program_package(oblast))
    fill(district, "UA-71-01", Decimal(500))
    content = export_report(Workspace(district), program_id(district), PERIOD, "UA-71-01").content
    district.close()
    return content
