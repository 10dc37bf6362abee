"""The cells of the workbook read back (workbook_import.py): each value as the clerk
typed it in a Ukrainian Excel — money in тис. грн, counts, states, funding sources and
texts — checked and turned into what the entries hold, or refused naming the cell.

A cell that still shows exactly what the export wrote keeps the stored value, so an
export followed by an import changes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal

from ctb_desktop.domain.entries import FinancingLine, MeasureState
from ctb_desktop.domain.limits import LimitError, check_count, check_number
from ctb_desktop.domain.money import (
    KOPECK,
    THOUSAND,
    AmountError,
    format_number,
    parse_number,
    parse_thousands,
)
from ctb_desktop.domain.program import FundingSource
from ctb_desktop.domain.workbook_layout import NO_SOURCE, SOURCE, STATE
from ctb_desktop.importers.workbook_sheet import Sheet

# The export writes these characters (which XML cannot hold) as spaces.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DASHES = {"", "-", "–", "—"}


def as_text(value: object) -> str:
    """A cell's value as the clerk reads it in a Ukrainian Excel."""
    if value is None or isinstance(value, str):
        # NFC: one spelling of «й»/«ї» whether typed or pasted decomposed.
        return unicodedata.normalize("NFC", value or "")
    if isinstance(value, bool):
        return "ІСТИНА" if value else "ХИБНІСТЬ"
    if isinstance(value, int | float):
        number = _decimal(value)
        return str(value) if number is None else format_number(number)
    if isinstance(value, dt.date):  # a datetime too
        shown = f"{value:%d.%m.%Y}"
        if isinstance(value, dt.datetime) and value.time() != dt.time():
            shown += f" {value:%H:%M}"
        return shown
    return str(value)


def read_text(value: object, old: str | None) -> str | None:
    """A text cell; the stored `old` when the cell still shows what the export wrote
    for it. An empty cell is None."""
    text = as_text(value)
    if old is not None and text == _NOT_IN_XML.sub(" ", old):
        return old
    return text or None


def _decimal(value: int | float) -> Decimal | None:
    """A number as Excel shows it: 15 significant digits, so a sum computed by a
    formula (0,1 + 0,2) reads as the 0,3 the clerk sees."""
    if isinstance(value, int):
        return Decimal(value)
    if not math.isfinite(value):
        return None
    return Decimal(f"{value:.15g}")


def read_number(sheet: Sheet, number: int, title: str, cell, what: str) -> Decimal | None:
    """The number in a cell: a number, or text that reads as one ("1 234,5")."""
    value = cell.value
    if cell.data_type == "e":
        raise sheet.cell_error(number, title, f"клітинка містить помилку Excel {value}")
    if value is None:
        return None
    if isinstance(value, bool):
        raise sheet.cell_error(number, title, f"очікується {what}, а не логічне значення")
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise sheet.cell_error(
            number,
            title,
            f"очікується {what}, а клітинка містить дату чи час «{as_text(value)}» (Excel "
            "перетворює на дату, наприклад, «1.5» — вводьте дробові числа через кому)",
        )
    if isinstance(value, int | float):
        result = _decimal(value)
        if result is None:
            raise sheet.cell_error(number, title, f"очікується {what}")
        try:
            return check_number(result)
        except LimitError as exc:
            raise sheet.cell_error(number, title, f"{exc} ({what})") from None
    try:
        return parse_number(str(value))
    except AmountError as exc:
        raise sheet.cell_error(number, title, f"{exc} ({what})") from None


def read_money(sheet: Sheet, number: int, title: str, cell, old: Decimal | None) -> Decimal | None:
    """тис. грн in the cell as exact hryvnias; more than five decimals (a fraction of a
    kopeck) is refused. Negative sums are read: validation reports them."""
    if isinstance(cell.value, str) and cell.data_type != "e":
        try:
            amount = parse_thousands(cell.value)
        except AmountError as exc:
            raise sheet.cell_error(number, title, f"{exc} (сума в тис. грн)") from None
    else:
        thousands = read_number(sheet, number, title, cell, "сума в тис. грн")
        if thousands is None:
            return None
        amount = thousands * THOUSAND
        if amount != amount.quantize(KOPECK):
            raise sheet.cell_error(
                number,
                title,
                f"сума {format_number(thousands)} тис. грн має частки копійки: у тис. грн "
                "можна вказати не більше п'яти знаків після коми",
            )
        amount = amount.quantize(KOPECK)
    return old if amount is not None and old is not None and amount == old else amount


def read_count(sheet: Sheet, number: int, title: str, cell) -> int | None:
    value = read_number(sheet, number, title, cell, "ціле число")
    if value is None:
        return None
    if value != value.to_integral_value() or value < 0:
        raise sheet.cell_error(
            number, title, f"«{as_text(cell.value)}»: очікується ціле невід’ємне число"
        )
    try:
        return check_count(int(value))
    except LimitError as exc:
        raise sheet.cell_error(number, title, str(exc)) from None


def read_state(sheet: Sheet, number: int, cell) -> MeasureState:
    text = " ".join(as_text(cell.value).split()).casefold()
    for state in MeasureState:
        if text == state.title.casefold():
            return state
    options = ", ".join(f"«{state.title}»" for state in MeasureState)
    shown = as_text(cell.value).strip()
    problem = f"стан «{shown[:60]}» невідомий" if shown else "стан не вказано"
    raise sheet.cell_error(number, STATE, f"{problem}; можливі значення: {options}")


def read_source(
    sheet: Sheet, number: int, cell, old: FinancingLine | None
) -> tuple[FundingSource | None, str]:
    """The source and its printed wording. An unchanged cell keeps the line's own
    wording («місцеві бюджети»); a changed one takes the source's title."""
    text = " ".join(as_text(cell.value).split())
    if old is not None and text == (NO_SOURCE if old.source is None else old.source.title):
        return old.source, old.source_text
    if text in _DASHES:
        return None, NO_SOURCE
    for source in FundingSource:
        if text.casefold() == source.title.casefold():
            return source, source.title
    options = ", ".join(f"«{source.title}»" for source in FundingSource)
    raise sheet.cell_error(
        number,
        SOURCE,
        f"джерело «{text[:60]}» невідоме; можливі значення: {options} або «{NO_SOURCE}»",
    )
