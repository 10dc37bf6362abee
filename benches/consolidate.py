"""The ministry (or an oblast) receiving its units' reports: the time and peak memory to
import N district packages for one period (`package import FOLDER`) and to render the
consolidated report, with the growth exponent between the sizes.

    .venv/bin/python benches/consolidate.py                      # N = 60, 300, 1500
    .venv/bin/python benches/consolidate.py --packages 60 --runs 1
    .venv/bin/python benches/consolidate.py --packages 1500 --digest

Each district reports on every measure of the national program (60): a status text
and two financing lines. The packages are made beforehand by a district database, as
the districts would, and kept in a cache folder (made once per N); only the receiving
side is timed. Every run imports into a fresh copy of the receiving database, and the
import and the report each run in a process of their own, so the peak resident memory
printed is that work's own. `--digest` prints the SHA-256 of the consolidated report's
parts (the .docx's files, not its zip headers, which carry the clock): the same input
must give the same document whatever the code's speed.

Goals (issue 19): 1,500 packages imported in ≤ 20 s, growing linearly; the report of
1,500 units in ≤ 15 s and ≤ 600 MiB; of 300 units in ≤ 3 s.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
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

OBLAST = "UA-71"
PERIOD = Period.parse("2025-Y")
TEXT = "Проведено інформаційні заходи в громадах району, охоплено мешканців; " * 6
# Bump when the generated packages change, so an old cache is not reused.
GENERATION = 2
# Fixed so the packages (and the report made from them) are the same on every run.
MOMENT = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)


def district_units(count: int) -> list[ReportingUnit]:
    return [
        ReportingUnit(f"{OBLAST}-{n:04}", f"Район {n}", f"РДА {n}", UnitLevel.DISTRICT, OBLAST)
        for n in range(1, count + 1)
    ]


def district_entries(program, codes: list[str]) -> PeriodEntries:
    reports = []
    for seed, code in enumerate(codes):
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
    return PeriodEntries(program.code, PERIOD, reports)


def make_packages(folder: Path, count: int) -> None:
    """`folder`/oblast.sqlite, the receiving database, and `folder`/inbox with one
    report package from each of `count` districts, packed as export_report packs them
    (the district's rendered report, its entries, the directory it knows)."""
    from ctb_desktop.domain.units import family  # noqa: PLC0415
    from ctb_desktop.exchange.outgoing import export_program, package_name  # noqa: PLC0415
    from ctb_desktop.exchange.package import PackageContent, build, read, report_files  # noqa: PLC0415
    from ctb_desktop.reports.context import ReportData, ReportOptions  # noqa: PLC0415
    from ctb_desktop.reports.render import render  # noqa: PLC0415
    from ctb_desktop.storage.demo import fill_demo  # noqa: PLC0415
    from ctb_desktop.storage.workspace import Workspace  # noqa: PLC0415

    folder.mkdir(parents=True, exist_ok=True)
    with Workspace.open(folder / "oblast.sqlite", create=True) as oblast:
        fill_demo(oblast.db)
        oblast.units.save(district_units(count))
        oblast.config.set("unit", OBLAST)
        program_package = read(
            export_program(oblast, oblast.program_id(), OBLAST).content, "program.ctbpkg"
        )
    program, known = program_package.program(), program_package.units
    inbox = folder / "inbox"
    inbox.mkdir()
    options = ReportOptions(today=MOMENT.date())
    for unit in district_units(count):
        entries = district_entries(program, [unit.code])
        units = family(known, unit.code)
        report = render("annual", ReportData(program, units, PERIOD, entries, unit), options)
        content = PackageContent(
            "report", program, unit, units, 1, "2026-01-20T09:00:00.000Z", PERIOD,
            report_files(entries, report.content),
        )  # fmt: skip
        (inbox / package_name(PERIOD, unit, 1)).write_bytes(build(content))
    (folder / "ready").write_text("ok")


def cached_packages(count: int) -> Path:
    folder = Path(tempfile.gettempdir()) / f"ctb-bench-consolidate-{GENERATION}-{count}"
    if not (folder / "ready").exists():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        make_packages(folder, count)
        print(f"  made {count} packages in {time.perf_counter() - started:.0f} s ({folder})")
    return folder


# ---------------------------------------------------------------------- the timed work


def phase_import(database: Path, inbox: Path) -> dict:
    from ctb_desktop.operations.packages import receive_packages  # noqa: PLC0415
    from ctb_desktop.storage.workspace import Workspace  # noqa: PLC0415

    with Workspace.open(database) as ws:
        started = time.perf_counter()
        results = receive_packages(ws, [inbox])
        elapsed = time.perf_counter() - started
    refused = [str(result) for _, result in results if isinstance(result, Exception)]
    return {"seconds": elapsed, "packages": len(results), "refused": refused}


def phase_consolidate(database: Path) -> dict:
    from ctb_desktop.exchange.consolidate import consolidate  # noqa: PLC0415
    from ctb_desktop.reports.context import ReportOptions  # noqa: PLC0415
    from ctb_desktop.storage.workspace import Workspace  # noqa: PLC0415

    options = ReportOptions(today=MOMENT.date())
    with Workspace.open(database) as ws:
        started = time.perf_counter()
        report = consolidate(ws, ws.program_id(), PERIOD, OBLAST, options).report
        elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the digest
    return {
        "mib": peak,
        "seconds": elapsed,
        "kib": len(report.content) // 1024,
        "digest": digest(report.content),
    }


def digest(docx: bytes) -> str:
    """SHA-256 over the .docx's parts by name: the document, not its zip timestamps nor
    its properties (docProps/core.xml carries the moment it was made)."""
    hasher = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for name in sorted(set(archive.namelist()) - {"docProps/core.xml"}):
            # Streamed: the consolidated report's document.xml unpacks to hundreds of MB,
            # which would count in the peak printed for the report.
            hasher.update(name.encode() + b"\0")
            with archive.open(name) as part:
                while chunk := part.read(1 << 20):
                    hasher.update(chunk)
            hasher.update(b"\0")
    return hasher.hexdigest()


def child(phase: str, folder: Path, database: Path) -> None:
    if phase == "import":
        result = phase_import(database, folder / "inbox")
    else:
        result = phase_consolidate(database)
    result.setdefault("mib", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # KiB
    print(json.dumps(result))


def run_child(phase: str, folder: Path, database: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", phase, str(folder), str(database)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    if done.returncode:
        raise SystemExit(f"{phase} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


# ---------------------------------------------------------------------- the table


def spread(values: list[float], unit: str, digits: int = 2) -> str:
    return f"{min(values):.{digits}f} / {statistics.median(values):.{digits}f} {unit}"


def exponent(sizes: list[int], values: list[float], index: int) -> str:
    if index == 0:
        return ""
    ratio = values[index] / values[index - 1] if values[index - 1] else float("nan")
    return f"  N^{math.log(ratio) / math.log(sizes[index] / sizes[index - 1]):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, nargs="+", default=[60, 300, 1500])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--digest", action="store_true", help="print the report's digest")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    print("Goals: 1,500 packages ≤ 20 s, linear; report of 1,500 units ≤ 15 s, ≤ 600 MiB;")
    print("report of 300 units ≤ 3 s. Figures: min / median of", args.runs, "runs.")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    sizes = sorted(args.packages)
    medians: dict[str, list[float]] = {"import": [], "report": []}
    for index, count in enumerate(sizes):
        folder = cached_packages(count)
        runs: dict[str, list[dict]] = {"import": [], "report": []}
        with tempfile.TemporaryDirectory() as name:
            for _ in range(args.runs):
                database = Path(name) / "oblast.sqlite"
                shutil.copyfile(folder / "oblast.sqlite", database)
                runs["import"].append(run_child("import", folder, database))
                runs["report"].append(run_child("consolidate", folder, database))
                for path in Path(name).iterdir():
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
        done = runs["import"][0]
        refused = (
            f", refused {len(done['refused'])}: {done['refused'][:1]}" if done["refused"] else ""
        )
        print(f"N = {count}: {done['packages']} packages{refused}")
        for key, label in (("import", "import"), ("report", "consolidated report")):
            seconds = [run["seconds"] for run in runs[key]]
            mib = [run["mib"] for run in runs[key]]
            medians[key].append(statistics.median(seconds))
            print(
                f"  {label:<20} {spread(seconds, 's')}   peak {spread(mib, 'MiB', 0)}"
                f"{exponent(sizes, medians[key], index)}"
            )
        report = runs["report"][0]
        if args.digest:
            print(f"  report {report['kib']} KiB, digest {report['digest']}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
