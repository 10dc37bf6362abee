import dataclasses
import sqlite3
from decimal import Decimal

import pytest

from ctb_desktop.domain.carrying import carried_line, carried_status
from ctb_desktop.domain.entries import (
    IndicatorValue,
    MeasureState,
    PeriodEntries,
    StatusEntry,
    UnitReport,
)
from ctb_desktop.domain.interchange import entries_to_dict
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource
from ctb_desktop.storage.carry import CarryResult, carry_forward
from ctb_desktop.storage.database import DatabaseError
from ctb_desktop.storage.entries import EntryStore
from tests.reported import YEAR, line, status

Q1 = Period.parse("2025-Q1")


def _reports(db, program, period, unit):
    return {
        (report.task_number, report.measure_number): report
        for report in EntryStore(db).load(program, period).reports
        if report.unit_code == unit
    }


def _snapshot(db, program):
    store = EntryStore(db)
    return [entries_to_dict(store.load(program, period)) for period in (YEAR, Q1)]


def _moved(item, period=Q1):
    """The source entry as it should read in the target period (YEAR → Q1 crosses a
    year: domain/carrying.py drops the sums, counts and achieved values)."""
    if isinstance(item, StatusEntry):
        return carried_status(item, period)
    return carried_line(item, period)


def _save(db, program, period, *reports):
    EntryStore(db).save(program, PeriodEntries(program.code, period, list(reports)))


def test_the_ministrys_whole_report_is_carried_to_the_next_period(demo_db, demo_program):
    source = _reports(demo_db, demo_program, YEAR, "mspu")
    assert len(source) == 60

    result = carry_forward(demo_db, demo_program, "mspu", YEAR, Q1)

    assert result == CarryResult(statuses=60, achieved=0, lines=14, skipped=0)
    target = _reports(demo_db, demo_program, Q1, "mspu")
    assert target.keys() == source.keys()
    for key, report in source.items():
        assert target[key].status == _moved(report.status), key
        assert target[key].financing == [_moved(row) for row in report.financing], key
    # Other units and the source period are untouched.
    assert {r.unit_code for r in EntryStore(demo_db).load(demo_program, Q1).reports} == {"mspu"}
    assert _reports(demo_db, demo_program, YEAR, "mspu") == source


def test_a_second_copy_finds_nothing_to_do(demo_db, demo_program):
    carry_forward(demo_db, demo_program, "mspu", YEAR, Q1)
    before = _snapshot(demo_db, demo_program)

    assert carry_forward(demo_db, demo_program, "mspu", YEAR, Q1) == CarryResult(skipped=60)
    assert _snapshot(demo_db, demo_program) == before


def test_what_the_clerk_typed_is_kept_and_only_gaps_are_filled(demo_db, demo_program):
    source = _reports(demo_db, demo_program, YEAR, "mspu")
    counted = dataclasses.replace(
        source[("1.", "1)")].status, events_held=3, people_reached=120, victims_identified=1
    )
    _save(demo_db, demo_program, YEAR, dataclasses.replace(source[("1.", "1)")], status=counted))
    share = source[("1.", "7)")].status.achieved[1].indicator
    _save(
        demo_db,
        demo_program,
        Q1,
        # Text typed: kept with its state; the missing indicator value is still added.
        UnitReport(
            "1.",
            "7)",
            "mspu",
            status(
                "1.",
                "7)",
                "mspu",
                Q1,
                state=MeasureState.DONE,
                text="Постанову прийнято",
                achieved=[IndicatorValue(share, Decimal(55))],
            ),
        ),
        # A status without text (the form creates one on the first edit): the text is
        # filled in, its state and counts stay.
        UnitReport("1.", "2)", "mspu", status("1.", "2)", "mspu", Q1, text=" ", people_reached=7)),
    )

    result = carry_forward(demo_db, demo_program, "mspu", YEAR, Q1)

    assert result == CarryResult(statuses=59, achieved=0, lines=14, skipped=1)
    target = _reports(demo_db, demo_program, Q1, "mspu")
    typed = target[("1.", "7)")].status
    assert (typed.state, typed.text) == (MeasureState.DONE, "Постанову прийнято")
    # Last year's achieved values never come into the new year.
    assert typed.achieved == [IndicatorValue(share, Decimal(55))]
    filled = target[("1.", "2)")].status
    assert (filled.state, filled.people_reached) == (MeasureState.NOT_STARTED, 7)
    assert filled.text == source[("1.", "2)")].status.text
    assert filled.achieved == []
    # A new year's status starts without last year's counts.
    assert target[("1.", "1)")].status == _moved(counted)
    assert target[("1.", "1)")].status.events_held is None


