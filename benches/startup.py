"""How fast the clerk's desk opens and answers, on the demo, on the national program
made ten times larger with 26 units' data (benches/scale.py), and on the ministry's
database holding 1,500 units' reports (the packages of benches/consolidate.py).

    .venv/bin/python benches/startup.py                # all three
    .venv/bin/python benches/startup.py --only demo

1. Time from process start to the main window shown (a fresh Python process, as a
   clerk starts the app): min / median of three.
2. GUI-thread time of a measure switch, over 50 measures: longest and median.
3. GUI-thread time of the pause after typing (the typed text saved, the tree's states,
   problems, fill bar and totals brought up to date), over 20 measures: longest, median.
Goals (issues 13, 19): window ≤ 1.5 s (≤ 2 s for the ministry), switch ≤ 50 ms, pause
after typing ≤ 50 ms (issue 13) / ≤ 100 ms (issue 19).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import CACHE, scaled_database
from timing import compile_sources

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


def startup(database: Path) -> list[float]:
    times = []
    for _ in range(3):
        started = time.time()
        shown = subprocess.run(
            [sys.executable, "-c", CHILD, str(database)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")},
        ).stdout.split()[-1]
        times.append(float(shown) - started)
    return times


def desk(database: Path, count: int = 50, typed: int = 20) -> tuple[list[float], list[float]]:
    """Stalls switching measures and after typing."""
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
    switches, pauses = [], []
    for number, index in enumerate(measures):
        started = time.perf_counter()
        window.tree.setCurrentIndex(index)
        app.processEvents()
        switches.append(time.perf_counter() - started)
        if number < typed and window.editor.key is not None:
            window.editor.text.setPlainText(f"Проведено {number} заходів.")
            app.processEvents()
            started = time.perf_counter()
            window.editor.flush()  # what the pause's timer does
            app.processEvents()
            pauses.append(time.perf_counter() - started)
    window.close()
    window.db.close()
    return switches, pauses


def demo_database() -> Path:
    path = CACHE / "demo.sqlite"
    if not path.exists():
        subprocess.run(
            [sys.executable, "-m", "ctb_desktop", "--db", str(path), "demo"],
            check=True,
            capture_output=True,
        )
    return path


def scaled() -> Path:
    return scaled_database(CACHE / "scale-10.sqlite", 10)


def ministry() -> Path:
    """The oblast database of benches/consolidate.py with 1,500 districts' reports in."""
    path = CACHE / "ministry-1500.sqlite"
    if not path.exists():
        from consolidate import cached_packages  # noqa: PLC0415

        from ctb_desktop.operations.packages import receive_packages  # noqa: PLC0415
        from ctb_desktop.storage.workspace import Workspace  # noqa: PLC0415

        folder = cached_packages(1500)
        partial = path.with_suffix(".partial")
        shutil.copyfile(folder / "oblast.sqlite", partial)
        with Workspace.open(partial) as ws:
            receive_packages(ws, [folder / "inbox"])
        partial.rename(path)
    return path


DATABASES = {"demo": demo_database, "10x": scaled, "ministry": ministry}


def spread(values: list[float]) -> str:
    return (
        f"longest {max(values) * 1000:6.1f} ms, median {statistics.median(values) * 1000:6.1f} ms"
    )


def main() -> None:
    compile_sources()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=list(DATABASES), action="append")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        switches, pauses = desk(Path(args.child))
        print(f"  measure switch ({len(switches)}): {spread(switches)}")
        print(f"  pause after typing ({len(pauses)}): {spread(pauses)}")
        return
    CACHE.mkdir(exist_ok=True)
    print("Goals: window ≤ 1.5 s (ministry ≤ 2 s); switch ≤ 50 ms; pause after typing ≤ 50 ms")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    for name in args.only or list(DATABASES):
        database = DATABASES[name]()
        shown = startup(database)
        print(
            f"{name}: window shown min {min(shown):.2f} s, median {statistics.median(shown):.2f} s"
        )
        # The stalls in a process of their own, on a copy (typing changes the data).
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / database.name
            shutil.copyfile(database, copy)
            subprocess.run([sys.executable, __file__, "--child", str(copy)], check=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
