"""Rendering a layout into a .docx: the one entry point for the CLI and the GUI.

`render()` builds the document in memory and reports progress; `save()` writes it
atomically, so a failure leaves any earlier file as it was: the .docx, or its PDF when
the file's name ends in .pdf.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from ctb_desktop.domain.collector import collector_paused
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.progress import Progress
from ctb_desktop.reports import annual, status, structure
from ctb_desktop.reports.context import ReportData, ReportOptions, fields
from ctb_desktop.reports.metrics import forget_paragraphs
from ctb_desktop.reports.page import page_of
from ctb_desktop.reports.pdf import docx_to_pdf, pdf_tool
from ctb_desktop.reports.properties import Description, describe
from ctb_desktop.reports.template import fill, open_template, to_bytes
from ctb_desktop.storage.atomic import check_name, write_atomically

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
    page, page_warnings = page_of(document, str(options.template or layout))
    warnings += page_warnings + _column_warnings(module.TABLES, page.columns)
    options = replace(options, page=page)
    with collector_paused():  # the tables' rows and cells: see domain/collector.py
        blocks = module.build(data, options, progress)
        values = fields(data, options, grif=module.GRIF, signature_needed=module.SIGNATURE_NEEDED)
        splices = fill(document, values, blocks)
        describe(document, _description(layout, data, values, options))
        content = to_bytes(document, splices)
    forget_paragraphs()
    progress.step("Збережено")
    return RenderedReport(content, warnings)


def _column_warnings(tables: dict[str, int], columns: dict) -> list[str]:
    """A template's {{columns NAME: …}} naming a table the layout lacks, or with the
    wrong number of widths, is left unused, and the clerk is told."""
    warnings = []
    for name, weights in columns.items():
        if name not in tables:
            known = ", ".join(tables)
            warnings.append(f"Таблиці «{name}» у цьому звіті немає (є: {known}); ширини не вжито.")
        elif len(weights) != tables[name]:
            warnings.append(
                f"Для таблиці «{name}» у шаблоні {len(weights)} ширин, а колонок "
                f"{tables[name]}; ширини підібрано за вмістом."
            )
    return warnings


def _description(
    layout: str, data: ReportData, values: dict[str, str], options: ReportOptions
) -> Description:
    """The file's title and subject as the document's own title words say them."""
    genitive = values["program_title_genitive"]
    if layout == "structure":
        title = f"Завдання і заходи з виконання {genitive}"
    elif layout == "status":
        title = (
            f"Інформація про стан виконання {genitive} {values['unit_instrumental']} "
            f"{values['period_for']}"
        )
    else:
        title = f"Звіт про результати виконання {genitive} {values['period_in']}"
    subject = data.program.title
    if data.period is not None:
        subject += f", {data.period.title}"
    author = data.unit.name if data.unit is not None else data.program.customer
    created = options.created or datetime.now(UTC)
    return Description(" ".join(title.split()), subject, author, created)


def check_output(path: Path) -> str:
    """ "docx" or "pdf", as the file's name asks; any other ending is refused before the
    report is rendered, never written as a Word file under a misleading name."""
    check_name(path)
    suffix = Path(path).suffix.casefold()
    if suffix in (".docx", ".pdf"):
        return suffix[1:]
    raise UserError(
        f"Документ «{Path(path).name}» можна зберегти лише як .docx (Word) або .pdf: "
        "змініть розширення файлу"
    )


def save(report: RenderedReport, path: Path, now: datetime | None = None) -> None:
    """The .docx, or its PDF when the name ends in .pdf (reports/pdf.py: Word on Windows
    when installed, else LibreOffice); with neither a .pdf is refused with what to do."""
    if check_output(path) == "docx":
        write_atomically(path, report.content)
        return
    tool = pdf_tool()
    if tool is None:
        raise UserError(
            f"Щоб зберегти «{Path(path).name}» як PDF, потрібен Microsoft Word або "
            "LibreOffice, а жодного з них не знайдено. Збережіть документ як .docx і "
            "перетворіть його у Word («Файл → Зберегти як → PDF») або встановіть LibreOffice"
        )
    pdf = docx_to_pdf(report.content, now or datetime.now(UTC))
    if pdf is None:
        raise UserError(
            f"{tool} не зміг перетворити документ на PDF «{Path(path).name}». "
            "Збережіть його як .docx і перетворіть у Word або в LibreOffice вручну"
        )
    write_atomically(path, pdf)


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
