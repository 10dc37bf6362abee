"""One window per database: a second holder is refused, a crashed holder is not in the
way, and a second start can bring the first window to the front."""

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ctb_desktop.gui import app as app_module
from ctb_desktop.gui.instance import (
    OPEN_ANYWAY,
    InstanceLock,
    already_open_message,
    ask_open_anyway,
    claim,
    server_name,
)
from ctb_desktop.storage.lock import DatabaseLock, this_host


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


def held_from(db_path, host: str):
    """The lock held (by this process, through another descriptor) with the file saying
    another computer wrote it: what a laptop that crashed leaves on a network share."""
    other = DatabaseLock(db_path)
    assert other.acquire()
    other.path.write_text(f"4242\n{host}\nolena\n2025-03-12T10:15:00+02:00\n", encoding="utf-8")
    return other


def test_a_lock_from_another_computer_says_who_and_offers_to_open_anyway(db_path, qtbot):
    other = held_from(db_path, "BUH-07")
    lock = InstanceLock(db_path)
    asked = []

    def answer(path, holder):
        asked.append((path, holder.describe()))
        return True

    assert claim(lock, ask=answer)
    assert asked == [(db_path, "на комп’ютері «BUH-07» (користувач olena) з 12.03.2025 10:15")]
    assert not lock.database_lock.held  # opened anyway: the other's lock is not taken over
    assert not claim(InstanceLock(db_path), ask=lambda _path, _holder: False)
    other.release()


def test_the_open_anyway_dialog(db_path, qtbot):
    other = held_from(db_path, "BUH-07")
    holder = InstanceLock(db_path).holder_info()
    assert holder is not None and holder.elsewhere
    texts = []

    def press(label):
        box = QApplication.activeModalWidget()
        texts.append(box.text())
        [button] = [b for b in box.buttons() if b.text() == label]
        button.click()

    QTimer.singleShot(0, lambda: press(OPEN_ANYWAY))
    assert ask_open_anyway(db_path, holder)
    QTimer.singleShot(0, lambda: press("Ви&йти"))
    assert not ask_open_anyway(db_path, holder)
    assert "«BUH-07»" in texts[0] and "аварійно" in texts[0] and str(db_path) in texts[0]
    other.release()


def test_a_lock_on_this_computer_is_not_offered_to_open_anyway(db_path, monkeypatch):
    other = held_from(db_path, this_host().upper())
    shown = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _parent, _title, text: shown.append(text))
    )
    assert not claim(InstanceLock(db_path), ask=lambda *_: pytest.fail("not to be asked"))
    assert shown == [already_open_message(db_path, raised=False)]
    other.release()
