"""The consolidated report of a unit that receives reports: its own entries and the
newest revision from every unit below it, rendered with per-unit sub-rows and
paragraphs under each measure and totals across units."""

from __future__ import annotations

from dataclasses import dataclass, field

from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.progress import Progress
from ctb_desktop.exchange.board import load_board, own_unit
from ctb_desktop.exchange.outgoing import report_layout
from ctb_desktop.reports.context import ReportOptions, load_report_data
from ctb_desktop.reports.render import RenderedReport, render
from ctb_desktop.storage.workspace import Workspace


@dataclass
class Consolidated:
    report: RenderedReport
    layout: str
    warnings: list[str] = field(default_factory=list)


def consolidate(
    ws: Workspace,
    program_id: int,
    period: Period,
    unit_code: str | None = None,
    options: ReportOptions | None = None,
    progress: Progress | None = None,
) -> Consolidated:
    """Render the report; the warnings name the units whose reports have not come."""
    own = own_unit(ws, unit_code)
    layout = report_layout(period)
    data = load_report_data(ws.db, program_id, period, own.code)
    report = render(layout, data, options or ReportOptions(), progress)
    board = load_board(ws, program_id, period.year, own.code)
    warnings = list(report.warnings)
    missing = board.missing(period) if period in board.periods else []
    if missing:
        names = ", ".join(unit.short_name for unit in missing)
        warnings.append(f"Звіти {period.for_phrase} ще не надійшли від: {names}")
    return Consolidated(report, layout, warnings)
