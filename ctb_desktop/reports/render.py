"""Rendering a layout into a .docx: the one entry point for the CLI and the GUI.

`render()` builds the document in memory and reports progress; `save()` writes it
atomically, so a failure leaves any earlier file as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from ctb_desktop.domain.progress import Progress
from ctb_desktop.reports import annual, status, structure
from ctb_desktop.reports.context import ReportData, ReportOptions, fields
from ctb_desktop.reports.template import fill, open_template, to_bytes
from ctb_desktop.storage.atomic import write_atomically

LAYOUTS: dict[str, ModuleType] = {"structure": structure, "status": status, "annual": annual}
TITLES = {
    "structure": "Завдання і заходи програми (додаток)",
    "status": "Інформація про стан виконання",
    "annual": "Звіт про результати виконання",
}


@dataclass
class RenderedReport:
    content: bytes
    warnings: list[str] = field(default_factory=list)


def render(
    layout: str, data: ReportData, options: ReportOptions, progress: Progress | None = None
) -> RenderedReport:
    module = LAYOUTS[layout]
    progress = progress or Progress()
    document, warnings = open_template(layout, module.BLOCKS, options.template)
    blocks = module.build(data, options, progress)
    values = fields(data, options, grif=module.GRIF, signature_needed=module.SIGNATURE_NEEDED)
    splices = fill(document, values, blocks)
    content = to_bytes(document, splices)
    progress.step("Збережено")
    return RenderedReport(content, warnings)


def save(report: RenderedReport, path: Path) -> None:
    write_atomically(path, report.content)


_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
FILE_TITLES = {
    "structure": "Завдання_і_заходи",
    "status": "Інформація_про_стан_виконання",
    "annual": "Звіт_про_результати_виконання",
}


def file_name(layout: str, period_title: str | None, unit_name: str | None) -> str:
    """A name a clerk recognises and Windows accepts: "Звіт_про_результати_виконання_
    2024_рік_Мінсоцполітики.docx", without the characters Windows forbids."""
    return safe_name([FILE_TITLES[layout], period_title or "", unit_name or ""], ".docx")


def safe_name(parts: list[str], suffix: str) -> str:
    """The non-empty parts joined by "_", spaces folded, Windows' forbidden characters
    dropped, short enough for a deep folder."""
    name = "_".join(part for part in parts if part)
    name = _FORBIDDEN.sub("", name)
    name = re.sub(r"\s+", "_", name.strip()).strip("._")
    return f"{name[:150]}{suffix}"
