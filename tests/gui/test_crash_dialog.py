"""An exception nobody caught: logged with its traceback, shown in a dialog that can
copy the details, and the app goes on."""

import platform
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ctb_desktop import __version__
from ctb_desktop.domain.errors import UserError
from ctb_desktop.gui import app as app_module
from ctb_desktop.gui import crash
from ctb_desktop.storage import applog
from ctb_desktop.storage.lock import DatabaseLock

# pytest-qt would catch the exceptions itself and fail the test; here they are the point.
pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def handler(tmp_path):
    installed = crash.install(tmp_path / "logs")
    yield installed
    if installed.dialog is not None:
        installed.dialog.close()
    installed.uninstall()


def _broken_slot():
    raise ValueError("зламаний слот")


def test_an_error_in_a_slot_is_logged_shown_and_survived(handler, qtbot, tmp_path):
    QTimer.singleShot(0, _broken_slot)
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    dialog = handler.dialog
    assert dialog.message_label.text() == "ValueError: зламаний слот"
    assert crash.TITLE == "Сталася непередбачена помилка"
    assert crash.TITLE in dialog.findChildren(type(dialog.message_label))[0].text()
    assert dialog.copy_button.text() == "&Копіювати подробиці"

    log = (tmp_path / "logs" / "ctb-desktop.log").read_text("utf-8")
    assert "ERROR ctb_desktop: unexpected error" in log
    assert "Traceback (most recent call last)" in log
    assert "in _broken_slot" in log and "ValueError: зламаний слот" in log

    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert "ValueError: зламаний слот" in copied and "in _broken_slot" in copied
    assert f"ctb-desktop {__version__}" in copied
    assert platform.platform() in copied
    assert dialog.copy_button.text() == "Скопійовано"

    dialog.continue_button.click()
    qtbot.waitUntil(lambda: handler.dialog is None)
    ran = []
    QTimer.singleShot(0, lambda: ran.append(True))
    qtbot.waitUntil(lambda: ran == [True])  # the event loop goes on


def test_errors_while_the_dialog_is_open_are_only_logged(handler, qtbot, tmp_path):
    for _ in range(3):
        QTimer.singleShot(0, _broken_slot)
    qtbot.waitUntil(lambda: handler.swallowed == 2)
    assert len(QApplication.topLevelWidgets()) >= 1
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, crash.CrashDialog)]
    assert [d for d in dialogs if d.isVisible()] == [handler.dialog]
    log = (tmp_path / "logs" / "ctb-desktop.log").read_text("utf-8")
    assert log.count("unexpected error") == 3


def test_an_error_in_a_worker_thread_is_shown_by_the_window(handler, qtbot):
    worker = threading.Thread(target=_broken_slot)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert handler.dialog.message_label.text() == "ValueError: зламаний слот"


def test_a_user_error_that_escaped_is_a_plain_warning(handler, qtbot, tmp_path):
    def refuse():
        raise UserError("Файл «звіт.docx» відкритий у Word")

    QTimer.singleShot(0, refuse)

    def warning():
        boxes = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        ]
        return boxes[0] if boxes else None

    qtbot.waitUntil(lambda: warning() is not None)
    box = warning()
    assert box.text() == "Файл «звіт.docx» відкритий у Word"
    assert handler.dialog is None
    box.close()
    log = (tmp_path / "logs" / "ctb-desktop.log").read_text("utf-8")
    assert "WARNING ctb_desktop: unhandled user error" in log


def test_the_log_rotates_at_a_megabyte(tmp_path):
    path = crash.setup_logging(tmp_path / "logs")
    try:
        for _ in range(1200):
            crash.log.info("x" * 1000)
        assert path.stat().st_size <= applog.LOG_BYTES
        assert (path.parent / "ctb-desktop.log.1").exists()
    finally:
        crash.remove_log_handlers()


def test_a_bug_at_start_is_logged_and_shown_and_the_app_ends(db_path, monkeypatch, tmp_path):
    def broken(_db, **_options):
        raise RuntimeError("вікно не зібралося")

    shown = []
    monkeypatch.setattr(crash.CrashDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    monkeypatch.setattr(app_module, "MainWindow", broken)
    assert app_module.run(db_path) == app_module.EXIT_BUG == 70
    assert [dialog.message_label.text() for dialog in shown] == ["RuntimeError: вікно не зібралося"]
    log = tmp_path / "xdg_data_home" / "ctb-desktop" / "logs" / "ctb-desktop.log"
    assert "RuntimeError: вікно не зібралося" in log.read_text("utf-8")
    with DatabaseLock(db_path) as lock:  # released: the next start takes it
        assert lock.acquire()
