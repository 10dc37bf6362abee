"""Structure edits, and deletes that undo puts back exactly, entries included."""

import pytest

from ctb_desktop.domain.interchange import entries_to_dict, program_to_dict
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Executor
from ctb_desktop.storage.database import DatabaseError
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.structure import StructureEditor

YEAR = Period.parse("2024-Y")


def _state(db, program_id):
    program = ProgramStore(db).load(program_id)
    entries = entries_to_dict(EntryStore(db).load(program, YEAR))
    return program_to_dict(program), sorted(
        entries["entries"], key=lambda e: (e["task"], e["measure"], e["unit"])
    )


def test_rename_renumber_and_executors(demo_db, demo_program):
    editor = StructureEditor(demo_db)
    measure = demo_program.find_measure("2.", "6)")
    editor.set_measure_value(measure.id, "title", "  нова назва  ")
    editor.set_measure_value(measure.id, "number", "6-1)")
    editor.set_measure_value(measure.id, "term", "2024-2025 роки")
    editor.set_task_value(demo_program.all_tasks[1].id, "title", "Посилення спроможності")
    editor.set_executors(
        measure.id, [Executor("Мінсоцполітики"), Executor("ГО «Ла Страда»", by_consent=True)]
    )
    loaded = ProgramStore(demo_db).load(demo_program.id)
    changed = loaded.find_measure("2.", "6-1)")
    assert (changed.title, changed.term) == ("нова назва", "2024-2025 роки")
    assert loaded.all_tasks[1].title == "Посилення спроможності"
    assert [e.label for e in changed.executors] == ["Мінсоцполітики", "ГО «Ла Страда» (за згодою)"]
    with pytest.raises(DatabaseError, match="не може бути порожньою"):
        editor.set_measure_value(measure.id, "title", " ")


def test_add_and_move_keep_the_order(demo_db, demo_program):
    editor = StructureEditor(demo_db)
    task = demo_program.all_tasks[0]
    new = editor.add_measure(task.id, 1, "1-1)", "новий захід")
    numbers = [m.number for m in ProgramStore(demo_db).load(demo_program.id).all_tasks[0].measures]
    assert numbers[:3] == ["1)", "1-1)", "2)"]
    assert editor.move_measure(new, 0) == 1
    numbers = [m.number for m in ProgramStore(demo_db).load(demo_program.id).all_tasks[0].measures]
    assert numbers[:3] == ["1-1)", "1)", "2)"]
    added = editor.add_task(demo_program.id, 7, "8.", "Нове завдання")
    assert editor.move_task(added, 0) == 7
    assert ProgramStore(demo_db).load(demo_program.id).all_tasks[0].title == "Нове завдання"


@pytest.mark.parametrize(
    ("kind", "task", "measure"), [("measure", "4.", "1)"), ("task", "2.", None)]
)
def test_delete_takes_entries_and_restore_puts_everything_back(
    demo_db, demo_program, kind, task, measure
):
    before = _state(demo_db, demo_program.id)
    editor = StructureEditor(demo_db)
    if kind == "measure":
        snapshot = editor.delete_measure(demo_program.find_measure(task, measure).id)
    else:
        snapshot = editor.delete_task(
            next(t for t in demo_program.all_tasks if t.number == task).id
        )
    assert snapshot.entries > 5  # the regions' lines went with it
    after = ProgramStore(demo_db).load(demo_program.id)
    assert len(after.all_measures) < 60
    assert demo_db.execute("PRAGMA foreign_key_check").fetchall() == []
    editor.restore(snapshot)
    assert _state(demo_db, demo_program.id) == before
    with pytest.raises(DatabaseError, match="вже видалено"):
        editor.delete_measure(999999)
