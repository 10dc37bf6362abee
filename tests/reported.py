"""What a unit reports, built for tests: a status or a financing line of one measure,
with its place (task, measure, unit, period) defaulting to the 2024 annual report of
UA-07 on measure 1. 1) so a test names only what it is about."""

from __future__ import annotations

from ctb_desktop.domain.entries import FinancingLine, StatusEntry
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource

YEAR = Period.parse("2024-Y")
UNIT = "UA-07"


def status(
    task: str = "1.", measure: str = "1)", unit: str = UNIT, period: Period = YEAR, **fields
) -> StatusEntry:
    return StatusEntry(task, measure, unit, period, **fields)


def line(
    task: str = "1.",
    measure: str = "1)",
    unit: str = UNIT,
    period: Period = YEAR,
    source: FundingSource | None = FundingSource.LOCAL,
    **fields,
) -> FinancingLine:
    return FinancingLine(task, measure, unit, period, source, **fields)
