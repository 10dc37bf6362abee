"""The Excel workbook of a period at scale: `entries xlsx-export` of the national program
made 10× and 50× larger with all 26 built-in units' reports (benches/scale.py), each
run a process of its own as a clerk runs it, then the round trip: `entries xlsx-import`
of the exported file back into a copy of the same database, which must accept it
(within the importer's limits) and find nothing changed.

    PYTHONPATH=. .venv/bin/python benches/xlsx.py [--factors 10 50] [--runs 3]

Prints min / median wall time, the file's size and unpacked size against the
importer's limits, and the round trip's time and result. Goal: export at 10× ≤ 3 s.
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import CACHE, PERIOD, cli, run_factors, scaled_database
from timing import figures

from ctb_desktop.importers import archive
from ctb_desktop.importers.workbook_sheet import MAX_ROWS


def bench(factor: int, runs: int, folder: Path) -> None:
    database = scaled_database(CACHE / f"scale-{factor}.sqlite", factor)
    output = folder / f"entries-{factor}.xlsx"
    times = [
        cli(database, "entries", "xlsx-export", "--period", PERIOD.code, "-o", str(output))[0]
        for _ in range(runs)
    ]
    with zipfile.ZipFile(output) as content:
        unpacked = sum(info.file_size for info in content.infolist())
        rows = {
            info.filename: content.read(info).count(b"<row ")
            for info in content.infolist()
            if info.filename.startswith("xl/worksheets/")
        }
    mib = 2**20
    print(
        f"{factor:3d}×  export {figures(times)}   file {output.stat().st_size / mib:6.1f} MiB "
        f"(limit {archive.MAX_FILE_SIZE / mib:.0f}), unpacked {unpacked / mib:6.1f} MiB "
        f"(limit {archive.MAX_UNPACKED / mib:.0f}), most rows in a sheet {max(rows.values())} "
        f"(limit {MAX_ROWS})"
    )
    copy = folder / f"copy-{factor}.sqlite"
    shutil.copy(database, copy)
    elapsed, printed, _peak = cli(copy, "entries", "xlsx-import", str(output))
    print(f"      round trip: import {elapsed:6.2f} s: {printed.strip().splitlines()[-1]}")
    copy.unlink()


if __name__ == "__main__":
    run_factors(__doc__.splitlines()[0], bench)
