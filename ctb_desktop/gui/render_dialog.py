"""«Звіт» menu: choose a document and where to save it, render it on a worker thread,
then offer to open the document or its folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ctb_desktop import APP_NAME
from ctb_desktop.domain.errors import UserError
from ctb_desktop.gui.forms import FormDialog
from ctb_desktop.gui.jobs import Job
from ctb_desktop.gui.session import ReportSession
from ctb_desktop.gui.settings import Settings
from ctb_desktop.reports.context import ReportOptions, Signatory, load_report_data
from ctb_desktop.reports.render import TITLES, file_name, render, save
from ctb_desktop.storage.long_paths import fitted


class RenderDialog(FormDialog):
    def __init__(
        self, session: ReportSession, settings: Settings, layout: str, parent: QWidget | None = None
    ) -> None:
        super().__init__("render_dialog", "Сформувати документ", "&Сформувати", "&Закрити", parent)
        self.session = session
        self.settings = settings
        find = self.find
        self.layout_combo: QComboBox = find(QComboBox, "layoutCombo")
        self.scope: QLabel = find(QLabel, "scopeLabel")
        self.output: QLineEdit = find(QLineEdit, "outputEdit")
        self.position: QLineEdit = find(QLineEdit, "positionEdit")
        self.name: QLineEdit = find(QLineEdit, "nameEdit")
        self.template: QLineEdit = find(QLineEdit, "templateEdit")
        find(QPushButton, "outputButton").clicked.connect(self._browse_output)
        find(QPushButton, "templateButton").clicked.connect(self._browse_template)

        for key, title in TITLES.items():
            self.layout_combo.addItem(title, key)
        self.layout_combo.setCurrentIndex(self.layout_combo.findData(layout))
        self.layout_combo.currentIndexChanged.connect(self._suggest_output)
        unit = next((u for u in session.units if u.code == session.unit_code), None)
        self.unit_name = unit.short_name if unit else ""
        period = session.period.title if session.period else "—"
        self.scope.setText(f"{session.program.title}<br>{self.unit_name}, {period}")
        self.position.setText(settings.signatory_position)
        self.name.setText(settings.signatory_name)
        self._suggest_output()

    @property
    def layout_key(self) -> str:
        return self.layout_combo.currentData()

    def _folder(self) -> Path:
        folder = self.settings.output_folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(folder)

    def _suggest_output(self) -> None:
        """A file name for the document, and the clerk's own template for it if the
        template folder holds one named after the layout (annual.docx, …)."""
        period = self.session.period.title if self.session.period else None
        unit = None if self.layout_key == "structure" else self.unit_name
        self.output.setText(str(fitted(self._folder(), file_name(self.layout_key, period, unit))))
        folder = self.settings.template_folder
        own = Path(folder) / f"{self.layout_key}.docx" if folder else None
        self.template.setText(str(own) if own is not None and own.is_file() else "")

    def _browse_output(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Зберегти документ", self.output.text(), "Документ Word (*.docx)"
        )
        if path:
            self.output.setText(path if path.lower().endswith(".docx") else f"{path}.docx")

    def _browse_template(self) -> None:
        start = self.settings.template_folder or str(self._folder())
        path, _ = QFileDialog.getOpenFileName(
            self, "Шаблон документа", start, "Документ Word (*.docx)"
        )
        if path:
            self.template.setText(path)

    def options(self) -> ReportOptions:
        signatory = None
        if self.position.text().strip() or self.name.text().strip():
            signatory = Signatory(self.position.text().strip(), self.name.text().strip())
        template = self.template.text().strip()
        return ReportOptions(template=Path(template) if template else None, signatory=signatory)

    def accept(self) -> None:
        self.settings.signatory_position = self.position.text().strip()
        self.settings.signatory_name = self.name.text().strip()
        # The folder becomes the default only once a document is saved there.
        super().accept()


def render_from_gui(
    parent: QWidget, session: ReportSession, settings: Settings, layout: str
) -> Job | None:
    """Ask what to render, then render it on a worker thread; returns the running job."""
    dialog = RenderDialog(session, settings, layout, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    output = Path(dialog.output.text())
    job = start_render(parent, session, dialog.layout_key, dialog.options(), output)
    if job is not None:
        job.succeeded.connect(lambda _warnings: remember_folder(settings, output))
    return job


def remember_folder(settings: Settings, output: Path) -> None:
    settings.output_folder = str(output.parent)


def start_render(
    parent: QWidget, session: ReportSession, layout: str, options: ReportOptions, output: Path
) -> Job | None:
    """Data is read here, on the GUI thread, where the database lives; the slow part —
    building and writing the document — runs on the worker."""
    try:
        data = load_report_data(session.db, session.program.id, session.period, session.unit_code)
    except UserError as exc:
        QMessageBox.warning(parent, APP_NAME, str(exc))
        return None

    def work(progress):
        report = render(layout, data, options, progress)
        save(report, output)
        return report.warnings

    job = Job(parent, TITLES[layout], work)
    job.succeeded.connect(lambda warnings: offer_to_open(parent, output, warnings))
    job.failed.connect(lambda message: QMessageBox.warning(parent, APP_NAME, message))
    job.start()
    return job


def offer_to_open(parent: QWidget, output: Path, warnings: list[str]) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle(APP_NAME)
    box.setIcon(QMessageBox.Icon.Warning if warnings else QMessageBox.Icon.Information)
    box.setText(f"Документ збережено:\n{output}")
    if warnings:
        box.setInformativeText("\n".join(warnings))
    open_file = box.addButton("Відкрити &документ", QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton("Відкрити &папку", QMessageBox.ButtonRole.ActionRole)
    box.addButton("&Закрити", QMessageBox.ButtonRole.RejectRole)
    box.setObjectName("renderDoneBox")

    def clicked(button) -> None:
        if button is open_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(output)))
        elif button is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(output.parent)))

    box.buttonClicked.connect(clicked)
    box.open()
