"""The period's financing sub-totals summed by the database are what summing the loaded
lines gives, for a unit and the units under it, the unit's own lines apart."""

from decimal import Decimal

from ctb_desktop.domain.entries import FinancingLine
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource
from ctb_desktop.domain.totals import split_by_source
from ctb_desktop.domain.units import subtree_codes
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.units import UnitStore

YEAR = Period.parse("2024-Y")


def _expected(entries, scope, unit, measure):
    def block(lines):
        return split_by_source(lines) if lines else None

    mine = [
        line
        for line in entries.financing
        if (line.task_number, line.measure_number) == measure and line.unit_code in scope
    ]
    return (
        block([line for line in mine if line.unit_code == unit]),
        block([line for line in mine if line.unit_code != unit]),
    )


def test_sums_by_measure_own_and_others(demo_db, demo_program):
    store = EntryStore(demo_db)
    units = UnitStore(demo_db).list()
    # A line without a source and one with an empty column: counted as the loader counts.
    task = demo_program.all_tasks[0]
    measure = task.measures[0]
    entries = store.load(demo_program, YEAR)
    report = next(r for r in entries.reports if r.measure_number == measure.reference
                  and r.task_number == task.number)  # fmt: skip
    report.financing.append(
        FinancingLine(
            task.number, measure.reference, report.unit_code, YEAR, None, financed=Decimal("12.34")
        )
    )
    report.financing.append(
        FinancingLine(
            task.number,
            measure.reference,
            report.unit_code,
            YEAR,
            FundingSource.OTHER,
            cash=Decimal("0.01"),
        )
    )
    store.save(demo_program, entries)
    entries = store.load(demo_program, YEAR)
    checked = 0
    for unit in {units[0].code, report.unit_code, units[-1].code}:
        scope = subtree_codes(units, unit)
        sums = store.financing_sums(demo_program, YEAR, unit)
        for each in demo_program.all_tasks:
            for measure in each.measures:
                expected = _expected(entries, scope, unit, (each.number, measure.reference))
                assert sums.get(measure.id, (None, None)) == expected
                one = store.financing_sums(demo_program, YEAR, unit, measure.id)
                assert one.get(measure.id, (None, None)) == expected
                checked += expected != (None, None)
    assert checked > 5


def test_one_units_reports(demo_db, demo_program):
    store = EntryStore(demo_db)
    entries = store.load(demo_program, YEAR)
    unit = entries.reports[-1].unit_code
    mine = store.load(demo_program, YEAR, unit=unit)
    assert mine.reports == [r for r in entries.reports if r.unit_code == unit]
    assert mine.reports
