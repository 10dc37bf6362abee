"""tests/modal_guard.py: an unanswered modal dialog fails its test, naming the dialog,
instead of blocking the run; answered ones and a test's own monkeypatch are untouched."""

import os
import textwrap
import time
import tomllib

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QWizard,
)

from tests import modal_guard
from tests.gui.conftest import answer


def _box() -> int:
    box = QMessageBox(QMessageBox.Icon.Warning, "Надіслати звіт", "Звіт ще не готовий")
    box.addButton("&Усе одно сформувати", QMessageBox.ButtonRole.AcceptRole)  # no Esc button
    return box.exec()


def _wizard() -> int:
    wizard = QWizard()
    wizard.setWindowTitle("Перший запуск")
    return wizard.exec()


OPENERS = {
    "QMessageBox.exec()": (_box, "QMessageBox «Надіслати звіт»: Звіт ще не готовий"),
    "QWizard.exec()": (_wizard, "QWizard «Перший запуск»"),
    "QMessageBox.question()": (
        lambda: QMessageBox.question(None, "Видалення", "Видалити захід «2. 6)»?"),
        "QMessageBox «Видалення»: Видалити захід «2. 6)»?",
    ),
    "QFileDialog.getSaveFileName()": (
        lambda: QFileDialog.getSaveFileName(None, "Зберегти звіт як"),
        "QFileDialog «Зберегти звіт як»",
    ),
    "QInputDialog.getItem()": (
        lambda: QInputDialog.getItem(None, "Орган", "Від якого органу цей звіт?", ["А", "Б"]),
        "QInputDialog «Орган»: Від якого органу цей звіт?",
    ),
}


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setenv("CTB_MODAL_SECONDS", "0.2")


@pytest.mark.parametrize("entry", list(OPENERS))
def test_an_unanswered_modal_fails_naming_the_dialog(qtbot, short_limit, entry):
    opener, described = OPENERS[entry]
    with pytest.raises(pytest.fail.Exception) as failure:
        opener()
    message = str(failure.value)
    assert message.startswith(f"{entry} at tests/test_modal_guard.py:")
    assert described in message and "nobody answered in 0.2 s" in message
    assert QApplication.activeModalWidget() is None  # closed, not left blocking
    [closed] = modal_guard.unanswered
    assert closed == described or closed.startswith(f"{described}: ")  # a file dialog's labels
    modal_guard.unanswered.clear()  # seen here: the guard's teardown check has no more to say


def test_answered_modals_pass(qtbot, short_limit):
    """Answered from a QTimer as tests/gui/conftest.py answer() does (a click on the
    box's Yes, whatever language Qt's buttons speak after create_application())."""

    def click_yes() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, click_yes)
            return
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(0, click_yes)
    assert QMessageBox.question(None, "Питання", "Так?") == QMessageBox.StandardButton.Yes
    dialog = QDialog()
    qtbot.addWidget(dialog)
    QTimer.singleShot(0, dialog.accept)
    assert dialog.exec() == QDialog.DialogCode.Accepted
    shown = answer(qtbot, "Надіслати")
    box = QMessageBox(QMessageBox.Icon.Question, "Надіслати звіт", "Надіслати зараз?")
    send = box.addButton("&Надіслати", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    assert box.clickedButton() is send and "Надіслати зараз?" in shown
    qtbot.wait(400)  # past the limit: each watchdog stopped with its dialog
    assert modal_guard.unanswered == []


def test_a_tests_own_monkeypatch_wins_and_the_guard_comes_back(monkeypatch):
    assert QMessageBox.question.guarded and QDialog.exec.guarded
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QWizard, "exec", lambda _wizard: 1)
    assert QMessageBox.question(None, "a", "b") == QMessageBox.StandardButton.No
    assert _wizard() == 1
    monkeypatch.undo()
    assert QMessageBox.question.guarded and QWizard.exec.guarded
    assert "exec" not in QWizard.__dict__


def test_a_run_with_a_forgotten_answer_fails_instead_of_hanging(pytester, monkeypatch):
    """The whole way: pytest with the guard as a plugin; one test opens a question it
    never answers, another opens one in a slot whose exception Qt only prints (no
    pytest-qt capture), so only the guard's teardown check can see it."""
    pytester.makepyfile(
        test_forgot=textwrap.dedent(
            """
            import pytest
            from PySide6.QtWidgets import QMessageBox, QPushButton

            def test_a_question_nobody_answers(qtbot):
                QMessageBox.question(None, "Питання", "Зберегти зміни?")
                print("the test went on")

            @pytest.mark.qt_no_exception_capture
            def test_a_warning_from_a_slot(qtbot):
                button = QPushButton("Надіслати")
                qtbot.addWidget(button)
                button.clicked.connect(
                    lambda: QMessageBox.warning(button, "Пошта", "Немає зв’язку")
                )
                button.click()
            """
        )
    )
    environment = {
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(modal_guard.REPO), os.environ.get("PYTHONPATH")])
        ),
        "CTB_MODAL_SECONDS": "0.3",
        "QT_QPA_PLATFORM": "offscreen",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    result = pytester.runpytest_subprocess(
        "-p", "tests.modal_guard", "-p", "no:cacheprovider", timeout=180
    )
    result.assert_outcomes(failed=1, passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*Failed: QMessageBox.question() at *test_forgot.py:5 opened a modal dialog "
            "nobody answered in 0.3 s: QMessageBox «Питання»: Зберегти зміни?. Answer it*"
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*Failed: a modal dialog nobody answered was closed by the guard: "
            "QMessageBox «Пошта»: Немає зв’язку*"
        ]
    )
    assert "the test went on" not in result.stdout.str()


def test_a_test_stuck_in_qts_event_loop_is_stopped(pytester, monkeypatch):
    """pytest-timeout's method from pyproject.toml breaks into a Qt event loop nothing
    quits (a signal handler would wait for Python code that never runs there)."""
    options = tomllib.loads((modal_guard.REPO / "pyproject.toml").read_text(encoding="utf-8"))
    method = options["tool"]["pytest"]["ini_options"]["timeout_method"]
    pytester.makepyfile(
        test_stuck=textwrap.dedent(
            """
            from PySide6.QtCore import QEventLoop

            def test_waits_for_nothing(qtbot):
                QEventLoop().exec()
            """
        )
    )
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    started = time.monotonic()
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-o", "timeout=2", "-o", f"timeout_method={method}", timeout=120
    )
    assert time.monotonic() - started < 60
    assert result.ret != 0
    said = "\n".join(result.outlines + result.errlines)
    assert "+ Timeout +" in said
    assert "in test_waits_for_nothing" in said and "QEventLoop().exec()" in said  # where
