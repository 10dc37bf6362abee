"""Every value a unit reports on a measure, with the one name the app gives it.

The editor, the workbook, the comparison of revisions and the validation messages
all label a reported value by its `Field` here, so a clerk reads the same words for
it everywhere. `key` is the value's attribute in `StatusEntry` or `FinancingLine`
(and its column in the database and its key in `ctb-entries`).

The wording follows the seeds (DOMAIN.md): seed 003 prints «Код та назва бюджетних
програм», so the code is «Код бюджетної програми» (also right for local budgets, whose
code is not a КПКВК but a КПКВКМБ); seed 003 tells the people identified as victims
("виявлення, ідентифікація") from those "яким встановлено статус", so the count of
`victims_identified` is «Виявлено постраждалих», not «Встановлено».

The official report layouts (reports/) print their own column titles, as the seeds
do («Фактично профінансовано у звітному періоді, тис. грн.»); they take a label from
here only where the seed's title is the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from ctb_desktop.domain.money import format_number, format_thousands_exact

THOUSANDS = "тис. грн"


class Kind(Enum):
    MONEY = "money"  # hryvnias, kept exact; shown and typed in тис. грн
    COUNT = "count"  # a whole number of events or people
    NUMBER = "number"  # a decimal: an indicator's achieved value
    TEXT = "text"
    CHOICE = "choice"  # one of an enumeration: MeasureState, FundingSource


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: Kind
    unit: str = ""  # what the number counts: "тис. грн", "осіб"; "" for text and choices

    @property
    def heading(self) -> str:
        """A table column's title: money columns name their unit, since the amounts
        in them are thousands ("Касові видатки, тис. грн")."""
        return f"{self.label}, {self.unit}" if self.kind is Kind.MONEY else self.label

    @property
    def in_sentence(self) -> str:
        """The label inside a sentence: "… більше, ніж передбачено на рік"."""
        return self.label[:1].lower() + self.label[1:]


# -- the status of a measure (StatusEntry) ------------------------------------------

STATE = Field("state", "Стан", Kind.CHOICE)
TEXT = Field("text", "Стан виконання", Kind.TEXT)
EVENTS_HELD = Field("events_held", "Проведено заходів", Kind.COUNT, "од.")
PEOPLE_REACHED = Field("people_reached", "Охоплено осіб", Kind.COUNT, "осіб")
VICTIMS_IDENTIFIED = Field("victims_identified", "Виявлено постраждалих", Kind.COUNT, "осіб")
# An indicator's achieved value (IndicatorValue.value); its unit is the indicator's own.
ACHIEVED = Field("achieved", "Досягнуто", Kind.NUMBER)

# -- a line of the financing table (FinancingLine) ----------------------------------

SOURCE = Field("source", "Джерело", Kind.CHOICE)
SOURCE_TEXT = Field("source_text", "Джерело (як у звіті)", Kind.TEXT)
BUDGET_HOLDER = Field("budget_holder", "Головний розпорядник", Kind.TEXT)
PLANNED_PROGRAM = Field("planned_program", "Передбачено програмою", Kind.MONEY, THOUSANDS)
PLANNED_YEAR = Field("planned_year", "Передбачено на рік", Kind.MONEY, THOUSANDS)
FINANCED = Field("financed", "Профінансовано", Kind.MONEY, THOUSANDS)
CASH = Field("cash", "Касові видатки", Kind.MONEY, THOUSANDS)
PLANNED_NEXT_YEAR = Field(
    "planned_next_year", "Передбачено на наступний рік", Kind.MONEY, THOUSANDS
)
BUDGET_PROGRAM_CODE = Field("budget_program_code", "Код бюджетної програми", Kind.TEXT)
BUDGET_PROGRAM_NAME = Field("budget_program_name", "Назва бюджетної програми", Kind.TEXT)

# -- in the order the forms show them ------------------------------------------------

COUNT_FIELDS = (EVENTS_HELD, PEOPLE_REACHED, VICTIMS_IDENTIFIED)
STATUS_FIELDS = (STATE, TEXT, *COUNT_FIELDS)
# The order of totals.Amounts, which sums them.
MONEY_FIELDS = (PLANNED_PROGRAM, PLANNED_YEAR, FINANCED, CASH, PLANNED_NEXT_YEAR)
LINE_FIELDS = (
    SOURCE,
    SOURCE_TEXT,
    BUDGET_HOLDER,
    *MONEY_FIELDS,
    BUDGET_PROGRAM_CODE,
    BUDGET_PROGRAM_NAME,
)
ALL_FIELDS = (*STATUS_FIELDS, ACHIEVED, *LINE_FIELDS)
BY_KEY = {field.key: field for field in ALL_FIELDS}


def shown(field: Field, value: object) -> str:
    """A value as a message names it: «10,0» (тис. грн), «Виконано», «„Проведено…”»,
    «—» for nothing."""
    if value is None or value == "":
        return "—"
    if field.kind is Kind.MONEY and isinstance(value, Decimal):
        return format_thousands_exact(value)
    if field.kind is Kind.NUMBER and isinstance(value, Decimal):
        return format_number(value)
    if field.kind is Kind.CHOICE:
        return getattr(value, "title", str(value))
    if field.kind is Kind.TEXT:
        text = " ".join(str(value).split())
        return f"«{text[:30]}…»" if len(text) > 30 else f"«{text}»"
    return str(value)
