"""The import wizard: file → preview read on a worker → apply."""

from ctb_desktop.domain.periods import Period
from ctb_desktop.gui import import_wizard
from ctb_desktop.gui.import_wizard import ImportWizard
from ctb_desktop.importers.errors import ColumnsNotRecognisedError, StructureImportError
from ctb_desktop.importers.program_import import plan_import
from ctb_desktop.reports.context import ReportData, ReportOptions
from ctb_desktop.reports.render import render, save
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from tests.gui.conftest import BUG, annual_report_2024, bug_logged, choose, injected, open_window
from tests.importers.seed_tables import seed_001_rows, write_docx


def _preview(qtbot, wizard, path):
    wizard.file.setText(str(path))
    wizard.next()
    with qtbot.waitSignal(wizard.job.finished, timeout=20000):
        pass
    assert wizard.preview_page.isComplete()


def test_a_program_annex_becomes_a_new_program(qtbot, demo_db, tmp_path):
    window = open_window(qtbot, demo_db)
    wizard = ImportWizard(window.session, window)
    qtbot.addWidget(wizard)
    wizard.show()
    _preview(qtbot, wizard, write_docx(seed_001_rows(), tmp_path / "Додаток 2.docx"))
    assert "7 завдань, 28 заходів" in wizard.summary.text()
    assert "нова програма" in wizard.summary.text()
    assert wizard.details.item(0).text() == "Попереджень немає."
    assert wizard.preview_model.rowCount() == 7  # the detected tree
    assert wizard.preview_model.rowCount(wizard.preview_model.index(0, 0)) == 1
    wizard.accept()
    assert wizard.program_id == 2
    assert len(ProgramStore(demo_db).load(2).all_measures) == 28


def test_a_filled_report_is_one_undoable_step(qtbot, demo_db, demo_program, tmp_path):
    window = open_window(qtbot, demo_db)
    report = annual_report_2024(demo_db, demo_program, tmp_path)
    choose(window.period_combo, "2025-Y")
    wizard = ImportWizard(window.session, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.report_radio.setChecked(True)
    _preview(qtbot, wizard, report)
    assert "Станів виконання: 60" in wizard.summary.text()
    wizard.accept()
    year = Period.parse("2025-Y")
    assert len(EntryStore(demo_db).load(demo_program, year).statuses) == 60
    assert window.fill_progress.value() == 60
    window.undo_action.trigger()
    assert EntryStore(demo_db).load(demo_program, year).reports == []


def test_an_unreadable_file_is_explained_on_the_preview_page(qtbot, demo_db, tmp_path):
    window = open_window(qtbot, demo_db)
    bad = tmp_path / "лист.docx"
    bad.write_text("Шановні колеги", encoding="utf-8")
    wizard = ImportWizard(window.session, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file.setText(str(bad))
    wizard.next()
    with qtbot.waitSignal(wizard.job.finished, timeout=20000):
        pass
    assert "Не вдалося прочитати файл" in wizard.summary.text()
    assert "лист.docx" in wizard.summary.text()
    assert not wizard.preview_page.isComplete()


def test_updating_the_chosen_program_shows_what_changes(qtbot, demo_db, demo_program, tmp_path):
    window = open_window(qtbot, demo_db)
    program = ProgramStore(demo_db).load(demo_program.id)
    program.all_tasks[0].measures[0].title = "уточнена назва"
    annex = tmp_path / "оновлений додаток.docx"
    save(render("structure", ReportData(program, []), ReportOptions(columns=4)), annex)
    wizard = ImportWizard(window.session, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.update_check.setChecked(True)
    _preview(qtbot, wizard, annex)
    assert "оновлення програми" in wizard.summary.text()
    items = [wizard.details.item(i).text() for i in range(wizard.details.count())]
    assert "змінено: 1. 1) уточнена назва — назва" in items
    wizard.accept()
    assert window.session.program.find_measure("1.", "1)").title == "уточнена назва"


def test_unrecognised_columns_are_mapped_by_the_clerk(qtbot, demo_db, tmp_path):
    rows = seed_001_rows()
    rows[0] = ["Колонка A", "Колонка B", "Колонка C", "Колонка D"]
    window = open_window(qtbot, demo_db)
    wizard = ImportWizard(window.session, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file.setText(str(write_docx(rows, tmp_path / "без заголовків.docx")))
    wizard.next()
    with qtbot.waitSignal(wizard.job.finished, timeout=20000):
        pass
    assert wizard.mapping_group.isVisible()
    assert [combo.currentData() for combo in wizard.mapping] == [
        "task",
        "measure",
        "term",
        "executors",
    ]
    wizard._preview()  # «Прочитати ще раз»
    with qtbot.waitSignal(wizard.job.finished, timeout=20000):
        pass
    assert "7 завдань, 28 заходів" in wizard.summary.text()


def test_mapping_is_offered_because_of_the_errors_type(qtbot, demo_db, tmp_path, monkeypatch):
    """Not because of its words: a refusal that merely mentions columns offers nothing."""
    window = open_window(qtbot, demo_db)
    annex = write_docx(seed_001_rows(), tmp_path / "додаток.docx")
    refusals = [
        StructureImportError("Файл не прочитано; вкажіть колонки вручну: не знайдено таблиці"),
        ColumnsNotRecognisedError("Таблиць із заходами немає"),
    ]

    def refuse(*_args, **_kwargs):
        raise refusals.pop(0)

    monkeypatch.setattr(import_wizard, "plan_import", refuse)
    wizard = ImportWizard(window.session, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file.setText(str(annex))
    wizard.next()
    with qtbot.waitSignal(wizard.job.finished, timeout=20000):
        pass
    assert "вкажіть колонки" in wizard.summary.text()
    assert not wizard.mapping_group.isVisible()
    wizard._preview()
    with qtbot.waitSignal(wizard.job.finished, timeout=20000):
        pass
    assert "Таблиць із заходами немає" in wizard.summary.text()
    assert wizard.mapping_group.isVisible()
    assert len(wizard.mapping) == 4


def test_a_bug_while_reading_is_explained_and_the_file_can_be_read_again(
    qtbot, demo_db, tmp_path, monkeypatch, caplog
):
    window = open_window(qtbot, demo_db)
    wizard = ImportWizard(window.session, window)
    qtbot.addWidget(wizard)
    wizard.show()
    monkeypatch.setattr(import_wizard, "plan_import", injected)
    wizard.file.setText(str(write_docx(seed_001_rows(), tmp_path / "Додаток 2.docx")))
    wizard.next()
    with qtbot.waitSignal(wizard.job.finished, timeout=20000):
        pass

    assert not wizard.job.running and not wizard.job.dialog.isVisible()
    assert f"Не вдалося прочитати файл.</b> {BUG}" in wizard.summary.text()
    assert not wizard.preview_page.isComplete()
    assert bug_logged(caplog)
    monkeypatch.setattr(import_wizard, "plan_import", plan_import)
    wizard.back()
    wizard.next()  # the bug fixed: the same file reads
    with qtbot.waitSignal(wizard.job.finished, timeout=20000):
        pass
    assert wizard.preview_page.isComplete()
