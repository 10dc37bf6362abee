"""Program structure imported from annexes shaped like the seeds, task by task, measure
by measure; the round trip through our own rendered annex; updating by number."""

import copy
import gc
import re

import pytest
from docx import Document

from ctb_desktop.domain.interchange import program_to_dict
from ctb_desktop.domain.periods import Period
from ctb_desktop.importers import program_import
from ctb_desktop.importers.errors import ColumnsNotRecognisedError, StructureImportError
from ctb_desktop.importers.program_import import apply_import, plan_import
from ctb_desktop.importers.structure import columns_from_names, parse_structure
from ctb_desktop.importers.tables import read_document
from ctb_desktop.reports.context import ReportData, ReportOptions
from ctb_desktop.reports.render import render, save
from ctb_desktop.storage.database import DatabaseError
from ctb_desktop.storage.datafiles import builtin_program
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.structure import StructureEditor
from tests.collector_spy import collector_states
from tests.importers import fixtures
from tests.importers.seed_tables import (
    seed_001_rows,
    seed_002_rows,
    seed_004_rows,
    write_docx,
    write_xlsx,
)


def _words(text: str) -> str:
    return " ".join(re.sub(r"</?p>|\[bookmark: [^\]]*\]", " ", text).split())


def _numbered(text: str, pattern: str) -> tuple[str, str]:
    matched = re.match(pattern, _words(text))
    return (matched.group(1), matched.group(2)) if matched else ("", _words(text))


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_seed_001_task_by_task_measure_by_measure(tmp_path, kind):
    rows = seed_001_rows()
    writer = write_docx if kind == "docx" else write_xlsx
    path = writer(rows, tmp_path / f"Додаток 2.{kind}")
    found = parse_structure(read_document(path))
    expected_tasks = [_numbered(row[0], r"^(\d+\.)\s*(.+)$") for row in rows[2:] if row[0]]
    tasks = found.program.all_tasks
    assert [(task.number, task.title) for task in tasks] == expected_tasks
    expected_measures = [_numbered(row[1], r"^(\d+\))\s*(.+)$") for row in rows[2:]]
    measures = found.program.all_measures
    assert [(m.number, m.title) for m in measures] == expected_measures
    assert [m.term for m in measures] == [_words(row[2]) for row in rows[2:]]
    for measure, row in zip(measures, rows[2:], strict=True):
        assert sum(e.by_consent for e in measure.executors) == row[3].count("(за згодою)")
        assert not any("згодою" in e.name for e in measure.executors)
        assert all(e.name in _words(row[3]) for e in measure.executors)
    assert found.program.year_from == 2023 and found.program.year_to == 2025
    assert found.warnings == []


def test_seed_002_groupings_html_and_repeated_number_rows(tmp_path):
    rows = seed_002_rows()
    found = parse_structure(read_document(write_docx(rows, tmp_path / "План.docx")))
    program = found.program
    groupings = [cell for row in rows for cell in [row[0]] if "Оперативна ціль" in cell]
    assert [g.number for g in program.groupings] == [
        re.search(r"Оперативна ціль \d+\.?", _words(g)).group(0) for g in groupings
    ]
    assert not any("<p>" in m.title or "</p>" in m.title for m in program.all_measures)
    measure_cells = [row[1] for row in rows[1:] if row[1] and row[1] != "2"]
    expected = [n for cell in measure_cells for n in re.findall(r"(?:^|<p>)\s*(\d+\))", cell)]
    assert [m.number for m in program.all_measures] == expected
    assert all(m.term for m in program.all_measures)
    assert found.rows == len([row for row in rows[1:] if any(row) and row != ["1", "2", "3", "4"]])


def test_seed_004_eight_columns(tmp_path):
    rows = seed_004_rows()
    found = parse_structure(
        read_document(write_docx(rows, tmp_path / "Програма.docx", merged=(0, 1)))
    )
    program = found.program
    assert [g.number for g in program.groupings] == ["I.", "2."]
    assert [t.number for t in program.all_tasks] == ["1.", "2.", "3.", "4.", "1.", "2.", "3.", "4."]
    first = program.all_measures[0]
    assert first.number == "1)"
    assert first.financing_plan[0].note == "У межах фінансових можливостей"
    assert first.financing_plan[0].amount is None
    assert first.expected_result.startswith("Посилення механізму взаємодії")
    notes = {plan.note for m in program.all_measures for plan in m.financing_plan}
    assert notes == {"У межах фінансових можливостей", "Не потребує коштів"}
    assert len(program.all_measures) == sum(1 for row in rows[2:] if re.match(r"^\d+\)", row[2]))


def _plain_national():
    """The national program without what the 4-column annex does not print."""
    program = builtin_program()
    for measure in program.all_measures:
        measure.indicators = []
        measure.financing_plan = []
        measure.term = "2023-2025 роки"
    return program


def test_round_trip_through_our_rendered_annex(tmp_path):
    program = _plain_national()
    path = tmp_path / "annex.docx"
    save(render("structure", ReportData(program, []), ReportOptions(columns=4)), path)
    found = parse_structure(read_document(path), code=program.code)
    imported = found.program
    for name in (
        "title",
        "level",
        "approval",
        "customer",
        "year_from",
        "year_to",
        "term",
        "reporting",
    ):
        setattr(imported, name, getattr(program, name))
    assert program_to_dict(imported) == program_to_dict(program)
    # The national program's measures are a selection, so its numbers have gaps; said, not lost.
    assert found.warnings
    assert all("пропущено номери заходів" in str(warning) for warning in found.warnings)


