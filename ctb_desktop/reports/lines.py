"""Financing lines as report tables order and label them (seed 003, section I).

Within a measure the lines go by source (none, state, local, other), the reporting
unit's own lines first, then the units under it in reference-list order, so that
per-region sub-rows follow their measure's main row as the seed prints them.
"""

from __future__ import annotations

from collections.abc import Iterable

from ctb_desktop.domain.entries import FinancingLine
from ctb_desktop.domain.program import FundingSource, Measure
from ctb_desktop.domain.units import ReportingUnit

_SOURCE_ORDER = {
    None: 0,
    FundingSource.STATE_GENERAL: 1,
    FundingSource.STATE_SPECIAL: 2,
    FundingSource.LOCAL: 3,
    FundingSource.OTHER: 4,
}


def ordered_lines(
    lines: Iterable[FinancingLine], own_unit: str, units: list[ReportingUnit]
) -> list[FinancingLine]:
    unit_order = {unit.code: i for i, unit in enumerate(units)}
    indexed = list(enumerate(lines))
    indexed.sort(
        key=lambda item: (
            _SOURCE_ORDER[item[1].source],
            item[1].unit_code != own_unit,
            unit_order.get(item[1].unit_code, len(unit_order)),
            item[0],
        )
    )
    return [line for _, line in indexed]


def budget_holder(
    line: FinancingLine,
    measure: Measure,
    *,
    own_unit: str,
    first_own_line: bool,
    short_names: dict[str, str],
) -> str:
    """What the holder column prints: the line's own text if given; for the reporting
    unit's first line, the measure's executors; for a unit under it, its short name."""
    if line.budget_holder:
        return line.budget_holder
    if line.unit_code == own_unit:
        return "\n".join(executor.label for executor in measure.executors) if first_own_line else ""
    return short_names.get(line.unit_code, line.unit_code)
