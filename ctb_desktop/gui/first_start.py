"""The first start: an empty database asks three questions instead of showing an empty
window — who you are (oblast → raion → hromada from the directory, with search, or the
ministry), where the program comes from (the built-in national program, a program
package received by e-mail, or an annex through the import wizard), and who receives
your reports and who signs them. It ends with the own unit, the program and the current
period chosen, so the desk opens ready."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ctb_desktop import APP_NAME
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Program
from ctb_desktop.domain.units import ReportingUnit, UnitLevel, check_email
from ctb_desktop.exchange.incoming import arrive_file
from ctb_desktop.gui.settings import Settings
from ctb_desktop.operations.packages import receive_packages
from ctb_desktop.operations.programs import load_builtin
from ctb_desktop.operations.units import choose_own_unit
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.workspace import Workspace

BUILTIN, PACKAGE, ANNEX = "builtin", "package", "annex"
NONE = ""


def first_start_needed(db: Database) -> bool:
    """An empty database whose own unit is not chosen yet."""
    return not db.has_reports() and not Workspace(db).config.unit


def current_period(program: Program, today: date) -> Period | None:
    """The period being reported now: the first whose report is not yet due."""
    periods = [period for year in program.years for period in program.reporting.periods(year)]
    upcoming = [period for period in periods if program.reporting.due_date(period) >= today]
    return upcoming[0] if upcoming else (periods[-1] if periods else None)


def _searchable(combo: QComboBox) -> None:
    """Typing part of a name («Черкас») offers every item that contains it."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


