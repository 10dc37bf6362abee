"""JSON data files: the built-in reference data in resources/ and files a user names.

Every failure becomes a DataFileError whose Ukrainian message names the file and
the problem, so neither the CLI nor the GUI ever shows a traceback for a bad file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from ctb_desktop.domain.entries import PeriodEntries
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.interchange import (
    FormatError,
    entries_from_dict,
    program_from_dict,
    units_from_dict,
)
from ctb_desktop.domain.program import Program
from ctb_desktop.domain.units import ReportingUnit

T = TypeVar("T")

BUILTIN_PROGRAM = "programs/national-2025.json"
BUILTIN_UNITS = "units.json"
DEMO_ENTRIES = "demo/entries-2024-Y.json"


class DataFileError(UserError):
    """A data file that cannot be read or does not follow its format."""


def app_dir() -> Path:
    """The folder holding resources/, ui/ and templates/: the source checkout, or
    the PyInstaller bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return app_dir() / "resources"


def read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataFileError(f"Файл «{path}» не знайдено") from None
    except IsADirectoryError:
        raise DataFileError(f"«{path}» є папкою, а не файлом") from None
    except PermissionError:
        raise DataFileError(f"Немає доступу до файлу «{path}»") from None
    except UnicodeDecodeError:
        raise DataFileError(f"Файл «{path}» не є текстом у кодуванні UTF-8") from None
    except OSError as exc:
        raise DataFileError(f"Не вдалося прочитати «{path}»: {exc.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(
            f"Файл «{path}» не є правильним JSON: рядок {exc.lineno}, позиція {exc.colno}"
        ) from None


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


def directory_edition() -> str:
    """Which codifier the shipped directory was made from («КАТОТТГ 16.05.2025»)."""
    return _builtin_directory()[0]


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
