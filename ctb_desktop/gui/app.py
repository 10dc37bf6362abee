"""Starting the GUI: the QApplication, Ukrainian translations, the database, the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from ctb_desktop import APP_NAME
from ctb_desktop.domain.errors import UserError
from ctb_desktop.gui.main_window import MainWindow
from ctb_desktop.storage.database import Database


def install_translations(app: QApplication) -> None:
    """Qt's own texts (standard buttons, dialogs) in Ukrainian, whatever the system locale."""
    QLocale.setDefault(QLocale(QLocale.Language.Ukrainian, QLocale.Country.Ukraine))
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalogue in ("qtbase_uk",):
        translator = QTranslator(app)
        if translator.load(catalogue, translations):
            app.installTranslator(translator)


def create_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    install_translations(app)
    return app


def run(db_path: Path) -> int:
    app = create_application()
    try:
        db = Database.open(db_path)
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    window = MainWindow(db)
    window.show()
    try:
        return app.exec()
    finally:
        db.close()
