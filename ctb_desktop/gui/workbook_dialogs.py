"""«Файл → Експорт в Excel…» and «Файл → Імпорт з Excel…»: the period's entries as a
workbook for finance departments (reports/workbook.py), and the edited workbook back
(importers/workbook_import.py), previewed first.

Data is read from the database on the GUI thread, where it lives; building, writing and
reading the workbook run on a worker (gui/jobs.py). The import is one step on the undo
stack, taken after a backup, exactly as the import wizard brings in a filled report:
Ctrl+Z puts back what the affected reports held before.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ctb_desktop import APP_NAME
from ctb_desktop.domain.entries import PeriodEntries
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.progress import Progress
from ctb_desktop.domain.units import ancestors, subtree_codes
from ctb_desktop.gui.commands import ImportReports
from ctb_desktop.gui.forms import FormDialog
from ctb_desktop.gui.jobs import Job
from ctb_desktop.gui.render_dialog import offer_to_open
from ctb_desktop.gui.session import ReportSession
from ctb_desktop.gui.settings import Settings
from ctb_desktop.importers.workbook_import import WorkbookPlan
from ctb_desktop.operations import workbook
from ctb_desktop.reports.render import safe_name
from ctb_desktop.storage.long_paths import fitted
from ctb_desktop.storage.workspace import Workspace

# Ctrl+E already switches structure editing on and off (main_window.py); two actions
# with one shortcut would both stop answering it.
EXPORT_SHORTCUT = "Ctrl+Shift+X"
IMPORT_SHORTCUT = "Ctrl+Shift+E"
EXCEL_FILTER = "Книга Excel (*.xlsx)"
CHANGE_HEADERS = ("Орган", "Місце", "Поле", "Було", "Стало")


def _folder(settings: Settings) -> Path:
    folder = settings.output_folder or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    )
    return Path(folder)


def export_scope(session: ReportSession) -> set[str] | None:
    """The unit's reports and those of the units under it; None (every unit) for the
    top unit of the directory."""
    code = session.unit_code
    if code is None or not ancestors(session.units, code):
        return None
    return subtree_codes(session.units, code)


def suggested_name(session: ReportSession) -> str:
    """«Звітні_дані_2025_рік_Смілянська_РДА.xlsx»."""
    unit = next((u.short_name for u in session.units if u.code == session.unit_code), "")
    period = session.period.title if session.period else ""
    return safe_name(["Звітні дані", period, unit], ".xlsx")


def export_workbook(parent: QWidget, session: ReportSession, settings: Settings) -> Job | None:
    """Ask where to save the workbook, then build and write it on a worker thread;
    returns the running job, or None when the clerk cancelled."""
    suggested = fitted(_folder(settings), suggested_name(session))
    chosen, _ = QFileDialog.getSaveFileName(parent, "Експорт в Excel", str(suggested), EXCEL_FILTER)
    if not chosen:
        return None
    output = Path(chosen if chosen.lower().endswith(".xlsx") else f"{chosen}.xlsx")
    settings.output_folder = str(output.parent)
    db_path, program_id, period = session.workspace.path, session.program.id, session.period
    unit = session.unit_code if export_scope(session) is not None else None

    def work(progress: Progress) -> list[str]:
        with Workspace.open(db_path, read_only=True) as ws:
            workbook.export_workbook(ws, program_id, period, output, unit, progress)
        return []

    job = Job(parent, "Експорт в Excel", work)
    job.succeeded.connect(lambda warnings: offer_to_open(parent, output, warnings))
    job.failed.connect(lambda message: QMessageBox.warning(parent, APP_NAME, message))
    job.start()
    return job


def import_workbook(parent: QWidget, session: ReportSession, settings: Settings) -> Job | None:
    """Choose the workbook, read it against the chosen period on a worker thread, then
    show what importing it would change; nothing is written before «Імпортувати»."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Імпорт з Excel", str(_folder(settings)), f"{EXCEL_FILTER};;Усі файли (*)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    db_path, program_id, period = session.workspace.path, session.program.id, session.period

    def work(progress: Progress) -> WorkbookPlan:
        with Workspace.open(db_path, read_only=True) as ws:
            return workbook.read_workbook(ws, path, program_id, period, progress)

    def preview(plan: WorkbookPlan) -> None:
        dialog = WorkbookImportDialog(session, plan, parent)
        if isinstance(parent, QMainWindow):
            dialog.applied.connect(
                lambda count: parent.statusBar().showMessage(
                    f"Імпортовано з «{path.name}»: змінених значень {count}", 15000
                )
            )
        dialog.open()

    job = Job(parent, "Читання книги Excel", work)
    job.succeeded.connect(preview)
    job.failed.connect(
        lambda message: QMessageBox.warning(parent, APP_NAME, f"Нічого не змінено. {message}")
    )
    job.start()
    return job


