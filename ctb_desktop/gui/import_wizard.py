"""Import as a wizard: choose the file → preview what it holds (read on a worker
thread), map the columns if the headers are not recognised → apply in one transaction.

Reading and recognising happen off the GUI thread; the write is one short transaction
on the GUI thread, where the database lives. Until «Готово» nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ctb_desktop import APP_NAME
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.progress import Progress
from ctb_desktop.domain.wording import MEASURE_REPORTS, count, program_size
from ctb_desktop.gui.commands import ImportReports
from ctb_desktop.gui.forms import load_form
from ctb_desktop.gui.jobs import Job
from ctb_desktop.gui.merge_panel import MergePanel
from ctb_desktop.gui.program_model import ProgramTreeModel
from ctb_desktop.gui.session import ReportSession
from ctb_desktop.importers.errors import ColumnsNotRecognisedError
from ctb_desktop.importers.grid import RawDocument
from ctb_desktop.importers.program_import import ImportPlan, plan_import
from ctb_desktop.importers.report_import import ReportImport
from ctb_desktop.importers.structure import ColumnMap, columns_from_names
from ctb_desktop.operations.entries import read_filled_report, save_entries
from ctb_desktop.operations.programs import apply_annex
from ctb_desktop.storage.workspace import Workspace

# The roles a clerk can give a column when the headers are not recognised.
MAPPING_ROLES = (
    ("", "— пропустити —"),
    ("task", "Завдання"),
    ("measure", "Захід"),
    ("term", "Термін"),
    ("executors", "Виконавці"),
    ("expected_result", "Очікуваний результат"),
)


@dataclass
class _Found:
    """What the worker read: a structure plan or a report's entries."""

    plan: ImportPlan | None = None
    report: ReportImport | None = None
    document: RawDocument | None = None


