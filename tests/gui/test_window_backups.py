"""Every data-changing operation started from the window leaves a backup, as from the
command line (tests/operations/test_backups.py): a filled report, an xlsx workbook, a
program annex and the national program imported, packages received, the previous period
copied in, and a restore (which keeps the state it replaces)."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ctb_desktop.gui.backup_dialog import restore_and_reopen
from ctb_desktop.gui.import_wizard import ImportWizard
from ctb_desktop.storage import backup
from ctb_desktop.storage.backup import create_backup, list_backups
from ctb_desktop.storage.datafiles import builtin_units
from ctb_desktop.storage.demo import clear
from ctb_desktop.storage.units import UnitStore
from tests.gui.conftest import annual_report_2024, choose, open_window
from tests.gui.test_received_window import network, received_window, send, wait  # noqa: F401
from tests.gui.test_workbook_dialogs import (
    CASH,
    LINE_KEY,
    district_window,
    edit,
    export,
    import_file,
)
from tests.importers.seed_tables import seed_001_rows, write_docx


def reasons(path: Path) -> list[str]:
    return [info.reason for info in list_backups(source=path)]


def _through_wizard(qtbot, window, path: Path, *, report: bool = False) -> ImportWizard:
    wizard = ImportWizard(window.session, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.report_radio.setChecked(report)
    wizard.file.setText(str(path))
    wizard.next()
    with qtbot.waitSignal(wizard.job.finished, timeout=20000):
        pass
    assert wizard.preview_page.isComplete()
    wizard.accept()
    return wizard


def test_a_filled_report_imported(qtbot, demo_db, demo_program, tmp_path):
    window = open_window(qtbot, demo_db)
    report = annual_report_2024(demo_db, demo_program, tmp_path)
    choose(window.period_combo, "2025-Y")
    assert reasons(demo_db.path) == []
    _through_wizard(qtbot, window, report, report=True)
    assert window.fill_progress.value() == 60
    assert reasons(demo_db.path) == ["before-import"]


def test_a_program_annex_imported(qtbot, demo_db, tmp_path):
    window = open_window(qtbot, demo_db)
    wizard = _through_wizard(qtbot, window, write_docx(seed_001_rows(), tmp_path / "Додаток.docx"))
    assert wizard.program_id == 2
    assert reasons(demo_db.path) == ["before-import"]


def test_the_national_program_loaded(qtbot, demo_db, monkeypatch):
    clear(demo_db)
    UnitStore(demo_db).save(builtin_units())  # a directory without the program: something to lose
    window = open_window(qtbot, demo_db)
    monkeypatch.setattr(QMessageBox, "information", lambda *_args: None)
    window.load_builtin_action.trigger()
    assert window.program_combo.count() == 1
    assert reasons(demo_db.path) == ["before-import"]


def test_an_excel_workbook_imported(qtbot, district, out, monkeypatch):
    window = district_window(qtbot, district, out)
    path, _ = export(qtbot, window, monkeypatch)
    edit(path, "Фінансування", LINE_KEY, CASH, 1200)
    dialog = import_file(qtbot, window, monkeypatch, path)
    assert reasons(district.path) == []  # nothing before «Імпортувати»
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert reasons(district.path) == ["before-import"]


def test_packages_received(qtbot, network, tmp_path):  # noqa: F811 (the fixture)
    oblast, districts = network
    code = next(iter(districts))
    path = send(districts[code], code, tmp_path / "пошта", 1500)
    main, window = received_window(qtbot, oblast)
    with qtbot.waitSignal(main.session.reportsChanged, timeout=30000):
        window.import_paths([path])
    wait(qtbot, window)
    window.summary_box.close()
    assert reasons(oblast.path) == ["before-import"]


def test_the_previous_period_copied_in(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, "2025-Q1")
    window.carry_all_action.trigger()
    assert "Скопійовано з періоду «2024 рік»" in window.statusBar().currentMessage()
    assert reasons(demo_db.path) == ["before-import"]
    window.undo_action.trigger()
    window.redo_action.trigger()  # copying again is a change again: another backup
    assert reasons(demo_db.path) == ["before-import", "before-import"]


def test_a_copy_that_cannot_take_its_backup_changes_nothing(qtbot, demo_db, monkeypatch):
    def full(*_args, **_kwargs):
        raise backup.BackupError("На диску закінчилося місце")

    window = open_window(qtbot, demo_db)
    choose(window.period_combo, "2025-Q1")
    monkeypatch.setattr(backup, "create_backup", full)
    window.carry_all_action.trigger()
    assert window.statusBar().currentMessage().startswith("Не збережено: ")
    assert window.fill_progress.value() == 0
    assert window.session.undo_stack.count() == 0


def test_a_restore_from_the_window(qtbot, demo_db, db_path):
    copy = create_backup(demo_db, "manual")
    window = open_window(qtbot, demo_db)
    restore_and_reopen(window, copy)
    assert window.reopen_note.startswith("Базу даних відновлено")
    assert sorted(reasons(db_path)) == ["before-restore", "manual"]
