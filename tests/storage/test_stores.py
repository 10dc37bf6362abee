from decimal import Decimal

import pytest

from ctb_desktop.domain.entries import PeriodEntries
from ctb_desktop.domain.interchange import entries_to_dict, program_to_dict
from ctb_desktop.domain.periods import Period
from ctb_desktop.storage.database import DatabaseError
from ctb_desktop.storage.datafiles import builtin_program, builtin_units, demo_entries
from ctb_desktop.storage.demo import fill_demo
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore

YEAR = Period.parse("2024-Y")


def _key(entry):
    return (entry["task"], entry["measure"], entry["unit"])


def test_program_round_trips_through_the_database(db):
    program = builtin_program()
    program_id = ProgramStore(db).insert(program)
    loaded = ProgramStore(db).load(program_id)
    assert loaded == program
    assert program_to_dict(loaded) == program_to_dict(builtin_program())
    assert loaded.find_measure("4.", "1)").id is not None


def test_a_second_program_with_the_same_code_is_refused(db):
    ProgramStore(db).insert(builtin_program())
    with pytest.raises(DatabaseError, match="вже є в базі"):
        ProgramStore(db).insert(builtin_program())
    assert len(ProgramStore(db).list()) == 1


def test_unknown_program_id_names_the_known_ones(demo_db):
    with pytest.raises(DatabaseError, match=r"Програми з id 42 немає .* Наявні програми: 1"):
        ProgramStore(demo_db).load(42)


def test_demo_holds_the_program_the_units_and_the_2024_entries(demo_db, demo_program):
    (summary,) = ProgramStore(demo_db).list()
    assert (summary.tasks, summary.measures) == (7, 60)
    assert len(UnitStore(demo_db).list()) == len(builtin_units())
    loaded = entries_to_dict(EntryStore(demo_db).load(demo_program, YEAR))
    expected = entries_to_dict(demo_entries())
    assert sorted(loaded["entries"], key=_key) == sorted(expected["entries"], key=_key)
    assert loaded["proposals"] == expected["proposals"]
    assert loaded["proposals"][0]["text"].startswith("Пропонується продовжити виконання")
    assert EntryStore(demo_db).periods_with_entries(demo_program) == [YEAR]


def test_money_survives_storage_exactly(demo_db, demo_program):
    lines = EntryStore(demo_db).load(demo_program, YEAR).financing
    khmelnytskyi = next(
        line for line in lines if line.unit_code == "UA-68" and line.task_number == "4."
    )
    assert khmelnytskyi.financed == Decimal("69560.00")
    assert khmelnytskyi.planned_program is None


def test_demo_refuses_a_database_with_data_unless_forced(demo_db):
    with pytest.raises(DatabaseError, match="--force"):
        fill_demo(demo_db)
    fill_demo(demo_db, force=True)
    assert len(ProgramStore(demo_db).list()) == 1


def test_saving_a_report_replaces_only_that_units_report(demo_db, demo_program):
    store = EntryStore(demo_db)
    original = store.load(demo_program, YEAR)
    volyn = [r for r in original.reports if r.unit_code == "UA-07" and r.task_number == "4."]
    volyn[0].financing[0].financed = Decimal("17000.00")
    store.save(demo_program, PeriodEntries(demo_program.code, YEAR, volyn))
    reloaded = store.load(demo_program, YEAR)
    assert len(reloaded.financing) == len(original.financing)
    changed = [line for line in reloaded.financing if line.financed == Decimal("17000.00")]
    assert [(line.unit_code, line.task_number) for line in changed] == [("UA-07", "4.")]


def test_a_bad_report_writes_nothing(demo_db, demo_program):
    store = EntryStore(demo_db)
    entries = demo_entries()
    entries.reports[0].status.text = "змінено"
    entries.reports[-1].status.achieved[0].indicator = "показник, якого немає"
    with pytest.raises(DatabaseError, match="не має показника «показник, якого немає»"):
        store.save(demo_program, entries)
    first = store.load(demo_program, YEAR).reports[0]
    assert first.status.text != "змінено"


def test_reports_for_unknown_measures_or_units_are_refused(demo_db, demo_program):
    entries = demo_entries()
    entries.reports[0].measure_number = "99)"
    with pytest.raises(DatabaseError, match=r"немає заходу «1\. 99\)»"):
        EntryStore(demo_db).save(demo_program, entries)
    entries = demo_entries()
    for line in entries.reports[1].financing:
        line.unit_code = "UA-99"
    entries.reports[1].unit_code = "UA-99"
    with pytest.raises(DatabaseError, match="немає: UA-99"):
        EntryStore(demo_db).save(demo_program, entries)


def test_units_are_updated_by_code(db):
    UnitStore(db).save(builtin_units())
    renamed = builtin_units()[:2]
    renamed[1].short_name = "Вінницька ОДА"
    UnitStore(db).save(renamed)
    units = UnitStore(db).list()
    assert len(units) == len(builtin_units())
    assert units[1].short_name == "Вінницька ОДА"
    assert units[1].parent_code == "mspu"
