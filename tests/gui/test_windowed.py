"""The windowed program as Windows starts it: no console (sys.stdout and sys.stderr are
None), and a file passed by a double-click or «Відкрити за допомогою»."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ctb_desktop import __version__
from ctb_desktop.cli import main, windowed
from ctb_desktop.gui import app as app_module
from ctb_desktop.gui import open_file
from ctb_desktop.gui.import_wizard import ImportWizard
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.locations import default_database_path
from ctb_desktop.storage.programs import ProgramStore
from tests.exchange.network import oblast_database, program_package
from tests.gui.conftest import open_window


def no_console(monkeypatch):
    """What a console=False program has; the message boxes the texts go to, recorded.
    Called in the test itself: pytest puts its own capture back after the fixtures."""
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        open_file, "show_console_text", lambda text, error: shown.append((text, error))
    )
    return shown


@pytest.fixture
def started(monkeypatch):
    """gui.app.run recorded instead of run: which database, which file."""
    calls: list[tuple[Path, Path | None]] = []
    monkeypatch.setattr(app_module, "run", lambda db, path=None: calls.append((db, path)) or 0)
    return calls


def test_help_and_version_appear_in_a_box(monkeypatch):
    shown = no_console(monkeypatch)
    assert main(["--help"]) == 0
    assert main(["--version"]) == 0
    [(help_text, help_error), (version, version_error)] = shown
    assert "використання: ctb-desktop" in help_text and not help_error
    assert version == f"ctb-desktop {__version__}" and not version_error
    assert sys.stdout is None and sys.stderr is None  # given back as they were


def test_a_usage_error_appears_in_a_box(monkeypatch):
    shown = no_console(monkeypatch)
    assert main(["--no-such-option"]) == 2
    [(text, error)] = shown
    assert error and "помилка: невідомі аргументи: --no-such-option" in text


def test_a_commands_error_appears_in_a_box(monkeypatch, tmp_path):
    shown = no_console(monkeypatch)
    assert main(["--db", str(tmp_path / "нема.sqlite"), "programs"]) == 1
    [(text, error)] = shown
    assert error and "Бази даних" in text and "не існує" in text


def test_a_file_argument_opens_the_window_with_it(monkeypatch, started, tmp_path):
    shown = no_console(monkeypatch)
    package = tmp_path / "Програма.ctbpkg"
    database = tmp_path / "Звіти області.sqlite"
    assert main([str(package)]) == 0
    assert main(["--db", str(database), str(tmp_path / "Додаток 2.docx")]) == 0
    assert main([str(database)]) == 0
    assert main([str(tmp_path / "звітні дані.XLSX")]) == 0
    assert started == [
        (default_database_path(), package),
        (database, tmp_path / "Додаток 2.docx"),
        (database, None),
        (default_database_path(), tmp_path / "звітні дані.XLSX"),
    ]
    assert shown == []  # nothing to say: no box


def test_the_console_program_takes_a_file_too(started, tmp_path):
    assert main([str(tmp_path / "звіт.ctbpkg")]) == 0
    assert started == [(default_database_path(), tmp_path / "звіт.ctbpkg")]
    assert windowed.open_request(["demo"]) is None
    assert windowed.open_request(["notes.txt"]) is None
    assert windowed.open_request(["a.ctbpkg", "b.ctbpkg"]) is None


def press(label: str, seen: list[str]) -> None:
    box = QApplication.activeModalWidget()
    seen.append(box.text())
    [button] = [b for b in box.buttons() if b.text() == label]
    button.click()


def test_a_program_package_is_shown_then_received(qtbot, db, tmp_path):
    oblast = oblast_database(tmp_path / "oblast.sqlite")
    package = tmp_path / "Програма.ctbpkg"
    package.write_bytes(program_package(oblast))
    oblast.close()
    window = open_window(qtbot, db)
    seen: list[str] = []
    QTimer.singleShot(0, lambda: press("Скасувати", seen))
    assert open_file.open_in_window(window, package) is None
    assert ProgramStore(db).list() == []  # cancelled: nothing stored
    QTimer.singleShot(0, lambda: press(open_file.RECEIVE, seen))
    summary = open_file.open_in_window(window, package)
    assert "Пакет «Програма.ctbpkg» — програма" in seen[0]
    assert summary is not None and "Отримано пакетів: 1 з 1" in summary.text()
    [program] = ProgramStore(db).list()
    assert window.program_combo.currentData() == program.id
    summary.close()


def test_a_document_opens_the_import_wizard_with_it(qtbot, demo_db, tmp_path):
    document = tmp_path / "Додаток 2.docx"
    document.write_bytes(b"PK")
    window = open_window(qtbot, demo_db)
    chosen: list[str] = []

    def look():
        wizard = QApplication.activeModalWidget()
        assert isinstance(wizard, ImportWizard)
        chosen.append(wizard.file.text())
        wizard.reject()

    QTimer.singleShot(0, look)
    open_file.open_in_window(window, document)
    assert chosen == [str(document)]


def test_a_missing_or_unknown_file_is_said(qtbot, db, tmp_path, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _parent, _title, text: said.append(text))
    )
    window = open_window(qtbot, db)
    open_file.open_in_window(window, tmp_path / "нема.ctbpkg")
    broken = tmp_path / "зламаний.ctbpkg"
    broken.write_bytes(b"not a zip")
    open_file.open_in_window(window, broken)
    assert "Файлу «" in said[0] and "нема.ctbpkg» не знайдено" in said[0]
    assert said[1].startswith("Пакет не отримано:") and "зламаний.ctbpkg" in said[1]


def test_the_window_opens_the_file_once_it_is_up(qtbot, tmp_path, monkeypatch):
    """gui.app.run with a file: the window comes up on the database and shows the file."""
    db_path = tmp_path / "база.sqlite"
    Database.open(db_path).close()
    opened: list[tuple[object, Path]] = []

    def open_and_close(window, path):
        opened.append((window, path))
        QTimer.singleShot(0, window.close)  # the last window closed ends the run

    monkeypatch.setattr(app_module, "open_in_window", open_and_close)
    monkeypatch.setattr(app_module, "take_daily_backup", lambda _db: None)
    # The database is empty: the first-start wizard (modal) is not what this test checks.
    monkeypatch.setattr(app_module, "offer_first_start", lambda _db: None)
    assert app_module.run(db_path, tmp_path / "звіт.ctbpkg") == 0
    [(window, path)] = opened
    assert path == tmp_path / "звіт.ctbpkg"
    assert Path(window.db.path) == db_path
