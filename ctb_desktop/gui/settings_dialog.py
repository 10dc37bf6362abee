"""Налаштування: who signs, which unit the clerk reports for, where reports and templates
live. Kept in QSettings; the render dialog and the toolbar start from them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ctb_desktop.domain.units import ReportingUnit
from ctb_desktop.gui.forms import FormDialog
from ctb_desktop.gui.settings import Settings


class SettingsDialog(FormDialog):
    def __init__(
        self, settings: Settings, units: list[ReportingUnit], parent: QWidget | None = None
    ) -> None:
        super().__init__("settings_dialog", "Налаштування", "&Зберегти", "&Скасувати", parent)
        self.settings = settings
        find = self.find
        self.position: QLineEdit = find(QLineEdit, "positionEdit")
        self.name: QLineEdit = find(QLineEdit, "nameEdit")
        self.unit: QComboBox = find(QComboBox, "unitCombo")
        self.output: QLineEdit = find(QLineEdit, "outputEdit")
        self.templates: QLineEdit = find(QLineEdit, "templateEdit")
        find(QPushButton, "outputButton").clicked.connect(lambda: self._browse(self.output))
        find(QPushButton, "templateButton").clicked.connect(lambda: self._browse(self.templates))

        self.unit.addItem("— обирати на панелі —", "")
        for unit in units:
            self.unit.addItem(unit.short_name, unit.code)
        self.position.setText(settings.signatory_position)
        self.name.setText(settings.signatory_name)
        self.unit.setCurrentIndex(max(0, self.unit.findData(settings.reporting_unit)))
        self.output.setText(settings.output_folder)
        self.templates.setText(settings.template_folder)

    def _browse(self, edit: QLineEdit) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Оберіть папку", edit.text())
        if folder:
            edit.setText(folder)

    def accept(self) -> None:
        self.settings.signatory_position = self.position.text().strip()
        self.settings.signatory_name = self.name.text().strip()
        self.settings.reporting_unit = self.unit.currentData() or ""
        self.settings.output_folder = self.output.text().strip()
        self.settings.template_folder = self.templates.text().strip()
        super().accept()
