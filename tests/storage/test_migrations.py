import hashlib
import sqlite3

import pytest

from ctb_desktop.storage import migrations
from ctb_desktop.storage.backup import list_backups
from ctb_desktop.storage.database import APPLICATION_ID, Database, DatabaseError
from tests.conftest import insert_unit

EXPECTED_TABLES = {
    "program",
    "grouping",
    "task",
    "measure",
    "executor",
    "indicator",
    "indicator_plan",
    "financing_plan",
    "unit",
    "status_entry",
    "indicator_result",
    "financing_entry",
    "printed_total",
    "report_text",
    "sent_package",
    "received_package",
    "outbox",
    "setting",
}


def _tables(connection):
    return {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }


def test_an_empty_file_is_migrated_step_by_step_to_the_latest(db_path):
    db_path.touch()
    with Database.open(db_path) as db:
        assert migrations.version(db.connection) == migrations.LATEST
        assert _tables(db.connection) == EXPECTED_TABLES
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("step", range(1, migrations.LATEST + 1))
def test_each_step_applies_on_top_of_the_previous_one(tmp_path, step):
    connection = sqlite3.connect(tmp_path / "steps.sqlite", isolation_level=None)
    migrations.migrate(connection, None, migrations.STEPS[:step])
    assert migrations.version(connection) == step
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()


@pytest.fixture
def current(tmp_path):
    """A connection to a file at the latest schema, holding one unit "x"."""
    path = tmp_path / "current.sqlite"
    connection = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(connection, path, migrations.STEPS)
    insert_unit(connection, "x")
    yield connection, path
    connection.close()


def test_a_failing_step_leaves_the_previous_version_intact(current):
    connection, path = current
    broken = (*migrations.STEPS, "CREATE TABLE extra (id INTEGER); INSERT INTO nowhere VALUES (1);")
    with pytest.raises(migrations.MigrationError, match=f"залишився у версії {migrations.LATEST}"):
        migrations.migrate(connection, path, broken)
    assert migrations.version(connection) == migrations.LATEST
    assert "extra" not in _tables(connection)
    assert connection.execute("SELECT code FROM unit").fetchall() == [("x",)]


def test_upgrading_an_existing_file_keeps_a_backup_first(current, tmp_path):
    connection, path = current
    folder = tmp_path / "backups"
    migrations.migrate(
        connection, path, (*migrations.STEPS, "CREATE TABLE extra (id INTEGER);"), folder
    )
    [info] = list_backups(folder, path)
    assert info.reason == "before-migration"
    assert info.path.name.startswith("current_") and info.source == path.resolve()
    copy = sqlite3.connect(info.path)
    assert migrations.version(copy) == migrations.LATEST
    assert copy.execute("SELECT code FROM unit").fetchall() == [("x",)]
    copy.close()
    assert not list(tmp_path.glob("*.bak"))


def test_opening_an_old_file_backs_it_up_in_the_users_backups_folder(db_path):
    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.migrate(connection, None, migrations.STEPS[:2])
    insert_unit(connection, "x")
    connection.close()
    with Database.open(db_path) as db:
        assert migrations.version(db.connection) == migrations.LATEST
    [info] = list_backups(source=db_path)
    assert info.reason == "before-migration"
    copy = sqlite3.connect(info.path)
    assert migrations.version(copy) == 2
    copy.close()


def test_no_upgrade_without_its_backup(current, tmp_path):
    connection, path = current
    blocked = tmp_path / "not a folder"
    blocked.write_text("")
    with pytest.raises(migrations.MigrationError, match="не вдалося зберегти резервну копію"):
        migrations.migrate(
            connection, path, (*migrations.STEPS, "CREATE TABLE extra (x);"), blocked
        )
    assert migrations.version(connection) == migrations.LATEST
    assert "extra" not in _tables(connection)


def test_a_file_from_a_newer_version_is_refused_and_left_alone(db_path):
    Database.open(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    connection.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="новішою версією ctb-desktop"):
        Database.open(db_path)
    assert db_path.read_bytes() == before


# The SQL of each released step, as a digest: a released step is never edited (a file
# at that version would never see the change), only a new step is added. Add the new
# step's digest here when it is released.
RELEASED = (
    "3199989bb312a56a441fdb727ebbed7a1ed614b95a9933bc0fc82fd64e7c90ce",
    "625a3b233c17f778d1a17f275eaf771e57194b789e85eed6248c4d942989c0dc",
    "2e5c2de3663f076ebb981a6c927e9a43b4d83efd3d11c18e209a805f3716b8b0",
    "1973cd286eec3b902611cae138d188c4e3ec165551cc375c61c6d4738deed21e",
)


def test_released_steps_are_never_edited():
    digests = [hashlib.sha256(step.encode()).hexdigest() for step in migrations.STEPS]
    assert digests[: len(RELEASED)] == list(RELEASED)
