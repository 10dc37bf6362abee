"""A target program's structure: groupings → tasks → measures, as the official annex prints it.

Numbers ("1.", "13)", "Оперативна ціль 1") are part of the official text and are
kept exactly as printed, never recomputed. Database ids ride along for the GUI
but take no part in equality, so a structure compares equal after a round trip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum

from ctb_desktop.domain.limits import MAX_YEAR, MIN_YEAR
from ctb_desktop.domain.periods import ReportingRule


class ProgramLevel(Enum):
    NATIONAL = "national"
    OBLAST = "oblast"
    DISTRICT = "district"
    COMMUNITY = "community"

    @property
    def title(self) -> str:
        return {
            ProgramLevel.NATIONAL: "державна",
            ProgramLevel.OBLAST: "обласна",
            ProgramLevel.DISTRICT: "районна",
            ProgramLevel.COMMUNITY: "місцева",
        }[self]


class FundingSource(Enum):
    """The source split every subtotal uses: державний бюджет (загальний, спеціальний фонд),
    місцевий бюджет, інші джерела."""

    STATE_GENERAL = "state_general"
    STATE_SPECIAL = "state_special"
    LOCAL = "local"
    OTHER = "other"

    @property
    def title(self) -> str:
        return {
            FundingSource.STATE_GENERAL: "державний бюджет, загальний фонд",
            FundingSource.STATE_SPECIAL: "державний бюджет, спеціальний фонд",
            FundingSource.LOCAL: "місцевий бюджет",
            FundingSource.OTHER: "інші джерела",
        }[self]


@dataclass(frozen=True)
class Approval:
    """The act that approved the program: "розпорядження КМУ від 02.06.2023 № 496-р"."""

    act: str
    body: str
    date: date | None
    number: str

    @property
    def citation(self) -> str:
        """As the report header prints it: "Розпорядження Кабінету Міністрів України від
        02.06.2023 № 496-р"."""
        body = _GENITIVE_BODIES.get(self.body, self.body)
        parts = [f"{self.act[:1].upper()}{self.act[1:]} {body}".strip()]
        if self.date:
            parts.append(f"від {self.date:%d.%m.%Y}")
        if self.number:
            parts.append(f"№ {self.number}")
        return " ".join(parts)


_GENITIVE_BODIES = {"Кабінет Міністрів України": "Кабінету Міністрів України"}


@dataclass
class Executor:
    """A body responsible for a measure; `by_consent` prints as "(за згодою)"."""

    name: str
    by_consent: bool = False

    @property
    def label(self) -> str:
        return f"{self.name} (за згодою)" if self.by_consent else self.name


@dataclass
class Indicator:
    """A performance indicator; `planned` maps a year to its expected value."""

    name: str
    unit: str = ""
    planned: dict[int, Decimal] = field(default_factory=dict)
    id: int | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        """The name as printed: the unit follows after a comma ("…, відсотків")."""
        return f"{self.name}, {self.unit}" if self.unit else self.name


@dataclass
class PlannedFinancing:
    """A financing line of the program itself. `amount` is None where the program gives
    words instead of a sum ("У межах фінансових можливостей"), kept in `note`."""

    source: FundingSource
    source_text: str
    year: int | None
    amount: Decimal | None
    note: str = ""


@dataclass
class Measure:
    number: str
    title: str
    term: str = ""
    executors: list[Executor] = field(default_factory=list)
    expected_result: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    financing_plan: list[PlannedFinancing] = field(default_factory=list)
    id: int | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def reference(self) -> str:
        """How entries name the measure within its task: its official number, or, for
        an unnumbered sub-item (seeds 000, 002), its title."""
        return self.number or self.title

    @property
    def executors_text(self) -> str:
        return ", ".join(executor.label for executor in self.executors)


@dataclass
class Task:
    number: str
    title: str
    measures: list[Measure] = field(default_factory=list)
    id: int | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass
class Grouping:
    """An optional level above tasks: "Оперативна ціль 1", "I. Запобігання …"."""

    number: str
    title: str
    tasks: list[Task] = field(default_factory=list)
    id: int | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass
class Program:
    """A program. Tasks either sit in groupings or directly in `tasks`, never both ways
    at once in a real document; `all_tasks` walks them in printed order."""

    code: str
    title: str
    level: ProgramLevel
    approval: Approval | None
    customer: str
    year_from: int
    year_to: int
    term: str
    reporting: ReportingRule
    groupings: list[Grouping] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    id: int | None = field(default=None, compare=False)

    @property
    def all_tasks(self) -> list[Task]:
        return self.tasks + [task for grouping in self.groupings for task in grouping.tasks]

    @property
    def all_measures(self) -> list[Measure]:
        return [measure for task in self.all_tasks for measure in task.measures]

    @property
    def years(self) -> range:
        """The program's years; a program stored before years were bounded keeps only
        those in range (domain/limits.py), so its dates can be computed."""
        return range(max(self.year_from, MIN_YEAR), min(self.year_to, MAX_YEAR) + 1)

    def task_of(self, measure: Measure) -> Task:
        for task in self.all_tasks:
            if any(candidate is measure for candidate in task.measures):
                return task
        raise KeyError(measure.label)

    def find_measure_by_id(self, measure_id: int) -> Measure | None:
        return next((m for m in self.all_measures if m.id == measure_id), None)

    def find_measure(self, task_number: str, reference: str) -> Measure | None:
        """The measure entries call `reference` (its number, or an unnumbered one's title)."""
        for task in self.all_tasks:
            if task.number == task_number:
                for measure in task.measures:
                    if measure.reference == reference:
                        return measure
        return None


_CONSENT = " (за згодою)"


def parse_executors(text: str) -> list[Executor]:
    """One executor a line, as a clerk types them; "(за згодою)" at the end sets the flag."""
    executors = []
    for line in text.splitlines():
        name = " ".join(line.split())
        if not name:
            continue
        consent = name.casefold().endswith(_CONSENT.strip().casefold())
        if consent:
            name = name[: -len(_CONSENT.strip())].rstrip(" ,")
        executors.append(Executor(name, consent))
    return executors
