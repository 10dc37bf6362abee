"""The totals the app computes from the demo rows against every sub-total seed 003 prints.

The seed's rows and its printed totals disagree in one place: task 7 measure 5 is
printed as 142,4 тис. грн while "Разом за завданням 7" and "Разом по Програмі" were
added up with 142,0. The app's sum wins; KNOWN_SEED_ERRORS names that difference,
and the test fails if any other figure disagrees.
"""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from ctb_desktop.domain.entries import FinancingLine
from ctb_desktop.domain.money import format_thousands, from_thousands
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource
from ctb_desktop.domain.totals import Amounts, program_totals, split_by_source
from ctb_desktop.storage.datafiles import builtin_program, demo_entries

COLUMNS = ("planned_program", "planned_year", "financed", "cash")

# Section I of seed 003, тис. грн, exactly as printed ("" = an empty cell).
PRINTED = {
    "2.": {
        "state": ("101,0", "0,0", "0,0", "0,0"),
        "state_general": ("101,0", "0,0", "0,0", "0,0"),
        "state_special": ("0,0", "0,0", "0,0", "0,0"),
        "local": ("315,0", "170,7", "180,1", "136,9"),
        "other": ("50,0", "213,5", "267,5", "166,8"),
    },
    "3.": {"other": ("150,0", "0,0", "0,0", "0,0")},
    "4.": {
        "state": ("775,0", "0,0", "0,0", "0,0"),
        "state_general": ("775,0", "0,0", "0,0", "0,0"),
        "state_special": ("0,0", "0,0", "0,0", "0,0"),
        "local": ("1564,0", "485,3", "393,7", "271,4"),
        "other": ("209,0", "145,0", "144,26", "33,4"),
    },
    "6.": {
        "state": ("0,0", "0,0", "0,0", "0,0"),
        "state_general": ("0,0", "0,0", "0,0", "0,0"),
        "state_special": ("0,0", "0,0", "0,0", "0,0"),
        "local": ("0,0", "", "", ""),
        "other": ("100,0", "", "", ""),
    },
    "7.": {
        "state": ("142,0", "0,0", "0,0", "0,0"),
        "state_general": ("142,0", "0,0", "0,0", "0,0"),
        "state_special": ("0,0", "0,0", "0,0", "0,0"),
    },
    "program": {
        "total": ("3406,0", "1014,5", "985,6", "608,5"),
        "state": ("1018,0", "0,0", "0,0", "0,0"),
        "state_general": ("1018,0", "0,0", "0,0", "0,0"),
        "state_special": ("0,0", "0,0", "0,0", "0,0"),
        "local": ("1879,0", "656,0", "573,8", "408,3"),
        "other": ("509,0", "358,5", "411,8", "200,2"),
    },
}

# (block, row, column): (printed, what the rows add up to), both тис. грн.
KNOWN_SEED_ERRORS = {
    ("7.", "state", "planned_program"): ("142,0", "142,4"),
    ("7.", "state_general", "planned_program"): ("142,0", "142,4"),
    ("program", "total", "planned_program"): ("3406,0", "3406,4"),
    ("program", "state", "planned_program"): ("1018,0", "1018,4"),
    ("program", "state_general", "planned_program"): ("1018,0", "1018,4"),
}


@pytest.fixture(scope="module")
def totals():
    return program_totals(builtin_program(), demo_entries().financing)


def _at_printed_precision(value: Decimal | None, printed: str) -> str:
    """The computed amount in тис. грн, rounded as finely as the seed printed it."""
    places = len(printed.partition(",")[2]) or 1
    thousands = (value or Decimal(0)) / 1000
    quantum = Decimal(1).scaleb(-places)
    return f"{thousands.quantize(quantum, rounding=ROUND_HALF_UP):f}".replace(".", ",")


def test_every_printed_subtotal_matches_except_the_seeds_own_error(totals):
    differences = {}
    for block, rows in PRINTED.items():
        split = totals.program if block == "program" else totals.tasks[block]
        for row, printed_values in rows.items():
            amounts = getattr(split, row)
            for column, printed in zip(COLUMNS, printed_values, strict=True):
                computed = _at_printed_precision(getattr(amounts, column), printed or "0,0")
                expected = printed or "0,0"
                if from_thousands(computed) != from_thousands(expected):
                    differences[(block, row, column)] = (printed, computed)
    assert differences == KNOWN_SEED_ERRORS


def test_the_apps_sum_wins_in_the_program_total(totals):
    program = totals.program
    printed = [format_thousands(getattr(program.total, column)) for column in COLUMNS]
    assert printed == ["3406,4", "1014,5", "985,6", "608,5"]
    assert format_thousands(program.state.planned_program) == "1018,4"
    assert format_thousands(program.local.financed) == "573,8"
    assert format_thousands(program.other.financed) == "411,8"
    # Exact, not rounded, underneath: 267,5 + 144,26.
    assert program.other.financed == Decimal("411760.00")


def test_only_tasks_with_financing_get_a_block(totals):
    assert list(totals.tasks) == ["2.", "3.", "4.", "6.", "7."]


def _line(source, **amounts) -> FinancingLine:
    return FinancingLine("1.", "1)", "mspu", Period.parse("2024-Y"), source, **amounts)


def test_empty_cells_stay_empty_and_zero_stays_zero():
    split = split_by_source(
        [
            _line(FundingSource.LOCAL, planned_year=Decimal("0.00")),
            _line(FundingSource.LOCAL, financed=Decimal("10.00")),
        ]
    )
    assert split.local == Amounts(planned_year=Decimal("0.00"), financed=Decimal("10.00"))
    assert split.other == Amounts()
    assert split.state.planned_program is None


def test_a_line_without_source_counts_only_in_the_total():
    split = split_by_source(
        [
            _line(None, cash=Decimal("5.00")),
            _line(FundingSource.STATE_SPECIAL, cash=Decimal("7.00")),
        ]
    )
    assert split.total.cash == Decimal("12.00")
    assert split.state.cash == Decimal("7.00")
    assert split.by_source(FundingSource.STATE_SPECIAL).cash == Decimal("7.00")
    assert split.state_general.cash is None


def test_lines_of_unknown_tasks_are_not_silently_dropped():
    program = builtin_program()
    stray = FinancingLine("9.", "1)", "mspu", Period.parse("2024-Y"), FundingSource.LOCAL)
    with pytest.raises(KeyError, match=r"9\."):
        program_totals(program, [stray])