class _Page(QWizardPage):
    def __init__(self, form: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(title)
        self.form = load_form(form, self)
        QVBoxLayout(self).addWidget(self.form)

    def find(self, kind: type, name: str):
        return self.form.findChild(kind, name)


class ImportWizard(QWizard):
    def __init__(self, session: ReportSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Імпорт з файлу")
        self.found = _Found()
        self.job: Job | None = None
        self.program_id: int | None = None

        self.file_page = _Page("import_file_page", "Оберіть файл")
        self.file = self.file_page.find(QLineEdit, "fileEdit")
        self.structure_radio = self.file_page.find(QRadioButton, "structureRadio")
        self.report_radio = self.file_page.find(QRadioButton, "reportRadio")
        self.update_check = self.file_page.find(QCheckBox, "updateCheck")
        self.update_check.setEnabled(session.program is not None)
        self.structure_radio.toggled.connect(
            lambda on: self.update_check.setEnabled(on and session.program is not None)
        )
        self.file_page.find(QPushButton, "browseButton").clicked.connect(self._browse)
        self.file_page.isComplete = lambda: bool(self.file.text().strip())
        self.file.textChanged.connect(self.file_page.completeChanged)
        period = session.period.title if session.period else "—"
        unit = next((u.short_name for u in session.units if u.code == session.unit_code), "—")
        self.file_page.find(QLabel, "hintLabel").setText(
            f"Звіт буде внесено за період «{period}» для органу «{unit}». Спершу ви побачите, "
            "що саме зміниться; введене вами залишиться, якщо не оберете «Взяти з файлу», і "
            "імпорт можна скасувати (Ctrl+Z). Структуру "
            "програми імпорт лише доповнює й уточнює, нічого не видаляючи; спершу перегляньте "
            "зміни."
        )

        self.preview_page = _Page("import_preview_page", "Перегляд: що буде імпортовано")
        self.preview_page.setCommitPage(True)
        self.summary = self.preview_page.find(QLabel, "summaryLabel")
        self.details = self.preview_page.find(QListWidget, "detailsList")
        self.mapping_group = self.preview_page.find(QGroupBox, "mappingGroup")
        self.preview_model = ProgramTreeModel(self)
        self.preview_tree: QTreeView = self.preview_page.find(QTreeView, "previewTree")
        self.preview_tree.setModel(self.preview_model)
        for column in (ProgramTreeModel.STATE, ProgramTreeModel.TERM):
            self.preview_tree.setColumnHidden(column, True)
        header = self.preview_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ProgramTreeModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ProgramTreeModel.EXECUTORS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ProgramTreeModel.EXECUTORS, 260)
        self.mapping: list[QComboBox] = []
        self.merge_panel = MergePanel()
        self.merge_panel.setVisible(False)
        self.preview_page.layout().addWidget(self.merge_panel, 1)
        self.preview_page.initializePage = self._preview
        self.preview_page.isComplete = self._preview_ready

        self.addPage(self.file_page)
        self.addPage(self.preview_page)
        for button in (QWizard.WizardButton.CommitButton, QWizard.WizardButton.FinishButton):
            self.setButtonText(button, "&Імпортувати")
        self.resize(820, 560)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Файл для імпорту", self.file.text(), "Документи (*.docx *.xlsx);;Усі файли (*)"
        )
        if path:
            self.file.setText(path)

    # ------------------------------------------------------------------ preview

    def _columns(self) -> ColumnMap | None:
        names = [combo.currentData() for combo in self.mapping]
        return columns_from_names(names) if any(names) else None

    def _preview(self) -> None:
        """Read and recognise the file on a worker thread."""
        path = Path(self.file.text().strip())
        self.found = _Found()
        self.summary.setText("Читання файлу…")
        self.details.clear()
        self.preview_model.set_program(None)
        report = self.report_radio.isChecked()
        self.merge_panel.setVisible(report)
        self.preview_tree.setVisible(not report)
        session, columns = self.session, self._columns() if self.mapping else None
        if report and not session.ready:
            self.summary.setText(
                "Оберіть програму, орган і період на панелі, а тоді імпортуйте звіт."
            )
            return
        db_path = session.workspace.path
        program_id = session.program.id if self.update_check.isChecked() else None
        program, unit, period = session.program, session.unit_code, session.period

        def work(progress: Progress) -> _Found:
            # The thread rule (storage/database.py): a read-only workspace of its own.
            with Workspace.open(db_path, read_only=True) as ws:
                if report:
                    return _Found(report=read_filled_report(ws, path, program, period, unit))
                return _Found(
                    plan=plan_import(
                        ws.db, path, program_id=program_id, columns=columns, progress=progress
                    )
                )

        # Job hands on only the message; what to offer depends on the error's type.
        raised: list[UserError] = []

        def keeping_the_error(progress: Progress) -> _Found:
            try:
                return work(progress)
            except UserError as exc:
                raised.append(exc)
                raise

        self.job = Job(self, "Читання файлу", keeping_the_error)
        self.job.succeeded.connect(self._show_found)
        self.job.failed.connect(lambda message: self._show_failure(message, raised))
        self.job.start()

    def _show_failure(self, message: str, raised: list[UserError]) -> None:
        self.summary.setText(f"<b>Не вдалося прочитати файл.</b> {message}")
        if any(isinstance(exc, ColumnsNotRecognisedError) for exc in raised):
            self._offer_mapping()
        self.preview_page.completeChanged.emit()

    def _offer_mapping(self) -> None:
        if self.mapping:
            return
        layout = self.mapping_group.layout()
        for column in range(4):
            combo = QComboBox()
            for key, title in MAPPING_ROLES:
                combo.addItem(title, key)
            combo.setCurrentIndex(column + 1)
            combo.setToolTip(f"Колонка {column + 1}")
            layout.addWidget(combo)
            self.mapping.append(combo)
        again = QPushButton("&Прочитати ще раз")
        again.clicked.connect(self._preview)
        layout.addWidget(again)
        self.mapping_group.setVisible(True)

    def _show_found(self, found: _Found) -> None:
        self.found = found
        if found.plan is not None:
            plan = found.plan
            groupings, tasks, measures = plan.found.counts
            target = (
                f"оновлення програми «{plan.existing.title}»" if plan.existing else "нова програма"
            )
            self.summary.setText(
                f"<b>{plan.path.name}</b>: {program_size(tasks, measures, groupings)}"
                f" — {target}. Рядків таблиць: {plan.found.rows}."
            )
            self.preview_model.set_program(plan.program)
            self.preview_tree.expandToDepth(0)
            self.preview_tree.resizeColumnToContents(ProgramTreeModel.NUMBER)
            for change in plan.changes:
                self.details.addItem(str(change))
            for warning in plan.found.warnings:
                self.details.addItem(f"Увага: {warning}")
        elif found.report is not None:
            report = found.report
            session = self.session
            typed = session.entries_of({r.unit_code for r in report.entries.reports})
            self.merge_panel.show_changes(session.program, session.units, typed, report.entries)
            changed, conflicts = len(self.merge_panel.merges), self.merge_panel.conflicts
            self.summary.setText(
                f"Станів виконання: {len(report.entries.statuses)}, рядків фінансування: "
                f"{len(report.entries.financing)}; рядків підсумків пропущено: "
                f"{report.skipped_subtotals} (підсумки програма рахує сама).<br>"
                f"Файл змінює {count(changed, MEASURE_REPORTS)}"
                + (
                    f"; у {conflicts} з них він відрізняється від введеного вами. Введене "
                    "залишиться, якщо не оберете «Взяти з файлу»."
                    if conflicts
                    else "; введене вами він лише доповнює."
                )
            )
            for warning in report.warnings:
                self.details.addItem(f"Увага: {warning}")
        if not self.details.count():
            self.details.addItem("Попереджень немає.")
        self.preview_page.completeChanged.emit()

    def _preview_ready(self) -> bool:
        return self.found.plan is not None or self.found.report is not None

    # ------------------------------------------------------------------ apply

    def accept(self) -> None:
        try:
            if self.found.plan is not None:
                self.program_id = apply_annex(self.session.workspace, self.found.plan)
                if self.found.plan.existing is not None:
                    # The open program changed shape; a new one is chosen by the caller.
                    self.session.reload_program()
                    self.session.structureChanged.emit(None)
            elif self.found.report is not None:
                name = Path(self.file.text()).name
                entries = self.merge_panel.entries()
                save_entries(
                    self.session.workspace,
                    self.session.program,
                    entries,
                    write=lambda: self.session.push(ImportReports(self.session, entries, name)),
                )
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, f"Нічого не змінено: {exc}")
            return
        super().accept()
