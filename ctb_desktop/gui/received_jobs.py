"""The slow parts of «Отримані звіти» as jobs: receiving packages and rendering the
consolidated report. SQLite connections belong to the thread that opened them, so each
job opens the database file again on its worker and closes it when done; what it writes
is committed before the GUI thread reads the board again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.periods import Period
from ctb_desktop.exchange.consolidate import consolidate
from ctb_desktop.exchange.incoming import Received, receive_files
from ctb_desktop.gui.jobs import Job
from ctb_desktop.gui.render_dialog import offer_to_open
from ctb_desktop.reports.context import ReportOptions
from ctb_desktop.reports.render import save
from ctb_desktop.storage.database import Database

Results = list[tuple[Path, Received | UserError]]


def receiving_job(parent: QWidget, db_path: Path, files: list[Path]) -> Job:
    """Each file on its own: one refused package does not stop the others."""

    def work(progress):
        with Database.open(db_path, create=False) as db:
            return receive_files(db, files, progress=progress)

    return Job(parent, "Отримання пакетів", work)


def summary_lines(results: Results, skipped: list[str]) -> list[str]:
    """One line per file — what came of it, or why it was refused — and its warnings."""
    lines: list[str] = []
    for path, result in results:
        if isinstance(result, Received):
            lines.append(result.message)
            lines += [f"    увага: {warning}" for warning in result.warnings]
        elif path.name in str(result):
            lines.append(f"Відхилено: {result}")
        else:
            lines.append(f"«{path.name}»: відхилено. {result}")
    return lines + skipped


def summary_box(parent: QWidget, title: str, results: Results, skipped: list[str]) -> QMessageBox:
    """The one message after an import; the caller opens it."""
    received = [result for _path, result in results if isinstance(result, Received)]
    refused = len(results) - len(received) + len(skipped)
    warned = any(result.warnings for result in received)
    box = QMessageBox(parent)
    box.setObjectName("receivedSummaryBox")
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Warning if refused or warned else QMessageBox.Icon.Information)
    text = f"Отримано пакетів: {len(received)} з {len(results) + len(skipped)}."
    box.setText(text + (f" Відхилено: {refused}." if refused else ""))
    box.setInformativeText("\n".join(summary_lines(results, skipped)))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def consolidation_job(
    parent: QWidget,
    db_path: Path,
    program_id: int,
    period: Period,
    own_code: str,
    options: ReportOptions,
    output: Path,
) -> Job:
    """Render and save the consolidated report; then offer to open it, with the units
    whose reports have not come among the warnings."""

    def work(progress):
        with Database.open(db_path, create=False) as db:
            result = consolidate(db, program_id, period, own_code, options, progress)
        save(result.report, output)
        return result.warnings

    job = Job(parent, f"Зведений звіт {period.for_phrase}", work)
    job.succeeded.connect(lambda warnings: offer_to_open(parent, output, warnings))
    job.failed.connect(
        lambda message: QMessageBox.warning(
            parent, parent.windowTitle(), f"Зведений звіт не збережено у «{output}»: {message}"
        )
    )
    return job
