"""What «Скопіювати з попереднього періоду» takes from the previous period.

Reports are cumulative within a year («за І квартал», «за І півріччя», … «за рік»), so
inside a year the previous period's report is the starting point as it stands. A new
year starts the sums and counts again: what carries over is the wording (the status
text), who spends (the main budget holder), where the money comes from (the source
and its wording) and the budget program's code and name. Last year's financed and cash
amounts, its counts and its achieved indicator values never become this year's; a
measure done last year is, at the start of the new year, in progress again; and what
last year's report planned for the next year is this year's plan.
"""

from __future__ import annotations

import dataclasses

from ctb_desktop.domain.entries import FinancingLine, MeasureState, StatusEntry
from ctb_desktop.domain.periods import Period


def crosses_year(source: Period, target: Period) -> bool:
    return source.year != target.year


def carried_status(old: StatusEntry, target: Period) -> StatusEntry:
    """The status as the target period starts from it."""
    if not crosses_year(old.period, target):
        return dataclasses.replace(old, period=target, achieved=list(old.achieved))
    state = MeasureState.IN_PROGRESS if old.state is MeasureState.DONE else old.state
    return dataclasses.replace(
        old,
        period=target,
        state=state,
        events_held=None,
        people_reached=None,
        victims_identified=None,
        achieved=[],
    )


def carried_line(old: FinancingLine, target: Period) -> FinancingLine:
    """A financing line as the target period starts from it."""
    if not crosses_year(old.period, target):
        return dataclasses.replace(old, period=target)
    return dataclasses.replace(
        old,
        period=target,
        planned_year=old.planned_next_year,
        financed=None,
        cash=None,
        planned_next_year=None,
    )


def carry_description(source: Period, target: Period) -> str:
    """What will be copied, said before copying."""
    if not crosses_year(source, target):
        return (
            f"З періоду «{source.title}» буде скопійовано стан виконання, його текст, "
            "кількості, досягнуті значення показників і рядки фінансування з сумами: звіти "
            "в межах року наростають, тож попередній звіт — початок наступного."
        )
    return (
        f"«{target.title}» — перший звіт нового року. З періоду «{source.title}» буде "
        "скопійовано тексти стану виконання, а в рядках фінансування — джерела, головних "
        "розпорядників і коди та назви бюджетних програм. Суми «Профінансовано» й «Касові "
        "видатки», кількості та досягнуті значення показників минулого року не копіюються; "
        "передбачене минулорічним звітом на наступний рік стане передбаченим на рік; "
        "стан «Виконано» стане «Виконується»."
    )
