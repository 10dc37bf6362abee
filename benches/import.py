"""Importing a large program annex: the time to preview and to apply, and peak memory.

    .venv/bin/python benches/import.py

The annex is generated: the national program's measures repeated into 12 tasks of 50
measures (600 rows, about 100 landscape pages in Word), rendered by our own
structure layout. Target: preview and apply under 2 s.
"""

from __future__ import annotations

import copy
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from ctb_desktop.domain.program import Task
from ctb_desktop.importers.program_import import apply_import, plan_import
from ctb_desktop.reports.context import ReportData, ReportOptions
from ctb_desktop.reports.render import render, save
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.datafiles import builtin_program

TASKS, MEASURES = 12, 50


def annex(path: Path) -> None:
    program = builtin_program()
    sample = program.all_measures
    program.tasks = []
    for t in range(1, TASKS + 1):
        task = Task(f"{t}.", f"Завдання {t}: {sample[t].title}")
        for m in range(1, MEASURES + 1):
            measure = copy.deepcopy(sample[(t * MEASURES + m) % len(sample)])
            measure.number, measure.term = f"{m})", "2023-2025 роки"
            task.measures.append(measure)
        program.tasks.append(task)
    save(render("structure", ReportData(program, []), ReportOptions(columns=4)), path)


def pages(path: Path) -> str:
    try:
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(
                ["soffice", "--headless", "--convert-to", "pdf", "--outdir", folder, str(path)],
                capture_output=True,
                check=True,
                timeout=300,
            )
            info = subprocess.run(
                ["pdfinfo", str(Path(folder) / f"{path.stem}.pdf")],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        return next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages"))
    except (OSError, subprocess.SubprocessError, StopIteration):
        return "? (LibreOffice not installed)"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "annex.docx"
        annex(path)
        print(
            f"annex: {TASKS} tasks × {MEASURES} measures, {path.stat().st_size // 1024} KiB, "
            f"{pages(path)} pages"
        )
        db = Database.open(Path(folder) / "import.sqlite")
        started = time.perf_counter()
        plan = plan_import(db, path)
        preview = time.perf_counter() - started
        started = time.perf_counter()
        apply_import(db, plan)
        applied = time.perf_counter() - started
        tracemalloc.start()
        plan_import(db, path, program_id=1)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        db.close()
    print("Target: preview + apply < 2 s")
    print(
        f"preview {preview:.2f} s, apply {applied:.2f} s, together {preview + applied:.2f} s; "
        f"peak memory of a preview {peak / 2**20:.1f} MiB"
    )


if __name__ == "__main__":
    sys.exit(main())
