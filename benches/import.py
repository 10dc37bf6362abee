"""Importing a program annex: the time to preview and to apply, and peak memory.

    .venv/bin/python benches/import.py               # a 96-page annex, target < 2 s
    .venv/bin/python benches/import.py --rows 100000 # a hostile-size annex, .docx and .xlsx

Without --rows the annex is generated from the national program's measures repeated
into 12 tasks of 50 measures (600 rows, about 100 landscape pages in Word), rendered by
our own structure layout.

With --rows N one task holds N numbered measures (the worst case for the numbering
checks), written once as a Word table by our structure layout and once as an Excel
sheet. Each file is imported (preview and apply into a new database) in a process of
its own, so the peak memory printed is that process's resident size, interpreter
included. Target: under 10 s and 300 MB each. The processor time is printed too: on a
machine busy with other work the wall time can be a few times longer.
"""

from __future__ import annotations

import argparse
import copy
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's code

from docx import Document
from openpyxl import Workbook
from openpyxl.worksheet.cell_range import CellRange

from ctb_desktop.domain.program import Task
from ctb_desktop.importers.program_import import apply_import, plan_import
from ctb_desktop.reports.context import ReportData, ReportOptions
from ctb_desktop.reports.render import render, save
from ctb_desktop.reports.wordml import MERGE_UP, Table
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.datafiles import builtin_program

TASKS, MEASURES = 12, 50
LARGE_SECONDS, LARGE_MB = 10, 300
HEADER = ["Найменування завдання", "Найменування заходу", "Термін виконання", "Виконавці"]
EXECUTOR = "Управління соціального захисту населення"
TASK = "1. Запобігання торгівлі людьми"


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


def large_rows(rows: int) -> Iterator[list[str | None]]:
    """The header, the column numbers, then one task (its cell merged down) over
    `rows` short measures numbered 1)–999) over and over (a measure's number has at
    most three digits), so every number repeats: the worst case for the checks."""
    yield HEADER
    yield ["1", "2", "3", "4"]
    for m in range(1, rows + 1):
        task = TASK if m == 1 else None
        yield [task, f"{(m - 1) % 999 + 1}) інформаційний захід № {m}", "2024 рік", EXECUTOR]


def annex_document(path: Path, rows: int) -> None:
    """The large table in Word: our table writer, its task cell merged down."""
    table = Table([2500, 3500, 1500, 2500])
    for index, row in enumerate(large_rows(rows)):
        table.add([MERGE_UP if text is None else text for text in row], header=index == 0)
    document = Document()
    document.element.body.sectPr.addprevious(table.element())
    document.save(path)


def annex_workbook(path: Path, rows: int) -> None:
    """The large table as an Excel sheet, the task cell merged down."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Заходи")
    for row in large_rows(rows):
        sheet.append(row)
    sheet.merged_cells.ranges = {CellRange(min_col=1, min_row=3, max_col=1, max_row=rows + 2)}
    workbook.save(path)


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


def small() -> None:
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


def import_one(path: Path) -> None:
    """Preview and apply `path` into a new database beside it; print one line of
    figures for the parent: seconds, peak resident MB, measures imported."""
    db = Database.open(path.with_name(f"{path.name}.sqlite"))  # a new one for each file
    started, cpu = time.perf_counter(), time.process_time()
    plan = plan_import(db, path)
    apply_import(db, plan)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    db.close()
    print(f"{elapsed:.2f} {cpu:.2f} {peak_megabytes():.0f} {len(plan.program.all_measures)}")


def peak_megabytes() -> float:
    """This process's peak resident size. Linux keeps ru_maxrss across exec (it would
    show the parent's peak), so its own high-water mark is read from /proc first."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    except (OSError, AttributeError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def large(rows: int) -> int:
    print(f"Target: each file previewed and applied in < {LARGE_SECONDS} s and < {LARGE_MB} MB")
    failed = 0
    with tempfile.TemporaryDirectory() as folder:
        for suffix in ("docx", "xlsx"):
            path = Path(folder) / f"annex-{rows}.{suffix}"
            (annex_workbook if suffix == "xlsx" else annex_document)(path, rows)
            child = subprocess.run(
                [sys.executable, __file__, "--import-one", str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            if child.returncode:
                print(f"{suffix}: import failed\n{child.stderr}")
                failed += 1
                continue
            seconds, cpu, megabytes, measures = child.stdout.split()
            within = float(seconds) < LARGE_SECONDS and float(megabytes) < LARGE_MB
            failed += not within
            print(
                f"{suffix}: {rows} rows, {path.stat().st_size // 1024} KiB → {measures} "
                f"measures in {float(seconds):.2f} s ({cpu} s of processor time), "
                f"peak {megabytes} MB{'' if within else '  ← over the target'}"
            )
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help="generate a .docx and an .xlsx of this many rows")
    parser.add_argument("--import-one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_one:
        import_one(args.import_one)
        return 0
    if args.rows:
        return large(args.rows)
    small()
    return 0


if __name__ == "__main__":
    sys.exit(main())
