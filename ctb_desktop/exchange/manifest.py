"""The one validator of a package's manifest.json: every field's type and range,
checked before any of it is used, so a hostile or broken manifest is a PackageError
naming the field rather than a wrong revision in the database or a crash later.

    format          "ctb-package"
    format_version  an integer from 1 to the version this app writes
    kind            "report" or "program"
    app_version     text
    program         {"code": non-empty text, "structure_sha256": 64 hex digits}
    unit            a code listed in `units`
    units           a ctb-units document
    period          a period code with a year in range (a report), null (a program)
    revision        an integer from 1 to 1 000 000
    created_at      a date and time (ISO 8601)
    contact         an e-mail address on one line, or empty
    files           {file name: SHA-256 of its bytes}
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ctb_desktop.domain.interchange import units_from_dict
from ctb_desktop.domain.json_fields import FormatError
from ctb_desktop.domain.periods import Period, PeriodError
from ctb_desktop.domain.units import ReportingUnit

FORMAT = "ctb-package"
FORMAT_VERSION = 1
KINDS = ("report", "program")
MAX_REVISION = 1_000_000
MAX_TEXT = 1000
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ManifestError(ValueError):
    """What is wrong with the manifest, in Ukrainian, without the package's name."""


def check_manifest(manifest: Any) -> list[ReportingUnit]:
    """Raise ManifestError for the first field that is wrong; returns the units, read."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ManifestError("не є пакетом ctb-desktop")
    version = manifest.get("format_version")
    if not _integer(version) or version < 1:
        raise ManifestError(f"поле format_version: «{_shown(version)}» не є номером версії")
    if version > FORMAT_VERSION:
        raise ManifestError(
            f"створено новішою версією ctb-desktop (формат {version}); оновіть програму, "
            "щоб його відкрити"
        )
    kind = manifest.get("kind")
    if kind not in KINDS:
        raise ManifestError(f"невідомий вид «{_shown(kind)}»")
    _text(manifest, "app_version")
    program = manifest.get("program")
    if not isinstance(program, dict):
        raise ManifestError("поле program: очікується об'єкт із кодом програми")
    if not _text(program, "code", "program.code").strip():
        raise ManifestError("поле program.code: код програми порожній")
    if not _SHA256.match(_text(program, "structure_sha256", "program.structure_sha256")):
        raise ManifestError("поле program.structure_sha256: очікується SHA-256")
    units = _units(manifest)
    _period(manifest, kind)
    revision = manifest.get("revision")
    if not _integer(revision) or not 1 <= revision <= MAX_REVISION:
        raise ManifestError(
            f"поле revision: «{_shown(revision)}» не є номером редакції (ціле число від 1 до "
            f"{MAX_REVISION:,})".replace(",", " ")
        )
    created = _text(manifest, "created_at")
    try:
        datetime.fromisoformat(created)
    except ValueError:
        raise ManifestError(f"поле created_at: «{_shown(created)}» не є датою і часом") from None
    contact = _text(manifest, "contact", optional=True)
    if contact and (any(ord(char) < 32 for char in contact) or "@" not in contact):
        raise ManifestError(f"поле contact: «{_shown(contact)}» не є адресою електронної пошти")
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(digest, str) and _SHA256.match(digest) for digest in files.values()
    ):
        raise ManifestError("у manifest.json немає правильного переліку файлів")
    return units


def _units(manifest: dict) -> list[ReportingUnit]:
    unit = _text(manifest, "unit")
    try:
        units = units_from_dict(manifest.get("units"))
    except FormatError as exc:
        raise ManifestError(f"поле units: {exc}") from None
    if not any(known.code == unit for known in units):
        raise ManifestError(f"орган «{_shown(unit)}» (поле unit) відсутній у переліку units")
    return units


def _period(manifest: dict, kind: str) -> None:
    period = manifest.get("period")
    if kind == "program":
        if period is not None:
            raise ManifestError("поле period: пакет програми не має звітного періоду")
        return
    if not isinstance(period, str):
        raise ManifestError(f"поле period: «{_shown(period)}» не є звітним періодом")
    try:
        Period.parse(period)
    except PeriodError as exc:
        raise ManifestError(f"поле period: {exc}") from None


def _text(data: dict, key: str, where: str = "", *, optional: bool = False) -> str:
    value = data.get(key, "" if optional else None)
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise ManifestError(f"поле {where or key}: «{_shown(value)}» не є текстом")
    return value


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    text = "відсутнє" if value is None else str(value)
    text = text if len(text) <= 40 else f"{text[:40]}…"
    return _CONTROL.sub(lambda found: repr(found.group())[1:-1], text)
