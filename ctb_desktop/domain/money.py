"""Exact money: amounts are Decimal hryvnias, stored as integer kopecks.

Official layouts print money two ways: тис. грн with one decimal and a decimal
comma ("3406,0", seed 003) and whole hryvnias without rounding ("8400", seed 000).
All parsing and formatting of amounts lives here so every layout agrees.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.limits import LimitError, check_amount, check_number
from ctb_desktop.domain.wording import shorten

KOPECK = Decimal("0.01")
THOUSAND = Decimal(1000)
NBSP = "\u00a0"

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class AmountError(UserError, ValueError):
    """Text that is not an amount; the message is Ukrainian and shown to the clerk."""


def parse_number(text: str) -> Decimal | None:
    """Read a number as a clerk types it: "1 234,5", "1234.5", "8 400", "-" or "".

    Returns None for an empty cell or a dash (nothing given) and raises AmountError
    for anything else that is not a plain decimal number.
    """
    cleaned = _SPACES.sub("", text or "")
    if cleaned in {"", "-", "–", "—"}:
        return None
    if cleaned.count(",") + cleaned.count(".") > 1:
        raise AmountError(f"«{shorten(text)}» не є числом: забагато роздільників дробової частини")
    cleaned = cleaned.replace(",", ".")
    if not _NUMBER.match(cleaned):
        raise AmountError(f"«{shorten(text)}» не є числом: очікується, наприклад, 1234,5")
    try:
        return check_number(Decimal(cleaned), "", shorten(text))
    except LimitError as exc:
        raise AmountError(str(exc)) from None


def parse_amount(text: str) -> Decimal | None:
    """A money amount: a number with at most two decimals (kopecks)."""
    value = parse_number(text)
    if value is not None and value != _to_kopeck(value, text):
        raise AmountError(f"«{shorten(text)}»: сума може мати не більше двох знаків після коми")
    return value


def from_thousands(text: str) -> Decimal | None:
    """An amount printed in тис. грн ("69,56") as exact hryvnias (69560.00)."""
    value = parse_amount(text)
    return None if value is None else _to_kopeck(value * THOUSAND, text)


def to_kopecks(amount: Decimal | None) -> int | None:
    if amount is None:
        return None
    check_amount(amount)
    kopecks = amount * 100
    if kopecks != kopecks.to_integral_value():
        raise AmountError(f"Сума {amount} має частки копійки")
    return int(kopecks)


def from_kopecks(kopecks: int | None) -> Decimal | None:
    return None if kopecks is None else hryvnias(kopecks)


@lru_cache(maxsize=1 << 16)
def hryvnias(kopecks: int) -> Decimal:
    """An amount from a NOT NULL column of kopecks. Amounts repeat across lines and
    units, and a Decimal is immutable: one object per amount kept (a consolidation's
    half a million amounts took 54 MB)."""
    return (Decimal(kopecks) / 100).quantize(KOPECK)


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(groups)


def format_decimal(value: Decimal, places: int, *, thousands: str = "") -> str:
    """Ukrainian number format: decimal comma, optional thousands separator, half-up rounding."""
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    if thousands:
        whole = _group(whole, thousands)
    return f"{sign}{whole},{fraction}" if places else f"{sign}{whole}"


def format_thousands(amount: Decimal | None, *, empty: str = "-", thousands: str = "") -> str:
    """Hryvnias shown in тис. грн with one decimal, as in seed 003: 3406000 → "3406,0"."""
    if amount is None:
        return empty
    return format_decimal(amount / THOUSAND, 1, thousands=thousands)


def format_hryvnias(amount: Decimal | None, *, empty: str = "", thousands: str = "") -> str:
    """Hryvnias "without rounding", as seed 000 prints them: "8400", "8400,50"."""
    if amount is None:
        return empty
    places = 0 if amount == amount.to_integral_value() else 2
    return format_decimal(amount, places, thousands=thousands)


def canonical_number(value: Decimal) -> str:
    """The interchange spelling of an indicator value: 21769, 8814.5 (no exponent, no padding)."""
    return f"{value.normalize():f}"


def format_number(value: Decimal | None) -> str:
    """An indicator value as reports print it: 8814,5; 21769; empty for None."""
    return "" if value is None else canonical_number(value).replace(".", ",")


def parse_thousands(text: str) -> Decimal | None:
    """An amount typed in тис. грн ("1 234,5", "69,56") as exact hryvnias; more than five
    decimals would be a fraction of a kopeck and is refused."""
    value = parse_number(text)
    if value is None:
        return None
    amount = value * THOUSAND
    exact = _to_kopeck(amount, text)
    if amount != exact:
        raise AmountError(
            f"«{shorten(text)}»: у тис. грн можна вказати не більше п'яти знаків після коми"
        )
    return exact


def _to_kopeck(amount: Decimal, text: str) -> Decimal:
    """`amount` rounded to a kopeck; one too long for Decimal's 28 digits (found by the
    property tests: thirty nines) is an AmountError, not decimal.InvalidOperation."""
    try:
        return amount.quantize(KOPECK)
    except InvalidOperation:
        raise AmountError(f"«{shorten(text)}»: число завелике") from None


def format_thousands_exact(amount: Decimal | None) -> str:
    """тис. грн with as many decimals as the amount has, at least one: 69560 → "69,56",
    14800 → "14,8"; what the clerk typed comes back unchanged."""
    if amount is None:
        return ""
    thousands = (amount / THOUSAND).normalize()
    places = max(1, -int(thousands.as_tuple().exponent))  # finite: an int
    return format_decimal(thousands, places)


def _grouped(text: str, digits: int) -> str:
    """`text` (a formatted number) with its whole part grouped by NBSP when it has at
    least `digits` digits."""
    sign = "-" if text.startswith("-") else ""
    whole, comma, fraction = text.lstrip("-").partition(",")
    if len(whole) >= digits:
        whole = _group(whole, NBSP)
    return f"{sign}{whole}{comma}{fraction}"


def format_report_amount(amount: Decimal | None, *, empty: str = "-") -> str:
    """тис. грн as seed 003 prints them: one decimal, two where the amount has tens of
    hryvnias («69,56», «144,26»), and the thousands of a five-digit figure set off by a
    non-breaking space, so a figure never breaks in its cell (four-digit ones the seed
    prints whole: «3406,0»)."""
    if amount is None:
        return empty
    thousands = amount / THOUSAND
    one = thousands.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    places = 1 if one == thousands.quantize(KOPECK, rounding=ROUND_HALF_UP) else 2
    return _grouped(format_decimal(thousands, places), 5)


def format_report_number(value: Decimal | int | None) -> str:
    """A count or an indicator's value as seed 003 prints them: «104 000», «8 814,5»,
    «11 795», «25» (thousands set off by a non-breaking space); empty for None."""
    if value is None:
        return ""
    return _grouped(format_number(Decimal(value)), 4)
