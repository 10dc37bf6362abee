"""One window per database: a second holder is refused, a crashed holder is not in the
way, and a second start can bring the first window to the front."""

import os
import subprocess
import sys

from PySide6.QtWidgets import QMessageBox

from ctb_desktop.gui import app as app_module
from ctb_desktop.gui.instance import InstanceLock, already_open_message, server_name


def test_a_second_holder_of_the_same_database_is_refused(db_path):
    first = InstanceLock(db_path)
    assert first.acquire()
    assert first.lock_path == db_path.with_name("test.sqlite.lock")
    other_spelling = db_path.parent / "." / db_path.name
    second = InstanceLock(other_spelling)
    assert not second.acquire()
    assert second.holder() == os.getpid()
    assert InstanceLock(db_path.with_name("інша.sqlite")).acquire()  # another file is free
    first.release()
    assert second.acquire()
    second.release()
    assert first.holder() is None  # released: the file names no holder


def test_a_lock_left_by_a_killed_process_does_not_block(db_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from ctb_desktop.storage.lock import DatabaseLock\n"
            f"lock = DatabaseLock({str(db_path)!r})\n"
            "assert lock.acquire()\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
    )
    assert holder.stdout.readline() == b"locked\n"
    assert not InstanceLock(db_path).acquire()  # alive: it holds the database
    holder.kill()
    holder.wait()
    holder.stdout.close()
    lock = InstanceLock(db_path)
    assert lock.acquire()
    assert lock.holder() == os.getpid()
    lock.release()


def test_a_second_start_asks_the_first_window_to_come_to_the_front(db_path, qtbot):
    first = InstanceLock(db_path)
    assert first.acquire()
    assert first.listen()
    second = InstanceLock(db_path)
    assert not second.acquire()
    with qtbot.waitSignal(first.raiseRequested, timeout=3000):
        assert second.notify_running()
    first.release()
    assert not InstanceLock(db_path).notify_running(timeout_ms=200)  # nobody listens


def test_the_server_name_belongs_to_the_file_not_to_its_spelling(db_path):
    assert server_name(db_path) == server_name(db_path.parent / "." / db_path.name)
    assert server_name(db_path) != server_name(db_path.with_name("інша.sqlite"))


def test_the_window_does_not_start_twice_on_one_database(db_path, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _parent, _title, text: shown.append(text))
    )
    first = InstanceLock(db_path)
    assert first.acquire()
    first.listen()
    raised = []
    first.raiseRequested.connect(lambda: raised.append(True))
    assert app_module.run(db_path) == 1
    assert shown == [already_open_message(db_path, raised=True)]
    assert f"«{db_path}» уже відкрито в іншому вікні" in shown[0]
    qtbot.waitUntil(lambda: raised == [True])
    first.release()
