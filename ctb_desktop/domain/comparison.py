"""Field-by-field differences between two revisions of a unit's report: what the
oblast clerk reads before accepting a resubmission."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ctb_desktop.domain.entries import MeasureState, PeriodEntries, StatusEntry, UnitReport
from ctb_desktop.domain.fields import ACHIEVED, LINE_FIELDS, STATUS_FIELDS, Field, Kind
from ctb_desktop.domain.money import format_number, format_thousands_exact
from ctb_desktop.domain.program import FundingSource


@dataclass(frozen=True)
class Difference:
    unit_code: str
    place: str  # "захід 1 2", "захід 1 2, фінансування, рядок 1", "пропозиції"
    field: str  # the label of the field catalogue (domain/fields.py)
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.unit_code}, {self.place}, {self.field}: «{self.old}» → «{self.new}»"


def compare_entries(old: PeriodEntries, new: PeriodEntries) -> list[Difference]:
    """Every changed value, in the order of the newer revision, then what it dropped."""
    before = {_key(report): report for report in old.reports}
    after = {_key(report): report for report in new.reports}
    differences: list[Difference] = []
    for key in [*after, *(key for key in before if key not in after)]:
        differences += _report_differences(key, before.get(key), after.get(key))
    for unit in sorted(old.proposals.keys() | new.proposals.keys()):
        was, now = old.proposals.get(unit, ""), new.proposals.get(unit, "")
        if was != now:
            differences.append(Difference(unit, "пропозиції", "текст", was, now))
    return differences


def _key(report: UnitReport) -> tuple[str, str, str]:
    return report.unit_code, report.task_number, report.measure_number


def _report_differences(
    key: tuple[str, str, str], old: UnitReport | None, new: UnitReport | None
) -> list[Difference]:
    unit, task, measure = key
    place = f"захід {task} {measure}"
    old_status = old.status if old else None
    new_status = new.status if new else None
    found = [
        Difference(unit, place, title, old_value, new_value)
        for title, old_value, new_value in _status_changes(old_status, new_status)
    ]
    old_lines = old.financing if old else []
    new_lines = new.financing if new else []
    for index in range(max(len(old_lines), len(new_lines))):
        was = old_lines[index] if index < len(old_lines) else None
        now = new_lines[index] if index < len(new_lines) else None
        line_place = f"{place}, фінансування, рядок {index + 1}"
        found += [
            Difference(unit, line_place, field.heading, before, after)
            for field in LINE_FIELDS
            if (after := _show(getattr(now, field.key, None), field))
            != (before := _show(getattr(was, field.key, None), field))
        ]
    return found


def _status_changes(old: StatusEntry | None, new: StatusEntry | None) -> list[tuple[str, str, str]]:
    changes = [
        (field.label, _show(getattr(old, field.key, None)), _show(getattr(new, field.key, None)))
        for field in STATUS_FIELDS
    ]
    old_values = {value.indicator: value.value for value in (old.achieved if old else [])}
    new_values = {value.indicator: value.value for value in (new.achieved if new else [])}
    for indicator in [*new_values, *(name for name in old_values if name not in new_values)]:
        changes.append(
            (
                f"{ACHIEVED.label} «{indicator}»",
                _show(old_values.get(indicator)),
                _show(new_values.get(indicator)),
            )
        )
    return [change for change in changes if change[1] != change[2]]


def _show(value: object, field: Field | None = None) -> str:
    """A value as the clerk reads it: money in тис. грн as everywhere in the window
    («1234,5»), other numbers with a comma, states by name."""
    if value is None:
        return ""
    if field is not None and field.kind is Kind.MONEY and isinstance(value, Decimal):
        return format_thousands_exact(value)
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, MeasureState | FundingSource):
        return value.title
    return str(value)