class WorkbookImportDialog(FormDialog):
    """The changes a workbook would make, with the warnings and problems; «Імпортувати»
    writes them as one undoable step."""

    applied = Signal(int)

    def __init__(
        self, session: ReportSession, plan: WorkbookPlan, parent: QWidget | None = None
    ) -> None:
        super().__init__("workbook_import", "Імпорт з Excel", "&Імпортувати", "&Скасувати", parent)
        self.setObjectName("workbookImportDialog")
        self.session = session
        self.plan = plan
        self.summary: QLabel = self.find(QLabel, "summaryLabel")
        self.changes: QTableWidget = self.find(QTableWidget, "changesTable")
        self.notes: QListWidget = self.find(QListWidget, "notesList")
        buttons: QDialogButtonBox = self.find(QDialogButtonBox, "buttons")
        self.import_button: QPushButton = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button: QPushButton = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self._show_plan()
        self.resize(900, 560)

    def _show_plan(self) -> None:
        plan = self.plan
        names = {unit.code: unit.short_name for unit in self.session.units}
        count = len(plan.changes)
        if count:
            said = f"змінених значень {count} у звітах про заходи: {len(plan.changed)}."
        else:
            said = "змін немає: дані книги збігаються з базою."
        self.summary.setText(
            f"<b>{html.escape(plan.path.name)}</b>: програма «{html.escape(plan.program.title)}»"
            f", {html.escape(plan.info.period.title)}; {said}"
        )
        self.changes.setColumnCount(len(CHANGE_HEADERS))
        self.changes.setHorizontalHeaderLabels(CHANGE_HEADERS)
        self.changes.setRowCount(count)
        for row, change in enumerate(plan.changes):
            values = (
                names.get(change.unit_code, change.unit_code),
                change.place,
                change.field,
                change.old,
                change.new,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(change.unit_code if column == 0 else value)
                self.changes.setItem(row, column, item)
        header = self.changes.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((140, 220, 170, 160)):
            self.changes.setColumnWidth(column, width)
        self.changes.verticalHeader().setVisible(False)
        self.changes.resizeRowsToContents()
        for warning in plan.warnings:
            self.notes.addItem(f"Увага: {warning}")
        for problem in plan.problems:
            self.notes.addItem(
                f"{problem.severity.title}: захід {problem.task_number} "
                f"{problem.measure_number}: {problem.message}"
            )
        if not self.notes.count():
            self.notes.addItem("Попереджень немає.")
        self.import_button.setEnabled(bool(plan.changes))

    def accept(self) -> None:
        """Back up, then write the changed reports as one step of the undo stack."""
        session, plan = self.session, self.plan
        if not plan.changes:
            return
        if (
            session.program is None
            or session.program.id != plan.program.id
            or session.period != plan.entries.period
        ):
            QMessageBox.warning(
                self,
                APP_NAME,
                "Нічого не змінено: на панелі тепер обрано іншу програму чи період. "
                f"Імпортуйте «{plan.path.name}» ще раз.",
            )
            return
        entries = PeriodEntries(plan.program.code, plan.entries.period, list(plan.changed))
        command = ImportReports(session, entries, plan.path.name)
        command.setText(f"Імпорт з Excel «{plan.path.name[:40]}»")
        errors: list[str] = []

        def failed(message: str) -> None:
            errors.append(message)

        session.failed.connect(failed)
        try:
            workbook.apply_workbook(session.workspace, plan, write=lambda: session.push(command))
        except UserError as exc:
            errors.append(str(exc))
        finally:
            session.failed.disconnect(failed)
        if errors:
            QMessageBox.warning(self, APP_NAME, f"Нічого не змінено: {errors[0]}")
            return
        self.applied.emit(len(plan.changes))
        super().accept()
