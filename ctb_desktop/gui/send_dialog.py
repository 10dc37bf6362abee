"""«Надіслати звіт»: the unit's report for the period goes upward in three steps —
the package (and the document to sign beside it), the КЕП signature if there is one,
then the letter: into the outbox, or as a draft for the clerk's own mail program."""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.progress import Progress
from ctb_desktop.domain.units import descendants
from ctb_desktop.domain.validation import (
    UNFILLED,
    Severity,
    check_period,
    completion,
    readiness_text,
)
from ctb_desktop.exchange.incoming import read_file
from ctb_desktop.exchange.mail import write_eml
from ctb_desktop.exchange.outgoing import (
    attach_signature_file,
    report_layout,
    report_letter,
)
from ctb_desktop.exchange.signature import SignatureCheck
from ctb_desktop.gui.asking import confirm
from ctb_desktop.gui.colours import signal_style
from ctb_desktop.gui.forms import load_form
from ctb_desktop.gui.jobs import Job
from ctb_desktop.gui.session import ReportSession
from ctb_desktop.gui.settings import Settings
from ctb_desktop.operations.packages import Made, export_report_package, record_sent
from ctb_desktop.reports.render import TITLES
from ctb_desktop.storage.atomic import write_atomically

TITLE = "Надіслати звіт"
SIGNATURE_FILTER = "Підпис КЕП (*.p7s *.asice *.asics *.p7m);;Усі файли (*)"


def default_folder(settings: Settings) -> Path:
    return Path(
        settings.output_folder
        or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    )


def addresses_problem(text: str) -> str:
    """Why `text` is not one or more e-mail addresses, or "" when it is."""
    if not text.strip():
        return "не вказано адресата"
    for part in text.split(","):
        _name, address = parseaddr(part)
        local, _, domain = address.rpartition("@")
        if not local or "." not in domain or any(c.isspace() for c in part.strip()):
            return f"«{part.strip()}» не схоже на адресу електронної пошти"
    return ""


