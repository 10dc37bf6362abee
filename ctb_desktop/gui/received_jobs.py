"""The slow parts of «Отримані звіти» as jobs: receiving packages and rendering the
consolidated report. By the thread rule (storage/database.py) a worker reads through a
read-only connection of its own, and writes happen on the GUI thread: packages are read
and checked on the worker, then stored here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.periods import Period
from ctb_desktop.exchange.incoming import Arrived as ArrivedPackage
from ctb_desktop.exchange.incoming import Received
from ctb_desktop.gui.jobs import Job
from ctb_desktop.gui.render_dialog import offer_to_open
from ctb_desktop.operations.packages import read_packages, store_packages
from ctb_desktop.operations.review import consolidate_report
from ctb_desktop.reports.context import ReportOptions
from ctb_desktop.storage.workspace import Workspace

Results = list[tuple[Path, Received | UserError]]
Arrived = list[tuple[Path, ArrivedPackage | UserError]]


def receiving_job(parent: QWidget, files: list[Path]) -> Job:
    """Reading and checking each file — archive, hashes, signature — on the worker; the
    job's result goes to store_received on the GUI thread."""
    return Job(parent, "Отримання пакетів", lambda progress: read_packages(files, progress))


def store_received(parent: QWidget, ws: Workspace, arrived: Arrived) -> Results | None:
    """The packages read by receiving_job stored, each on its own; None when nothing
    could be (the backup before it failed), which is said."""
    try:
        return store_packages(ws, arrived)
    except UserError as exc:
        QMessageBox.warning(parent, parent.windowTitle(), f"Пакети не отримано: {exc}")
        return None


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
    *,
    accepted_only: bool = False,
) -> Job:
    """Render and save the consolidated report (of the accepted revisions only, if
    asked); then offer to open it, with the units whose reports have not come and the
    revisions used while returned or unsigned among the warnings."""

    def work(progress):
        with Workspace.open(db_path, read_only=True) as ws:
            saved = consolidate_report(
                ws, program_id, period, own_code, options, output, progress,
                accepted_only=accepted_only,
            )  # fmt: skip
        return saved.warnings

    job = Job(parent, f"Зведений звіт {period.for_phrase}", work)
    job.succeeded.connect(lambda warnings: offer_to_open(parent, output, warnings))
    job.failed.connect(
        lambda message: QMessageBox.warning(
            parent, parent.windowTitle(), f"Зведений звіт не збережено у «{output}»: {message}"
        )
    )
    return job
