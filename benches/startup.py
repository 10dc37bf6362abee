"""How fast the clerk's desk opens and answers.

    .venv/bin/python benches/startup.py

1. Time from process start to the main window shown on the demo database (a fresh
   Python process, as a clerk starts the app; best of three).
2. The longest GUI-thread stall while moving through 50 measures in the tree (the
   editor loads each measure's report, totals and problems).
Targets: under 1.5 s and under 50 ms.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import sys, time
from ctb_desktop.gui.app import create_application
from ctb_desktop.gui.main_window import MainWindow
from ctb_desktop.storage.database import Database
app = create_application()
window = MainWindow(Database.open(sys.argv[1]))
window.show()
app.processEvents()
print(time.time())
"""


def startup(database: Path) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.time()
        shown = subprocess.run(
            [sys.executable, "-c", CHILD, str(database)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")},
        ).stdout.split()[-1]
        best = min(best, float(shown) - started)
    return best


def switching(database: Path, count: int = 50) -> list[float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ctb_desktop.gui.app import create_application  # noqa: PLC0415 (after the platform is set)
    from ctb_desktop.gui.main_window import MainWindow  # noqa: PLC0415
    from ctb_desktop.storage.database import Database  # noqa: PLC0415

    app = create_application()
    window = MainWindow(Database.open(database))
    window.show()
    app.processEvents()
    view = window.tree.model()
    measures = [
        view.index(row, 0, view.index(task, 0))
        for task in range(view.rowCount())
        for row in range(view.rowCount(view.index(task, 0)))
    ][:count]
    stalls = []
    for index in measures:
        started = time.perf_counter()
        window.tree.setCurrentIndex(index)
        app.processEvents()
        stalls.append(time.perf_counter() - started)
    window.close()
    return stalls


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "demo.sqlite"
        subprocess.run(
            [sys.executable, "-m", "ctb_desktop", "--db", str(database), "demo"],
            check=True,
            capture_output=True,
        )
        shown = startup(database)
        stalls = switching(database)
    print("Targets: window shown < 1.5 s; longest stall switching measures < 50 ms")
    print(f"start-up to main window shown: {shown:.2f} s (best of 3)")
    print(
        f"switching {len(stalls)} measures: longest {max(stalls) * 1000:.1f} ms, "
        f"median {statistics.median(stalls) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