def test_an_indicator_value_typed_before_any_status_is_kept(demo_db, demo_program):
    indicator = demo_program.find_measure("1.", "1)").indicators[0]
    demo_db.execute(
        "INSERT INTO indicator_result (indicator_id, unit_id, year, period, value) "
        "SELECT ?, id, 2025, 'Q1', '4' FROM unit WHERE code = 'mspu'",
        (indicator.id,),
    )

    result = carry_forward(demo_db, demo_program, "mspu", YEAR, Q1, {("1.", "1)")})

    assert result == CarryResult(statuses=1)
    kept = _reports(demo_db, demo_program, Q1, "mspu")[("1.", "1)")].status
    assert kept.achieved == [IndicatorValue(indicator.name, Decimal(4))]


def test_lines_are_copied_only_where_the_target_has_none(demo_db, demo_program):
    source = _reports(demo_db, demo_program, YEAR, "UA-07")
    assert sorted(source) == [("2.", "1)"), ("4.", "1)")]
    # Every column filled, so the copy is seen to take them all.
    full = dataclasses.replace(
        source[("2.", "1)")].financing[0],
        planned_program=Decimal("1.5"),
        planned_next_year=Decimal(9000),
    )
    second = dataclasses.replace(full, source=None, source_text="", budget_holder=None)
    _save(demo_db, demo_program, YEAR, UnitReport("2.", "1)", "UA-07", financing=[full, second]))
    typed = line("4.", "1)", period=Q1, source=FundingSource.OTHER, financed=Decimal(1000))
    _save(demo_db, demo_program, Q1, UnitReport("4.", "1)", "UA-07", financing=[typed]))

    result = carry_forward(demo_db, demo_program, "UA-07", YEAR, Q1)

    assert result == CarryResult(lines=2, skipped=1)
    target = _reports(demo_db, demo_program, Q1, "UA-07")
    assert target[("2.", "1)")].financing == [_moved(full), _moved(second)]
    assert target[("2.", "1)")].status is None
    assert target[("4.", "1)")].financing == [typed]


def test_measure_keys_limit_the_copy(demo_db, demo_program):
    keys = {("4.", "1)"), ("1.", "1)")}

    result = carry_forward(demo_db, demo_program, "mspu", YEAR, Q1, keys)

    assert result == CarryResult(statuses=2, achieved=0, lines=2)
    assert _reports(demo_db, demo_program, Q1, "mspu").keys() == keys
    with pytest.raises(DatabaseError, match=r"немає заходів «9\. 1\)»"):
        carry_forward(demo_db, demo_program, "mspu", YEAR, Q1, {("1.", "2)"), ("9.", "1)")})
    assert _reports(demo_db, demo_program, Q1, "mspu").keys() == keys


@pytest.mark.parametrize(("source", "target"), [(Q1, YEAR), (YEAR, YEAR)])
def test_copying_goes_only_forward(demo_db, demo_program, source, target):
    before = _snapshot(demo_db, demo_program)
    with pytest.raises(DatabaseError, match="Копіювати можна лише з попереднього періоду"):
        carry_forward(demo_db, demo_program, "mspu", source, target)
    assert _snapshot(demo_db, demo_program) == before


def test_an_unknown_unit_is_refused(demo_db, demo_program):
    with pytest.raises(DatabaseError, match=r"звітуючих органів .* немає: UA-99"):
        carry_forward(demo_db, demo_program, "UA-99", YEAR, Q1)
    assert EntryStore(demo_db).periods_with_entries(demo_program) == [YEAR]


class _FailingConnection:
    """The real connection, except that the disk gives out after the first write."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self.writes = 0

    def execute(self, sql: str, parameters=()):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            self.writes += 1
            if self.writes > 1:
                raise sqlite3.OperationalError("disk I/O error")
        return self._connection.execute(sql, parameters)

    def __getattr__(self, name):
        return getattr(self._connection, name)


def test_a_failure_midway_writes_nothing(demo_db, demo_program, monkeypatch):
    before = _snapshot(demo_db, demo_program)
    failing = _FailingConnection(demo_db.connection)
    monkeypatch.setattr(demo_db, "connection", failing)

    with pytest.raises(DatabaseError, match="помилка читання або запису диска"):
        carry_forward(demo_db, demo_program, "mspu", YEAR, Q1)

    assert failing.writes == 2
    monkeypatch.undo()
    assert _snapshot(demo_db, demo_program) == before
    assert EntryStore(demo_db).periods_with_entries(demo_program) == [YEAR]
