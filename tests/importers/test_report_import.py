"""Last year's reports read back as entries: the annual report (seed 003's shape) and
the status information (seed 000's)."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.totals import program_totals
from ctb_desktop.importers.program_import import apply_import, plan_import
from ctb_desktop.importers.report_import import read_report
from ctb_desktop.importers.tables import read_document
from ctb_desktop.importers.text import clean
from ctb_desktop.reports.context import ReportOptions, load_report_data
from ctb_desktop.reports.render import render, save
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.datafiles import builtin_program, builtin_units
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore
from tests.importers.seed_tables import seed_000_rows, write_docx

YEAR = Period.parse("2024-Y")
COLUMNS = ("planned_program", "planned_year", "financed", "cash")


def _rendered(demo_db, demo_program, layout, tmp_path, unit=None):
    path = tmp_path / f"{layout}.docx"
    data = load_report_data(demo_db, demo_program.id, YEAR, unit)
    save(render(layout, data, ReportOptions()), path)
    return path


def _printed(value):
    """As the report prints it: тис. грн to one decimal."""
    thousands = (value or Decimal(0)) / 1000
    return thousands.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@pytest.fixture
def empty_period_db(tmp_path):
    """A second database with the program and units but no entries."""
    database = Database.open(tmp_path / "empty period.sqlite")
    UnitStore(database).save(builtin_units())
    ProgramStore(database).insert(builtin_program())
    yield database
    database.close()


def test_annual_report_into_an_empty_period_reproduces_section_i_totals(
    demo_db, demo_program, empty_period_db, tmp_path
):
    path = _rendered(demo_db, demo_program, "annual", tmp_path)
    program = ProgramStore(empty_period_db).load(1)
    found = read_report(read_document(path), program, builtin_units(), "mspu", YEAR)
    assert found.skipped_subtotals == 6 * 6  # five task blocks and the program's, six rows each
    EntryStore(empty_period_db).save(program, found.entries)
    imported = program_totals(program, EntryStore(empty_period_db).load(program, YEAR).financing)
    original = program_totals(demo_program, EntryStore(demo_db).load(demo_program, YEAR).financing)
    for block in [*original.tasks, "program"]:
        ours = imported.program if block == "program" else imported.tasks[block]
        theirs = original.program if block == "program" else original.tasks[block]
        for source in ("total", "state_general", "state_special", "local", "other"):
            for column in COLUMNS:
                assert _printed(getattr(getattr(ours, source), column)) == _printed(
                    getattr(getattr(theirs, source), column)
                ), (block, source, column)
    assert [_printed(getattr(imported.program.total, c)) for c in COLUMNS] == [
        Decimal("3406.4"),
        Decimal("1014.5"),
        Decimal("985.6"),
        Decimal("608.5"),
    ]


def test_region_sub_rows_go_to_their_units(demo_db, demo_program, empty_period_db, tmp_path):
    path = _rendered(demo_db, demo_program, "annual", tmp_path)
    program = ProgramStore(empty_period_db).load(1)
    found = read_report(read_document(path), program, builtin_units(), "mspu", YEAR)
    volyn = [r for r in found.entries.reports if r.unit_code == "UA-07"]
    assert {(r.task_number, r.measure_number) for r in volyn} == {("2.", "1)"), ("4.", "1)")}
    line = next(r for r in volyn if r.task_number == "2.").financing[0]
    assert (line.budget_holder, line.planned_year, line.budget_program_code) == (
        "Волинська ОВА",
        Decimal("8000.00"),
        "0611120",
    )


def test_statuses_and_achieved_values_come_back(demo_db, demo_program, empty_period_db, tmp_path):
    path = _rendered(demo_db, demo_program, "annual", tmp_path)
    program = ProgramStore(empty_period_db).load(1)
    found = read_report(read_document(path), program, builtin_units(), "mspu", YEAR)
    statuses = {(s.task_number, s.measure_number): s for s in found.entries.statuses}
    original = {
        (s.task_number, s.measure_number): s
        for s in EntryStore(demo_db).load(demo_program, YEAR).statuses
        if s.unit_code == "mspu"
    }
    assert statuses.keys() == original.keys()
    for key, status in statuses.items():
        assert status.text == clean(original[key].text), key  # apostrophes as the official ’
        assert status.state == original[key].state, key
        assert status.achieved == original[key].achieved, key
    assert found.warnings == []


def test_a_status_report_of_seed_000s_shape(demo_db, demo_program, empty_period_db, tmp_path):
    path = _rendered(demo_db, demo_program, "status", tmp_path, unit="mspu")
    program = ProgramStore(empty_period_db).load(1)
    found = read_report(
        read_document(path), program, builtin_units(), "mspu", Period.parse("2025-Q1")
    )
    assert len(found.entries.statuses) == 60
    not_done = [s for s in found.entries.statuses if s.state.value == "not_done"]
    assert len(not_done) == 4
    assert [str(w) for w in found.warnings] == [
        "таблиця 2: таблицю фінансування за регіонами не імпортовано: її суми не прив'язані "
        "до заходів; внесіть їх у рядки фінансування заходів"
    ]


def test_seed_000_structure_and_statuses_from_the_same_file(tmp_path, db):
    """The status report of seed 000 gives both: its program's tasks and measures, and the
    Луганська oblast's status texts for І квартал 2015 року."""
    rows = seed_000_rows()
    path = write_docx(rows, tmp_path / "Інформація за І квартал 2015.docx", header_rows=1)
    UnitStore(db).save(builtin_units())
    plan = plan_import(db, path, code="national-2015", title="Державна цільова соціальна програма")
    program = ProgramStore(db).load(apply_import(db, plan))
    assert len(program.all_tasks) == sum(1 for row in rows[1:] if row[0])
    measure_rows = [row for row in rows[1:] if row[1]]
    assert len(program.all_measures) == len(measure_rows)
    found = read_report(
        read_document(path), program, builtin_units(), "UA-09", Period.parse("2015-Q1")
    )
    # A row without a measure of its own continues the measure above it.
    expected: list[list[str]] = []
    for row in rows[1:]:
        if row[1]:
            expected.append([])
        if row[3] and expected:
            expected[-1].append(clean(row[3]))
    expected_texts = ["\n".join(texts) for texts in expected if texts]
    assert [status.text for status in found.entries.statuses] == expected_texts
    assert len(expected_texts) == 11
    assert all(status.unit_code == "UA-09" for status in found.entries.statuses)
    EntryStore(db).save(program, found.entries)
