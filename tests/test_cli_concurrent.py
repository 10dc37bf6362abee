"""Two processes on one database (issue 14): two `package import` runs at once both
finish without a traceback and store each revision once; a `backup restore` that
races an import refuses while the import runs, and the import loses nothing."""

import fcntl
import os
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from ctb_desktop.domain.errors import UserError
from ctb_desktop.exchange.outgoing import export_report
from ctb_desktop.operations.backups import restore
from ctb_desktop.storage.workspace import Workspace
from tests.exchange.network import (
    DISTRICTS,
    PERIOD,
    district_database,
    fill,
    oblast_database,
    program_id,
    program_package,
)

REVISIONS = 6
REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks in the test")


@pytest.fixture
def exchange(tmp_path, loopback_only, memory_keyring):
    """An oblast database (closed) and a folder with every district's revisions 1…6."""
    oblast = oblast_database(tmp_path / "oblast.sqlite")
    program = program_package(oblast)
    oblast.close()
    folder = tmp_path / "inbox"
    folder.mkdir()
    for code in DISTRICTS:
        district = district_database(tmp_path / f"{code}.sqlite", code, program)
        for revision in range(1, REVISIONS + 1):
            fill(district, code, Decimal(100 * revision))
            made = export_report(Workspace(district), program_id(district), PERIOD, code)
            (folder / f"{code}-{revision:02}.ctbpkg").write_bytes(made.content)
        district.close()
    return tmp_path / "oblast.sqlite", folder


def _cli(*argv) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ctb_desktop", *map(str, argv)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _received(path) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT u.code, r.revision FROM received_package r JOIN unit u ON u.id = r.unit_id "
            "ORDER BY 1, 2"
        ).fetchall()
    finally:
        connection.close()


EVERY = sorted((code, revision) for code in DISTRICTS for revision in range(1, REVISIONS + 1))


def test_two_imports_at_once_both_finish_and_store_each_revision_once(exchange):
    database, folder = exchange
    runs = [_cli("--db", database, "package", "import", folder) for _ in range(2)]
    results = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err and "UNIQUE" not in err
        assert f"Усього {len(EVERY)} пакетів: прийнято {len(EVERY)}, відхилено 0" in out
    assert _received(database) == EVERY


def _held_by_another(database: Path) -> bool:
    """True while some process holds the database's use lock (shared)."""
    try:
        handle = os.open(f"{database}.inuse", os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(handle)
    return False


def test_a_restore_racing_an_import_refuses_and_the_import_loses_nothing(exchange):
    database, folder = exchange
    backup = _cli("--db", database, "backup", "create")
    assert backup.wait(timeout=60) == 0
    copy = backup.stdout.read().split("«")[1].split("»")[0]
    importing = _cli("--db", database, "package", "import", folder)
    deadline = time.monotonic() + 120
    while not _held_by_another(database) and importing.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.002)
    # The restore right here, the moment the import is seen at work (a second
    # interpreter would take longer to start than the import takes).
    raced = importing.poll() is None
    refusal = None
    try:
        restore(database, Path(copy))
    except UserError as exc:
        refusal = str(exc)
    out, err = importing.communicate(timeout=300)
    assert importing.returncode == 0, err
    assert "Traceback" not in err
    if not raced:
        pytest.skip("the import ended before the restore started; nothing raced")
    assert refusal is not None, "the restore replaced the file under a running import"
    assert "зараз працює інша команда ctb-desktop або вікно" in refusal
    assert "Базу даних не змінено" in refusal
    assert f"прийнято {len(EVERY)}" in out
    assert _received(database) == EVERY
