"""Receiving packages: reports from the units below, a program from the unit above.

Everything is checked before anything is written — the archive, the hashes, the
program, the period, that the sender reports to this database's unit and that its
entries are its own — and then written in one transaction, so a refused or broken
package changes nothing. A report's newest revision replaces the unit's entries for
the period; every revision is kept for the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Program
from ctb_desktop.domain.progress import Progress
from ctb_desktop.domain.units import ReportingUnit, ancestors, subtree_codes
from ctb_desktop.exchange.package import (
    MAX_PACKAGE,
    REPORT,
    SUFFIX,
    Package,
    PackageError,
    data_part,
    read,
    structure_hash,
)
from ctb_desktop.exchange.signature import SignatureError, check_signature_file
from ctb_desktop.storage.datafiles import DataFileError, read_bytes
from ctb_desktop.storage.packages import ReceivedPackage, ReceivedPackages
from ctb_desktop.storage.structure import update_structure
from ctb_desktop.storage.workspace import Workspace

OUTCOMES = {
    "imported": "отримано, дані внесено",
    "replaced": "нова редакція замінила попередню",
    "unchanged": "цю редакцію вже отримано, нічого не змінено",
    "signed": "до вже отриманої редакції додано підпис",
    "older": "застаріла редакція: збережено в історії, дані не змінено",
    "program_added": "програму додано",
    "program_updated": "структуру програми оновлено",
    "program_unchanged": "ця програма вже є в базі, без змін",
}


@dataclass
class Received:
    file_name: str
    outcome: str
    unit: ReportingUnit
    period: Period | None = None
    revision: int = 0
    signature: dict | None = None
    warnings: list[str] = field(default_factory=list)
    package_id: int | None = None

    @property
    def message(self) -> str:
        what = (
            f"{self.unit.short_name}, {self.period.title}, ред. {self.revision}"
            if (self.period)
            else self.unit.short_name
        )
        return f"«{self.file_name}» ({what}): {OUTCOMES[self.outcome]}"


@dataclass
class Arrived:
    """A package file read and checked on its own — archive, hashes, signature — before
    the database is asked anything: the slow part, which a worker thread may do."""

    content: bytes
    package: Package
    signature: dict | None
    warnings: list[str]


class Receiving:
    """What the receiving database holds that each package is checked against — the unit
    directory, who is under whom, the programs and their structure hashes — read once
    for a batch of packages (a folder) instead of once per package, and read again
    only after a package changed it."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._units: list[ReportingUnit] | None = None
        self._children: dict[str | None, list[str]] = {}
        self._programs: dict[str, tuple[Program, str]] = {}

    def units(self) -> list[ReportingUnit]:
        if self._units is None:
            self._units = self.ws.units.list()
            self._children = {}
            for unit in self._units:
                self._children.setdefault(unit.parent_code, []).append(unit.code)
        return self._units

    def units_changed(self) -> None:
        self._units = None

    def subtree(self, units: list[ReportingUnit], code: str) -> set[str]:
        """`code` and every unit below it among `units`."""
        if units is not self._units:
            return subtree_codes(units, code)
        found, pending = {code}, [code]
        while pending:
            for child in self._children.get(pending.pop(), []):
                if child not in found:
                    found.add(child)
                    pending.append(child)
        return found

    def program(self, code: str, source: str) -> tuple[Program, str]:
        """The program with `code` and its structure hash."""
        if code not in self._programs:
            program = self.ws.program_by_code(code, source)
            self._programs[code] = (program, structure_hash(program))
        return self._programs[code]

    def programs_changed(self) -> None:
        self._programs.clear()


def arrive(content: bytes, name: str) -> Arrived:
    package = read(content, name)
    warnings: list[str] = []
    signature = signature_summary(package, warnings) if package.kind != "program" else None
    return Arrived(content, package, signature, warnings)


def arrive_file(path: Path) -> Arrived:
    return arrive(read_file(path), path.name)


