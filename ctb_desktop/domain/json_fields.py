"""A JSON document read field by field (the app's interchange formats, domain/
interchange.py): each value checked for its type and bounds as it is taken, and every
refusal names where it is ("tasks[2].measures[0].title") in Ukrainian.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Literal, TypeVar, overload

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.limits import (
    LimitError,
    check_amount,
    check_count,
    check_number,
    check_year,
)
from ctb_desktop.domain.money import KOPECK

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


# Numbers whose form alone keeps them within limits.check_number (15 digits before the
# point, 6 after): almost every number of a file, read without taking it apart digit by
# digit.
_PLAIN_NUMBER = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,6})?")


def _plain(text: str) -> Decimal:
    """A plain number as limits.check_number gives it: any zero as Decimal(0)."""
    return Decimal(text) or Decimal(0)


class FormatError(UserError, ValueError):
    """A document that does not follow the format; the message is Ukrainian."""


class Node:
    """A JSON object being read, with the path used in error messages."""

    __slots__ = ("_index", "_parent", "_path", "data")

    def __init__(self, data: Any, path: str, parent: Node | None = None, index: int = 0) -> None:
        # An item of a list gets its path ("entries[12]") only if an error names it.
        self.data = data
        self._path: str | None = path if parent is None else None
        self._parent, self._index = parent, index
        if not isinstance(data, dict):
            raise FormatError(f"{self.path or 'документ'}: очікується об'єкт JSON")

    @property
    def path(self) -> str:
        if self._path is None:
            assert self._parent is not None
            self._path = f"{self._parent.path}[{self._index}]"
        return self._path

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, kind: type | tuple[type, ...], *, optional: bool = False) -> Any:
        if key not in self.data:
            if optional:
                return None
            raise FormatError(f"{self._where(key)}: поле відсутнє")
        value = self.data[key]
        if value is None and optional:
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            raise FormatError(f"{self._where(key)}: неправильний тип значення {value!r}")
        return value

    def text(self, key: str, *, optional: bool = False) -> str:
        """NFC, so a «й» or «ї» written decomposed reads as the one letter."""
        value = self.get(key, str, optional=optional)
        return "" if value is None else unicodedata.normalize("NFC", value)

    def child(self, key: str) -> Node:
        return Node(self.get(key, dict), self._where(key))

    def items(self, key: str, read: Callable[[Node], T]) -> list[T]:
        values = self.get(key, list, optional=True) or []
        parent = Node({}, self._where(key)) if values else self
        return [read(Node(item, "", parent, i)) for i, item in enumerate(values)]

    @overload
    def choice(self, key: str, enum: type[E], *, optional: Literal[False] = False) -> E: ...
    @overload
    def choice(self, key: str, enum: type[E], *, optional: bool) -> E | None: ...
    def choice(self, key: str, enum: type[E], *, optional: bool = False) -> E | None:
        value = self.get(key, str, optional=optional)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise FormatError(
                f"{self._where(key)}: невідоме значення «{value}» (можливі: {allowed})"
            ) from None

    @overload
    def decimal(self, key: str, *, optional: Literal[False]) -> Decimal: ...
    @overload
    def decimal(self, key: str, *, optional: bool = True) -> Decimal | None: ...
    def decimal(self, key: str, *, optional: bool = True) -> Decimal | None:
        value = self.get(key, str, optional=optional)
        if value is None:
            return None
        if _PLAIN_NUMBER.fullmatch(value):
            return _plain(value)
        try:
            number = Decimal(value) if len(value) <= 100 else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise FormatError(f"{self._where(key)}: «{value[:40]}» не є числом")
        return self.bounded(check_number, number, key)

    def bounded(self, check: Callable[[T, str], T], value: T, key: str) -> T:
        """`value` passed through one of domain/limits.py's checks; where it is in the
        document is worked out only to word a refusal (hundreds of thousands pass)."""
        try:
            return check(value, "")
        except LimitError:
            pass
        try:
            return check(value, self._where(key))
        except LimitError as exc:
            raise FormatError(str(exc)) from None

    def money(self, key: str) -> Decimal | None:
        amount = self.decimal(key)
        if amount is None:
            return None
        amount = self.bounded(check_amount, amount, key)
        if amount != amount.quantize(KOPECK):
            raise FormatError(f"{self._where(key)}: сума {amount} має частки копійки")
        return amount

    def count(self, key: str) -> int | None:
        value = self.get(key, int, optional=True)
        return None if value is None else self.bounded(check_count, value, key)

    @overload
    def year(self, key: str, *, optional: Literal[False] = False) -> int: ...
    @overload
    def year(self, key: str, *, optional: bool) -> int | None: ...
    def year(self, key: str, *, optional: bool = False) -> int | None:
        value = self.get(key, int, optional=optional)
        return None if value is None else self.bounded(check_year, value, key)

    def date(self, key: str) -> date | None:
        value = self.get(key, str, optional=True)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise FormatError(f"{self._where(key)}: «{value}» не є датою РРРР-ММ-ДД") from None
