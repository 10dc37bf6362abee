"""Single-field edits: each committed at once, each readable back for undo."""

import sqlite3
from decimal import Decimal

import pytest

from ctb_desktop.domain.entries import FinancingLine, MeasureState
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource
from ctb_desktop.storage.database import DatabaseError
from ctb_desktop.storage.editing import ReportEditor, ReportKey

Q1 = Period.parse("2025-Q1")


@pytest.fixture
def key(demo_program):
    return ReportKey(demo_program.find_measure("2.", "6)").id, "UA-21", Q1)


def _line(**amounts):
    return FinancingLine("", "", "UA-21", Q1, FundingSource.LOCAL, "місцеві бюджети", **amounts)


def test_status_is_created_on_first_edit_and_committed_at_once(demo_db, db_path, key):
    editor = ReportEditor(demo_db)
    assert editor.status_value(key, "text") is None
    editor.set_status_value(key, "text", "Проведено 3 тренінги")
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT state, text FROM status_entry WHERE year = 2025").fetchall() == [
        ("not_started", "Проведено 3 тренінги")
    ]
    other.close()
    editor.set_status_value(key, "state", MeasureState.DONE)
    editor.set_status_value(key, "people_reached", 120)
    assert editor.status_value(key, "state") is MeasureState.DONE
    assert editor.status_value(key, "people_reached") == 120
    with pytest.raises(DatabaseError, match="невід'ємним"):
        editor.set_status_value(key, "events_held", -1)


def test_achieved_values_set_and_cleared(demo_db, demo_program, key):
    editor = ReportEditor(demo_db)
    indicator = demo_program.find_measure("2.", "6)").indicators[1]
    editor.set_achieved(key, indicator.id, Decimal("21769"))
    assert editor.achieved(key, indicator.id) == Decimal("21769")
    # The value belongs to a status, so whole-report reads see it.
    assert editor.status_value(key, "state") is MeasureState.NOT_STARTED
    editor.set_achieved(key, indicator.id, None)
    assert editor.achieved(key, indicator.id) is None


def test_lines_insert_edit_delete_and_reinsert_where_they_were(demo_db, key):
    editor = ReportEditor(demo_db)
    first = editor.insert_line(key, _line(planned_year=Decimal("14800.00")))
    third = editor.insert_line(key, _line(financed=Decimal("3.50")))
    second = editor.insert_line(key, _line(cash=Decimal("1.00")), position=1)
    assert [stored.id for stored in editor.lines(key)] == [first, second, third]
    editor.set_line_value(second, "cash", Decimal("2.25"))
    editor.set_line_value(second, "budget_program_code", "0813122")
    assert editor.line_value(second, "cash") == Decimal("2.25")
    removed, position = editor.delete_line(key, second)
    assert position == 1 and removed.cash == Decimal("2.25")
    assert [stored.position for stored in editor.lines(key)] == [0, 1]
    back = editor.insert_line(key, removed, position)
    lines = editor.lines(key)
    assert [stored.id for stored in lines] == [first, back, third]
    assert lines[1].line.budget_program_code == "0813122"
    editor.delete_line(key, third)
    with pytest.raises(DatabaseError, match="вже видалено"):
        editor.set_line_value(third, "cash", Decimal(1))


def test_unknown_unit_is_named(demo_db, key):
    editor = ReportEditor(demo_db)
    with pytest.raises(DatabaseError, match="«UA-99»"):
        editor.set_status_value(ReportKey(key.measure_id, "UA-99", Q1), "text", "x")