def take(
    ws: Workspace,
    arrived: Arrived,
    *,
    own_unit: str | None = None,
    period: Period | None = None,
    now: datetime | None = None,
    receiving: Receiving | None = None,
) -> Received:
    """Check an arrived package against the database and store it. `own_unit` defaults
    to the database's own unit; `period`, when given, is the only period accepted (the
    board the clerk is on). A batch passes one `receiving` for all its packages."""
    receiving = receiving or Receiving(ws)
    if arrived.package.kind == "program":
        try:
            return _receive_program(ws, arrived.package)
        finally:
            receiving.units_changed()
            receiving.programs_changed()
    return _receive_report(ws, arrived, own_unit, period, now or datetime.now(UTC), receiving)


def receive(
    ws: Workspace,
    content: bytes,
    name: str,
    *,
    own_unit: str | None = None,
    period: Period | None = None,
    now: datetime | None = None,
) -> Received:
    """One package, read and taken on one thread."""
    return take(ws, arrive(content, name), own_unit=own_unit, period=period, now=now)


def package_paths(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.casefold() == SUFFIX)
        else:
            found.append(path)
    return found


def read_file(path: Path) -> bytes:
    """A package (or a signature, a document) read whole, up to one byte past the package
    limit, so that `read` can name a file too large; storage.datafiles.read_bytes says
    why a file cannot be read."""
    try:
        return read_bytes(path, MAX_PACKAGE + 1)
    except DataFileError as exc:
        raise PackageError(str(exc)) from None


# ---------------------------------------------------------------------- reports


def _receive_report(
    ws: Workspace,
    arrived: Arrived,
    own_unit: str | None,
    expected_period: Period | None,
    now: datetime,
    receiving: Receiving,
) -> Received:
    package, content, signature = arrived.package, arrived.content, arrived.signature
    name = package.name
    program, program_hash = receiving.program(package.program_code, f"Пакет «{package.name}»")
    period = package.period
    entries = package.entries()
    if expected_period is not None and period != expected_period:
        raise PackageError(
            f"Пакет «{name}» містить звіт {period.for_phrase}, а приймаються звіти "
            f"{expected_period.for_phrase}"
        )
    if period.year not in program.years or entries.period != period:
        raise PackageError(
            f"Пакет «{name}»: період «{period.title}» не належить до строку програми "
            f"({program.year_from}–{program.year_to})"
        )
    sender = package.unit
    known = receiving.units()
    units = _merged(known, package.units)
    own = _own_unit(ws, own_unit, units)
    if sender.code == own.code or sender.code not in receiving.subtree(units, own.code):
        raise PackageError(
            f"Пакет «{name}» надіслав орган «{sender.name}» ({sender.code}), який не "
            f"звітує до «{own.name}». Пакет не імпортовано"
        )
    check_branch(package, known)
    scope = receiving.subtree(units, sender.code)
    strangers = sorted({report.unit_code for report in entries.reports} - scope)
    if strangers:
        raise PackageError(
            f"Пакет «{name}» містить дані органів, що не підпорядковані «{sender.name}»: "
            f"{', '.join(strangers)}. Пакет не імпортовано"
        )
    warnings = []
    if package.manifest["program"].get("structure_sha256") != program_hash:
        warnings.append(
            f"Структура програми «{program.code}» у відправника відрізняється від цієї бази; "
            "перевірте, чи розіслано всім останню версію програми"
        )
    warnings += arrived.warnings
    stored = ws.received
    result = Received(name, "imported", sender, period, package.revision, signature, warnings)
    # The history is read inside the write transaction: a second process receiving the
    # same package at the same moment waits, then finds it stored.
    with ws.db.transaction():
        history = stored.list(program.id, period, sender.code)
        same = next((item for item in history if item.revision == package.revision), None)
        if same is not None:
            result.outcome = _same_revision(stored, package, content, same, signature)
            result.package_id = same.id
            return result
        known_codes = {unit.code for unit in known}
        new_units = [unit for unit in package.units if unit.code not in known_codes]
        if new_units:
            receiving.units_changed()
            ws.units.save(new_units)
        newest = max((item.revision for item in history), default=0)
        if package.revision > newest:
            ws.entries.replace_units(program, entries, scope)
            result.outcome = "replaced" if history else "imported"
        else:
            result.outcome = "older"
        result.package_id = stored.add(
            program.id,
            period,
            {
                "unit": sender.code,
                "revision": package.revision,
                "file_name": name,
                "content": content,
                "manifest": package.manifest,
                "signature": signature,
            },
            received_at=now,
        )
    return result


