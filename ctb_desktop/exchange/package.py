"""Report and program packages (.ctbpkg): what units send each other by e-mail.

A package is a zip with `manifest.json` (format version, app version, the program's
code and a hash of its structure, the unit, the period, the revision, the SHA-256 of
every other file) and the data in the documented interchange formats: `entries.json`
(ctb-entries) and the rendered `report.docx` (and `report.pdf` when LibreOffice made
one) for a report, `program.json`
(ctb-program) for a program sent to the units below. A КЕП signature of the report
(`signature.p7s` or `signature.asice`) may be attached afterwards.

Writing is deterministic — entries in a fixed order, fixed timestamps, the revision
and its time stored with the data hash — so the same data gives the same bytes.
Reading checks everything before anything is used: paths, sizes, duplicates, the
format version, every hash.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctb_desktop import __version__
from ctb_desktop.domain import strict_json
from ctb_desktop.domain.entries import PeriodEntries
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.interchange import (
    entries_from_dict,
    entries_to_dict,
    program_from_dict,
    program_to_dict,
    units_from_dict,
    units_to_dict,
)
from ctb_desktop.domain.json_fields import FormatError
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Program
from ctb_desktop.domain.units import ReportingUnit
from ctb_desktop.exchange.manifest import FORMAT, FORMAT_VERSION, ManifestError, check_manifest

SUFFIX = ".ctbpkg"
MANIFEST = "manifest.json"
ENTRIES = "entries.json"
PROGRAM = "program.json"
REPORT = "report.docx"
REPORT_PDF = "report.pdf"
SIGNATURES = ("signature.p7s", "signature.asice")
ALLOWED = {MANIFEST, ENTRIES, PROGRAM, REPORT, REPORT_PDF, *SIGNATURES}

# Limits against hostile or broken archives: a real package is well under a megabyte.
MAX_PACKAGE = 50 * 2**20
MAX_ENTRY = 50 * 2**20
MAX_ENTRIES = 16
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class PackageError(UserError):
    """A package that cannot be used; the message names the file and the problem."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_json(data: Any) -> bytes:
    """JSON the same for the same data: sorted keys, no insignificant space, UTF-8."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def structure_hash(program: Program) -> str:
    """A fingerprint of tasks and measures: tells the receiver whether both sides
    hold the same version of the program."""
    data = program_to_dict(program)["program"]
    return sha256(canonical_json({"groupings": data["groupings"], "tasks": data["tasks"]}))


def normalised_zip(content: bytes) -> bytes:
    """The same archive with fixed timestamps, so a .docx built twice is byte-identical."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(_info(info.filename), source.read(info.filename))
    return buffer.getvalue()


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


@dataclass
class Package:
    """A package's manifest and files, already checked."""

    manifest: dict[str, Any]
    files: dict[str, bytes]
    name: str = ""
    _entries: PeriodEntries | None = field(default=None, repr=False, compare=False)

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    @property
    def program_code(self) -> str:
        return self.manifest["program"]["code"]

    @property
    def period(self) -> Period | None:
        period = self.manifest.get("period")
        return Period.parse(period) if period else None

    @property
    def revision(self) -> int:
        return self.manifest["revision"]

    @property
    def units(self) -> list[ReportingUnit]:
        return units_from_dict(self.manifest["units"])

    @property
    def unit(self) -> ReportingUnit:
        return next(unit for unit in self.units if unit.code == self.manifest["unit"])

    @property
    def signature(self) -> tuple[str, bytes] | None:
        return next(((name, self.files[name]) for name in SIGNATURES if name in self.files), None)

    def entries(self) -> PeriodEntries:
        """The report's entries, parsed once (read() parses them to check them)."""
        if self._entries is None:
            self._entries = entries_from_dict(strict_json.loads(self.files[ENTRIES], ENTRIES))
        return self._entries

    def program(self) -> Program:
        return program_from_dict(strict_json.loads(self.files[PROGRAM], PROGRAM))

    def to_bytes(self) -> bytes:
        return _write(self.manifest, self.files)


@dataclass
class PackageContent:
    """What goes into a package before it is written."""

    kind: str
    program: Program
    unit: ReportingUnit
    units: list[ReportingUnit]
    revision: int
    created_at: str
    period: Period | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    contact: str = ""  # the sender's e-mail address, for replies


# What may differ between two sends of one revision without a new number: the sender's
# address (config smtp.sender), the app's version, and the copies beside the report (the
# PDF that --pdf adds, the signature attached later). The rest is the report's data.
OUTSIDE_DATA = ("contact", "app_version")
COPIES = (REPORT_PDF, *SIGNATURES)


def data_part(manifest: dict[str, Any]) -> dict[str, Any]:
    """The part of a manifest two packages of the same revision must share: the
    receiver compares this, so a resend with another sender address or with a PDF copy
    is the same revision, not a conflict that no new export could resolve."""
    part = {key: value for key, value in manifest.items() if key not in OUTSIDE_DATA}
    part["files"] = {
        name: digest for name, digest in manifest.get("files", {}).items() if name not in COPIES
    }
    return part


def report_files(entries: PeriodEntries, report: bytes) -> dict[str, bytes]:
    return {ENTRIES: canonical_json(entries_to_dict(entries)), REPORT: normalised_zip(report)}


