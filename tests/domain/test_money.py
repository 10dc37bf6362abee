from decimal import Decimal

import pytest

from ctb_desktop.domain.money import (
    NBSP,
    AmountError,
    canonical_number,
    format_hryvnias,
    format_thousands,
    format_thousands_exact,
    from_kopecks,
    from_thousands,
    parse_amount,
    parse_number,
    parse_thousands,
    to_kopecks,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,5", Decimal("1234.5")),
        ("1234.5", Decimal("1234.5")),
        ("8400", Decimal("8400")),
        (f"1{NBSP}234{NBSP}567,89", Decimal("1234567.89")),
        ("  -12,30 ", Decimal("-12.30")),
        ("0,00", Decimal("0.00")),
    ],
)
def test_parse_amount_reads_what_clerks_type(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "-", "–", "—"])
def test_empty_cell_and_dash_are_no_amount(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12,3,4", "забагато роздільників"),
        ("1.234,5", "забагато роздільників"),
        ("abc", "не є числом"),
        ("12 грн", "не є числом"),
        ("1,005", "не більше двох знаків"),
    ],
)
def test_malformed_amounts_are_refused_in_ukrainian(text, message):
    with pytest.raises(AmountError, match=message):
        parse_amount(text)


def test_indicator_numbers_may_have_more_decimals_than_money():
    assert parse_number("33,333") == Decimal("33.333")
    assert canonical_number(parse_number("21 769")) == "21769"
    assert canonical_number(parse_number("8 814,50")) == "8814.5"


def test_thousands_round_trip_is_exact():
    assert from_thousands("69,56") == Decimal("69560.00")
    assert from_thousands("-") is None
    assert to_kopecks(Decimal("69560.00")) == 6956000
    assert from_kopecks(6956000) == Decimal("69560.00")
    assert to_kopecks(None) is None and from_kopecks(None) is None


def test_fractions_of_a_kopeck_cannot_be_stored():
    with pytest.raises(AmountError):
        to_kopecks(Decimal("0.005"))


@pytest.mark.parametrize(
    ("hryvnias", "expected"),
    [
        ("3406000", "3406,0"),
        ("985560", "985,6"),  # seed 003 prints 411,76 + 573,8 as 985,6
        ("144260", "144,3"),
        ("50", "0,1"),  # half-up, not banker's rounding
        ("49.99", "0,0"),
        ("0", "0,0"),
        ("-1500", "-1,5"),
    ],
)
def test_thousands_format_is_the_seed_format(hryvnias, expected):
    assert format_thousands(Decimal(hryvnias)) == expected


def test_thousands_separator_is_optional_and_non_breaking():
    assert format_thousands(Decimal("1234567000"), thousands=NBSP) == f"1{NBSP}234{NBSP}567,0"
    assert format_thousands(None) == "-"
    assert format_thousands(None, empty="") == ""


def test_hryvnias_are_printed_without_rounding():
    assert format_hryvnias(Decimal("8400")) == "8400"
    assert format_hryvnias(Decimal("23960.5")) == "23960,50"
    assert format_hryvnias(Decimal("23960"), thousands=" ") == "23 960"
    assert format_hryvnias(None) == ""


@pytest.mark.parametrize(
    ("typed", "hryvnias", "shown"),
    [
        ("69,56", "69560.00", "69,56"),
        ("1 234,5", "1234500.00", "1234,5"),
        ("1234.5", "1234500.00", "1234,5"),
        ("0,00001", "0.01", "0,00001"),
        ("14,8", "14800.00", "14,8"),
        ("0", "0.00", "0,0"),
    ],
)
def test_thousands_entry_is_exact_both_ways(typed, hryvnias, shown):
    amount = parse_thousands(typed)
    assert amount == Decimal(hryvnias)
    assert format_thousands_exact(amount) == shown
    assert parse_thousands(format_thousands_exact(amount)) == amount


def test_thousands_entry_refuses_fractions_of_a_kopeck():
    with pytest.raises(AmountError, match="п'яти знаків"):
        parse_thousands("0,000001")
    assert parse_thousands(" - ") is None
    assert format_thousands_exact(None) == ""