class WhoPage(QWizardPage):
    """Who you are: the ministry, or an oblast, a raion in it, a hromada in that."""

    def __init__(self, units: list[ReportingUnit], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Хто ви?")
        self.setSubTitle(
            "Оберіть свій орган із довідника (КАТОТТГ). У полі можна друкувати частину "
            "назви, наприклад «Черкас»."
        )
        self.units = [unit for unit in units if unit.active]
        self.children: dict[str | None, list[ReportingUnit]] = {}
        for unit in self.units:
            self.children.setdefault(unit.parent_code, []).append(unit)
        self.ministry = next((u for u in self.units if u.level is UnitLevel.MINISTRY), None)
        self.ministry_radio = QRadioButton("&Міністерство")
        self.region_radio = QRadioButton("Орган в &області: обласна, районна адміністрація чи рада")
        self.region_radio.setChecked(True)
        self.oblast = QComboBox()
        self.raion = QComboBox()
        self.hromada = QComboBox()
        for combo in (self.oblast, self.raion, self.hromada):
            _searchable(combo)
            combo.setMinimumWidth(460)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Область:", self.oblast)
        form.addRow("&Район:", self.raion)
        form.addRow("&Громада:", self.hromada)
        layout = QVBoxLayout(self)
        if self.ministry is not None:
            self.ministry_radio.setText(f"&Міністерство: {self.ministry.name}")
            layout.addWidget(self.ministry_radio)
        layout.addWidget(self.region_radio)
        layout.addLayout(form)
        layout.addSpacing(12)
        layout.addWidget(self.summary)
        layout.addStretch()
        self._fill(self.oblast, self.ministry.code if self.ministry else None, "")
        self.oblast.currentIndexChanged.connect(self._oblast_chosen)
        self.raion.currentIndexChanged.connect(self._raion_chosen)
        self.hromada.currentIndexChanged.connect(self._changed)
        self.ministry_radio.toggled.connect(self._changed)
        self._oblast_chosen()

    def _fill(self, combo: QComboBox, parent: str | None, empty: str) -> None:
        combo.blockSignals(True)
        combo.clear()
        if empty:
            combo.addItem(empty, NONE)
        for unit in self.children.get(parent, []):
            combo.addItem(f"{unit.territory or unit.short_name} — {unit.short_name}", unit.code)
        combo.setCurrentIndex(0)
        combo.blockSignals(False)

    def _oblast_chosen(self) -> None:
        self._fill(self.raion, self.oblast.currentData(), "— обласний рівень —")
        self._raion_chosen()

    def _raion_chosen(self) -> None:
        self._fill(self.hromada, self.raion.currentData() or "-", "— районний рівень —")
        self._changed()

    def _changed(self) -> None:
        region = self.region_radio.isChecked()
        for combo in (self.oblast, self.raion, self.hromada):
            combo.setEnabled(region)
        self.hromada.setEnabled(region and bool(self.raion.currentData()))
        unit = self.chosen()
        self.summary.setText(
            f"<b>{unit.name}</b><br>Звіти підписуються від імені: {unit.name_instrumental or '—'}"
            if unit
            else ""
        )
        self.completeChanged.emit()

    def chosen(self) -> ReportingUnit | None:
        if self.ministry_radio.isChecked():
            return self.ministry
        code = self.hromada.currentData() or self.raion.currentData() or self.oblast.currentData()
        return next((unit for unit in self.units if unit.code == code), None)

    def choose(self, code: str) -> None:
        """Select a unit as the clerk would, through the three lists."""
        chain: list[str] = []
        by_code = {unit.code: unit for unit in self.units}
        while code in by_code and by_code[code].level is not UnitLevel.MINISTRY:
            chain.insert(0, code)
            code = by_code[code].parent_code or ""
        self.region_radio.setChecked(bool(chain))
        self.ministry_radio.setChecked(not chain)
        for combo, wanted in zip((self.oblast, self.raion, self.hromada), chain, strict=False):
            combo.setCurrentIndex(combo.findData(wanted))

    def isComplete(self) -> bool:
        return self.chosen() is not None


class ProgramPage(QWizardPage):
    """Where the program comes from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Звідки програма?")
        self.setSubTitle("Програма, про виконання якої ви звітуєте. Її можна оновити й пізніше.")
        self.builtin = QRadioButton(
            "&Вбудована державна програма протидії торгівлі людьми на період до 2025 року"
        )
        self.package = QRadioButton("&Пакет програми (.ctbpkg), отриманий електронною поштою")
        self.annex = QRadioButton(
            "Д&одаток до програми (.docx, .xlsx): відкриється майстер імпорту"
        )
        self.group = QButtonGroup(self)
        for button in (self.builtin, self.package, self.annex):
            self.group.addButton(button)
        self.builtin.setChecked(True)
        self.file = QLineEdit()
        self.file.setPlaceholderText("файл .ctbpkg")
        browse = QPushButton("&Огляд…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.setContentsMargins(24, 0, 0, 0)
        row.addWidget(self.file)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.builtin)
        layout.addWidget(self.package)
        layout.addLayout(row)
        layout.addWidget(self.annex)
        layout.addStretch()
        self.group.buttonToggled.connect(lambda *_: self._changed())
        self.file.textChanged.connect(self._changed)
        self.arrived_units: list[ReportingUnit] = []
        self._changed()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Пакет програми", self.file.text(), "Пакети ctb-desktop (*.ctbpkg)"
        )
        if path:
            self.file.setText(path)
            self.package.setChecked(True)

    def _changed(self) -> None:
        self.file.setEnabled(self.package.isChecked())
        self.completeChanged.emit()

    def source(self) -> str:
        if self.package.isChecked():
            return PACKAGE
        return ANNEX if self.annex.isChecked() else BUILTIN

    def isComplete(self) -> bool:
        return self.source() != PACKAGE or bool(self.file.text().strip())

    def validatePage(self) -> bool:
        """A package is read and checked now, so a wrong file is said on this page."""
        self.arrived_units = []
        if self.source() != PACKAGE:
            return True
        try:
            arrived = arrive_file(Path(self.file.text().strip()))
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return False
        if arrived.package.kind != "program":
            QMessageBox.warning(
                self, APP_NAME, f"«{arrived.package.name}» — пакет звіту, а не програми"
            )
            return False
        self.arrived_units = arrived.package.units
        return True


class SendPage(QWizardPage):
    """Who receives the reports, and who signs them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Куди надсилати звіти і хто їх підписує")
        self.setSubTitle(
            "Адресу вищого органу підставлено з довідника чи з пакета програми, якщо вона там є."
        )
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText("name@example.gov.ua")
        self.above = QLabel()
        self.above.setWordWrap(True)
        self.position = QLineEdit()
        self.position.setPlaceholderText("Начальник відділу соціального захисту населення")
        self.name = QLineEdit()
        self.name.setPlaceholderText("Власне ім'я ПРІЗВИЩЕ")
        form = QFormLayout(self)
        form.addRow(self.above)
        form.addRow("&Адреса для звітів:", self.recipient)
        form.addRow("&Посада підписанта:", self.position)
        form.addRow("&Ім'я підписанта:", self.name)

    def validatePage(self) -> bool:
        try:
            check_email(self.recipient.text())
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return False
        return True


class FirstStartWizard(QWizard):
    """`source` says, after acceptance, where the program came from; ANNEX means the
    window should open the import wizard next."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME}: перший запуск")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.ws = Workspace(db)
        self.ws.complete_directory()
        self.settings = Settings()
        self.who = WhoPage(self.ws.units.list())
        self.program = ProgramPage()
        self.send = SendPage()
        for page in (self.who, self.program, self.send):
            self.addPage(page)
        self.send.initializePage = self._prefill
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Почати роботу")
        self.source = ""
        self.program_id: int | None = None
        self.resize(760, 520)

    def _prefill(self) -> None:
        unit = self.who.chosen()
        if unit is None:
            return
        directory = {u.code: u for u in self.who.units} | {
            u.code: u for u in self.program.arrived_units
        }
        parent = directory.get(unit.parent_code or "")
        if parent is not None:
            self.send.above.setText(f"Звіти надсилаються до: <b>{parent.name}</b>")
            if not self.send.recipient.text() and parent.email:
                self.send.recipient.setText(parent.email)
        else:
            self.send.above.setText(f"{unit.name} — найвищий орган у довіднику.")

    def accept(self) -> None:
        """Everything chosen is written only now; a refusal keeps the wizard open."""
        unit = self.who.chosen()
        if unit is None or not self.validateCurrentPage():
            return
        try:
            self._apply(unit)
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        super().accept()

    def _apply(self, unit: ReportingUnit) -> None:
        self.source = self.program.source()
        if self.source == BUILTIN:
            self.program_id = load_builtin(self.ws).program_id
        elif self.source == PACKAGE:
            path = Path(self.program.file.text().strip())
            (_path, result), *_ = receive_packages(self.ws, [path])
            if isinstance(result, UserError):
                raise result
            self.program_id = self.ws.programs.list()[-1].id
        position, name = self.send.position.text().strip(), self.send.name.text().strip()
        with self.ws.db.transaction():
            choose_own_unit(self.ws, unit.code, self.send.recipient.text())
            # The database's signatory, as «Налаштування» saves it: the command line
            # signs with it too; the window's report dialog starts from the same.
            self.ws.config.set("signatory.position", position)
            self.ws.config.set("signatory.name", name)
        self.settings.signatory_position = position
        self.settings.signatory_name = name
        period = None
        if self.program_id is not None:
            period = current_period(self.ws.programs.load(self.program_id), date.today())
        self.settings.set_choice(
            str(self.ws.path), self.program_id, unit.code, period.code if period else ""
        )


def offer_first_start(db: Database, parent: QWidget | None = None) -> FirstStartWizard | None:
    """The wizard, run when the database needs it; None when it was not needed. The
    window's database gets the whole directory of reporting bodies first."""
    Workspace(db).complete_directory()
    if not first_start_needed(db):
        return None
    wizard = FirstStartWizard(db, parent)
    wizard.exec()
    return wizard
