"""A period's entries in and out: the ctb-entries exchange file, a filled report
(.docx, .xlsx) read into the period, the check of a unit's report, and the copy from
the previous period.

Operations that change entries take the backup first, then write. The window's
writes are steps of its undo stack, so it passes them as `write`; the command line
leaves the default, which writes at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ctb_desktop.domain.entries import PeriodEntries
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Program
from ctb_desktop.domain.units import subtree_codes
from ctb_desktop.domain.validation import (
    Problem,
    check_period,
    check_printed_totals,
    check_reports,
    completion,
)
from ctb_desktop.importers.report_import import ReportImport, read_report
from ctb_desktop.importers.tables import read_document
from ctb_desktop.storage.carry import CarryResult, carry_forward
from ctb_desktop.storage.datafiles import read_entries
from ctb_desktop.storage.workspace import Workspace

Write = Callable[[], object]


def unit_entries(
    ws: Workspace, program: Program, period: Period, unit_code: str | None
) -> PeriodEntries:
    """The period's entries, of one unit only when `unit_code` is given."""
    entries = ws.entries.load(program, period)
    if unit_code:
        ws.unit(unit_code)
        entries.reports = [report for report in entries.reports if report.unit_code == unit_code]
        entries.proposals = {u: t for u, t in entries.proposals.items() if u == unit_code}
    return entries


def save_entries(
    ws: Workspace, program: Program, entries: PeriodEntries, write: Write | None = None
) -> None:
    """Entries read from a file written into their period, after a backup."""
    ws.backup()
    if write is None:
        ws.entries.save(program, entries)
    else:
        write()


@dataclass(frozen=True)
class EntriesFile:
    program: Program
    entries: PeriodEntries
    # Errors and warnings of what came in, found as xlsx-import finds them.
    problems: list[Problem] = field(default_factory=list)


def import_entries_file(ws: Workspace, path: Path) -> EntriesFile:
    """A ctb-entries file (`entries export`) into the program its code names, checked
    by the validation every import path shares (domain.validation.check_reports)."""
    entries = read_entries(path)
    program = ws.program_by_code(entries.program_code, f"Файл «{path.name}»")
    save_entries(ws, program, entries)
    problems = check_reports(program, entries.reports, entries.period.year)
    return EntriesFile(program, entries, problems)


def read_filled_report(
    ws: Workspace, path: Path, program: Program, period: Period, unit_code: str
) -> ReportImport:
    """The entries a filled report (.docx, .xlsx) holds for the unit and period;
    nothing is written."""
    document = read_document(path)
    ws.unit(unit_code)
    return read_report(document, program, ws.units.list(), unit_code, period)


@dataclass(frozen=True)
class Checked:
    problems: list[Problem]
    filled: int
    measures: int


def check_report(ws: Workspace, program: Program, period: Period, unit_code: str) -> Checked:
    """Errors and warnings of the unit's report, and how much of it is filled in."""
    ws.unit(unit_code)
    entries = ws.entries.load(program, period)
    filled, total = completion(program, entries, unit_code)
    scope = subtree_codes(ws.units.list(), unit_code)
    problems = check_period(program, entries, unit_code)
    problems += check_printed_totals(program, entries, unit_code, scope)
    return Checked(problems, filled, total)


@dataclass(frozen=True)
class Carried:
    source: Period
    result: CarryResult


def carry(
    ws: Workspace,
    program: Program,
    unit_code: str,
    period: Period,
    measure_keys: set[tuple[str, str]] | None = None,
) -> Carried:
    """Copy the unit's previous period into `period` wherever nothing is typed yet, for
    the measures in `measure_keys` ((task number, measure number)) or all of them."""
    ws.unit(unit_code)
    source = period.previous(program.reporting.frequency)
    ws.backup()
    return Carried(source, carry_forward(ws.db, program, unit_code, source, period, measure_keys))
