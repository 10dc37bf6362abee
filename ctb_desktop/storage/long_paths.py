"""Windows' limit on a whole path: 259 characters (MAX_PATH without its terminating
NUL), unless the machine has long paths switched on and the program declares it
understands them. A OneDrive folder of ~90 characters plus a generated name with a long
unit name and a temporary's suffix passes it, and Windows then fails the save with a
generic error; here a generated name is shortened to fit its folder beforehand, and a
name the clerk chose that cannot fit is refused plainly.

Lengths are counted as Windows counts them, in UTF-16 code units of the absolute path.
Elsewhere (Linux, macOS) there is no such limit worth a check: `path_limit()` is None.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

WINDOWS_MAX_PATH = 259
# A shortened name keeps at least this much of its stem; below it the folder itself is
# too deep and a readable name cannot be made.
_SHORTEST_STEM = 8


def _long_paths_enabled() -> bool:
    """True when this process may use paths past MAX_PATH: the system setting
    LongPathsEnabled and the program's manifest together (RtlAreLongPathsEnabled says
    both at once; Windows 10 1607 and later)."""
    if sys.platform != "win32":
        return True
    import ctypes  # noqa: PLC0415 (Windows only)

    try:
        check = ctypes.WinDLL("ntdll").RtlAreLongPathsEnabled
    except (OSError, AttributeError):
        return False
    check.restype = ctypes.c_ubyte
    check.argtypes = []
    return bool(check())


def path_limit() -> int | None:
    """The longest whole path a file may have here, or None for no practical limit."""
    if sys.platform != "win32" or _long_paths_enabled():
        return None
    return WINDOWS_MAX_PATH


def path_length(path: Path | str) -> int:
    """The path's length as Windows counts it: UTF-16 code units of the absolute path."""
    return len(os.path.abspath(path).encode("utf-16-le")) // 2


def room_for_name(folder: Path | str, limit: int | None = None) -> int | None:
    """How many characters a file's name may have in `folder`; None for no limit."""
    limit = path_limit() if limit is None else limit
    if limit is None:
        return None
    # The folder, a separator, then the name.
    return limit - path_length(folder) - 1


def fit_name(folder: Path | str, name: str, limit: int | None = None) -> str:
    """`name`, its stem shortened so that the file fits in `folder` (the ending kept).
    A name that cannot be shortened to a readable length is returned whole: writing
    it then says plainly that the path is too long (`too_long`)."""
    room = room_for_name(folder, limit)
    if room is None or _units(name) <= room:
        return name
    suffix = Path(name).suffix
    stem = name[: len(name) - len(suffix)] if suffix else name
    keep = room - _units(suffix)
    if keep < _SHORTEST_STEM:
        return name
    whole = stem
    while _units(stem) > keep:
        stem = stem[:-1]
    # Whole words where a separator leaves enough ("…_виконання_2025", not "…_202").
    cut = max(stem.rfind("_"), stem.rfind(" "))
    if whole[len(stem)] not in "_ " and cut >= _SHORTEST_STEM:
        stem = stem[:cut]
    return f"{stem.rstrip('._ ')}{suffix}"


def fit_prefix(folder: Path | str, prefix: str, overhead: int, limit: int | None = None) -> str:
    """A temporary's name `prefix` shortened so that prefix + `overhead` more characters
    fit in `folder`; at least its first character ("." ) and one of the name stay."""
    room = room_for_name(folder, limit)
    if room is None or _units(prefix) + overhead <= room:
        return prefix
    keep = max(room - overhead - 1, 1)  # the closing "." of the prefix is added back
    core = prefix.rstrip(".")
    while len(core) > 1 and _units(core) > keep:
        core = core[:-1]
    return f"{core}."


def too_long(path: Path | str, limit: int | None = None) -> str:
    """A Ukrainian sentence when the file's path is too long to write; "" when it fits."""
    limit = path_limit() if limit is None else limit
    if limit is None:
        return ""
    length = path_length(path)
    if length <= limit:
        return ""
    return (
        f"Шлях до файлу «{path}» задовгий: {length} символів, а Windows дозволяє не більше "
        f"{limit}. Виберіть коротшу назву файлу або папку ближче до кореня диска "
        "(наприклад, C:\\Звіти). Попередній вміст файлу (якщо він був) не змінено."
    )


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fitted(folder: Path | str, name: str) -> Path:
    """The path of a generated `name` in `folder`, shortened to fit (`fit_name`)."""
    return Path(folder) / fit_name(folder, name)
