import sqlite3

import pytest

from ctb_desktop.storage.database import Database, DatabaseError
from tests.conftest import insert_unit


def test_a_text_file_is_not_taken_for_a_database(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("привіт", encoding="utf-8")
    with pytest.raises(DatabaseError, match=f"Файл «{path}» не є базою даних ctb-desktop"):
        Database.open(path)
    assert path.read_text(encoding="utf-8") == "привіт"


def test_another_programs_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.close()
    with pytest.raises(DatabaseError, match="базою даних іншої програми"):
        Database.open(path)


def test_a_missing_file_is_created_only_when_asked(tmp_path):
    path = tmp_path / "нова папка" / "звіти.sqlite"
    with pytest.raises(DatabaseError, match="не існує"):
        Database.open(path, create=False)
    assert not path.exists()
    Database.open(path).close()
    assert path.exists()


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(DatabaseError, match="є папкою"):
        Database.open(tmp_path)


def test_transaction_rolls_back_everything_on_error(db):
    with pytest.raises(RuntimeError), db.transaction() as conn:
        insert_unit(conn, "a")
        raise RuntimeError("interrupted")
    assert db.execute("SELECT count(*) FROM unit").fetchone()[0] == 0
    assert db.is_empty()


def test_committed_edits_are_visible_to_a_second_connection(db, db_path):
    with db.transaction() as conn:
        insert_unit(conn, "a")
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT code FROM unit").fetchall() == [("a",)]
    other.close()


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError), db.transaction() as conn:
        conn.execute(
            "INSERT INTO task (program_id, position, number, title) VALUES (99, 0, '1.', 'x')"
        )


def test_a_database_locked_by_another_program_gets_a_clear_message(db, db_path):
    db.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with (
            pytest.raises(DatabaseError, match="файл зайнятий іншою програмою"),
            db.transaction() as conn,
        ):
            insert_unit(conn, "a")
    finally:
        other.execute("ROLLBACK")
        other.close()
    with db.transaction() as conn:
        insert_unit(conn, "a")
    assert not db.is_empty()


def test_a_read_only_file_gets_a_clear_message(db, db_path):
    db.close()
    readonly = Database(
        db_path, sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)
    )
    with pytest.raises(DatabaseError, match="лише для читання"), readonly.transaction() as conn:
        insert_unit(conn, "a")
    readonly.close()


def test_nested_transactions_commit_or_roll_back_as_one(db):
    with pytest.raises(RuntimeError), db.transaction() as conn:
        insert_unit(conn, "a")
        with db.transaction() as inner:
            insert_unit(inner, "b")
        raise RuntimeError("the outer block fails after the inner one finished")
    assert db.is_empty()
    with db.transaction() as conn:
        insert_unit(conn, "a")
        with db.transaction() as inner:
            insert_unit(inner, "b")
    assert db.execute("SELECT count(*) FROM unit").fetchone()[0] == 2


def test_a_savepoint_undoes_only_its_own_part(db):
    """A folder of packages is one transaction with a savepoint per package: a package
    that fails half-written leaves nothing, and the others are committed."""
    with db.transaction() as conn:
        insert_unit(conn, "a")
        with pytest.raises(RuntimeError), db.savepoint() as part:
            insert_unit(part, "b")
            with db.transaction() as inner:  # a store's own transaction joins the part
                insert_unit(inner, "c")
            raise RuntimeError("the package fails after writing")
        with db.savepoint() as part:
            insert_unit(part, "d")
    codes = [row[0] for row in db.execute("SELECT code FROM unit ORDER BY code")]
    assert codes == ["a", "d"]
    with pytest.raises(RuntimeError), db.savepoint() as alone:  # outside: a transaction
        insert_unit(alone, "e")
        raise RuntimeError("interrupted")
    assert db.execute("SELECT count(*) FROM unit").fetchone()[0] == 2
