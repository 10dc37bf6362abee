"""Speed and memory figures for the storage and totals paths, printed, never asserted.

A district database is small; an oblast consolidating 26 units over a big program is
the heavy case, simulated here: 20 tasks × 50 measures, every unit reporting a
status and two financing lines per measure for one period.

    .venv/bin/python benches/run.py
"""

from __future__ import annotations

import copy
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from ctb_desktop.domain.entries import (
    FinancingLine,
    IndicatorValue,
    MeasureState,
    PeriodEntries,
    StatusEntry,
    UnitReport,
)
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource, Measure, Program, Task
from ctb_desktop.domain.totals import program_totals
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.datafiles import builtin_program, builtin_units
from ctb_desktop.storage.demo import fill_demo
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore

T = TypeVar("T")
TASKS, MEASURES = 20, 50
PERIOD = Period.parse("2024-Y")


def measure(label: str, work: Callable[[], T], *, repeatable: bool = True) -> T:
    """Wall time of one run; for repeatable work, a second run under tracemalloc gives
    the peak of Python allocations (tracemalloc slows code down, so it is not timed)."""
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    memory = ""
    if repeatable:
        tracemalloc.start()
        work()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        memory = f"   peak {peak / 2**20:7.1f} MiB"
    print(f"{label:<56} {elapsed * 1000:9.1f} ms{memory}")
    return result


def big_program() -> Program:
    template = builtin_program()
    sample = template.find_measure("4.", "1)")
    program = copy.deepcopy(template)
    program.code = "bench"
    program.tasks = [
        Task(
            f"{t}.",
            f"Завдання {t}",
            [
                Measure(
                    f"{m})",
                    f"{sample.title} ({t}.{m})",
                    "2023-2025 роки",
                    copy.deepcopy(sample.executors),
                    "",
                    copy.deepcopy(sample.indicators),
                    copy.deepcopy(sample.financing_plan),
                )
                for m in range(1, MEASURES + 1)
            ],
        )
        for t in range(1, TASKS + 1)
    ]
    return program


def big_entries(program: Program, unit_codes: list[str]) -> PeriodEntries:
    entries = PeriodEntries(program.code, PERIOD)
    for task in program.tasks:
        for item in task.measures:
            for code in unit_codes:
                key = (task.number, item.number, code)
                report = UnitReport(*key)
                report.status = StatusEntry(
                    *key,
                    PERIOD,
                    MeasureState.IN_PROGRESS,
                    "Проведено 12 заходів. " * 20,
                    12,
                    340,
                    None,
                    [IndicatorValue(i.name, Decimal(7)) for i in item.indicators],
                )
                report.financing = [
                    FinancingLine(
                        *key,
                        PERIOD,
                        source,
                        "місцеві бюджети",
                        None,
                        Decimal("1564000.00"),
                        Decimal("20000.00"),
                        Decimal("16000.50"),
                        Decimal("0.00"),
                    )
                    for source in (FundingSource.LOCAL, FundingSource.OTHER)
                ]
                entries.reports.append(report)
    return entries


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        demo = Database.open(Path(folder) / "demo.sqlite")
        measure(
            "demo: create database with 2024 entries",
            lambda: fill_demo(demo, force=True),
        )
        demo.close()

        db = Database.open(Path(folder) / "bench.sqlite")
        UnitStore(db).save(builtin_units())
        program = big_program()
        program_id = measure(
            f"insert program: {TASKS} tasks × {MEASURES} measures",
            lambda: ProgramStore(db).insert(program),
            repeatable=False,
        )
        loaded = measure("load program structure", lambda: ProgramStore(db).load(program_id))
        codes = [unit.code for unit in UnitStore(db).list()]
        entries = big_entries(loaded, codes)
        lines = len(entries.financing)
        measure(
            f"save period: {len(entries.reports)} reports, {lines} financing lines",
            lambda: EntryStore(db).save(loaded, entries),
        )
        period = measure("load period entries", lambda: EntryStore(db).load(loaded, PERIOD))
        measure(
            f"totals per task and program over {lines} lines",
            lambda: program_totals(loaded, period.financing),
        )
        print(f"database file: {db.path.stat().st_size / 2**20:.1f} MiB")
        db.close()


if __name__ == "__main__":
    main()
