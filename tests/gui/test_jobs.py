"""gui/jobs.Job: every job ends — a bug in the work included — with its progress dialog
closed, its thread stopped, and `failed` then `finished` fired."""

import logging
import threading

import pytest
from PySide6.QtWidgets import QWidget

from ctb_desktop.domain.errors import UserError
from ctb_desktop.gui import crash
from ctb_desktop.gui.jobs import Job
from ctb_desktop.storage import applog


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def run(qtbot, job: Job) -> list[tuple[str, object]]:
    heard: list[tuple[str, object]] = []
    job.succeeded.connect(lambda result: heard.append(("succeeded", result)))
    job.failed.connect(lambda message: heard.append(("failed", message)))
    job.cancelled.connect(lambda: heard.append(("cancelled", None)))
    job.finished.connect(lambda: heard.append(("finished", None)))
    with qtbot.waitSignal(job.finished, timeout=10000):
        job.start()
    assert not job.running and not job.thread.isRunning()
    return heard


def _broken(_progress):
    raise RuntimeError("injected")


def test_a_bug_in_the_work_ends_the_job_as_a_failure_and_is_logged(qtbot, parent, caplog):
    job = Job(parent, "Перевірка", _broken)
    heard = run(qtbot, job)
    assert [kind for kind, _ in heard] == ["failed", "finished"]
    message = heard[0][1]
    assert message.startswith("Непередбачена помилка: RuntimeError: injected.")
    assert "журналу" in message
    assert not job.dialog.isVisible()
    record = next(r for r in caplog.records if r.name == "ctb_desktop")
    assert record.levelno == logging.ERROR and record.exc_info[1].args == ("injected",)
    assert "in _broken" in caplog.text and "RuntimeError: injected" in caplog.text


def test_a_user_error_is_a_failure_with_its_own_text_and_not_a_crash(qtbot, parent, caplog):
    def refuse(_progress):
        raise UserError("Файл відкритий у Word")

    heard = run(qtbot, Job(parent, "Перевірка", refuse))
    assert heard == [("failed", "Файл відкритий у Word"), ("finished", None)]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_result_and_a_cancellation(qtbot, parent):
    assert run(qtbot, Job(parent, "Перевірка", lambda _progress: 42)) == [
        ("succeeded", 42),
        ("finished", None),
    ]
    gate = threading.Event()

    def slow(progress):
        progress.start(2)
        gate.wait(5)
        progress.step()

    job = Job(parent, "Перевірка", slow)
    job.cancel()
    gate.set()
    assert run(qtbot, job) == [("cancelled", None), ("finished", None)]


def test_a_quiet_job_has_no_dialog_and_wait_delivers_at_once(qtbot, parent):
    job = Job(parent, "Перевірка", lambda progress: progress.start(3) or "готово", dialog=False)
    assert job.dialog is None
    heard = []
    job.succeeded.connect(heard.append)
    job.finished.connect(lambda: heard.append("finished"))
    job.start()
    job.wait()  # no event loop in between
    assert heard == ["готово", "finished"] and not job.running
    qtbot.wait(50)  # the worker's own report, arriving later, changes nothing
    assert heard == ["готово", "finished"]


@pytest.mark.qt_no_exception_capture
def test_with_the_crash_handler_a_bug_also_gets_the_crash_dialog(qtbot, parent, tmp_path):
    handler = crash.install(tmp_path / "logs")
    try:
        heard = run(qtbot, Job(parent, "Перевірка", _broken))
        assert heard[0][0] == "failed"
        qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
        assert handler.dialog.message_label.text() == "RuntimeError: injected"
        assert "Traceback" in handler.dialog.details
        log = (tmp_path / "logs" / applog.LOG_FILE).read_text("utf-8")
        assert "RuntimeError: injected" in log and "in _broken" in log
    finally:
        if handler.dialog is not None:
            handler.dialog.close()  # deleted on close: gone before the handler goes
            qtbot.waitUntil(lambda: handler.dialog is None)
        handler.uninstall()
    assert crash._installed is None
