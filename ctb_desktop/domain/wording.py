"""Ukrainian wording that depends on numbers: "1 захід", "3 заходи", "60 заходів"."""

from __future__ import annotations

TASKS = ("завдання", "завдання", "завдань")
MEASURES = ("захід", "заходи", "заходів")


def count(number: int, forms: tuple[str, str, str]) -> str:
    """`number` with the noun in the form Ukrainian grammar asks for: forms are
    (one, few, many) as in (захід, заходи, заходів)."""
    if number % 10 == 1 and number % 100 != 11:
        form = forms[0]
    elif 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        form = forms[1]
    else:
        form = forms[2]
    return f"{number} {form}"
