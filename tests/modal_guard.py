"""No test waits forever on a modal dialog nobody answers.

A test that opens a modal (QDialog.exec and so QMessageBox/QWizard/….exec, or a static
QMessageBox.question/warning/…, QFileDialog.get…, QInputDialog.get…) must answer it:
monkeypatch the call, or click it from a QTimer (tests/gui/conftest.py `answer`). One it
forgets blocked the run until CI's time ran out, with nothing said. Every such entry
point is wrapped here, once for the session: the wrapper starts a watchdog timer, and a
modal still open after MODAL_SECONDS (CTB_MODAL_SECONDS in the environment) is closed
as if by Esc and the test fails, naming the dialog's class, title and texts and where it
was opened. A test's own monkeypatch of any of them still wins (it replaces the wrapper
and puts it back afterwards).

The limit is generous: a test may drive a wizard that runs a worker job (an import)
while it is open, which takes seconds on a loaded machine; an unanswered dialog needs
only to fail, not to fail fast.
"""

from __future__ import annotations

import functools
import os
import sysconfig
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

MODAL_SECONDS = 60.0
REPO = Path(__file__).resolve().parents[1]

# What the watchdog closed during the running test, described for the failure message.
unanswered: list[str] = []

STATIC = {
    "QMessageBox": ("question", "warning", "information", "critical", "about", "aboutQt"),
    "QFileDialog": (
        "getExistingDirectory",
        "getExistingDirectoryUrl",
        "getOpenFileName",
        "getOpenFileNames",
        "getOpenFileUrl",
        "getOpenFileUrls",
        "getSaveFileName",
        "getSaveFileUrl",
    ),
    "QInputDialog": ("getDouble", "getInt", "getItem", "getMultiLineText", "getText"),
    "QColorDialog": ("getColor",),
    "QFontDialog": ("getFont",),
}


def limit_seconds() -> float:
    return float(os.environ.get("CTB_MODAL_SECONDS", MODAL_SECONDS))


def describe(widget) -> str:
    """«QMessageBox «Надіслати звіт»: Звіт ще не готовий…»: the class, the title and
    the texts the clerk would read."""
    from PySide6.QtWidgets import QLabel  # noqa: PLC0415

    texts = [label.text() for label in widget.findChildren(QLabel) if label.text().strip()]
    said = " | ".join(text.replace("\n", " ")[:200] for text in texts[:4])
    return f"{type(widget).__name__} «{widget.windowTitle()}»" + (f": {said}" if said else "")


def _opened_at() -> str:
    """The innermost line of code that is neither Python's, a library's nor this
    guard's: where the app or the test opened the dialog."""
    libraries = (sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"], __file__)
    for frame in reversed(traceback.extract_stack()):
        if not frame.filename.startswith(libraries):
            path = Path(frame.filename)
            shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
            return f"{shown}:{frame.lineno}"
    return "an unknown place"


def _close_the_modal() -> None:
    """The watchdog's tick: the innermost modal still open is closed as Esc would."""
    from PySide6.QtWidgets import QApplication, QDialog  # noqa: PLC0415

    modal = QApplication.activeModalWidget()
    if modal is None:
        return
    unanswered.append(describe(modal))
    if isinstance(modal, QDialog):
        modal.done(QDialog.DialogCode.Rejected)
    else:
        modal.close()


@contextmanager
def watched(entry: str) -> Iterator[None]:
    """Runs a modal call under the watchdog; fails the test if it had to close one."""
    from PySide6.QtCore import QTimer  # noqa: PLC0415

    where = _opened_at()
    before = len(unanswered)
    timer = QTimer()
    timer.setInterval(int(limit_seconds() * 1000))
    timer.timeout.connect(_close_the_modal)
    timer.start()
    try:
        yield
    finally:
        timer.stop()
    if len(unanswered) > before:
        closed = "; ".join(unanswered[before:])
        pytest.fail(
            f"{entry} at {where} opened a modal dialog nobody answered in "
            f"{limit_seconds():g} s: {closed}. Answer it in the test (monkeypatch the "
            "call, or click it from a QTimer: tests/gui/conftest.py answer())."
        )


def _guarded_exec(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def exec_(self, *args, **kwargs):
        with watched(f"{type(self).__name__}.exec()"):
            return original(self, *args, **kwargs)

    exec_.guarded = True  # type: ignore[attr-defined]
    return exec_


def _guarded_static(cls_name: str, name: str, original: Callable[..., Any]):
    @functools.wraps(original)
    def call(*args, **kwargs):
        with watched(f"{cls_name}.{name}()"):
            return original(*args, **kwargs)

    call.guarded = True  # type: ignore[attr-defined]
    return staticmethod(call)


def install() -> None:
    """Wraps every modal entry point, once (pytest_configure)."""
    from PySide6 import QtWidgets  # noqa: PLC0415

    dialog = QtWidgets.QDialog
    if not getattr(dialog.__dict__["exec"], "guarded", False):
        dialog.exec = _guarded_exec(dialog.__dict__["exec"])
    for cls_name, names in STATIC.items():
        cls = getattr(QtWidgets, cls_name)
        for name in names:
            original = getattr(cls, name)
            if not getattr(original, "guarded", False):
                setattr(cls, name, _guarded_static(cls_name, name, original))


def pytest_configure(config: pytest.Config) -> None:
    install()


# Whether the test itself already failed (the guard's own failure included).
_CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


@pytest.fixture(autouse=True)
def _no_unanswered_modal(request: pytest.FixtureRequest) -> Iterator[None]:
    """The failure is raised where the modal was opened; should the code under test
    have swallowed it (a slot whose exception Qt only prints), the test fails here."""
    unanswered.clear()
    yield
    closed = list(unanswered)
    unanswered.clear()
    if closed and not request.node.stash.get(_CALL_FAILED, False):
        pytest.fail(f"a modal dialog nobody answered was closed by the guard: {'; '.join(closed)}")