def test_unrecognised_headers_need_columns(tmp_path):
    rows = copy.deepcopy(seed_001_rows())
    rows[0] = ["Колонка A", "Колонка B", "Колонка C", "Колонка D"]
    path = write_docx(rows, tmp_path / "без заголовків.docx")
    found = parse_structure(read_document(path))
    assert found.program.all_measures == []
    assert "заголовки колонок не розпізнано" in str(found.warnings[0])
    mapped = parse_structure(
        read_document(path), columns=columns_from_names(["task", "measure", "term", "executors"])
    )
    assert len(mapped.program.all_measures) == len(seed_001_rows()) - 2
    with pytest.raises(ValueError, match="Невідома колонка «ціна»"):
        columns_from_names(["task", "ціна"])


def test_unrecognised_headers_refuse_the_plan_by_a_typed_error(db, tmp_path):
    """The caller offers to name the columns because of the error's type, not its words."""
    rows = copy.deepcopy(seed_001_rows())
    rows[0] = ["Колонка A", "Колонка B", "Колонка C", "Колонка D"]
    path = write_docx(rows, tmp_path / "без заголовків.docx")
    with pytest.raises(ColumnsNotRecognisedError) as raised:
        plan_import(db, path)
    assert isinstance(raised.value, StructureImportError)  # callers that catch it still do
    assert db.is_empty()
    plan = plan_import(db, path, columns=columns_from_names(["task", "measure", "term"]))
    assert len(plan.program.all_measures) == len(rows) - 2


def test_a_file_without_a_measures_table_is_explained(db, tmp_path):
    path = tmp_path / "лист.docx"
    document = Document()
    document.add_paragraph("Шановні колеги!")
    document.save(str(path))
    with pytest.raises(StructureImportError, match="не знайдено таблиці із заходами"):
        plan_import(db, path)
    assert db.is_empty()


def test_update_by_number_keeps_entries(demo_db, demo_program, tmp_path):
    program = _plain_national()
    task = program.all_tasks[0]
    task.measures[0].title = "розроблення законопроектів (уточнено)"
    del task.measures[1]
    path = tmp_path / "оновлений додаток.docx"
    save(render("structure", ReportData(program, []), ReportOptions(columns=4)), path)
    plan = plan_import(demo_db, path, program_id=demo_program.id)
    kinds = [(change.kind, change.what[:6]) for change in plan.changes]
    assert ("changed", "1. 1) ") in kinds
    assert ("missing", "1. 2) ") in kinds
    assert sum(kind == "added" for kind, _ in kinds) == 0
    before = len(EntryStore(demo_db).load(demo_program, Period.parse("2024-Y")).statuses)
    apply_import(demo_db, plan)
    updated = ProgramStore(demo_db).load(demo_program.id)
    assert updated.find_measure("1.", "1)").title == "розроблення законопроектів (уточнено)"
    assert updated.find_measure("1.", "2)") is not None  # kept: it has entries
    assert len(EntryStore(demo_db).load(updated, Period.parse("2024-Y")).statuses) == before


def test_a_failed_apply_leaves_the_database_as_it_was(demo_db, demo_program, tmp_path, monkeypatch):
    program = _plain_national()
    program.all_tasks[0].measures[0].title = "нова назва"
    path = tmp_path / "додаток.docx"
    save(render("structure", ReportData(program, []), ReportOptions(columns=4)), path)
    plan = plan_import(demo_db, path, program_id=demo_program.id)
    original = StructureEditor.set_measure_value
    calls = []

    def fails_on_the_second_write(self, *args):
        calls.append(args)
        if len(calls) == 2:
            raise DatabaseError("диск недоступний")
        original(self, *args)

    monkeypatch.setattr(StructureEditor, "set_measure_value", fails_on_the_second_write)
    with pytest.raises(DatabaseError, match="диск недоступний"):
        apply_import(demo_db, plan)
    assert len(calls) == 2  # one write had happened before the failure
    assert ProgramStore(demo_db).load(demo_program.id) == demo_program


def test_rows_with_the_same_executors_get_executors_of_their_own(tmp_path):
    rows = [
        ["Найменування завдання", "Найменування заходу", "Термін виконання", "Виконавці"],
        ["1. Завдання", "1) перший захід", "2024 рік", "Мінсоцполітики, МВС (за згодою)"],
        ["", "2) другий захід", "2024 рік", "Мінсоцполітики, МВС (за згодою)"],
    ]
    found = parse_structure(read_document(write_docx(rows, tmp_path / "План.docx", header_rows=1)))
    first, second = found.program.all_measures
    assert [(e.name, e.by_consent) for e in second.executors] == [
        ("Мінсоцполітики", False),
        ("МВС", True),
    ]
    assert first.executors == second.executors
    # Split once, but an executor changed in one measure does not change the other.
    assert all(a is not b for a, b in zip(first.executors, second.executors, strict=True))


def test_an_import_reads_and_parses_with_the_collector_paused(monkeypatch, tmp_path):
    """Millions of cells read with the cycle collector off (domain/collector.py)."""
    seen = collector_states(monkeypatch, program_import, "read_document")
    plan = program_import.plan_import(None, fixtures.program_docx(tmp_path / "програма.docx"))
    assert seen == [False] and plan.program.all_measures
    assert gc.isenabled()
