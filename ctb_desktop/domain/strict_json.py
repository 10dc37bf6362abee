"""The one JSON reader for everything that comes from outside: entries and program
files, the manifests and data inside packages, the notes beside backups.

Python's json module takes more than JSON: `NaN`, `Infinity`, `1e400` (read as an
infinite float), integers of any length (which then fail to print), nesting deep
enough to exhaust the stack, and strings with lone surrogates that no file or
database can hold. Here each of those is a JsonError with a Ukrainian message before
any reader sees the data:

- the size is bounded (50 MB by default) and so is the nesting (64 levels), checked on
  the text before it is parsed;
- `NaN`, `Infinity` and `-Infinity` are refused, and so is a number that is not finite
  as a float or an integer longer than 30 digits;
- every string (keys too) is checked by limits.check_text.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.limits import LimitError, check_text

MAX_BYTES = 50 * 2**20
MAX_DEPTH = 64
MAX_INT_DIGITS = 30

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
# A superset of the escapes that decode to a character check_text refuses.
_BAD_ESCAPE = re.compile(r"\\(?:[bf]|u(?:00[01][0-9a-fA-F]|007[fF]|[dD][89a-fA-F][0-9a-fA-F]{2}))")


class JsonError(UserError, ValueError):
    """Text that is not JSON this app accepts; the message names the document."""


def loads(data: bytes | str, what: str, *, max_bytes: int = MAX_BYTES) -> Any:
    """The JSON value in `data`; `what` names the document in messages ("файл «x.json»",
    "manifest.json у пакеті «y»")."""
    if len(data) > max_bytes:
        raise JsonError(f"{what}: завеликий документ ({len(data) // 2**20} МБ)")
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise JsonError(f"{what}: не є текстом у кодуванні UTF-8") from None
    else:
        text = data.removeprefix("\ufeff")
    if depth(text) > MAX_DEPTH:
        raise JsonError(f"{what}: вкладеність глибша за {MAX_DEPTH} рівні — це не документ ctb")
    try:
        value = json.loads(text, parse_constant=_constant, parse_int=_integer, parse_float=_float)
    except json.JSONDecodeError as exc:
        raise JsonError(
            f"{what} не є правильним JSON: рядок {exc.lineno}, позиція {exc.colno}"
        ) from None
    except _NumberError as exc:
        raise JsonError(f"{what}: {exc}") from None
    except RecursionError:  # the depth check above makes this unreachable in practice
        raise JsonError(f"{what}: вкладеність завелика") from None
    if _may_hold_bad_text(text):
        _check_strings(value, what)
    return value


def _may_hold_bad_text(text: str) -> bool:
    """Whether a string parsed from `text` can hold what check_text refuses: only if the
    text holds it as it is, or escaped (\\b, \\f, \\u0000…\\u001f, \\u007f, a
    surrogate). Most documents hold neither, and walking their every string took a
    sixth of a folder import."""
    try:
        check_text(text)
    except LimitError:
        return True
    return _BAD_ESCAPE.search(text) is not None


def depth(text: str) -> int:
    """How deeply arrays and objects nest in JSON `text` (strings skipped)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


class _NumberError(ValueError):
    pass


def _constant(name: str) -> Any:
    raise _NumberError(f"значення «{name}» не є числом JSON")


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _NumberError(f"ціле число з {len(text)} цифр завелике")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NumberError(f"число «{text[:40]}» поза допустимими межами")
    return value


def _check_strings(value: Any, what: str) -> None:
    """Every key and string value (iteratively: the depth is bounded, but no need)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            _check(item, what)
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            for key, child in item.items():
                _check(key, what)
                pending.append(child)


def _check(text: str, what: str) -> None:
    try:
        check_text(text)
    except LimitError as exc:
        shown = text[:40].encode("utf-8", "replace").decode("utf-8")
        raise JsonError(f"{what}: рядок «{shown}»: {exc}") from None
