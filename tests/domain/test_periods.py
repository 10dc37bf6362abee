from datetime import date

import pytest

from ctb_desktop.domain.periods import Frequency, Period, PeriodError, PeriodKind, ReportingRule


@pytest.mark.parametrize(
    ("code", "title", "end"),
    [
        ("2015-Q1", "І квартал 2015 року", date(2015, 3, 31)),
        ("2024-H1", "І півріччя 2024 року", date(2024, 6, 30)),
        ("2024-9M", "9 місяців 2024 року", date(2024, 9, 30)),
        ("2024-Y", "2024 рік", date(2024, 12, 31)),
    ],
)
def test_periods_are_cumulative_and_named_as_in_the_seeds(code, title, end):
    period = Period.parse(code)
    assert period.code == code
    assert period.title == title
    assert period.start == date(period.year, 1, 1)
    assert period.end == end


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        ("2015-Q1", "у І кварталі 2015 року"),
        ("2024-H1", "у І півріччі 2024 року"),
        ("2024-9M", "за 9 місяців 2024 року"),
        ("2024-Y", "у 2024 році"),
    ],
)
def test_in_the_period_phrases(code, phrase):
    assert Period.parse(code).in_phrase == phrase


def test_heading_phrase_uses_cyrillic_i():
    phrase = Period.parse("2015-Q1").for_phrase
    assert phrase == "за І квартал 2015 року"
    assert "\u0406" in phrase and "I" not in phrase


@pytest.mark.parametrize("code", ["2024", "2024-Q2", "24-Y", "2024-y ", "2024-H2", ""])
def test_unknown_period_codes_are_refused(code):
    with pytest.raises(PeriodError, match="не є звітним періодом"):
        Period.parse(code)


def test_periods_sort_by_how_far_they_reach():
    codes = ["2024-Y", "2023-Y", "2024-Q1", "2024-9M", "2024-H1"]
    assert [p.code for p in sorted(map(Period.parse, codes))] == [
        "2023-Y",
        "2024-Q1",
        "2024-H1",
        "2024-9M",
        "2024-Y",
    ]


def test_quarterly_rule_due_on_the_20th_of_the_next_month():
    rule = ReportingRule(Frequency.QUARTERLY, 20)
    assert [p.code for p in rule.periods(2024)] == ["2024-Q1", "2024-H1", "2024-9M", "2024-Y"]
    assert rule.due_date(Period.parse("2024-Q1")) == date(2024, 4, 20)
    assert rule.due_date(Period.parse("2024-Y")) == date(2025, 1, 20)


def test_poltava_half_yearly_by_the_15th():
    """Seed 002: reports "щопівроку до 15 числа місяця наступного за звітним періодом"."""
    rule = ReportingRule(Frequency.HALF_YEARLY, 15)
    assert [p.code for p in rule.periods(2024)] == ["2024-H1", "2024-Y"]
    assert rule.due_date(Period.parse("2024-H1")) == date(2024, 7, 15)
    assert rule.due_date(Period.parse("2024-Y")) == date(2025, 1, 15)
    assert rule.description == "щопівроку до 15 числа місяця, наступного за звітним"


def test_yearly_by_25_december_of_the_same_year():
    """Seed 004: "раз у рік, до 25 грудня"."""
    rule = ReportingRule(Frequency.YEARLY, 25, due_month=12)
    assert rule.due_date(Period.parse("2022-Y")) == date(2022, 12, 25)
    assert rule.description == "щороку до 25 грудня"


def test_due_day_is_clamped_to_short_months():
    rule = ReportingRule(Frequency.YEARLY, 31, due_month=2)
    assert rule.due_date(Period.parse("2024-Y")) == date(2024, 2, 29)


def test_invalid_rules_are_refused():
    with pytest.raises(PeriodError):
        ReportingRule(Frequency.YEARLY, 0)
    with pytest.raises(PeriodError):
        ReportingRule(Frequency.YEARLY, 10, due_month=13)


def test_previous_period_follows_the_frequency():
    assert Period.parse("2024-H1").previous(Frequency.QUARTERLY) == Period.parse("2024-Q1")
    assert Period.parse("2024-Y").previous(Frequency.HALF_YEARLY) == Period(2024, PeriodKind.H1)
    assert Period.parse("2024-Q1").previous(Frequency.QUARTERLY) == Period.parse("2023-Y")
    assert Period.parse("2024-Y").previous(Frequency.YEARLY) == Period.parse("2023-Y")
