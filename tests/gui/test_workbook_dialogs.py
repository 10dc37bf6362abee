"""«Файл → Експорт в Excel…» and «Імпорт з Excel…» through the real window: the district
exports its 2025 report, a finance department edits the workbook, the import previews
the changes and applies them as one undoable step."""

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ctb_desktop.domain.workbook_layout import MONEY
from ctb_desktop.gui.workbook_dialogs import CHANGE_HEADERS, WorkbookImportDialog
from ctb_desktop.operations import workbook as operations_workbook
from ctb_desktop.storage.backup import list_backups
from ctb_desktop.storage.config import Config
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from tests.exchange.network import PERIOD, program_id
from tests.gui.conftest import BUG, SMILA, bug_logged, choose, injected, open_window

SUGGESTED = "Звітні_дані_2025_рік_Смілянська_РДА.xlsx"
LINE_KEY = '["1.","1)","UA-71-01",1]'
STATUS_KEY = '["3.","2)","UA-71-01"]'
CASH = MONEY["cash"]
NEW_TEXT = "Проведено два семінари для фінансових управлінь"


@pytest.fixture
def messages(monkeypatch) -> list[str]:
    """What QMessageBox.warning and .critical would have said."""
    said: list[str] = []
    for name in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _parent, _title, text, *_: said.append(text))
    return said


def district_window(qtbot, db, out: Path):
    window = open_window(qtbot, db)
    choose(window.period_combo, PERIOD.code)
    assert window.session.unit_code == SMILA  # the database's own unit starts the toolbar
    window.settings.output_folder = str(out)
    return window


def run(qtbot, window, action: QAction) -> None:
    action.trigger()
    assert window.job is not None
    with qtbot.waitSignal(window.job.finished, timeout=30000):
        pass


def export(qtbot, window, monkeypatch, output: Path | None = None) -> tuple[Path, str]:
    """Export through the menu action; returns the file and the name suggested."""
    asked: list[str] = []

    def save_as(_parent, _title, suggested, _filter):
        asked.append(suggested)
        return str(output or suggested), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    run(qtbot, window, window.excel_export_action)
    done = window.findChild(QMessageBox, "renderDoneBox")
    assert done is not None and done.text().startswith("Документ збережено:\n")
    saved = Path(done.text().split("\n", 1)[1])
    done.close()
    return saved, asked[0]


def import_file(qtbot, window, monkeypatch, path: Path) -> WorkbookImportDialog | None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(path), ""))
    run(qtbot, window, window.excel_import_action)
    dialog = window.findChild(WorkbookImportDialog)
    if dialog is not None:
        qtbot.waitExposed(dialog)
    return dialog


def table(dialog: WorkbookImportDialog) -> list[tuple[str, ...]]:
    changes = dialog.changes
    return [
        tuple(changes.item(row, column).text() for column in range(changes.columnCount()))
        for row in range(changes.rowCount())
    ]


def edit(path: Path, sheet: str, key: str, column: str, value) -> None:
    """What a finance department does in Excel: one cell of the row with `key`."""
    workbook = load_workbook(path)
    rows = workbook[sheet]
    headers = [cell.value for cell in rows[1]]
    row = next(row for row in rows.iter_rows(min_row=2) if row[0].value == key)
    row[headers.index(column)].value = value
    workbook.save(path)


def stored(db) -> tuple[Decimal, str]:
    """The cash of measure 1. 1)'s line and the status text of measure 3. 2)."""
    program = ProgramStore(db).load(program_id(db))
    reports = {
        (r.task_number, r.measure_number): r for r in EntryStore(db).load(program, PERIOD).reports
    }
    return reports[("1.", "1)")].financing[0].cash, reports[("3.", "2)")].status.text


