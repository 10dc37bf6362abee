"""What a unit reports for a measure and period: the state of implementation and
the financing table, one line per source."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource


class MeasureState(Enum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_DONE = "not_done"

    @property
    def title(self) -> str:
        return {
            MeasureState.NOT_STARTED: "Не розпочато",
            MeasureState.IN_PROGRESS: "Виконується",
            MeasureState.DONE: "Виконано",
            MeasureState.NOT_DONE: "Не виконано",
        }[self]


@dataclass(slots=True)
class IndicatorValue:
    """An achieved value, tied to the indicator by its printed name."""

    indicator: str
    value: Decimal


# Entries name a measure by `measure_number`: its official number, or for an unnumbered
# sub-item its title (Measure.reference).


@dataclass(slots=True)
class StatusEntry:
    task_number: str
    measure_number: str
    unit_code: str
    period: Period
    state: MeasureState = MeasureState.NOT_STARTED
    text: str = ""
    events_held: int | None = None
    people_reached: int | None = None
    victims_identified: int | None = None
    achieved: list[IndicatorValue] = field(default_factory=list)


# How the annual report's «Джерела фінансування» column names a source (seed 003).
SHORT_SOURCE_TITLES = {
    FundingSource.STATE_GENERAL: "державний бюджет",
    FundingSource.STATE_SPECIAL: "державний бюджет (спеціальний фонд)",
    FundingSource.LOCAL: "місцевий бюджет",
    FundingSource.OTHER: "інші джерела",
}


@dataclass(slots=True)
class FinancingLine:
    """One row of the financing table. Amounts are hryvnias; None is an empty cell.

    `source` is None only for a row the report prints with a dash as its source;
    such a row counts in "Усього" but in no source split.
    """

    task_number: str
    measure_number: str
    unit_code: str
    period: Period
    source: FundingSource | None
    source_text: str = ""
    budget_holder: str | None = None
    planned_program: Decimal | None = None
    planned_year: Decimal | None = None
    financed: Decimal | None = None
    cash: Decimal | None = None
    planned_next_year: Decimal | None = None
    budget_program_code: str | None = None
    budget_program_name: str | None = None

    @property
    def printed_source(self) -> str:
        """The source cell: as typed or imported, else the source's short name (lines
        entered in the window carry only the choice)."""
        if self.source_text:
            return self.source_text
        return SHORT_SOURCE_TITLES[self.source] if self.source else "-"

    @property
    def budget_program(self) -> str:
        """Code and name as one cell prints them: "0611120 „Підвищення кваліфікації…”"."""
        return " ".join(
            part for part in (self.budget_program_code, self.budget_program_name) if part
        )


@dataclass
class UnitReport:
    """What one unit reports on one measure for one period: its status (if any)
    and its financing lines, in printed order."""

    task_number: str
    measure_number: str
    unit_code: str
    status: StatusEntry | None = None
    financing: list[FinancingLine] = field(default_factory=list)


@dataclass(frozen=True)
class PrintedTotal:
    """A sub-total as an imported report printed it («Разом за завданням 7», «Разом
    по Програмі»: `task_number` ""), one money column (`field`, a key of
    fields.MONEY_FIELDS), in hryvnias. Totals are always recomputed from the lines;
    these are kept only so `check` can tell the signer where the two differ."""

    unit_code: str
    task_number: str
    field: str
    amount: Decimal


@dataclass
class PeriodEntries:
    """A period's entries for one program, report by report."""

    program_code: str
    period: Period
    reports: list[UnitReport] = field(default_factory=list)
    # Section III of a report ("Пропозиції щодо подальшого виконання програми"), by unit.
    proposals: dict[str, str] = field(default_factory=dict)
    # Sub-totals printed in an imported report (see PrintedTotal).
    printed_totals: list[PrintedTotal] = field(default_factory=list)

    @property
    def statuses(self) -> list[StatusEntry]:
        return [report.status for report in self.reports if report.status is not None]

    @property
    def financing(self) -> list[FinancingLine]:
        return [line for report in self.reports for line in report.financing]
