"""Rendering speed and memory of the annual report, against python-docx's plain API.

    .venv/bin/python benches/render.py

1. The demo annual report (seed 003's size).
2. A synthetic report ten times larger: every measure of the program with a main
   row and sub-rows for all 25 regions, and a status with its indicators.
3. The same two tables built with python-docx's high-level API (add_table, add_row,
   cell.text per cell, cell.merge), timed in the same run.

Targets: the demo under 0.5 s, the 10× report under 3 s, and at least 3× faster
than the plain API on the same tables.
"""

from __future__ import annotations

import copy
import io
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from docx import Document
from timing import timed

from ctb_desktop.domain.entries import FinancingLine, PeriodEntries, UnitReport
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource
from ctb_desktop.domain.progress import Progress
from ctb_desktop.reports import annual
from ctb_desktop.reports.context import ReportData, ReportOptions, Signatory, load_report_data
from ctb_desktop.reports.render import render
from ctb_desktop.reports.template import shipped_template
from ctb_desktop.reports.wordml import Table
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.demo import fill_demo

PERIOD = Period.parse("2024-Y")
# The plain API is quadratic; past this many seconds it is stopped and reported as "more than".
PLAIN_BUDGET = 60.0


class OverBudgetError(Exception):
    pass


OPTIONS = ReportOptions(signatory=Signatory("Директор Департаменту", "Людмила Корнієнко"))


def peak_memory(work: Callable[[], object]) -> float:
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def ten_times(data: ReportData) -> ReportData:
    """Every measure financed by Мінсоцполітики and all 25 regions."""
    big = copy.deepcopy(data)
    regions = [unit.code for unit in big.units if unit.parent_code == big.unit.code]
    reports = {
        (report.task_number, report.measure_number, report.unit_code): report
        for report in big.entries.reports
    }
    for task in big.program.all_tasks:
        for measure in task.measures:
            for unit in [big.unit.code, *regions]:
                key = (task.number, measure.number, unit)
                report = reports.setdefault(key, UnitReport(*key))
                report.financing = [
                    FinancingLine(
                        *key,
                        PERIOD,
                        FundingSource.LOCAL,
                        "місцеві бюджети",
                        None,
                        Decimal("1564000.00"),
                        Decimal("20000.00"),
                        Decimal("16000.50"),
                        Decimal("0.00"),
                        None,
                        "КПКВК 0813122",
                        "„Заходи державної політики із забезпечення рівних прав та можливостей”",
                    )
                ]
    big.entries = PeriodEntries(
        big.entries.program_code, PERIOD, list(reports.values()), big.entries.proposals
    )
    return big


def annual_tables(data: ReportData) -> list[Table]:
    progress = Progress()
    progress.start(10**6)
    return [
        annual.financing_table(data, OPTIONS, progress),
        annual.execution_table(data, OPTIONS, progress),
    ]


def plain_api(tables: list[Table]) -> bytes:
    """The same tables through python-docx's high-level API, as most code builds them:
    `row.cells` and `table.cell()` rebuild the whole cell grid on every call."""
    deadline = time.perf_counter() + PLAIN_BUDGET

    def check() -> None:
        if time.perf_counter() > deadline:
            raise OverBudgetError

    document = Document(str(shipped_template("annual")))
    for model in tables:
        table = document.add_table(rows=0, cols=len(model.widths))
        table.style = None
        origins: dict[int, tuple[int, int]] = {}
        merges: list[tuple[tuple[int, int], tuple[int, int]]] = []
        for row_index, row in enumerate(model.rows):
            check()
            cells = table.add_row().cells
            column = 0
            for cell in row.cells:
                if cell.merge_up:
                    merges.append((origins[column], (row_index, column + cell.span - 1)))
                else:
                    cells[column].text = cell.text
                    origins[column] = (row_index, column)
                    if cell.span > 1:
                        merges.append(((row_index, column), (row_index, column + cell.span - 1)))
                column += cell.span
        for (top, left), (bottom, right) in merges:
            check()
            table.cell(top, left).merge(table.cell(bottom, right))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report(label: str, data: ReportData) -> None:
    rendered, ours = timed(lambda: render("annual", data, OPTIONS))
    memory = peak_memory(lambda: render("annual", data, OPTIONS))
    tables = annual_tables(data)
    rows = sum(len(table.rows) for table in tables)
    cells = sum(len(row.cells) for table in tables for row in table.rows)
    try:
        _, plain = timed(lambda: plain_api(annual_tables(data)), repeat=1)
        versus = f"plain API {plain:7.2f} s   ×{plain / ours:6.1f} faster"
    except OverBudgetError:
        versus = f"plain API > {PLAIN_BUDGET:.0f} s (stopped)   ×{PLAIN_BUDGET / ours:6.1f}+ faster"
    print(
        f"{label:<24} {rows:5d} rows {cells:6d} cells   ours {ours:6.3f} s  peak {memory:6.1f} MiB"
        f"   {versus}   {len(rendered.content) / 1024:5.0f} KiB"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(Path(folder) / "demo.sqlite")
        program_id = fill_demo(db)
        data = load_report_data(db, program_id, PERIOD)
        db.close()
    print("Targets: demo < 0.5 s, 10× < 3 s, ≥ 3× faster than the plain API")
    report("demo annual (seed 003)", data)
    report("10× (25 regions each)", ten_times(data))


if __name__ == "__main__":
    main()