def test_the_file_menu_offers_both_with_shortcuts_of_their_own(qtbot, district, out):
    window = district_window(qtbot, district, out)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text().replace("&", "") for action in file_menu.actions()]
    assert "Експорт в Excel…" in texts and "Імпорт з Excel…" in texts
    assert window.excel_import_action.shortcut().toString() == "Ctrl+Shift+E"
    shortcuts = [
        sequence.toString()
        for action in window.findChildren(QAction)
        for sequence in action.shortcuts()
        if not sequence.isEmpty()
    ]
    assert window.excel_export_action.shortcut().toString() in shortcuts
    assert sorted(shortcuts) == sorted(set(shortcuts))  # none answers two actions


def test_export_saves_the_units_workbook_where_suggested(qtbot, district, out, monkeypatch):
    window = district_window(qtbot, district, out)

    saved, suggested = export(qtbot, window, monkeypatch)

    assert suggested == str(out / SUGGESTED)
    assert saved.is_file()
    workbook = load_workbook(saved, read_only=True)
    assert workbook.sheetnames == ["Стан виконання", "Показники", "Фінансування", "Відомості"]
    info = {row[0]: row[1] for row in workbook["Відомості"].iter_rows(values_only=True)}
    assert (info["Звітний період"], info["Органи"]) == ("2025-Y", SMILA)
    statuses = list(workbook["Стан виконання"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in statuses] == ['["1.","1)","UA-71-01"]', STATUS_KEY]
    workbook.close()


def test_export_of_the_top_unit_holds_every_unit(qtbot, district, out, monkeypatch):
    # The toolbar lists a database's own unit and those below it: the directory's top
    # unit is on it in the ministry's database.
    Config(district).set("unit", "mspu")
    window = open_window(qtbot, district)
    choose(window.period_combo, PERIOD.code)
    window.settings.output_folder = str(out)
    assert window.unit_combo.itemData(0) == window.session.unit_code == "mspu"
    output = out / "усі органи"  # the suffix is added

    saved, suggested = export(qtbot, window, monkeypatch, output)

    assert Path(suggested).name == "Звітні_дані_2025_рік_Мінсоцполітики.xlsx"
    assert saved == out / "усі органи.xlsx" and saved.is_file()
    workbook = load_workbook(saved, read_only=True)
    info = {row[0]: row[1] for row in workbook["Відомості"].iter_rows(values_only=True)}
    assert info["Органи"] == "усі"
    workbook.close()


def test_an_edited_workbook_is_previewed_imported_and_undone(
    qtbot, district, out, monkeypatch, messages
):
    window = district_window(qtbot, district, out)
    path, _ = export(qtbot, window, monkeypatch)
    edit(path, "Фінансування", LINE_KEY, CASH, 1.2)
    edit(path, "Стан виконання", STATUS_KEY, "Стан виконання", NEW_TEXT)
    window._select_measure(window.session.program.find_measure("3.", "2)").id)
    assert window.editor.text.toPlainText() == "Проведено (UA-71-01)"
    before = stored(district)
    assert before == (Decimal("1500"), "Проведено (UA-71-01)")

    dialog = import_file(qtbot, window, monkeypatch, path)

    assert dialog is not None and messages == []
    headers = [
        dialog.changes.horizontalHeaderItem(column).text()
        for column in range(dialog.changes.columnCount())
    ]
    assert tuple(headers) == CHANGE_HEADERS == ("Орган", "Місце", "Поле", "Було", "Стало")
    assert table(dialog) == [
        (
            "Смілянська РДА",
            "захід 1. 1), фінансування, рядок 1",
            "Касові видатки, тис. грн",
            "1,5",
            "1,2",
        ),
        (
            "Смілянська РДА",
            "захід 3. 2)",
            "Стан виконання",
            "Проведено (UA-71-01)",
            NEW_TEXT,
        ),
    ]
    assert "змінених значень 2" in dialog.summary.text() and path.name in dialog.summary.text()
    assert "гривнях" not in dialog.summary.text()  # тис. грн as everywhere else
    assert dialog.import_button.isEnabled()
    assert stored(district) == before  # nothing is written before «Імпортувати»

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert stored(district) == (Decimal("1200"), NEW_TEXT)
    assert window.editor.text.toPlainText() == NEW_TEXT  # the window shows what came in
    assert [b.reason for b in list_backups(source=district.path)] == ["before-import"]
    stack = window.session.undo_stack
    assert stack.count() == 1 and stack.text(0) == f"Імпорт з Excel «{path.name}»"
    assert "Імпортовано" in window.statusBar().currentMessage()

    window.undo_action.trigger()

    assert stored(district) == before
    assert window.editor.text.toPlainText() == "Проведено (UA-71-01)"
    window.redo_action.trigger()
    assert stored(district) == (Decimal("1200"), NEW_TEXT)
    assert messages == []


def test_an_unchanged_workbook_has_nothing_to_import(qtbot, district, out, monkeypatch):
    window = district_window(qtbot, district, out)
    path, _ = export(qtbot, window, monkeypatch)

    dialog = import_file(qtbot, window, monkeypatch, path)

    assert dialog is not None
    assert table(dialog) == []
    assert "змін немає" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert [dialog.notes.item(row).text() for row in range(dialog.notes.count())] == [
        "Попереджень немає."
    ]
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.session.undo_stack.count() == 0


def test_cancelling_the_preview_changes_nothing(qtbot, district, out, monkeypatch):
    window = district_window(qtbot, district, out)
    path, _ = export(qtbot, window, monkeypatch)
    edit(path, "Фінансування", LINE_KEY, CASH, 2)
    before = stored(district)

    dialog = import_file(qtbot, window, monkeypatch, path)
    assert table(dialog)[0][3:] == ("1,5", "2,0")  # тис. грн
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    assert stored(district) == before
    assert window.session.undo_stack.count() == 0
    assert list_backups(source=district.path) == []


def test_a_workbook_of_another_period_is_refused(qtbot, district, out, monkeypatch, messages):
    window = district_window(qtbot, district, out)
    path, _ = export(qtbot, window, monkeypatch)
    edit(path, "Фінансування", LINE_KEY, CASH, 2)
    before = stored(district)
    choose(window.period_combo, "2024-Y")

    dialog = import_file(qtbot, window, monkeypatch, path)

    assert dialog is None
    assert len(messages) == 1
    assert path.name in messages[0] and "Нічого не змінено" in messages[0]
    assert "2025 рік" in messages[0] and "2024 рік" in messages[0]
    assert stored(district) == before
    assert window.session.undo_stack.count() == 0


def test_a_broken_file_is_named_and_changes_nothing(qtbot, district, out, monkeypatch, messages):
    window = district_window(qtbot, district, out)
    broken = out / "Звітні дані (пошкоджено).xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    before = stored(district)

    dialog = import_file(qtbot, window, monkeypatch, broken)

    assert dialog is None
    assert len(messages) == 1 and broken.name in messages[0]
    assert stored(district) == before
    assert window.session.undo_stack.count() == 0
    assert list_backups(source=district.path) == []


@pytest.mark.parametrize(
    ("action", "function"),
    [("excel_export_action", "export_workbook"), ("excel_import_action", "read_workbook")],
)
def test_a_bug_in_an_excel_job_is_said_logged_and_survived(
    qtbot, district, out, monkeypatch, messages, caplog, action, function
):
    window = district_window(qtbot, district, out)
    workbook = out / SUGGESTED
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(workbook), ""))
    if function == "read_workbook":
        export(qtbot, window, monkeypatch, workbook)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(workbook), ""))
    monkeypatch.setattr(operations_workbook, function, injected)
    before = stored(district)

    run(qtbot, window, getattr(window, action))

    assert not window.job.running and not window.job.dialog.isVisible()
    assert len(messages) == 1 and BUG in messages[0]
    assert bug_logged(caplog)
    assert window.findChild(WorkbookImportDialog) is None
    done = window.findChild(QMessageBox, "renderDoneBox")
    assert done is None or not done.isVisible()
    assert stored(district) == before
    assert getattr(window, action).isEnabled()
