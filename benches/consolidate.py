"""An oblast receiving its districts' reports: the time to import 30 district packages
for one period and to render the consolidated report, and peak memory.

    .venv/bin/python benches/consolidate.py

Each district reports on every measure of the national program (60): a status text
and two financing lines. The packages are made beforehand by 30 district databases,
as the districts would; only the oblast's work is timed. Target: under 2 s.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from ctb_desktop.domain.entries import (
    FinancingLine,
    MeasureState,
    PeriodEntries,
    StatusEntry,
    UnitReport,
)
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource
from ctb_desktop.domain.units import ReportingUnit, UnitLevel
from ctb_desktop.exchange.consolidate import consolidate
from ctb_desktop.exchange.incoming import receive, receive_files
from ctb_desktop.exchange.outgoing import export_program, export_report
from ctb_desktop.storage.config import Config
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.demo import fill_demo
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore

DISTRICTS = 30
OBLAST = "UA-71"
PERIOD = Period.parse("2025-Y")
TEXT = "Проведено інформаційні заходи в громадах району, охоплено мешканців; " * 6


def district_entries(db: Database, code: str, seed: int) -> None:
    program = ProgramStore(db).load(ProgramStore(db).list()[0].id)
    reports = []
    for index, measure in enumerate(program.all_measures):
        task = program.task_of(measure).number
        ref = measure.reference
        status = StatusEntry(task, ref, code, PERIOD, MeasureState.DONE, TEXT)
        lines = [
            FinancingLine(
                task, ref, code, PERIOD, source, budget_holder=f"РДА {seed}",
                planned_year=Decimal(1000 + seed + index), financed=Decimal(900 + index),
                cash=Decimal(850 + index),
            )
            for source in (FundingSource.LOCAL, FundingSource.OTHER)
        ]  # fmt: skip
        reports.append(UnitReport(task, ref, code, status, lines))
    EntryStore(db).save(program, PeriodEntries(program.code, PERIOD, reports))


def make_packages(folder: Path) -> Path:
    oblast = Database.open(folder / "oblast.sqlite")
    fill_demo(oblast)
    units = [
        ReportingUnit(f"{OBLAST}-{n:02}", f"Район {n}", f"РДА {n}", UnitLevel.DISTRICT, OBLAST)
        for n in range(1, DISTRICTS + 1)
    ]
    UnitStore(oblast).save(units)
    Config(oblast).set("unit", OBLAST)
    program = export_program(oblast, ProgramStore(oblast).list()[0].id, OBLAST).content
    oblast.close()
    inbox = folder / "inbox"
    inbox.mkdir()
    for seed, unit in enumerate(units):
        db = Database.open(folder / f"{unit.code}.sqlite")
        receive(db, program, "program.ctbpkg")
        district_entries(db, unit.code, seed)
        outgoing = export_report(db, ProgramStore(db).list()[0].id, PERIOD, unit.code)
        (inbox / outgoing.file_name).write_bytes(outgoing.content)
        db.close()
    return inbox


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        inbox = make_packages(folder)
        size = sum(path.stat().st_size for path in inbox.iterdir())
        db = Database.open(folder / "oblast.sqlite")
        program_id = ProgramStore(db).list()[0].id
        started = time.perf_counter()
        results = receive_files(db, [inbox])
        imported = time.perf_counter() - started
        started = time.perf_counter()
        report = consolidate(db, program_id, PERIOD).report
        rendered = time.perf_counter() - started
        refused = [result for _, result in results if isinstance(result, Exception)]
        db.close()
    print(f"{len(results)} packages, {size // 1024} KiB in all; refused: {len(refused)}")
    print("Target: import + consolidate < 2 s")
    print(
        f"import {imported:.2f} s, consolidated report {rendered:.2f} s "
        f"({len(report.content) // 1024} KiB), together {imported + rendered:.2f} s; "
        f"peak resident memory of the whole run {_peak_mib():.0f} MiB"
    )


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


if __name__ == "__main__":
    sys.exit(main())
