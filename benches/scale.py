"""The large databases the benches measure on: the national program made N times larger
(its tasks repeated N times, renumbered: 60 measures become 600 at 10×), with a 2024
annual report from each of the 26 built-in units (the ministry, the oblasts and Kyiv):
a status with its text and indicators and two financing lines on every measure.

    from scale import scaled_database
    scaled_database(path, factor=10)

and runs the command line on them as a clerk does (`cli`: a process a run, its wall
time and peak resident memory).
"""

from __future__ import annotations

import argparse
import copy
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from ctb_desktop.domain.entries import (
    FinancingLine,
    IndicatorValue,
    MeasureState,
    PeriodEntries,
    StatusEntry,
    UnitReport,
)
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource, Program, Task
from ctb_desktop.storage.datafiles import builtin_program, builtin_units
from ctb_desktop.storage.workspace import Workspace

PERIOD = Period.parse("2024-Y")
CACHE = Path(tempfile.gettempdir()) / "ctb-bench-desk"
TEXT = "Проведено 12 інформаційних заходів у громадах, охоплено 340 мешканців області. " * 5


def scaled_program(factor: int) -> Program:
    """The built-in program with its tasks repeated `factor` times."""
    program = builtin_program()
    tasks: list[Task] = []
    for copy_index in range(factor):
        for task in program.tasks:
            repeated = copy.deepcopy(task)
            repeated.number = f"{len(tasks) + 1}."
            if copy_index:
                repeated.title = f"{task.title} ({copy_index + 1})"
            tasks.append(repeated)
    program.tasks = tasks
    return program


def unit_entries(program: Program, unit_codes: list[str]) -> PeriodEntries:
    entries = PeriodEntries(program.code, PERIOD)
    for task in program.tasks:
        for number, measure in enumerate(task.measures):
            for seed, code in enumerate(unit_codes):
                key = (task.number, measure.reference, code)
                status = StatusEntry(
                    *key,
                    PERIOD,
                    MeasureState.IN_PROGRESS,
                    TEXT,
                    12,
                    340,
                    None,
                    [IndicatorValue(i.name, Decimal(7 + seed)) for i in measure.indicators],
                )
                lines = [
                    FinancingLine(
                        *key, PERIOD, source, "місцеві бюджети", None,
                        Decimal(1564 + number), Decimal(200 + seed), Decimal("160.5"),
                    )
                    for source in (FundingSource.LOCAL, FundingSource.OTHER)
                ]  # fmt: skip
                entries.reports.append(UnitReport(*key, status, lines))
    return entries


def scaled_database(path: Path, factor: int) -> Path:
    """A database at `path` with the program `factor` times larger and every built-in
    unit's 2024 report; made once, kept while `path` exists."""
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with Workspace.open(partial, create=True) as ws:
        units = builtin_units()
        ws.units.save(units)
        program_id = ws.programs.insert(scaled_program(factor))
        program = ws.programs.load(program_id)
        ws.entries.save(program, unit_entries(program, [unit.code for unit in units]))
        ws.config.set("unit", units[0].code)
    partial.rename(path)
    return path


def cli(database: Path, *arguments: str) -> tuple[float, str, float]:
    """Wall time, output and peak resident MiB of one `ctb-desktop` run in a process of
    its own (the checkout's code, whatever is installed): reaped with wait4 for its own
    resource usage."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "ctb_desktop", "--db", str(database), *arguments],
            stdout=out,
            stderr=err,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        )
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            raise SystemExit(f"ctb-desktop {' '.join(arguments)} failed:\n{err.read().decode()}")
        return elapsed, out.read().decode(), usage.ru_maxrss / 1024


def run_factors(description: str, bench: Callable[[int, int, Path], None]) -> None:
    """A bench's command line: `--factors` (10 and 50) and `--runs` (3); the machine's
    load printed first, each factor's files in a temporary folder."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--factors", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    CACHE.mkdir(exist_ok=True)
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        for factor in args.factors:
            bench(factor, args.runs, Path(folder))
