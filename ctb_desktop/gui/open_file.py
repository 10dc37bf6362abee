"""A file given to the window: double-clicked in Explorer, «Відкрити за допомогою», or
`ctb-desktop ФАЙЛ`. A report or program package (.ctbpkg) is shown first (what it is,
from whom, for which period, its signature) and received when the clerk says so; a
.docx or .xlsx opens the import wizard with the file chosen. (A database file is opened
as the window's database by gui/app.py.)

Also the windowed program's console output: it has no console (sys.stdout and
sys.stderr are None), so help, the version and usage errors are shown in a message box.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from ctb_desktop import APP_NAME
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.file_kinds import IMPORT, PACKAGE, kind_of
from ctb_desktop.exchange.board import signature_text
from ctb_desktop.exchange.incoming import Arrived, arrive_file
from ctb_desktop.gui.received_jobs import store_received, summary_box

if TYPE_CHECKING:
    from ctb_desktop.gui.main_window import MainWindow

RECEIVE = "&Отримати"


def open_in_window(window: MainWindow, path: Path) -> QMessageBox | None:
    """Open `path` in the main window as its kind asks; a package's summary box (open,
    not modal) is returned once received."""
    path = Path(path)
    if not path.is_file():
        QMessageBox.warning(window, APP_NAME, f"Файлу «{path}» не знайдено: його не відкрито.")
        return None
    kind = kind_of(path)
    if kind == IMPORT:
        window.import_file(path)
        return None
    if kind == PACKAGE:
        return receive_package(window, path)
    QMessageBox.warning(
        window,
        APP_NAME,
        f"Файл «{path.name}» не є пакетом, базою даних чи документом для імпорту: його не "
        "відкрито. Вікно відкриває файли .ctbpkg, .sqlite, .docx і .xlsx.",
    )
    return None


def describe(path: Path, arrived: Arrived) -> str:
    """What the clerk is asked to receive, in a few lines."""
    package = arrived.package
    unit = package.unit
    if package.kind == "program":
        lines = [
            f"Пакет «{path.name}» — програма {package.program_code} від органу «{unit.name}».",
            "Її буде додано до бази даних або оновлено (нічого не видаляється).",
        ]
    else:
        period = package.period.title if package.period else "—"
        lines = [
            f"Пакет «{path.name}» — звіт органу «{unit.name}» ({unit.code}) за період "
            f"«{period}», редакція {package.revision}.",
            f"Підпис: {signature_text(arrived.signature)}",
        ]
    lines += [f"Увага: {warning}" for warning in arrived.warnings]
    return "\n".join(lines)


def receive_package(window: MainWindow, path: Path) -> QMessageBox | None:
    try:
        arrived = arrive_file(path)
    except UserError as exc:
        QMessageBox.warning(window, APP_NAME, f"Пакет не отримано: {exc}")
        return None
    box = QMessageBox(window)
    box.setWindowTitle("Отримання пакета")
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(describe(path, arrived))
    receive = box.addButton(RECEIVE, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Скасувати", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(receive)
    box.exec()
    if box.clickedButton() is not receive:
        return None
    results = store_received(window, window.session.workspace, [(path, arrived)])
    if results is None:
        return None
    window.refresh_choices(None)
    if arrived.package.kind != "program":
        window.show_received()
    summary = summary_box(window, "Отримання пакета", results, [])
    summary.open()
    return summary


def show_console_text(text: str, *, error: bool) -> None:
    """What the console program would have printed, in a message box (the windowed
    program has no console)."""
    from ctb_desktop.gui.app import create_application  # noqa: PLC0415 (avoids a cycle)

    create_application()
    box = QMessageBox()
    box.setWindowTitle(APP_NAME)
    box.setIcon(QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information)
    box.setText(text.strip())
    box.exec()
