"""The app killed at a random moment (SIGKILL: no cleanup, no flush) loses nothing it
had confirmed and damages nothing: the database opens and passes integrity_check with
every confirmed edit in it, an exported file is the whole old or the whole new
version, a backup that is listed is whole, and the temporaries a kill leaves behind
are removed by the next write.

The child is tests/storage/crash_child.py. Each case prints its random seed on failure
so a bad moment can be replayed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ctb_desktop.storage.atomic import write_atomically
from ctb_desktop.storage.backup import create_backup, list_backups
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.restore import check_backup
from tests.storage.crash_child import EXPORT_SIZE, export_content

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="Windows has no SIGKILL to stop a process mid-write"
)

CHILD = Path(__file__).with_name("crash_child.py")
REPO = Path(__file__).resolve().parents[2]


class Child:
    """The child process and the lines it has printed so far."""

    def __init__(self, *args: object) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            [sys.executable, str(CHILD), *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for raw in self.process.stdout:
            if raw.endswith(b"\n"):  # a line cut by the kill was not confirmed
                self.lines.append(raw.decode().strip())

    def kill_after_first_confirmation(self, rng: random.Random, longest: float) -> list[str]:
        """Wait until the child has done one step, let it run a random while more, kill
        it and return what it confirmed."""
        deadline = time.monotonic() + 15
        while not self.lines:
            if self.process.poll() is not None:
                raise AssertionError(self.process.stderr.read().decode())
            assert time.monotonic() < deadline, "the child never confirmed a step"
            time.sleep(0.005)
        time.sleep(rng.uniform(0, longest))
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.reader.join(5)
        self.process.stderr.close()
        assert self.process.returncode == -signal.SIGKILL
        return [line.removeprefix("ok ") for line in self.lines if line.startswith("ok ")]


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_confirmed_edits_survive_a_kill_at_any_moment(db_path):
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    Database.open(db_path).close()
    confirmed: set[str] = set()
    for round_number in range(15):
        child = Child("edits", db_path, round_number)
        steps = child.kill_after_first_confirmation(rng, 0.25)
        confirmed |= {f"crash.{round_number}.{step}" for step in steps}
        with Database.open(db_path) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)], seed
            stored = {
                row[0] for row in db.execute("SELECT key FROM setting WHERE key LIKE 'crash.%'")
            }
            assert confirmed <= stored, (seed, round_number, sorted(confirmed - stored)[:5])
            last = int(
                db.execute("SELECT value FROM setting WHERE key = 'crash.last'").fetchone()[0]
            )
            # Committed but killed before it could say so: at most one step more.
            assert last in (int(steps[-1]), int(steps[-1]) + 1), seed
    assert len(confirmed) > 15


def test_an_export_is_the_whole_old_or_the_whole_new_file(tmp_path):
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    folder = tmp_path / "звіти"
    folder.mkdir()
    target = folder / "Звіт за 2025 рік.docx"
    version = 1
    write_atomically(target, export_content(version))
    for _ in range(8):
        child = Child("export", target, version + 1)
        confirmed = [int(step) for step in child.kill_after_first_confirmation(rng, 0.3)]
        content = target.read_bytes()
        found = int(content[8:16])
        assert content == export_content(found), (seed, "a mixed or partial file")
        assert len(content) == EXPORT_SIZE
        assert found in (confirmed[-1], confirmed[-1] + 1), seed
        # Nothing the clerk would notice: only hidden temporaries of this file, if any.
        assert [p.name for p in folder.iterdir() if not p.name.startswith(".")] == [target.name]
        assert all(n.startswith(f".{target.name}.") and n.endswith(".tmp") for n in _hidden(folder))
        write_atomically(target, content)  # the next write cleans up after the kill
        assert _hidden(folder) == [], seed
        version = found


def test_a_kill_during_a_backup_leaves_only_whole_backups(db_path, tmp_path):
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    folder = tmp_path / "backups"
    with Database.open(db_path) as db, db.transaction() as connection:
        connection.executemany(
            "INSERT INTO setting (key, value) VALUES (?, ?)",
            [(f"filler.{n}", "х" * 4000) for n in range(800)],  # a few megabytes
        )
    for _ in range(4):
        child = Child("backup", db_path, folder)
        names = child.kill_after_first_confirmation(rng, 0.3)
        listed = list_backups(folder, db_path)
        assert folder / names[-1] in [info.path for info in listed], seed
        for info in listed:
            assert check_backup(info.path) is None, (seed, info.path)
        with Database.open(db_path) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            create_backup(db, "manual", folder, keep=3)  # cleans what the kill left
        assert _hidden(folder) == [], seed