class SendDialog(QDialog):
    """`queued`: a letter went into the outbox (its number); `settingsRequested`: the
    clerk chose to fill in the mail settings (the window opens them)."""

    queued = Signal(int)
    settingsRequested = Signal()

    def __init__(
        self, session: ReportSession, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.session = session
        self.settings = settings
        self.workspace = session.workspace
        self.program = session.program
        self.period = session.period
        self.unit_code = session.unit_code
        self.layout_key = report_layout(self.period)
        self.job: Job | None = None
        self.made: Made | None = None
        self.content: bytes | None = None
        self.check: SignatureCheck | None = None
        self.queued_item: int | None = None
        self.form = load_form("send_dialog", self)
        # The dialog scrolls inside itself rather than grow past a 720-pixel screen.
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.form)
        QVBoxLayout(self).addWidget(self.scroll)
        find = self.form.findChild
        self.labels = {
            name: find(QLabel, f"{name}Label")
            for name in (
                "program",
                "unit",
                "period",
                "layout",
                "check",
                "revision",
                "document",
                "verdict",
                "signer",
                "organisation",
                "serial",
                "time",
                "notes",
                "sent",
            )
        }
        self.folder: QLineEdit = find(QLineEdit, "folderEdit")
        self.recipient: QLineEdit = find(QLineEdit, "recipientEdit")
        self.buttons = {
            name: find(QPushButton, f"{name}Button")
            for name in ("folder", "make", "openFolder", "sign", "queue", "draft")
        }
        box: QDialogButtonBox = find(QDialogButtonBox, "buttons")
        box.button(QDialogButtonBox.StandardButton.Close).setText("&Закрити")
        box.rejected.connect(self.reject)
        # Enter in a field never presses a button, least of all «Закрити».
        for button in self.form.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.buttons["folder"].clicked.connect(self.choose_folder)
        self.buttons["make"].clicked.connect(self.make)
        self.buttons["openFolder"].clicked.connect(self.open_folder)
        self.buttons["sign"].clicked.connect(self.choose_signature)
        self.buttons["queue"].clicked.connect(self.queue)
        self.buttons["draft"].clicked.connect(self.draft)

        self._describe()
        self.folder.setText(str(default_folder(settings)))
        self.recipient.setText(self.workspace.config.recipient)
        self._update_buttons()
        self._show_sent("")
        self.resize(760, self.sizeHint().height())
        self.fit()
        self.buttons["make"].setFocus()

    # ------------------------------------------------------------------ what is sent

    def _describe(self) -> None:
        units = self.session.units
        unit = next((u for u in units if u.code == self.unit_code), None)
        self.unit_name = unit.short_name if unit else self.unit_code or "—"
        below = descendants(units, self.unit_code) if unit else []
        unit_text = unit.name if unit else self.unit_name
        if below:
            unit_text += f"\nразом із даними підпорядкованих органів ({len(below)})"
        own = self.workspace.config.unit
        if own and own != self.unit_code:
            own_unit = next((u for u in units if u.code == own), None)
            unit_text += (
                f"\nУвага: власний орган цієї бази — "
                f"{own_unit.short_name if own_unit else own}; звіт буде від імені іншого органу."
            )
        self.labels["program"].setText(self.program.title)
        self.labels["unit"].setText(unit_text)
        self.labels["period"].setText(self.period.title)
        signatory = " ".join(
            part
            for part in (self.settings.signatory_position, self.settings.signatory_name)
            if part
        )
        self.labels["layout"].setText(
            f"«{TITLES[self.layout_key]}»\n"
            f"Підписант: {signatory or 'не вказано (Файл → Налаштування)'}"
        )
        # The readiness is the chosen unit's own: its reports, which the desk keeps, not
        # the whole period's (every unit's, seconds to read at a ministry's 1,500).
        entries = self.session.unit_entries()
        problems = check_period(self.program, entries, self.unit_code)
        self.errors = sum(1 for problem in problems if problem.severity is Severity.ERROR)
        filled, total = completion(self.program, entries, self.unit_code)
        self.missing = [
            f"{p.task_number} {p.measure_number}"
            for p in problems
            if p.message.startswith(UNFILLED)
        ]
        text = readiness_text(filled, total, problems)
        if self.missing:
            shown = ", ".join(self.missing[:12]) + (" …" if len(self.missing) > 12 else "")
            text += f"\n{UNFILLED}: {shown}"
        self.labels["check"].setText(
            f"{text}\n(див. панель «Проблеми»; F8 — наступний незаповнений)"
        )
        if self.errors or self.missing:
            self.labels["check"].setStyleSheet(signal_style(False, self.palette()))

    def fit(self) -> None:
        """Grow to show every wrapped line after the texts changed, never shrink, and never
        past the screen: the rest scrolls."""
        self.layout().activate()
        needed = self.form.heightForWidth(self.scroll.viewport().width()) + 40
        screen = (self.screen() or QApplication.primaryScreen()).availableGeometry()
        height = min(max(needed, self.height()), screen.height() - 60)
        if height != self.height():
            self.resize(self.width(), height)

    def _update_buttons(self) -> None:
        idle = self.job is None
        made = self.made is not None
        self.buttons["make"].setEnabled(idle)
        self.buttons["folder"].setEnabled(idle)
        self.folder.setEnabled(idle)
        for name in ("openFolder", "sign", "queue", "draft"):
            self.buttons[name].setEnabled(idle and made)

    # ------------------------------------------------------------------ step 1

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Папка для пакета", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def make(self) -> Job | None:
        """«Сформувати пакет» on a worker thread."""
        if self.job is not None:
            return None
        folder = Path(self.folder.text().strip())
        if not folder.is_dir():
            QMessageBox.warning(
                self, TITLE, f"Папки «{folder}» не існує. Оберіть папку для пакета («Огляд…»)."
            )
            return None
        if (self.errors or self.missing) and not confirm(
            self,
            TITLE,
            "Звіт ще не готовий: " + self.labels["check"].text().split("\n(")[0],
            "&Усе одно сформувати пакет",
            details="Незаповнені заходи потраплять у звіт порожніми. Краще спершу "
            "заповнити їх (F8 у головному вікні).",
        ):
            return None
        workspace, program_id = self.workspace, self.program.id
        period, unit = self.period, self.unit_code
        options = self.settings.report_options(self.layout_key)

        def work(progress: Progress) -> Made:
            with workspace.reader() as ws:  # this worker's own read-only connection
                return export_report_package(
                    ws, program_id, period, unit, options, folder, progress=progress, record=False
                )

        self.job = Job(self, "Формування пакета звіту", work)
        self.job.succeeded.connect(self._on_made)
        self.job.failed.connect(
            lambda message: QMessageBox.warning(
                self, TITLE, f"Пакет не сформовано в папці «{folder}»: {message}"
            )
        )
        self.job.finished.connect(self._on_job_finished)
        self._update_buttons()
        self.job.start()
        return self.job

    def _on_job_finished(self) -> None:
        self.job = None
        self._update_buttons()

    def _on_made(self, made: Made) -> None:
        try:
            record_sent(self.session.workspace, made)
        except UserError as exc:
            QMessageBox.warning(self, TITLE, f"Редакцію пакета не записано до бази: {exc}")
            return
        self.made = made
        self.content = made.content
        self.queued_item = None
        self.settings.output_folder = str(made.package_path.parent)
        revision, previous = made.outgoing.revision, made.previous_revision
        if previous is None:
            news = "перша редакція"
        elif previous == revision:
            news = "та сама, що й сформована раніше: дані не змінилися"
        else:
            news = f"нова: дані змінилися після редакції {previous}"
        self.labels["revision"].setText(
            f"Редакція {revision} — {news}.\nПакет: {made.package_path}"
        )
        self.labels["document"].setText(f"Файл для підпису КЕП:\n{made.document_path}")
        self._show_sent("")
        self._show_signature(
            made.kept_signature, "Підпис, доданий раніше до цієї редакції, збережено в пакеті."
        )
        self.fit()

    def open_folder(self) -> None:
        if self.made is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.made.package_path.parent)))

    # ------------------------------------------------------------------ step 2

    def choose_signature(self) -> None:
        if self.made is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self, "Файл підпису КЕП", str(self.made.package_path.parent), SIGNATURE_FILTER
        )
        if name:
            self.attach(Path(name))

    def attach(self, signature_path: Path) -> bool:
        """Add the signature to the package and rewrite its file; a signature of another
        document is refused and the package stays as it was."""
        made = self.made
        package = made.package_path
        try:
            signature = read_file(signature_path)
            signed, check = attach_signature_file(
                self.content, package.name, signature, signature_path.name
            )
            write_atomically(package, signed)
        except UserError as exc:
            self._show_signature_error(str(exc))
            QMessageBox.warning(
                self, TITLE, f"Підпис «{signature_path.name}» не додано до «{package.name}»:\n{exc}"
            )
            return False
        self.content = signed
        self.queued_item = None
        self._show_signature(check, f"Підпис «{signature_path.name}» додано до пакета.")
        self.fit()
        return True

    def _show_signature(self, check: SignatureCheck | None, intro: str = "") -> None:
        self.check = check
        verdict = self.labels["verdict"]
        if check is None:
            verdict.setText("не додано")
            verdict.setStyleSheet("")
            for name in ("signer", "organisation", "serial", "time", "notes"):
                self.labels[name].clear()
            return
        verdict.setText(check.verdict)
        known = check.ok is not None
        verdict.setStyleSheet(
            signal_style(bool(check.ok), self.palette(), bold=True) if known else ""
        )
        position = f", {check.position}" if check.position else ""
        tax_number = f" (РНОКПП {check.tax_number})" if check.tax_number else ""
        self.labels["signer"].setText(f"{check.signer_name}{position}{tax_number}")
        edrpou = f" (ЄДРПОУ {check.edrpou})" if check.edrpou else ""
        self.labels["organisation"].setText(f"{check.organisation}{edrpou}")
        self.labels["serial"].setText(check.certificate_serial)
        time = check.signing_time
        self.labels["time"].setText(f"{time.astimezone():%d.%m.%Y %H:%M}" if time else "не вказано")
        self.labels["notes"].setText("\n".join([intro, *check.notes] if intro else check.notes))

    def _show_signature_error(self, message: str) -> None:
        verdict = self.labels["verdict"]
        current = (
            "Пакет без підпису." if self.check is None else "У пакеті лишився попередній підпис."
        )
        verdict.setText(f"Підпис не додано: {message}\n{current}")
        verdict.setStyleSheet(signal_style(False, self.palette()))

    # ------------------------------------------------------------------ step 3

    def _letter(self, recipient: str):
        try:
            return report_letter(
                self.workspace, self.content, self.made.package_path.name, recipient
            )
        except UserError as exc:
            QMessageBox.warning(
                self, TITLE, f"Лист із пакетом «{self.made.package_path.name}» не створено: {exc}"
            )
            return None

    def queue(self) -> int | None:
        """«У чергу відправлення»: the app sends it when the server can be reached."""
        if self.made is None:
            return None
        recipient = self.recipient.text().strip()
        missing = []
        if problem := addresses_problem(recipient):
            missing.append(f"адресат: {problem}")
        if not self.workspace.config.smtp.sender:
            missing.append("адреса відправника в налаштуваннях пошти")
        if missing:
            self._offer_settings(
                "Щоб поставити лист у чергу, бракує: " + "; ".join(missing) + ".\n"
                "Адресата можна вписати тут, у полі «Кому», або в налаштуваннях пошти."
            )
            return None
        if self.queued_item is not None:
            answer = QMessageBox.question(
                self,
                TITLE,
                f"Цей пакет уже в черзі (лист №{self.queued_item}). Поставити його ще раз?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        letter = self._letter(recipient)
        if letter is None:
            return None
        try:
            item = self.workspace.outbox.enqueue(letter)
        except UserError as exc:
            QMessageBox.warning(
                self, TITLE, f"Лист не поставлено в чергу в базі «{self.workspace.path}»: {exc}"
            )
            return None
        self.queued_item = item.id
        signed = "з підписом" if self.check is not None else "без підпису"
        self._show_sent(
            f"Лист №{item.id} до {item.recipient} ({signed}) у черзі відправлення: його буде "
            "надіслано, щойно буде зв’язок із поштовим сервером. Стан — у «Вигляд → Черга "
            "відправлення»."
        )
        self.queued.emit(item.id)
        return item.id

    def draft(self) -> Path | None:
        """«Лист у поштовій програмі»: an .eml draft beside the package, opened."""
        if self.made is None:
            return None
        recipient = self.recipient.text().strip()
        letter = self._letter(recipient if not addresses_problem(recipient) else "")
        if letter is None:
            return None
        path = self.made.package_path.with_suffix(".eml")
        try:
            write_eml(letter, path)
        except UserError as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return None
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._show_sent(
                f"Чернетку листа відкрито в поштовій програмі (файл «{path}»). Перевірте адресата "
                "й надішліть лист звідти."
            )
        else:
            self._show_sent(f"Чернетку листа збережено: «{path}».")
            QMessageBox.information(
                self,
                TITLE,
                f"Чернетку листа збережено у «{path}», але відкрити її не вдалося: у системі не "
                "вказано програму для файлів .eml. Відкрийте файл в Outlook чи Thunderbird або "
                "вкладіть пакет у лист вручну.",
            )
        return path

    def _show_sent(self, text: str) -> None:
        self.labels["sent"].setText(text)
        self.labels["sent"].setVisible(bool(text))
        self.fit()

    def _offer_settings(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information, TITLE, text, QMessageBox.StandardButton.NoButton, self
        )
        box.setObjectName("missingMailSettingsBox")
        settings = box.addButton("Відкрити &налаштування…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Закрити", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is settings:
            self.settingsRequested.emit()
            if not self.recipient.text().strip():
                self.recipient.setText(self.workspace.config.recipient)

    # ------------------------------------------------------------------ closing

    def reject(self) -> None:
        """Esc and «Закрити», but not while the package is being written."""
        if self.job is None:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None:
            event.ignore()
            return
        super().closeEvent(event)
