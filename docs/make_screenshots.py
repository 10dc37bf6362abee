"""Regenerate docs/screenshots/*.png from the demo database, offscreen, at 1366×768 —
the usual laptop screen of a clerk.

    .venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_settings = tempfile.TemporaryDirectory()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The user's own settings stay untouched.
os.environ["XDG_CONFIG_HOME"] = _settings.name

from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from ctb_desktop.gui.app import create_application  # noqa: E402
from ctb_desktop.gui.import_wizard import ImportWizard  # noqa: E402
from ctb_desktop.gui.main_window import MainWindow  # noqa: E402
from ctb_desktop.gui.render_dialog import RenderDialog  # noqa: E402
from ctb_desktop.gui.settings_dialog import SettingsDialog  # noqa: E402
from ctb_desktop.storage.database import Database  # noqa: E402
from ctb_desktop.storage.demo import fill_demo  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1366, 768)


def annex_001(folder: Path) -> Path:
    """Seed 001's annex as a clerk would have it, for the import preview."""
    import sys  # noqa: PLC0415

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.importers.seed_tables import seed_001_rows, write_docx  # noqa: PLC0415

    return write_docx(seed_001_rows(), folder / "Додаток 2 до Програми.docx")


def save(widget: QWidget, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(str(OUT / f"{name}.png"))


def choose(window: MainWindow, unit: str, task: str, measure: str) -> None:
    window.unit_combo.setCurrentIndex(window.unit_combo.findData(unit))
    window._on_choice()
    found = window.session.program.find_measure(task, measure)
    window._select_measure(found.id)


def main() -> None:
    create_application()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        with Database.open(Path(folder) / "empty.sqlite") as empty:
            window = MainWindow(empty)
            window.resize(*SIZE)
            window.show()
            save(window, "main-window-empty")
            window.close()
        with Database.open(Path(folder) / "demo.sqlite") as demo:
            fill_demo(demo)
            window = MainWindow(demo)
            window.resize(*SIZE)
            window.show()
            choose(window, "mspu", "2.", "6)")
            save(window, "main-window")
            choose(window, "UA-68", "4.", "1)")
            save(window, "main-window-financing-problems")
            window.settings.signatory_position = "Директор Департаменту соцзахисту населення"
            window.settings.signatory_name = "Людмила Корнієнко"
            window.settings.output_folder = "C:/Users/Клерк/Documents/Звіти"
            choose(window, "mspu", "2.", "6)")
            dialog = RenderDialog(window.session, window.settings, "annual", window)
            dialog.resize(720, dialog.sizeHint().height())
            dialog.show()
            save(dialog, "render-dialog")
            dialog.close()
            wizard = ImportWizard(window.session, window)
            wizard.file.setText(str(annex_001(Path(folder))))
            wizard.show()
            wizard.next()
            loop = QEventLoop()
            wizard.job.finished.connect(loop.quit)
            loop.exec()
            save(wizard, "import-wizard-preview")
            wizard.close()
            settings = SettingsDialog(window.settings, window.session.units, window)
            settings.resize(640, settings.sizeHint().height())
            settings.show()
            save(settings, "settings-dialog")
            settings.close()
            window.close()
    print(f"Знімки збережено в {OUT}")


if __name__ == "__main__":
    main()
