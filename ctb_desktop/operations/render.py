"""An official document (.docx) of one program, unit and period, written to a file."""

from __future__ import annotations

from pathlib import Path

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.progress import Progress
from ctb_desktop.operations.results import Saved
from ctb_desktop.reports.context import ReportOptions, load_report_data
from ctb_desktop.reports.render import check_output, render, save
from ctb_desktop.storage.database import stored_id
from ctb_desktop.storage.workspace import Workspace


def render_layout(
    ws: Workspace,
    layout: str,
    output: Path,
    *,
    program_id: int | None = None,
    period: Period | None = None,
    unit_code: str | None = None,
    options: ReportOptions | None = None,
    progress: Progress | None = None,
) -> Saved:
    """`layout` is structure, status or annual; every layout but the annex needs a
    period. The unit defaults to the top of the directory."""
    if period is None and layout != "structure":
        raise UserError(f"Для макета «{layout}» вкажіть звітний період, наприклад 2024-Y")
    check_output(output)
    program = ws.program(program_id)
    data = load_report_data(ws.db, stored_id(program), period, unit_code)
    report = render(layout, data, options or ReportOptions(), progress)
    save(report, output)
    return Saved(output, layout, list(report.warnings))
