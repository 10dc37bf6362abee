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

from ctb_desktop.domain.entries import FinancingLine
from ctb_desktop.domain.program import FundingSource, Program


def _add(left: Decimal | None, right: Decimal | None) -> Decimal | None:
    if left is None:
        return right
    if right is None:
        return left
    return left + right


@dataclass(frozen=True)
class Amounts:
    """The money columns of a financing row, in hryvnias."""

    planned_program: Decimal | None = None
    planned_year: Decimal | None = None
    financed: Decimal | None = None
    cash: Decimal | None = None
    planned_next_year: Decimal | None = None

    @classmethod
    def of(cls, line: FinancingLine) -> Amounts:
        return cls(**{column.name: getattr(line, column.name) for column in fields(cls)})

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            **{
                column.name: _add(getattr(self, column.name), getattr(other, column.name))
                for column in fields(self)
            }
        )


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
        return getattr(self, source.name.lower())


def split_by_source(lines: Iterable[FinancingLine]) -> SourceSplit:
    sums = {source: Amounts() for source in FundingSource}
    total = Amounts()
    for line in lines:
        amounts = Amounts.of(line)
        total += amounts
        if line.source is not None:
            sums[line.source] += amounts
    return SourceSplit(
        total=total,
        state_general=sums[FundingSource.STATE_GENERAL],
        state_special=sums[FundingSource.STATE_SPECIAL],
        local=sums[FundingSource.LOCAL],
        other=sums[FundingSource.OTHER],
    )


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
    lines = list(lines)
    known = {task.number for task in program.all_tasks}
    stray = sorted({line.task_number for line in lines} - known)
    if stray:
        raise KeyError(f"У програмі немає завдань {', '.join(stray)}")
    tasks = {
        task.number: split_by_source(line for line in lines if line.task_number == task.number)
        for task in program.all_tasks
        if any(line.task_number == task.number for line in lines)
    }
    return ProgramTotals(tasks=tasks, program=split_by_source(lines))
