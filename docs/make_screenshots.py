"""Regenerate the screenshots in docs/screenshots/ from the demo database, offscreen.

QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ctb_desktop.gui.app import create_application
from ctb_desktop.gui.main_window import MainWindow
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.demo import fill_demo

OUT = Path(__file__).resolve().parent / "screenshots"


def main() -> None:
    app = create_application()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        empty = Database.open(Path(folder) / "empty.sqlite")
        window = MainWindow(empty)
        window.resize(1200, 760)
        window.show()
        app.processEvents()
        window.grab().save(str(OUT / "main-window-empty.png"))
        window.close()
        empty.close()

        demo = Database.open(Path(folder) / "demo.sqlite")
        fill_demo(demo)
        window = MainWindow(demo)
        window.resize(1200, 760)
        window.show()
        app.processEvents()
        window.grab().save(str(OUT / "main-window.png"))
        window.close()
        demo.close()
    print(f"Знімки збережено в {OUT}")


if __name__ == "__main__":
    main()
