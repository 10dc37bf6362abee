"""Money, counts, periods and the text rules of importing: any text gives a value or
the project's error."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.limits import MAX_YEAR, MIN_YEAR
from ctb_desktop.domain.money import (
    from_thousands,
    parse_amount,
    parse_number,
    parse_thousands,
    to_kopecks,
)
from ctb_desktop.domain.periods import Period, PeriodError
from ctb_desktop.domain.wording import shorten
from ctb_desktop.importers import text
from tests.property.strategies import any_text, number_text

PARSERS = (parse_number, parse_amount, parse_thousands, from_thousands)


@given(number_text)
def test_money_text_is_an_amount_or_an_amount_error(typed):
    for parse in PARSERS:
        try:
            value = parse(typed)
        except UserError as exc:
            message = str(exc)
        else:
            message = ""
            assert value is None or (isinstance(value, Decimal) and value.is_finite())
        assert len(message) < 400, "a quoted value is cut"
        if message:
            continue
        try:
            kopecks = to_kopecks(value)
        except UserError:
            continue
        assert kopecks is None or isinstance(kopecks, int)


@given(number_text)
def test_an_amount_cell_of_a_program_is_a_sum_words_or_an_amount_error(typed):
    try:
        amount, words = text.amount_or_words(typed)
    except UserError:
        return
    assert amount is None or amount.is_finite()
    assert isinstance(words, str)


@given(st.one_of(any_text, st.sampled_from(["2024-Q1", "2024-9M", " 0000-Y ", "99999-H1"])))
def test_a_period_code_is_a_period_or_a_period_error(code):
    try:
        period = Period.parse(code)
    except UserError as exc:
        message = str(exc)
    else:
        message = ""
        assert isinstance(period, Period)
        assert MIN_YEAR <= period.year <= MAX_YEAR
    assert len(message) < 400, "a quoted code is cut"


@pytest.mark.parametrize("code", [" 0000-Y ", "1999-Q1", "2101-H1"])
def test_a_period_outside_the_years_is_refused(code):
    with pytest.raises(PeriodError, match="поза допустимими межами"):
        Period.parse(code)


@given(any_text)
def test_the_text_rules_never_fail_on_a_cell(cell):
    cleaned = text.clean(cell)
    assert text.clean(cleaned) == cleaned
    text.one_line(cell)
    text.clean_term(cell)
    text.header_role(cell)
    text.split_heading(cell)
    for measure in text.split_measures(cell):
        assert isinstance(measure.text, str)
    for executor in text.split_executors(cell):
        assert executor.name.strip()


@given(st.lists(st.one_of(number_text, any_text), max_size=8))
def test_a_row_is_a_column_number_row_or_not(cells):
    assert text.is_column_number_row(cells) in (True, False)


@given(st.one_of(any_text, st.integers(), st.floats()), st.integers(min_value=2, max_value=200))
def test_a_quoted_value_fits_a_line(value, limit):
    quoted = shorten(value, limit)
    assert len(quoted) <= limit
    assert "\n" not in quoted
    quoted.encode("utf-8")  # printable: no lone surrogate
