"""Regenerate the first-start wizard's pictures (docs/screenshots/first-start-*.png) and
«Довідник органів», offscreen, each window at 1366×768 as a clerk's laptop shows it.

    .venv/bin/python docs/make_wizard_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

_settings = tempfile.TemporaryDirectory()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = _settings.name  # the user's own settings stay untouched
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from ctb_desktop.gui.app import create_application  # noqa: E402
from ctb_desktop.gui.first_start import FirstStartWizard  # noqa: E402
from ctb_desktop.gui.units_dialog import UnitsDialog  # noqa: E402
from ctb_desktop.operations.units import UnitChanges, choose_own_unit, edit_unit  # noqa: E402
from ctb_desktop.storage.workspace import Workspace  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1366, 768)


def save(widget: QWidget, name: str) -> None:
    widget.resize(*SIZE)
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(OUT / f"{name}.png"))


def main() -> None:
    create_application()
    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace.open(Path(folder) / "район.sqlite", create=True)
        edit_unit(ws, "UA-71", UnitChanges(email="ctb@ck.gov.ua"))
        wizard = FirstStartWizard(ws.db)
        wizard.who.choose("UA71080000000036344")
        save(wizard, "first-start-1-who")
        wizard.next()
        save(wizard, "first-start-2-program")
        wizard.next()
        wizard.send.position.setText("Начальник відділу соціального захисту населення")
        wizard.send.name.setText("Олена ШЕВЧУК")
        save(wizard, "first-start-3-reports")
        wizard.close()
        choose_own_unit(ws, "UA-71")
        dialog = UnitsDialog(ws)
        dialog.select("UA71080000000036344")
        save(dialog, "units-dialog")
        dialog.close()
        ws.close()


if __name__ == "__main__":
    main()
