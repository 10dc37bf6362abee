"""JSON data files: the built-in reference data in resources/ and files a user names.

Every failure becomes a DataFileError whose Ukrainian message names the file and
the problem, so neither the CLI nor the GUI ever shows a traceback for a bad file.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from ctb_desktop.domain import strict_json
from ctb_desktop.domain.entries import PeriodEntries
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.interchange import (
    entries_from_dict,
    program_from_dict,
    units_from_dict,
)
from ctb_desktop.domain.json_fields import FormatError
from ctb_desktop.domain.program import Program
from ctb_desktop.domain.system_errors import os_reason
from ctb_desktop.domain.units import ReportingUnit

T = TypeVar("T")

BUILTIN_PROGRAM = "programs/national-2025.json"
BUILTIN_UNITS = "units.json"
DEMO_ENTRIES = "demo/entries-2024-Y.json"


class DataFileError(UserError):
    """A data file that cannot be read or does not follow its format."""


def app_dir() -> Path:
    """The folder holding resources/, ui/ and templates/, the one place every mode finds
    them: the PyInstaller bundle when frozen (build.spec), ctb_desktop/_data inside an
    installed wheel (setup.py copies them there), else the checkout (an editable install
    or a run from the source tree)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    package = Path(__file__).resolve().parents[1]
    packaged = package / "_data"
    return packaged if packaged.is_dir() else package.parent


def resources_dir() -> Path:
    return app_dir() / "resources"


def read_bytes(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of the file at `path` (ask for one more than you accept to
    tell a longer file). A file that cannot be read is a DataFileError naming it and why,
    the one translation of the system's reasons for every file the app reads whole."""
    try:
        with path.open("rb") as stream:
            return stream.read(limit)
    except FileNotFoundError:
        raise DataFileError(f"Файл «{path}» не знайдено") from None
    except IsADirectoryError:
        raise DataFileError(f"«{path}» є папкою, а не файлом") from None
    except PermissionError:
        raise DataFileError(f"Немає доступу до файлу «{path}»") from None
    except OSError as exc:
        raise DataFileError(f"Не вдалося прочитати файл «{path}»: {os_reason(exc)}") from None


def read_json(path: Path) -> Any:
    """The JSON in the file at `path`, read by domain/strict_json.py."""
    data = read_bytes(path, strict_json.MAX_BYTES + 1)
    try:
        return strict_json.loads(data, f"Файл «{path}»")
    except strict_json.JsonError as exc:
        raise DataFileError(str(exc)) from None


def _read(path: Path, parse: Callable[[Any], T]) -> T:
    data = read_json(path)
    try:
        return parse(data)
    except FormatError as exc:
        raise DataFileError(f"Файл «{path}»: {exc}") from None


def read_program(path: Path) -> Program:
    return _read(path, program_from_dict)


def read_units(path: Path) -> list[ReportingUnit]:
    return _read(path, units_from_dict)


def read_entries(path: Path) -> PeriodEntries:
    return _read(path, entries_from_dict)


def builtin_program() -> Program:
    """The national program to 2025 (розпорядження КМУ від 02.06.2023 № 496-р)."""
    return read_program(resources_dir() / BUILTIN_PROGRAM)


def builtin_units() -> list[ReportingUnit]:
    """The directory of reporting bodies (scripts/make_units.py builds it from КАТОТТГ):
    Мінсоцполітики, the oblasts and Київ, every raion and every territorial hromada."""
    return [replace(unit) for unit in _builtin_directory()[1]]


@cache
def directory_edition() -> str:
    """Which codifier the shipped directory was made from («КАТОТТГ 16.05.2025»). Every
    database open asks it: read from the file's head (scripts/make_units.py writes it
    there), as parsing 1,900 units to learn it took half the command line's start."""
    with (resources_dir() / BUILTIN_UNITS).open(encoding="utf-8") as file:
        found = _EDITION.search(file.read(1024))
    return json.loads(found.group(1)) if found else _builtin_directory()[0]


_EDITION = re.compile(r'^\s*"edition":\s*("(?:[^"\\]|\\.)*"),?$', re.MULTILINE)


@cache
def _builtin_directory() -> tuple[str, tuple[ReportingUnit, ...]]:
    path = resources_dir() / BUILTIN_UNITS
    data = read_json(path)
    try:
        units = units_from_dict(data)
    except FormatError as exc:
        raise DataFileError(f"Файл «{path}»: {exc}") from None
    return str(data.get("edition", "")), tuple(units)


def demo_entries() -> PeriodEntries:
    """The 2024 annual entries printed in the national report (seed 003)."""
    return read_entries(resources_dir() / DEMO_ENTRIES)