def check_branch(package: Package, known: list[ReportingUnit]) -> None:
    """A package carries the sender's branch of the directory: the units above it, itself
    and those below it, each under the parent this database knows it under. Anything
    else would move or add units elsewhere in the receiver's directory: refused."""
    sender, units = package.unit, package.units
    branch = {unit.code for unit in ancestors(units, sender.code)} | subtree_codes(
        units, sender.code
    )
    stranger = next((unit for unit in units if unit.code not in branch), None)
    if stranger is not None:
        raise PackageError(
            f"Пакет «{package.name}» містить орган «{stranger.name}» ({stranger.code}), що не "
            f"належить до гілки «{sender.name}». Пакет не імпортовано"
        )
    parents = {unit.code: unit.parent_code for unit in known}
    moved = next(
        (unit for unit in units if unit.code in parents and parents[unit.code] != unit.parent_code),
        None,
    )
    if moved is not None:
        raise PackageError(
            f"Пакет «{package.name}»: орган «{moved.name}» ({moved.code}) підпорядкований там "
            f"«{moved.parent_code}», а в довіднику цієї бази — «{parents[moved.code]}». "
            "Пакет не імпортовано"
        )


def _merged(known: list[ReportingUnit], incoming: list[ReportingUnit]) -> list[ReportingUnit]:
    """The directory with the package's units it lacks; `known` itself when it lacks none."""
    codes = {unit.code for unit in known}
    new = [unit for unit in incoming if unit.code not in codes]
    return known + new if new else known


def _own_unit(ws: Workspace, code: str | None, units: list[ReportingUnit]) -> ReportingUnit:
    code = code or ws.config.unit
    if not code:
        raise PackageError(
            "Не вказано, чия це база: оберіть власний звітуючий орган у налаштуваннях "
            "(або ctb-desktop config unit КОД), щоб приймати звіти підпорядкованих органів"
        )
    unit = next((unit for unit in units if unit.code == code), None)
    if unit is None:
        raise PackageError(f"Звітуючого органу «{code}» немає в довіднику цієї бази")
    return unit


def _same_revision(
    store: ReceivedPackages,
    package: Package,
    content: bytes,
    same: ReceivedPackage,
    signature: dict | None,
) -> str:
    """A revision received again: the same data, perhaps now with a signature. The
    stored manifest lists every data file's hash, so comparing the data part of the
    manifests (package.data_part: not the sender's address, the app's version or the
    PDF copy) compares data."""
    if data_part(same.manifest) != data_part(package.manifest):
        raise PackageError(
            f"Пакет «{package.name}»: редакцію {package.revision} уже отримано з іншими даними. "
            "Попросіть відправника сформувати пакет ще раз (з новим номером редакції)"
        )
    if signature is None or store.content(same.id) == content:
        return "unchanged"
    store.sign(same.id, content, signature)
    return "signed"


def signature_summary(package: Package, warnings: list[str]) -> dict | None:
    """What the attached КЕП signature says, as stored beside a received package;
    problems are added to `warnings`."""
    attached = package.signature
    if attached is None:
        return None
    try:
        check = check_signature_file(attached[1], attached[0], package.files[REPORT], REPORT)
    except SignatureError as exc:
        warnings.append(str(exc))
        return {"error": str(exc)}
    if not check.ok:
        warnings.append(f"Підпис: {check.verdict}")
    return check.summary_dict()


# ---------------------------------------------------------------------- programs


def _receive_program(ws: Workspace, package: Package) -> Received:
    incoming = package.program()
    check_branch(package, ws.units.list())
    own = ws.config.unit
    if own and own not in subtree_codes(package.units, package.unit.code):
        raise PackageError(
            f"Пакет «{package.name}»: програму розіслав «{package.unit.name}», до якого власний "
            f"орган цієї бази ({own}) не звітує. Пакет не імпортовано"
        )
    result = Received(package.name, "program_added", package.unit)
    store = ws.programs
    with ws.db.transaction():
        ws.units.save(package.units)
        program_id = store.id_for_code(incoming.code)
        if program_id is None:
            store.insert(incoming)
            return result
        existing = store.load(program_id)
        if structure_hash(existing) == structure_hash(incoming):
            result.outcome = "program_unchanged"
            return result
        update_structure(ws.db, existing, incoming, Progress())
        result.outcome = "program_updated"
    return result
