"""Every message that states a count puts the noun in the form Ukrainian grammar asks
for after that number. Each message is rendered by the code that shows it (the command,
the widget, the importer's check) for 1, 2, 5, 11, 21, 22 and 25; the expected nouns are
spelled out here, not taken from domain/wording.py, so a wrong form there fails too."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest

from ctb_desktop.cli import main
from ctb_desktop.cli import programs as cli_programs
from ctb_desktop.domain.entries import PeriodEntries, UnitReport
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Grouping, Measure, Task
from ctb_desktop.importers import archive, grid, program_import, workbook_sheet
from ctb_desktop.importers.errors import ImportFileError
from ctb_desktop.importers.program_import import ImportPlan
from ctb_desktop.importers.structure import StructureImport
from ctb_desktop.importers.workbook_import import plan_workbook_import
from ctb_desktop.operations import entries as operations_entries
from ctb_desktop.operations.entries import Checked, EntriesFile
from ctb_desktop.reports import workbook
from ctb_desktop.reports.workbook import WorkbookError, entries_workbook
from ctb_desktop.reports.workbook_writer import Book
from ctb_desktop.storage.datafiles import builtin_program
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.units import UnitStore

NUMBERS = (1, 2, 5, 11, 21, 22, 25)
# Which of (one, few, many) each number takes: 1 and 21 the first, 2 and 22 the second,
# 5, 11 (though it ends in 1) and 25 the third.
FORM = {1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 22: 1, 25: 2}
YEAR = Period.parse("2024-Y")


def said(number: int, *forms: str) -> str:
    return f"{number} {forms[FORM[number]]}"


def _cli(capsys, db, *argv: str) -> str:
    capsys.readouterr()
    main(["--db", str(db.path), *argv])
    return capsys.readouterr().out


def _reports(number: int) -> PeriodEntries:
    reports = [UnitReport("1.", f"{index})", "mspu") for index in range(1, number + 1)]
    return PeriodEntries("national", YEAR, reports)


def _program(number: int):
    """A program of `number` groups, each with one task of one measure."""
    groupings = [
        Grouping(f"{index}", "Група", [Task(f"{index}.", "Завдання", [Measure("1)", "Захід")])])
        for index in range(1, number + 1)
    ]
    return dataclasses.replace(builtin_program(), groupings=groupings, tasks=[])


# -- the command line -----------------------------------------------------------------


@pytest.mark.parametrize("number", NUMBERS)
def test_check_says_how_many_measures_are_filled(demo_db, capsys, monkeypatch, number):
    monkeypatch.setattr(operations_entries, "check_report", lambda *_: Checked([], 1, number))
    out = _cli(capsys, demo_db, "check", "--period", "2024-Y", "--unit", "mspu")
    # The genitive after «з»: з 1 заходу, з 2 заходів, з 21 заходу.
    assert out.splitlines()[0] == f"Заповнено 1 з {said(number, 'заходу', 'заходів', 'заходів')}"


@pytest.mark.parametrize("number", NUMBERS)
def test_entries_export_and_import_count_the_measure_reports(
    demo_db, capsys, monkeypatch, tmp_path, number
):
    reports = said(number, "звіт про захід", "звіти про заходи", "звітів про заходи")
    monkeypatch.setattr(operations_entries, "unit_entries", lambda *_: _reports(number))
    output = tmp_path / "entries.json"
    out = _cli(capsys, demo_db, "entries", "export", "--period", "2024-Y", "-o", str(output))
    assert out == f"Збережено «{output}»: {reports}\n"

    imported = EntriesFile(builtin_program(), _reports(number))
    monkeypatch.setattr(operations_entries, "import_entries_file", lambda *_: imported)
    out = _cli(capsys, demo_db, "entries", "import", str(output))
    assert out.startswith(f"Завантажено {reports} за 2024 рік до програми")


@pytest.mark.parametrize("number", NUMBERS)
def test_an_annex_preview_counts_tasks_and_measures(demo_db, capsys, monkeypatch, number):
    plan = ImportPlan(Path("додаток.docx"), StructureImport(_program(number)))
    monkeypatch.setattr(program_import, "plan_import", lambda *_args, **_kwargs: plan)
    out = _cli(capsys, demo_db, "import", "додаток.docx", "--dry-run")
    tasks = said(number, "завдання", "завдання", "завдань")
    measures = said(number, "захід", "заходи", "заходів")
    assert out.splitlines()[0] == f"«додаток.docx»: {tasks}, {measures} (нова програма)"
    assert cli_programs.size(plan.program) == f"{tasks}, {measures}"


# -- the window -----------------------------------------------------------------------


@pytest.mark.parametrize("number", NUMBERS)
def test_the_import_wizard_counts_tasks_measures_and_groups(qtbot, demo_db, number):
    from ctb_desktop.gui.import_wizard import ImportWizard, _Found  # noqa: PLC0415 (Qt)
    from ctb_desktop.gui.session import ReportSession  # noqa: PLC0415

    wizard = ImportWizard(ReportSession(demo_db))
    qtbot.addWidget(wizard)
    wizard._show_found(
        _Found(plan=ImportPlan(Path("додаток.docx"), StructureImport(_program(number))))
    )
    tasks = said(number, "завдання", "завдання", "завдань")
    measures = said(number, "захід", "заходи", "заходів")
    groups = said(number, "група", "групи", "груп")
    assert f"<b>додаток.docx</b>: {tasks}, {measures}, {groups} — нова програма" in (
        wizard.summary.text()
    )


@pytest.mark.parametrize("number", NUMBERS)
def test_the_status_text_counter(qtbot, demo_db, number):
    from ctb_desktop.gui.measure_editor import MeasureEditor  # noqa: PLC0415 (Qt)
    from ctb_desktop.gui.session import ReportSession  # noqa: PLC0415

    editor = MeasureEditor(ReportSession(demo_db))
    qtbot.addWidget(editor)
    editor.text.setPlainText("ж" * number)
    assert editor.counter.text() == said(number, "знак", "знаки", "знаків")


# -- the importers' and the workbook's refusals ---------------------------------------


@pytest.mark.parametrize("number", NUMBERS)
def test_a_table_too_big(monkeypatch, number):
    monkeypatch.setattr(grid, "MAX_TABLE_CELLS", 0)
    with pytest.raises(ImportFileError) as raised:
        grid.check_size(Path("книга.xlsx"), "аркуш «1»", number, number)
    rows = said(number, "рядок", "рядки", "рядків")
    columns = said(number, "стовпець", "стовпці", "стовпців")
    assert f"забагато клітинок ({rows} × {columns})" in str(raised.value)


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as made:
        for name, content in entries.items():
            made.writestr(name, content)
    return path


@pytest.mark.parametrize("number", NUMBERS)
def test_an_archive_of_too_many_parts(monkeypatch, tmp_path, number):
    monkeypatch.setattr(archive, "MAX_ENTRIES", 0)
    path = _zip(
        tmp_path / "частини.docx", {f"word/{index}.xml": b"<x/>" for index in range(number)}
    )
    with pytest.raises(ImportFileError) as raised:
        archive.open_archive(path)
    assert f"в архіві {said(number, 'частина', 'частини', 'частин')} (" in str(raised.value)


@pytest.mark.parametrize("number", NUMBERS)
def test_a_part_packed_too_tightly(monkeypatch, tmp_path, number):
    monkeypatch.setattr(archive, "MAX_RATIO", number)
    monkeypatch.setattr(archive, "RATIO_CHECKED_FROM", 0)
    path = _zip(tmp_path / "бомба.docx", {"word/document.xml": bytes(100_000)})
    with pytest.raises(ImportFileError) as raised:
        archive.open_archive(path)
    assert f"стиснута більш ніж у {said(number, 'раз', 'рази', 'разів')}" in str(raised.value)


@pytest.mark.parametrize("number", NUMBERS)
def test_a_workbook_sheet_of_too_many_rows(demo_db, demo_program, monkeypatch, tmp_path, number):
    entries = EntryStore(demo_db).load(demo_program, YEAR)
    units = UnitStore(demo_db).list()
    path = tmp_path / "книга.xlsx"
    path.write_bytes(entries_workbook(demo_program, units, entries))
    monkeypatch.setattr(workbook_sheet, "MAX_ROWS", number)
    with pytest.raises(ImportFileError) as raised:
        plan_workbook_import(path, demo_program, units, entries)
    assert f"понад {said(number, 'рядок', 'рядки', 'рядків')}. " in str(raised.value)


@pytest.mark.parametrize("number", NUMBERS)
def test_a_text_too_long_for_an_excel_cell(monkeypatch, number):
    cells = workbook._Cells(Book().sheet("Аркуш"), {})
    # «має N символів»: the text's length, in the nominative.
    monkeypatch.setattr(workbook, "MAX_CELL_TEXT", number - 1)
    with pytest.raises(WorkbookError) as raised:
        cells.cells(1, ["ж" * number], ["text"])
    assert f"текст має {said(number, 'символ', 'символи', 'символів')}," in str(raised.value)
    # «не більше N символів»: the limit, in the genitive.
    monkeypatch.setattr(workbook, "MAX_CELL_TEXT", number)
    report = UnitReport("1.", "1)", "mspu")
    with pytest.raises(WorkbookError) as raised:
        workbook._check_length("ж" * (number + 1), report)
    limit = said(number, "символу", "символів", "символів")
    assert f"вміщує не більше {limit}: книгу не створено" in str(raised.value)
