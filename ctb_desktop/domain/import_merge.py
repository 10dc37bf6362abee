"""A filled report imported over a period that already has typed entries: what would
change, field by field, and the entries to write for the clerk's choice.

The default keeps what the clerk typed: the file only fills what is empty. «Взяти з
файлу» for a measure takes the file's values, and only then does an empty cell of the
file clear a typed value; the preview lists every such change (old → new) first.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ctb_desktop.domain import fields
from ctb_desktop.domain.entries import (
    FinancingLine,
    MeasureState,
    PeriodEntries,
    StatusEntry,
    UnitReport,
)

Key = tuple[str, str, str]  # (task number, measure number, unit code)
EMPTY = "(порожньо)"
_STATUS_VALUES = (fields.STATE, fields.TEXT, *fields.COUNT_FIELDS)
_LINE_VALUES = tuple(f for f in fields.LINE_FIELDS if f is not fields.SOURCE_TEXT)


@dataclass(frozen=True)
class Change:
    """One value the import would set: `old` typed, `new` from the file."""

    label: str
    old: str
    new: str
    # A typed value the file would replace or clear: kept unless the clerk chooses.
    replaces_typed: bool

    def __str__(self) -> str:
        return f"{self.label}: {self.old} → {self.new}"


@dataclass
class MeasureMerge:
    key: Key
    mine: UnitReport | None
    theirs: UnitReport
    changes: list[Change] = field(default_factory=list)

    @property
    def conflicts(self) -> list[Change]:
        """The changes that would replace or clear what the clerk typed."""
        return [change for change in self.changes if change.replaces_typed]

    def merged(self, take_file: bool) -> UnitReport:
        """The report to write: the file's when chosen, else the clerk's with its empty
        values filled from the file."""
        if take_file or self.mine is None:
            return self.theirs
        mine, theirs = self.mine, self.theirs
        return UnitReport(
            *self.key,
            status=_fill_status(mine.status, theirs.status),
            financing=_fill_lines(mine.financing, theirs.financing),
        )


def _empty(value: object) -> bool:
    return (
        value is None
        or value == ""
        or value is MeasureState.NOT_STARTED
        or (isinstance(value, str) and not value.strip())
    )


def _fill_status(mine: StatusEntry | None, theirs: StatusEntry | None) -> StatusEntry | None:
    if mine is None or theirs is None:
        return mine or theirs
    filled = dataclasses.replace(
        mine,
        **{
            f.key: getattr(theirs, f.key)
            for f in _STATUS_VALUES
            if _empty(getattr(mine, f.key)) and not _empty(getattr(theirs, f.key))
        },
    )
    typed = {value.indicator for value in mine.achieved}
    filled.achieved = list(mine.achieved) + [
        value for value in theirs.achieved if value.indicator not in typed
    ]
    return filled


def _fill_lines(mine: list[FinancingLine], theirs: list[FinancingLine]) -> list[FinancingLine]:
    """The clerk's lines, each with its empty cells filled from the file's line at the
    same place when that line is for the same source; no lines when none were typed."""
    if not mine:
        return list(theirs)
    result = []
    for position, typed in enumerate(mine):
        other = theirs[position] if position < len(theirs) else None
        line = typed
        if other is not None and other.source == typed.source:
            line = dataclasses.replace(
                typed,
                **{
                    f.key: getattr(other, f.key)
                    for f in _LINE_VALUES
                    if _empty(getattr(typed, f.key)) and not _empty(getattr(other, f.key))
                },
            )
        result.append(line)
    return result


def shown(value: object, of: fields.Field) -> str:
    if _empty(value) and of is not fields.STATE:
        return EMPTY
    if value is None:
        return MeasureState.NOT_STARTED.title
    return fields.shown(of, value)


def _status_changes(mine: StatusEntry | None, theirs: StatusEntry | None) -> list[Change]:
    changes = []
    for f in _STATUS_VALUES:
        old = getattr(mine, f.key) if mine else None
        new = getattr(theirs, f.key) if theirs else None
        if shown(old, f) != shown(new, f):
            changes.append(Change(f.label, shown(old, f), shown(new, f), not _empty(old)))
    old_values = {v.indicator: v.value for v in (mine.achieved if mine else [])}
    new_values = {v.indicator: v.value for v in (theirs.achieved if theirs else [])}
    for name in dict.fromkeys([*old_values, *new_values]):
        old, new = old_values.get(name), new_values.get(name)
        if old != new:
            label = f"{fields.ACHIEVED.label} «{name[:40] or 'показник'}»"
            before, after = shown(old, fields.ACHIEVED), shown(new, fields.ACHIEVED)
            changes.append(Change(label, before, after, old is not None))
    return changes


def _line_changes(mine: list[FinancingLine], theirs: list[FinancingLine]) -> list[Change]:
    changes = []
    for position in range(max(len(mine), len(theirs))):
        old = mine[position] if position < len(mine) else None
        new = theirs[position] if position < len(theirs) else None
        for f in _LINE_VALUES:
            typed = getattr(old, f.key) if old else None
            before, after = shown(typed, f), shown(getattr(new, f.key) if new else None, f)
            if before != after:
                label = f"{f.label} (рядок {position + 1})"
                changes.append(Change(label, before, after, not _empty(typed)))
    return changes


def compare(current: PeriodEntries, incoming: PeriodEntries) -> list[MeasureMerge]:
    """For every report the file holds, what is typed now and what would change."""
    typed = {(r.task_number, r.measure_number, r.unit_code): r for r in current.reports}
    merges = []
    for report in incoming.reports:
        key = (report.task_number, report.measure_number, report.unit_code)
        mine = typed.get(key)
        changes = _status_changes(mine.status if mine else None, report.status)
        changes += _line_changes(mine.financing if mine else [], report.financing)
        if changes:
            merges.append(MeasureMerge(key, mine, report, changes))
    return merges


def merged_entries(
    incoming: PeriodEntries, merges: list[MeasureMerge], take_file: set[Key]
) -> PeriodEntries:
    """The entries to write: only the reports that change, each as the clerk chose."""
    return PeriodEntries(
        incoming.program_code,
        incoming.period,
        [merge.merged(merge.key in take_file) for merge in merges],
        dict(incoming.proposals),
    )
