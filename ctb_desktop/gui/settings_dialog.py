"""Налаштування. «Звіти»: who signs, where reports and templates live (QSettings, for
this computer). «Пошта та обмін»: this database's own unit, where its reports go and
the SMTP server (kept in the database, storage.config.Config, so the command line sees
them too); the password goes to the system's password store only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QWidget,
)

from ctb_desktop.domain.errors import UserError
from ctb_desktop.exchange.mail import MailError
from ctb_desktop.exchange.sending import load_password, store_password
from ctb_desktop.gui.forms import FormDialog
from ctb_desktop.gui.settings import Settings
from ctb_desktop.storage.config import SmtpSettings
from ctb_desktop.storage.workspace import Workspace

TITLE = "Налаштування"
SECURITY = (
    ("starttls", "STARTTLS (зазвичай порт 587)", "587"),
    ("ssl", "SSL/TLS (зазвичай порт 465)", "465"),
    ("none", "без шифрування (лише сервер у локальній мережі, порт 25)", "25"),
)
DEFAULT_PORTS = {port for _key, _title, port in SECURITY}


class SettingsDialog(FormDialog):
    """`password_for_session`: a password typed here that the system could not store;
    the window keeps it in memory for sending until it closes."""

    def __init__(
        self, settings: Settings, workspace: Workspace, parent: QWidget | None = None
    ) -> None:
        super().__init__("settings_dialog", TITLE, "&Зберегти", "&Скасувати", parent)
        self.settings = settings
        self.workspace = workspace
        self.db = workspace.db
        self.password_for_session: tuple[SmtpSettings, str] | None = None
        find = self.find
        self.tabs: QTabWidget = find(QTabWidget, "tabs")
        self.mail_tab: QWidget = find(QWidget, "mailTab")
        self.position: QLineEdit = find(QLineEdit, "positionEdit")
        self.name: QLineEdit = find(QLineEdit, "nameEdit")
        self.output: QLineEdit = find(QLineEdit, "outputEdit")
        self.templates: QLineEdit = find(QLineEdit, "templateEdit")
        self.unit: QComboBox = find(QComboBox, "unitCombo")
        self.recipient: QLineEdit = find(QLineEdit, "recipientEdit")
        self.host: QLineEdit = find(QLineEdit, "hostEdit")
        self.security: QComboBox = find(QComboBox, "securityCombo")
        self.port: QLineEdit = find(QLineEdit, "portEdit")
        self.login: QLineEdit = find(QLineEdit, "loginEdit")
        self.password: QLineEdit = find(QLineEdit, "passwordEdit")
        self.sender: QLineEdit = find(QLineEdit, "senderEdit")
        find(QPushButton, "outputButton").clicked.connect(lambda: self._browse(self.output))
        find(QPushButton, "templateButton").clicked.connect(lambda: self._browse(self.templates))
        # Config keys → the field that holds them, to point at a refused value.
        self.fields: dict[str, QWidget] = {
            "unit": self.unit,
            "recipient": self.recipient,
            "smtp.host": self.host,
            "smtp.port": self.port,
            "smtp.security": self.security,
            "smtp.login": self.login,
            "smtp.sender": self.sender,
        }

        # The database's signatory (what the command line signs with) before the
        # window's own.
        config = self.workspace.config
        self.position.setText(config.get("signatory.position") or settings.signatory_position)
        self.name.setText(config.get("signatory.name") or settings.signatory_name)
        self.output.setText(settings.output_folder)
        self.templates.setText(settings.template_folder)
        self._fill_mail()

    def _fill_mail(self) -> None:
        config = self.workspace.config
        self.unit.addItem("— не вказано —", "")
        for unit in self.workspace.units.list():
            self.unit.addItem(f"{unit.short_name} ({unit.code})", unit.code)
        own = config.unit or self.settings.former_reporting_unit()
        self.unit.setCurrentIndex(max(0, self.unit.findData(own)))
        for key, title, _port in SECURITY:
            self.security.addItem(title, key)
        smtp = config.smtp
        self.recipient.setText(config.recipient)
        self.host.setText(smtp.host)
        self.security.setCurrentIndex(max(0, self.security.findData(smtp.security)))
        self.port.setText(config.get("smtp.port"))
        self.login.setText(smtp.username)
        self.sender.setText(smtp.sender)
        self.security.currentIndexChanged.connect(self._suggest_port)
        self._suggest_port()
        if smtp.host and smtp.username and load_password(smtp):
            self.password.setPlaceholderText("збережено; введіть новий, щоб змінити")
        else:
            self.password.setPlaceholderText("не збережено")

    def _suggest_port(self) -> None:
        """The usual port of the chosen protection, unless the clerk typed another."""
        if self.port.text().strip() in {"", *DEFAULT_PORTS}:
            port = SECURITY[max(0, self.security.currentIndex())][2]
            self.port.setText(port)

    def _browse(self, edit: QLineEdit) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Оберіть папку", edit.text())
        if folder:
            edit.setText(folder)

    def mail_values(self) -> dict[str, str]:
        return {
            "unit": self.unit.currentData() or "",
            "recipient": self.recipient.text().strip(),
            "smtp.host": self.host.text().strip(),
            "smtp.port": self.port.text().strip(),
            "smtp.security": self.security.currentData(),
            "smtp.login": self.login.text().strip(),
            "smtp.sender": self.sender.text().strip(),
        }

    def accept(self) -> None:
        """The database's values first, all or none: a refused one is named and the
        dialog stays open on it."""
        config = self.workspace.config
        key = ""
        try:
            with self.db.transaction():
                for key, value in self.mail_values().items():
                    config.set(key, value)
                config.set("signatory.position", self.position.text())
                config.set("signatory.name", self.name.text())
        except UserError as exc:
            QMessageBox.warning(
                self, TITLE, f"Налаштування не збережено в базі «{self.db.path}»:\n{exc}"
            )
            self.tabs.setCurrentWidget(self.mail_tab)
            field = self.fields.get(key)
            if field is not None:
                field.setFocus()
                if isinstance(field, QLineEdit):
                    field.selectAll()
            return
        if config.unit:
            self.settings.forget_former_reporting_unit()
        self.settings.signatory_position = self.position.text().strip()
        self.settings.signatory_name = self.name.text().strip()
        self.settings.output_folder = self.output.text().strip()
        self.settings.template_folder = self.templates.text().strip()
        password = self.password.text()
        if password:
            smtp = config.smtp
            try:
                store_password(smtp, password)
            except MailError as exc:
                self.password_for_session = (smtp, password)
                QMessageBox.warning(
                    self,
                    TITLE,
                    f"{exc}.\nІнші налаштування збережено; до закриття програми пароль "
                    "пам'ятатиметься.",
                )
        super().accept()
