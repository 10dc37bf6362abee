"""A period's entries as an Excel workbook for finance departments, and the edited
workbook back: read and previewed first, then written after a backup."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctb_desktop.domain.entries import PeriodEntries
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.progress import Progress
from ctb_desktop.domain.units import subtree_codes
from ctb_desktop.importers.workbook_import import (
    WorkbookPlan,
    plan_workbook_import,
    read_workbook_info,
)
from ctb_desktop.operations.entries import Write, save_entries
from ctb_desktop.reports.workbook import entries_workbook
from ctb_desktop.storage.atomic import write_atomically
from ctb_desktop.storage.workspace import Workspace


@dataclass(frozen=True)
class Exported:
    path: Path
    statuses: int
    lines: int


def export_workbook(
    ws: Workspace,
    program_id: int,
    period: Period,
    output: Path,
    unit_code: str | None = None,
    progress: Progress | None = None,
) -> Exported:
    """The reports of `unit_code` and the units under it (every unit without one)."""
    if output.suffix.lower() != ".xlsx":
        raise UserError(f"Книга Excel має називатися «….xlsx», а не «{output.name}»")
    program = ws.program(program_id)
    units = ws.units.list()
    scope = None
    if unit_code:
        ws.unit(unit_code)
        scope = subtree_codes(units, unit_code)
    entries = ws.entries.load(program, period)
    write_atomically(output, entries_workbook(program, units, entries, scope, progress=progress))
    reports = [r for r in entries.reports if scope is None or r.unit_code in scope]
    return Exported(
        output,
        sum(1 for report in reports if report.status is not None),
        sum(len(report.financing) for report in reports),
    )


def read_workbook(
    ws: Workspace,
    path: Path,
    program_id: int | None = None,
    period: Period | None = None,
    progress: Progress | None = None,
) -> WorkbookPlan:
    """What importing the workbook would change; nothing is written. With
    `program_id` and `period` (the window's choice) a workbook of another program or
    period is refused; without them, the workbook's own are used."""
    info = read_workbook_info(path)
    program = ws.program_by_code(info.program_code, f"Книга «{path.name}»")
    if program_id is not None and program.id != program_id:
        raise UserError(
            f"Книга «{path.name}» належить програмі «{program.code}», а обрано іншу програму"
        )
    current = ws.entries.load(program, period or info.period)
    return plan_workbook_import(path, program, ws.units.list(), current, progress=progress)


def apply_workbook(ws: Workspace, plan: WorkbookPlan, write: Write | None = None) -> int:
    """The changed reports written in one step, after a backup; how many."""
    if not plan.changed:
        return 0
    changed = PeriodEntries(plan.program.code, plan.entries.period, list(plan.changed))
    save_entries(ws, plan.program, changed, write)
    return len(plan.changed)
