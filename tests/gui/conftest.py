from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from ctb_desktop.domain.periods import Period
from ctb_desktop.reports.context import ReportOptions, load_report_data
from ctb_desktop.reports.render import render, save
from tests.exchange.network import district_database, fill, oblast_database, program_package

SMILA = "UA-71-01"
BUG = "Непередбачена помилка: RuntimeError: injected"


def injected(*_args, **_kwargs):
    """A bug planted in what a job calls."""
    raise RuntimeError("injected")


def bug_logged(caplog) -> bool:
    """The planted bug went to the log with its traceback (the crash log, when the
    crash handler is installed; here pytest's capture)."""
    return any(
        record.exc_info is not None and str(record.exc_info[1]) == "injected"
        for record in caplog.records
    ) and ("Traceback (most recent call last)" in caplog.text and "in injected" in caplog.text)


def type_text(widget, text: str) -> None:
    """Real key presses carrying Ukrainian letters. QTest.keyClicks maps characters to
    key codes and only knows ASCII; a keyboard sends the text with the event."""
    widget.setFocus()
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            )


def open_window(qtbot, db):
    """The main window on `db`, shown and exposed, closed by qtbot after the test."""
    from ctb_desktop.gui.main_window import MainWindow  # noqa: PLC0415 (Qt app first)

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def annual_report_2024(db, program, folder: Path) -> Path:
    """The demo's 2024 annual report as a filled .docx, for importing into a period."""
    report = folder / "Звіт 2024.docx"
    data = load_report_data(db, program.id, Period.parse("2024-Y"))
    save(render("annual", data, ReportOptions()), report)
    return report


def choose(combo, data) -> None:
    """Pick the item carrying `data`, as a clerk's click would (activated included)."""
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


@pytest.fixture(autouse=True)
def _no_password_store(memory_keyring):
    """The window reads the mail password from the system's store: never the real one."""


@pytest.fixture
def district(tmp_path):
    """Смілянська РДА's database: the oblast's program received, a 2025 report filled."""
    oblast = oblast_database(tmp_path / "oblast.sqlite")
    db = district_database(tmp_path / "smila.sqlite", SMILA, program_package(oblast))
    oblast.close()
    fill(db, SMILA, Decimal("1500"))
    yield db
    db.close()


@pytest.fixture
def out(tmp_path) -> Path:
    """The clerk's reports folder."""
    folder = tmp_path / "Звіти"
    folder.mkdir()
    return folder
