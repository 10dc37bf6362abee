"""The session keeps the chosen unit's reports of the chosen period in memory: after
every kind of edit, undo and redo, and after a write nobody announced, what it holds and
the totals it gives are exactly what reading the database afresh gives."""

from decimal import Decimal

from ctb_desktop.domain.entries import FinancingLine, MeasureState
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource
from ctb_desktop.domain.totals import program_totals
from ctb_desktop.domain.units import subtree_codes
from ctb_desktop.gui.commands import AddLine, SetLineField, SetStatusField
from ctb_desktop.gui.session import ReportSession
from ctb_desktop.storage.editing import ReportKey
from ctb_desktop.storage.entries import EntryStore

YEAR = Period.parse("2024-Y")


def _same_as_stored(session: ReportSession) -> None:
    fresh = EntryStore(session.db).load(session.program, session.period)
    own = [report for report in fresh.reports if report.unit_code == session.unit_code]
    assert session.unit_entries().reports == own
    for report in own:
        assert session.report(report.task_number, report.measure_number) == report
    scope = subtree_codes(session.units, session.unit_code)
    expected = program_totals(
        session.program, [line for line in fresh.financing if line.unit_code in scope]
    )
    for task in session.program.all_tasks:
        task_split, program_split = session.totals(task.number)
        assert task_split == expected.tasks.get(task.number)
        assert program_split == expected.program


def test_kept_period_follows_edits_undo_and_unannounced_writes(qtbot, demo_db, demo_program):
    session = ReportSession(demo_db)
    unit = session.units[3].code  # an oblast: its reports sit among the others'
    session.choose(demo_program.id, unit, YEAR)
    _same_as_stored(session)
    stored = session.unit_entries()
    # A measure nobody has reported on: its first report is inserted in program order.
    empty = next(
        measure
        for measure in demo_program.all_measures
        if not any(
            report.unit_code == unit
            and report.measure_number == measure.reference
            and report.task_number == demo_program.task_of(measure).number
            for report in EntryStore(demo_db).load(demo_program, YEAR).reports
        )
    )
    key = session.key(empty)
    session.push(SetStatusField(session, key, "state", MeasureState.DONE))
    line = FinancingLine(
        demo_program.task_of(empty).number, empty.reference, unit, YEAR, FundingSource.LOCAL
    )
    session.push(AddLine(session, key, line, 0))
    session.push(SetLineField(session, key, 0, "cash", Decimal("1234.50")))
    _same_as_stored(session)
    session.undo_stack.undo()
    _same_as_stored(session)
    session.undo_stack.undo()
    session.undo_stack.undo()
    _same_as_stored(session)
    session.undo_stack.redo()
    _same_as_stored(session)
    redone = session.report(demo_program.task_of(empty).number, empty.reference)
    assert redone.status.state is MeasureState.DONE and not redone.financing
    assert session.unit_entries() is stored  # kept and brought up to date, never read again
    # Written behind the session's back: read again.
    demo_db.execute("DELETE FROM financing_entry WHERE cash IS NOT NULL AND rowid IN "
                    "(SELECT rowid FROM financing_entry LIMIT 1)")  # fmt: skip
    _same_as_stored(session)


def test_totals_follow_edits_of_the_units_under_the_chosen_one(qtbot, demo_db, demo_program):
    """The chosen unit's sub-totals count the units under it: an edit of one of theirs
    (an undo after switching units does that) is summed in as well."""
    session = ReportSession(demo_db)
    top = session.units[0].code
    under = next(
        unit.code for unit in session.units[1:] if unit.code in subtree_codes(session.units, top)
    )
    session.choose(demo_program.id, top, YEAR)
    _same_as_stored(session)
    measure = demo_program.all_measures[0]
    key = ReportKey(measure.id, under, YEAR)
    line = FinancingLine(demo_program.task_of(measure).number, measure.reference, under, YEAR,
                         FundingSource.STATE_GENERAL)  # fmt: skip
    session.push(AddLine(session, key, line, 0))
    session.push(SetLineField(session, key, 0, "financed", Decimal("5000.25")))
    _same_as_stored(session)
    session.undo_stack.undo()
    _same_as_stored(session)


def test_the_reports_of_some_units_are_read_for_those_units_only(qtbot, demo_db, demo_program):
    """What the import wizard compares a file with: the file's units' reports as stored
    (the chosen unit's from memory), never the whole period's."""
    session = ReportSession(demo_db)
    session.choose(demo_program.id, session.units[3].code, YEAR)
    stored = EntryStore(demo_db).load(demo_program, YEAR).reports
    reporting = sorted({report.unit_code for report in stored} - {session.unit_code})
    assert session.unit_code in {report.unit_code for report in stored} and len(reporting) > 1
    wanted = {session.unit_code, reporting[0], "немає-такого"}
    got = session.entries_of(wanted).reports
    assert {report.unit_code for report in got} == wanted - {"немає-такого"}
    assert sorted(got, key=_place) == sorted(
        (report for report in stored if report.unit_code in wanted), key=_place
    )
    assert session.entries_of(set()).reports == []


def _place(report):
    return report.unit_code, report.task_number, report.measure_number
