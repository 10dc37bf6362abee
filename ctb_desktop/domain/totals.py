"""Sub-totals of the financing table: per task ("Разом за завданням N") and for the whole
program ("Разом по Програмі"), each split into державний бюджет (загальний фонд,
спеціальний фонд), місцевий бюджет and інші. The only place where money is summed.

An empty cell is not a zero: a column where no line has a value stays None, so a
layout can still tell "nothing reported" ("-") from "reported zero" ("0,0").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal
from operator import attrgetter

from ctb_desktop.domain.entries import FinancingLine
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource, Program


@dataclass(frozen=True)
class Amounts:
    """The money columns of a financing row, in hryvnias."""

    planned_program: Decimal | None = None
    planned_year: Decimal | None = None
    financed: Decimal | None = None
    cash: Decimal | None = None
    planned_next_year: Decimal | None = None

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(*(_add(getattr(self, column), getattr(other, column)) for column in COLUMNS))


COLUMNS = tuple(column.name for column in fields(Amounts))


def _add(left: Decimal | None, right: Decimal | None) -> Decimal | None:
    if left is None:
        return right
    if right is None:
        return left
    return left + right


_COLUMN_VALUES = attrgetter(*COLUMNS)


@dataclass(frozen=True)
class SourceSplit:
    """A sub-total block: "Усього", then each source. `total` also counts lines
    that have no source (printed with a dash)."""

    total: Amounts
    state_general: Amounts
    state_special: Amounts
    local: Amounts
    other: Amounts

    @property
    def state(self) -> Amounts:
        """ "– державний бюджет, у тому числі:" — both funds together."""
        return self.state_general + self.state_special

    def by_source(self, source: FundingSource) -> Amounts:
        amounts: Amounts = getattr(self, source.name.lower())
        return amounts


def _sum_lines(lines: list[FinancingLine]) -> Amounts:
    """The lines' money columns summed, each in the lines' order; a column no line
    fills stays None. The lines are read column-wise in one go (a consolidated period
    has hundreds of thousands)."""
    return Amounts(*map(_sum_column, zip(*map(_COLUMN_VALUES, lines), strict=True)))


def _sum_column(values: tuple[Decimal | None, ...]) -> Decimal | None:
    given = [value for value in values if value is not None]
    return sum(given[1:], given[0]) if given else None


def split_by_source(lines: Iterable[FinancingLine]) -> SourceSplit:
    everything = list(lines)
    by_source: dict[FundingSource, list[FinancingLine]] = {source: [] for source in FundingSource}
    for line in everything:
        if line.source is not None:
            by_source[line.source].append(line)
    return SourceSplit(
        total=_sum_lines(everything),
        state_general=_sum_lines(by_source[FundingSource.STATE_GENERAL]),
        state_special=_sum_lines(by_source[FundingSource.STATE_SPECIAL]),
        local=_sum_lines(by_source[FundingSource.LOCAL]),
        other=_sum_lines(by_source[FundingSource.OTHER]),
    )


def sum_splits(splits: Iterable[SourceSplit]) -> SourceSplit:
    """The block of all the lines of `splits` together: split_by_source over all of
    them, from the blocks alone (an edit on one task re-sums that task only)."""
    total, general, special, local, other = Amounts(), Amounts(), Amounts(), Amounts(), Amounts()
    for split in splits:
        total += split.total
        general += split.state_general
        special += split.state_special
        local += split.local
        other += split.other
    return SourceSplit(total, general, special, local, other)


@dataclass(frozen=True)
class ProgramTotals:
    """`tasks` maps each task number that has financing lines to its block, in the
    program's order; `program` is the block of the whole program."""

    tasks: dict[str, SourceSplit]
    program: SourceSplit


def program_totals(program: Program, lines: Iterable[FinancingLine]) -> ProgramTotals:
    """Sums the lines of one period (any units) by task and for the program.

    Lines whose task the program does not have raise KeyError: totals that silently
    drop money would be worse than none.
    """
    by_task: dict[str, list[FinancingLine]] = {}
    everything: list[FinancingLine] = []
    for line in lines:
        by_task.setdefault(line.task_number, []).append(line)
        everything.append(line)
    stray = sorted(by_task.keys() - {task.number for task in program.all_tasks})
    if stray:
        noun = "завдання" if len(stray) == 1 else "завдань"
        raise KeyError(f"У програмі немає {noun} {', '.join(stray)}")
    tasks = {
        task.number: split_by_source(by_task[task.number])
        for task in program.all_tasks
        if task.number in by_task
    }
    return ProgramTotals(tasks=tasks, program=split_by_source(everything))


def planned_by_program(program: Program, period: Period) -> ProgramTotals | None:
    """The program's own financing plan for the period's year, split as the report's
    sub-totals are (only `planned_program` is set): what «передбачено програмою»
    prints whichever units' lines a database happens to hold. None when the program
    plans no sum for that year (the lines' own figures are all there is)."""
    single_year = program.year_from == program.year_to == period.year
    lines = [
        FinancingLine(
            task.number,
            measure.reference,
            "",
            period,
            plan.source,
            planned_program=plan.amount,
        )
        for task in program.all_tasks
        for measure in task.measures
        for plan in measure.financing_plan
        if plan.amount is not None
        and (plan.year == period.year or (plan.year is None and single_year))
    ]
    return program_totals(program, lines) if lines else None