def program_files(program: Program) -> dict[str, bytes]:
    return {PROGRAM: canonical_json(program_to_dict(program))}


def build(content: PackageContent) -> bytes:
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kind": content.kind,
        "app_version": __version__,
        "program": {
            "code": content.program.code,
            "structure_sha256": structure_hash(content.program),
        },
        "unit": content.unit.code,
        "units": units_to_dict(content.units),
        "period": content.period.code if content.period else None,
        "revision": content.revision,
        "created_at": content.created_at,
        "contact": content.contact,
        "files": {name: sha256(data) for name, data in sorted(content.files.items())},
    }
    return _write(manifest, content.files)


def _write(manifest: dict[str, Any], files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_info(MANIFEST), canonical_json(manifest))
        for name in sorted(files):
            archive.writestr(_info(name), files[name])
    return buffer.getvalue()


def attach_signature(package: Package, signature_name: str, signature: bytes) -> bytes:
    """The package with a КЕП signature of its report added (replacing an earlier one)."""
    suffix = Path(signature_name).suffix.casefold()
    target = "signature.asice" if suffix in (".asice", ".asic", ".sce") else "signature.p7s"
    files = {name: data for name, data in package.files.items() if name not in SIGNATURES}
    files[target] = signature
    return _write(package.manifest, files)


# ---------------------------------------------------------------------- reading


def read(content: bytes, name: str) -> Package:
    """Check a package completely; raises PackageError with a Ukrainian message."""
    if len(content) > MAX_PACKAGE:
        raise PackageError(f"Пакет «{name}» завеликий ({len(content) // 2**20} МБ)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PackageError(
            f"Файл «{name}» не є пакетом звіту або його пошкоджено (можливо, завантажено не "
            "повністю). Попросіть надіслати його ще раз"
        ) from None
    names = [info.filename for info in infos]
    problem = _archive_problem(infos, names)
    if problem:
        raise PackageError(f"Пакет «{name}» відхилено: {problem}")
    try:
        files = {info.filename: archive.read(info) for info in infos}
    except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile):
        raise PackageError(
            f"Пакет «{name}» пошкоджено (можливо, завантажено не повністю)"
        ) from None
    if MANIFEST not in files:
        raise PackageError(f"У пакеті «{name}» немає manifest.json: це не пакет ctb-desktop")
    try:
        manifest = strict_json.loads(files.pop(MANIFEST), MANIFEST)
        check_manifest(manifest)
    except strict_json.JsonError as exc:
        raise PackageError(f"Пакет «{name}»: {exc}") from None
    except ManifestError as exc:
        raise PackageError(f"Пакет «{name}»: {MANIFEST}: {exc}") from None
    _check_files(manifest, files, name)
    package = Package(manifest, files, name)
    try:
        if package.kind == "report":
            package.entries()
        else:
            package.program()
    except (FormatError, strict_json.JsonError) as exc:
        raise PackageError(f"Дані в пакеті «{name}» не відповідають формату: {exc}") from None
    return package


def _archive_problem(infos: list[zipfile.ZipInfo], names: list[str]) -> str:
    if len(infos) > MAX_ENTRIES:
        return f"забагато файлів ({len(infos)})"
    if len(names) != len(set(names)):
        duplicate = next(n for n in names if names.count(n) > 1)
        return f"файл «{duplicate}» у ньому двічі"
    return next(filter(None, map(_entry_problem, infos)), "")


def _entry_problem(info: zipfile.ZipInfo) -> str:
    path = info.filename
    if path.startswith(("/", "\\")) or ".." in Path(path).parts or ":" in path or "\\" in path:
        return f"недопустимий шлях «{path}»"
    if path not in ALLOWED:
        return f"невідомий файл «{path}»"
    if info.file_size > MAX_ENTRY:
        return f"файл «{path}» завеликий після розпакування"
    ratio = info.file_size / max(info.compress_size, 1)
    if ratio > 1000 and info.file_size > 2**20:
        return f"файл «{path}» стискається підозріло сильно (zip-бомба)"
    return ""


def _check_files(manifest: dict[str, Any], files: dict[str, bytes], name: str) -> None:
    """Every file listed with its hash, and the hash right (check_manifest came first)."""
    listed = manifest["files"]
    for file_name, data in files.items():
        if file_name in SIGNATURES:
            continue  # attached after the manifest was written
        expected = listed.get(file_name)
        if expected is None:
            raise PackageError(f"Пакет «{name}»: файл «{file_name}» не вказано в manifest.json")
        if sha256(data) != expected:
            raise PackageError(
                f"Пакет «{name}»: вміст «{file_name}» змінено після створення пакета (контрольна "
                "сума не збігається). Такий пакет не приймається"
            )
    missing = sorted(set(listed) - set(files))
    if missing:
        raise PackageError(f"Пакет «{name}»: бракує файлів {', '.join(missing)}")
    needed = {"report": {ENTRIES, REPORT}, "program": {PROGRAM}}[manifest["kind"]]
    if not needed <= set(files):
        raise PackageError(f"Пакет «{name}»: бракує {', '.join(sorted(needed - set(files)))}")
