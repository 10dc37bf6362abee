"""Every test gets its own database file and its own data/config folders, so nothing
touches the user's real files and tests never see each other's state."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ctb_desktop.domain.program import Program
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.demo import fill_demo
from ctb_desktop.storage.programs import ProgramStore

pytest_plugins = ["tests.mail", "tests.modal_guard", "pytester"]

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite"


@pytest.fixture
def db(db_path: Path):
    database = Database.open(db_path)
    yield database
    database.close()


@pytest.fixture
def demo_db(db: Database) -> Database:
    fill_demo(db)
    return db


@pytest.fixture
def demo_program(demo_db: Database) -> Program:
    return ProgramStore(demo_db).load(ProgramStore(demo_db).list()[0].id)


@pytest.fixture
def oblast(tmp_path: Path):
    """Черкаська область's database with its three districts (tests/exchange/network.py)."""
    from tests.exchange.network import oblast_database  # noqa: PLC0415

    db = oblast_database(tmp_path / "oblast.sqlite")
    yield db
    db.close()


def insert_unit(connection, code: str) -> None:
    """A bare unit row, for tests of the storage machinery itself."""
    connection.execute(
        "INSERT INTO unit (code, name, short_name, level, position) VALUES (?, ?, ?, 'oblast', 0)",
        (code, code.upper(), code.upper()),
    )


def seed_text(name_prefix: str) -> str:
    """The text of a seed from ../shared/seeds, the layout specification."""
    matches = sorted(SEEDS.glob(f"{name_prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {name_prefix} not found beside the repository ({SEEDS})")
    return matches[0].read_text(encoding="utf-8")


def pytest_sessionstart(session: pytest.Session) -> None:
    """CI installs LibreOffice (.ci/run: setup.sh --with-pdf) and sets CTB_REQUIRE_PDF, so
    the PDF tests must run there: a missing LibreOffice fails the run instead of letting
    them skip unseen."""
    from ctb_desktop.reports.pdf import find_office  # noqa: PLC0415

    if os.environ.get("CTB_REQUIRE_PDF") == "1" and find_office() is None:
        raise pytest.UsageError(
            "CTB_REQUIRE_PDF=1, але LibreOffice не знайдено: bash .ci/setup.sh --with-pdf"
        )
