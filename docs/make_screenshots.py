"""Regenerate the screenshots in docs/screenshots/ from the demo database, offscreen.

QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from ctb_desktop.gui.app import create_application
from ctb_desktop.gui.main_window import MainWindow
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.demo import fill_demo

OUT = Path(__file__).resolve().parent / "screenshots"


def shoot(db: Database, name: str) -> None:
    """Save the main window on `db` as docs/screenshots/<name>.png."""
    window = MainWindow(db)
    window.resize(1200, 760)
    window.show()
    QApplication.processEvents()
    window.grab().save(str(OUT / f"{name}.png"))
    window.close()


def main() -> None:
    create_application()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        with Database.open(Path(folder) / "empty.sqlite") as empty:
            shoot(empty, "main-window-empty")
        with Database.open(Path(folder) / "demo.sqlite") as demo:
            fill_demo(demo)
            shoot(demo, "main-window")
    print(f"Знімки збережено в {OUT}")


if __name__ == "__main__":
    main()
