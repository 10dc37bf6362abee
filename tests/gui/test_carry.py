"""«Скопіювати з попереднього періоду» from the window: said before it is done, and
across a year only the texts, sources and budget codes go into the new year."""

from decimal import Decimal

from ctb_desktop.domain.entries import FinancingLine, MeasureState
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource
from ctb_desktop.storage.editing import ReportEditor, ReportKey
from tests.gui.conftest import answer, choose, open_window

YEAR, Q1, H1 = (Period.parse(code) for code in ("2024-Y", "2025-Q1", "2025-H1"))


def _done_with_money(db, program):
    """2. 6) done in 2024 with counts and a financed line."""
    measure = program.find_measure("2.", "6)")
    editor = ReportEditor(db)
    key = ReportKey(measure.id, "mspu", YEAR)
    for line in editor.lines(key):
        editor.delete_line(key, line.id)
    editor.set_status_value(key, "state", MeasureState.DONE)
    editor.set_status_value(key, "text", "Проведено навчання для 40 фахівців")
    editor.set_status_value(key, "events_held", 4)
    line = FinancingLine(
        "2.", "6)", "mspu", YEAR, FundingSource.STATE_GENERAL, "державний бюджет",
        budget_holder="Мінсоцполітики", planned_program=Decimal("300000"),
        planned_year=Decimal("100000"), financed=Decimal("90000"), cash=Decimal("85000"),
        planned_next_year=Decimal("120000"), budget_program_code="2501030",
        budget_program_name="Соціальний захист",
    )  # fmt: skip
    editor.insert_line(key, line)
    return measure


def test_a_new_year_starts_from_last_years_words_never_its_sums(qtbot, demo_db, demo_program):
    measure = _done_with_money(demo_db, demo_program)
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, Q1.code)
    shown = answer(qtbot, "Скопіювати")
    window.carry_all_action.trigger()
    said = " ".join(shown)
    assert "перший звіт нового року" in said and "не копіюються" in said
    assert "«Виконано» стане «Виконується»" in said
    editor = ReportEditor(demo_db)
    key = ReportKey(measure.id, "mspu", Q1)
    assert editor.status_value(key, "state") is MeasureState.IN_PROGRESS
    assert editor.status_value(key, "text") == "Проведено навчання для 40 фахівців"
    assert editor.status_value(key, "events_held") is None
    [line] = [stored.line for stored in editor.lines(key)]
    assert (line.source, line.budget_holder) == (FundingSource.STATE_GENERAL, "Мінсоцполітики")
    assert (line.budget_program_code, line.budget_program_name) == ("2501030", "Соціальний захист")
    assert (line.financed, line.cash, line.planned_next_year) == (None, None, None)
    # Last year's plan for the next year is this year's plan; the program's plan stays.
    assert (line.planned_year, line.planned_program) == (Decimal("120000"), Decimal("300000"))
    # No achieved value of 2024 came into 2025.
    assert all(
        editor.achieved(key, indicator.id) is None
        for task in demo_program.all_tasks
        for m in task.measures
        for indicator in m.indicators
        for key in [ReportKey(m.id, "mspu", Q1)]
    )


def test_within_a_year_the_previous_report_is_copied_as_it_stands(qtbot, demo_db, demo_program):
    measure = demo_program.find_measure("2.", "6)")
    editor = ReportEditor(demo_db)
    q1 = ReportKey(measure.id, "mspu", Q1)
    editor.set_status_value(q1, "state", MeasureState.DONE)
    editor.set_status_value(q1, "text", "Зроблено")
    editor.set_status_value(q1, "events_held", 3)
    editor.insert_line(
        q1, FinancingLine("2.", "6)", "mspu", Q1, FundingSource.LOCAL, financed=Decimal("5000"))
    )
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, H1.code)
    shown = answer(qtbot, "Скопіювати")
    window.carry_all_action.trigger()
    assert "звіти в межах року наростають" in " ".join(shown)
    h1 = ReportKey(measure.id, "mspu", H1)
    assert editor.status_value(h1, "state") is MeasureState.DONE
    assert editor.status_value(h1, "events_held") == 3
    assert [stored.line.financed for stored in editor.lines(h1)] == [Decimal("5000")]


def test_the_first_period_says_there_is_nothing_to_copy(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, "2023-Q1")
    shown = answer(qtbot, "OK")
    window.carry_all_action.trigger()
    assert any("Нічого копіювати" in text and "перший" in text for text in shown)
    assert window.session.undo_stack.count() == 0
    assert "Скопійовано" not in window.statusBar().currentMessage()


def test_cancelling_the_question_copies_nothing(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, Q1.code)
    answer(qtbot, "Скасувати")
    window.carry_all_action.trigger()
    assert window.session.undo_stack.count() == 0
    assert window.fill_progress.value() == 0
