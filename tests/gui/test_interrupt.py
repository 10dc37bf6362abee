"""Ctrl+C in the terminal the window was started from: the window closes as «Вийти»
closes it, nothing typed is lost, the lock is released, one line and 130."""

import os
import signal
import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from ctb_desktop.domain.exit_codes import EXIT_INTERRUPTED
from ctb_desktop.domain.periods import Period
from ctb_desktop.gui import app as app_module
from ctb_desktop.gui.interrupt import Interrupt
from ctb_desktop.gui.main_window import MainWindow
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.editing import ReportEditor, ReportKey
from ctb_desktop.storage.lock import DatabaseLock
from tests.gui.conftest import choose, open_window, type_text

Q1 = Period.parse("2025-Q1")


def _when_shown(action):
    """Run `action` on the main window once run() has shown it."""

    def poll():
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        if windows:
            action(windows[0])
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_ctrl_c_closes_the_window_keeps_the_typing_and_ends_with_130(demo_db, db_path, capsys):
    demo_db.close()
    typed = {}

    def type_then_press_ctrl_c(window):
        window.work_tabs.setCurrentIndex(1)
        choose(window.period_combo, Q1.code)
        typed["key"] = ReportKey(window.editor.measure.id, "mspu", Q1)
        type_text(window.editor.text, "Набрано перед Ctrl+C")
        assert window.editor.typing  # not yet written: only a close writes it now
        # Our handler, not Python's KeyboardInterrupt (which would end the test run).
        assert signal.getsignal(signal.SIGINT) not in (
            signal.default_int_handler,
            signal.SIG_DFL,
        )
        os.kill(os.getpid(), signal.SIGINT)

    _when_shown(type_then_press_ctrl_c)
    previous = signal.getsignal(signal.SIGINT)
    assert app_module.run(db_path) == EXIT_INTERRUPTED == 130
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("ctb-desktop:")]
    assert lines == [
        "ctb-desktop: перервано (Ctrl+C). Вікно закрито так само, як командою «Вийти»: "
        "набране збережено в базі"
    ]
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert signal.getsignal(signal.SIGINT) is previous  # the terminal's Ctrl+C as before
    database = Database.open(db_path)
    try:
        assert ReportEditor(database).status_value(typed["key"], "text") == "Набрано перед Ctrl+C"
    finally:
        database.close()
    lock = DatabaseLock(db_path)
    assert lock.acquire()  # released: the next start opens the database
    lock.release()


def test_an_open_dialog_is_cancelled_and_then_the_window_closes(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    dialog = QDialog(window)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    results = []
    interrupt = Interrupt()

    def press_ctrl_c():
        interrupt.handle(signal.SIGINT, None)

    QTimer.singleShot(0, press_ctrl_c)
    results.append(dialog.exec())  # returns once Ctrl+C has cancelled it
    qtbot.waitUntil(lambda: not window.isVisible())
    assert results == [QDialog.DialogCode.Rejected]
    assert interrupt.received


def test_a_question_that_cannot_be_cancelled_waits_for_the_answer(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    box = QMessageBox(QMessageBox.Icon.Question, "ctb-desktop", "Зберегти?", parent=window)
    box.addButton("Зберегти сюди", QMessageBox.ButtonRole.YesRole)
    box.addButton("Зберегти в інший файл", QMessageBox.ButtonRole.ActionRole)
    # Neither button cancels, so the box has no Esc button and refuses close().
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.show()
    qtbot.waitExposed(box)
    interrupt = Interrupt()
    interrupt.handle(signal.SIGINT, None)
    qtbot.wait(700)  # more than a tick: the question is still there, the window too
    assert box.isVisible() and window.isVisible()
    box.buttons()[0].click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert interrupt.received


class _Stubborn(QWidget):
    refuse = True

    def closeEvent(self, event):  # noqa: N802 (Qt's name)
        if self.refuse:
            event.ignore()


def test_a_window_that_refuses_to_close_stays_and_work_goes_on(qtbot):
    widget = _Stubborn()
    qtbot.addWidget(widget)
    widget.show()
    interrupt = Interrupt()
    interrupt.handle(signal.SIGINT, None)
    qtbot.wait(50)
    assert widget.isVisible()
    assert not interrupt.received  # a later close ends the program as usual
    widget.refuse = False


def test_the_handler_is_set_only_on_the_main_thread_and_put_back_after(qtbot):
    before = signal.getsignal(signal.SIGINT)
    interrupt = Interrupt()
    interrupt.install()
    assert signal.getsignal(signal.SIGINT) == interrupt.handle
    interrupt.uninstall()
    assert signal.getsignal(signal.SIGINT) is before
    elsewhere = Interrupt()
    worker = threading.Thread(target=elsewhere.install)
    worker.start()
    worker.join()
    assert signal.getsignal(signal.SIGINT) is before
    elsewhere.uninstall()
    assert signal.getsignal(signal.SIGINT) is before
