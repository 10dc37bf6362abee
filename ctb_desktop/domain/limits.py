"""The bounds every value from outside must keep: years, amounts, counts, indicator
values, text. One check per kind, called where data comes in (JSON files and packages,
workbook cells, typed text) and once more where it is stored, so a value that passed
can be stored, computed with and printed without an overflow or a silent rounding.

The bounds are far beyond any real report and well inside what SQLite's 64-bit
integers and Python's 28-digit decimal context hold exactly.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ctb_desktop.domain.errors import UserError

MIN_YEAR, MAX_YEAR = 2000, 2100
# Hryvnias: 10^15 грн (10^12 тис. грн) is a thousand times the state budget; in kopecks
# it is 10^17, inside SQLite's integers (about 9.2·10^18).
MAX_AMOUNT = Decimal(10) ** 15
# Counts of events, people, victims.
MAX_COUNT = 10**9
# Any number read from text or a cell: digits before and after the comma.
MAX_WHOLE_DIGITS = 15
MAX_FRACTION_DIGITS = 6
# Text that cannot be stored (a lone surrogate) or shown (control characters other
# than tab and line breaks).
_BAD_TEXT = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class LimitError(UserError, ValueError):
    """A value outside its bounds; the message is Ukrainian and names the value."""


def _where(where: str) -> str:
    return f"{where}: " if where else ""


def check_year(year: int, where: str = "") -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        shown = str(year)[:20]
        raise LimitError(
            f"{_where(where)}рік «{shown}» поза допустимими межами ({MIN_YEAR}–{MAX_YEAR})"
        )
    return year


def year_in_range(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def check_number(value: Decimal, where: str = "", text: str | None = None) -> Decimal:
    """A finite number with at most 15 digits before the comma and 6 after it."""
    shown = (text if text is not None else str(value))[:40]
    if not value.is_finite():
        raise LimitError(f"{_where(where)}«{shown}» не є числом")
    _sign, digits, exponent = value.as_tuple()
    if not any(digits):
        return Decimal(0)
    assert isinstance(exponent, int)  # finite
    whole = max(len(digits) + exponent, 0)
    fraction = max(-exponent, 0)
    if whole > MAX_WHOLE_DIGITS:
        raise LimitError(
            f"{_where(where)}число «{shown}» завелике: допустимо не більше "
            f"{MAX_WHOLE_DIGITS} цифр до коми"
        )
    if fraction > MAX_FRACTION_DIGITS and value != round(value, MAX_FRACTION_DIGITS):
        raise LimitError(
            f"{_where(where)}число «{shown}» має забагато знаків після коми (допустимо "
            f"не більше {MAX_FRACTION_DIGITS})"
        )
    return value.normalize() if fraction > MAX_FRACTION_DIGITS else value


def check_amount(amount: Decimal, where: str = "") -> Decimal:
    """An amount in hryvnias: below 10^15 грн (10^12 тис. грн) either way."""
    if amount.is_finite() and -MAX_AMOUNT < amount < MAX_AMOUNT and amount == round(amount, 2):
        return amount  # what check_number passes, told without its digits (hot on imports)
    check_number(amount, where)
    if abs(amount) >= MAX_AMOUNT:
        raise LimitError(
            f"{_where(where)}сума «{str(amount)[:40]}» завелика: допустимо менше "
            "1 000 000 000 000 тис. грн"
        )
    return amount


def check_count(count: int, where: str = "") -> int:
    """A count of events or people: a whole number from 0 to a billion."""
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_COUNT:
        shown = str(count) if isinstance(count, int) and abs(count) < 10**30 else "…"
        raise LimitError(
            f"{_where(where)}кількість «{shown}» має бути цілим числом від 0 до 1 000 000 000"
        )
    return count


def check_text(text: str, where: str = "") -> str:
    """Text without lone surrogates (which no file can hold) or control characters."""
    found = _BAD_TEXT.search(text)
    if found:
        code = f"U+{ord(found.group()):04X}"
        raise LimitError(
            f"{_where(where)}текст містить недопустимий символ {code} (позиція {found.start() + 1})"
        )
    return text
