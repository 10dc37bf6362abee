"""Reporting periods: a year plus a cumulative span (І квартал, І півріччя, 9 місяців, рік).

Reports are cumulative from 1 January, so a period is named by where it ends.
Due dates come from the program's reporting rule ("щопівроку до 15 числа місяця,
наступного за звітним", "раз у рік, до 25 грудня").
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.limits import MAX_YEAR, MIN_YEAR, year_in_range


class PeriodKind(Enum):
    """How far into the year a cumulative report reaches; the value is the code part."""

    Q1 = "Q1"
    H1 = "H1"
    M9 = "9M"
    Y = "Y"

    @property
    def end_month(self) -> int:
        return {PeriodKind.Q1: 3, PeriodKind.H1: 6, PeriodKind.M9: 9, PeriodKind.Y: 12}[self]

    @property
    def title(self) -> str:
        """The span as the seeds print it; "І" is the Cyrillic letter, as in "І квартал"."""
        return {
            PeriodKind.Q1: "І квартал",
            PeriodKind.H1: "І півріччя",
            PeriodKind.M9: "9 місяців",
            PeriodKind.Y: "рік",
        }[self]


class Frequency(Enum):
    """How often a program asks for reports; each frequency reports these spans."""

    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"

    @property
    def kinds(self) -> tuple[PeriodKind, ...]:
        return {
            Frequency.QUARTERLY: (PeriodKind.Q1, PeriodKind.H1, PeriodKind.M9, PeriodKind.Y),
            Frequency.HALF_YEARLY: (PeriodKind.H1, PeriodKind.Y),
            Frequency.YEARLY: (PeriodKind.Y,),
        }[self]

    @property
    def title(self) -> str:
        return {
            Frequency.QUARTERLY: "щокварталу",
            Frequency.HALF_YEARLY: "щопівроку",
            Frequency.YEARLY: "щороку",
        }[self]


_CODE = re.compile(r"^(\d{4})-(Q1|H1|9M|Y)$")


class PeriodError(UserError, ValueError):
    """A period code that cannot be read; the message is Ukrainian."""


@functools.total_ordering
@dataclass(frozen=True)
class Period:
    year: int
    kind: PeriodKind

    @classmethod
    def parse(cls, code: str) -> Period:
        """Read "2024-Q1", "2024-H1", "2024-9M" or "2024-Y"."""
        match = _CODE.match(code.strip())
        if not match:
            raise PeriodError(
                f"«{code}» не є звітним періодом: очікується, наприклад, 2024-Q1, 2024-H1, "
                "2024-9M або 2024-Y"
            )
        year = int(match.group(1))
        if not year_in_range(year):
            raise PeriodError(
                f"«{code}»: рік {year} поза допустимими межами ({MIN_YEAR}–{MAX_YEAR})"
            )
        return cls(year, PeriodKind(match.group(2)))

    def __lt__(self, other: Period) -> bool:
        return (self.year, self.kind.end_month) < (other.year, other.kind.end_month)

    @property
    def code(self) -> str:
        return f"{self.year}-{self.kind.value}"

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        month = self.kind.end_month
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def title(self) -> str:
        """ "І квартал 2015 року", "І півріччя 2024 року", "9 місяців 2024 року", "2024 рік"."""
        if self.kind is PeriodKind.Y:
            return f"{self.year} рік"
        return f"{self.kind.title} {self.year} року"

    @property
    def for_phrase(self) -> str:
        """The report heading's phrase: "за І квартал 2015 року", "за 2024 рік"."""
        return f"за {self.title}"

    @property
    def in_phrase(self) -> str:
        """ "In the period", as seeds 000 and 003 print it: "у І кварталі 2015 року",
        "у І півріччі 2024 року", "у 2024 році"; nine months read "за 9 місяців …"."""
        return {
            PeriodKind.Q1: f"у І кварталі {self.year} року",
            PeriodKind.H1: f"у І півріччі {self.year} року",
            PeriodKind.M9: f"за 9 місяців {self.year} року",
            PeriodKind.Y: f"у {self.year} році",
        }[self.kind]

    def previous(self, frequency: Frequency) -> Period:
        """The period reported just before this one under the given frequency."""
        kinds = frequency.kinds
        index = kinds.index(self.kind) if self.kind in kinds else 0
        if index == 0:
            return Period(self.year - 1, kinds[-1])
        return Period(self.year, kinds[index - 1])


@dataclass(frozen=True)
class ReportingRule:
    """When reports are due: on `due_day` of the month after the period ends,
    or, when `due_month` is set, on that day and month of the period's own year
    (seed 004: "раз у рік, до 25 грудня")."""

    frequency: Frequency = Frequency.QUARTERLY
    due_day: int = 20
    due_month: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.due_day <= 31:
            raise PeriodError(f"День подання звіту {self.due_day} має бути від 1 до 31")
        if self.due_month is not None and not 1 <= self.due_month <= 12:
            raise PeriodError(f"Місяць подання звіту {self.due_month} має бути від 1 до 12")

    def periods(self, year: int) -> list[Period]:
        return [Period(year, kind) for kind in self.frequency.kinds]

    def due_date(self, period: Period) -> date:
        if self.due_month is not None:
            year, month = period.year, self.due_month
        else:
            year, month = period.year, period.kind.end_month + 1
            if month > 12:
                year, month = year + 1, 1
        day = min(self.due_day, calendar.monthrange(year, month)[1])
        return date(year, month, day)

    @property
    def description(self) -> str:
        if self.due_month is not None:
            return f"{self.frequency.title} до {self.due_day} {MONTHS_GENITIVE[self.due_month]}"
        return f"{self.frequency.title} до {self.due_day} числа місяця, наступного за звітним"


MONTHS_GENITIVE = {
    1: "січня",
    2: "лютого",
    3: "березня",
    4: "квітня",
    5: "травня",
    6: "червня",
    7: "липня",
    8: "серпня",
    9: "вересня",
    10: "жовтня",
    11: "листопада",
    12: "грудня",
}
