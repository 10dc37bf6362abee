"""«Надіслати програму»: the program's package for the units below this database's own
unit, saved where the clerk chooses, and a draft letter that carries it. Receiving it
is the «Отримані звіти» window's work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.units import descendants
from ctb_desktop.exchange.mail import Attachment, build_message, write_eml
from ctb_desktop.exchange.outgoing import Outgoing, export_program
from ctb_desktop.exchange.package import SUFFIX
from ctb_desktop.gui.send_dialog import default_folder
from ctb_desktop.gui.session import ReportSession
from ctb_desktop.gui.settings import Settings
from ctb_desktop.storage.atomic import write_atomically
from ctb_desktop.storage.long_paths import fitted
from ctb_desktop.storage.workspace import Workspace

PROGRAM_TITLE = "Надіслати програму"


def send_program(
    parent: QWidget,
    session: ReportSession,
    settings: Settings,
    edit_settings: Callable[[], None] | None = None,
) -> Path | None:
    """Save the program's package for the units below this database's own unit, then
    offer a draft letter with it. Returns the saved file."""
    workspace, program = session.workspace, session.program
    if program is None:
        QMessageBox.information(parent, PROGRAM_TITLE, "Спершу оберіть програму.")
        return None
    own = workspace.config.unit
    if not own and edit_settings is not None:
        answer = QMessageBox.question(
            parent,
            PROGRAM_TITLE,
            "Не вказано власний орган цієї бази, тож невідомо, яким органам надсилати програму. "
            "Відкрити налаштування?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            edit_settings()
            own = workspace.config.unit
    if not own:
        return None
    units = workspace.units.list()
    unit = next((candidate for candidate in units if candidate.code == own), None)
    below = [candidate for candidate in descendants(units, own) if candidate.active]
    if unit is None or not below:
        name = unit.short_name if unit else own
        QMessageBox.information(
            parent,
            PROGRAM_TITLE,
            f"У довіднику органів бази немає органів, підпорядкованих «{name}»: пакет програми "
            "нема кому надсилати.",
        )
        return None
    try:
        outgoing = export_program(workspace, program.id, own)
    except UserError as exc:
        QMessageBox.warning(parent, PROGRAM_TITLE, f"Пакет програми не сформовано: {exc}")
        return None
    suggested = fitted(default_folder(settings), outgoing.file_name)
    name, _ = QFileDialog.getSaveFileName(
        parent, "Зберегти пакет програми", str(suggested), f"Пакет програми (*{SUFFIX})"
    )
    if not name:
        return None
    path = Path(name if name.lower().endswith(SUFFIX) else f"{name}{SUFFIX}")
    try:
        write_atomically(path, outgoing.content)
    except UserError as exc:
        QMessageBox.warning(parent, PROGRAM_TITLE, str(exc))
        return None
    _offer_program_letter(parent, workspace, path, outgoing, program.title, len(below))
    return path


def program_letter(workspace: Workspace, path: Path, outgoing: Outgoing, program_title: str):
    """A draft with the program's package; the units' addresses are filled in by the
    clerk's mail program."""
    unit = outgoing.unit.short_name
    body = (
        "Добрий день!\n"
        "\n"
        f"Надсилаємо пакет програми «{' '.join(program_title.split())}»: її завдання, "
        "заходи та довідник органів, що звітують.\n"
        "\n"
        "Завантажте його в ctb-desktop: «Звіт → Отримані звіти…» → «Імпортувати пакети…» "
        f"(або командою «ctb-desktop package import {path.name}»). Після цього звіти "
        "заповнюються в програмі й надсилаються через «Звіт → Надіслати звіт…».\n"
        "\n"
        "З повагою,\n"
        f"{unit}\n"
    )
    return build_message(
        workspace.config.smtp.sender,
        "",
        f"Програма для звітування: {program_title} — {unit}",
        body,
        [Attachment(path.name, outgoing.content)],
    )


def _offer_program_letter(
    parent: QWidget,
    workspace: Workspace,
    path: Path,
    outgoing: Outgoing,
    program_title: str,
    units: int,
) -> None:
    box = QMessageBox(parent)
    box.setObjectName("programSavedBox")
    box.setWindowTitle(PROGRAM_TITLE)
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(f"Пакет програми збережено:\n{path}")
    box.setInformativeText(
        f"Надішліть його підпорядкованим органам ({units}) електронною поштою: кнопка "
        "«Створити лист» відкриє чернетку з пакетом у поштовій програмі."
    )
    letter_button = box.addButton("Створити &лист", QMessageBox.ButtonRole.AcceptRole)
    folder_button = box.addButton("Відкрити &папку", QMessageBox.ButtonRole.ActionRole)
    box.addButton("&Закрити", QMessageBox.ButtonRole.RejectRole)

    def clicked(button) -> None:
        if button is folder_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        elif button is letter_button:
            eml = path.with_suffix(".eml")
            try:
                write_eml(program_letter(workspace, path, outgoing, program_title), eml)
            except UserError as exc:
                QMessageBox.warning(parent, PROGRAM_TITLE, str(exc))
                return
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(eml))):
                QMessageBox.information(
                    parent,
                    PROGRAM_TITLE,
                    f"Чернетку листа збережено у «{eml}», але відкрити її не вдалося. "
                    "Відкрийте файл в Outlook чи Thunderbird.",
                )

    box.buttonClicked.connect(clicked)
    box.open()
