"""`render annual` at scale: the national program made 10× and 50× larger with all 26
built-in units' 2024 reports (benches/scale.py), each run a process of its own as a
clerk runs it.

    .venv/bin/python benches/render_scale.py [--factors 10 50] [--runs 3]

Prints min / median wall time, the peak resident memory of the rendering process and
the document's size. Goals (issue 19): 10× ≤ 2 s and ≤ 300 MiB; 50× ≤ 10 s.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import CACHE, PERIOD, cli, run_factors, scaled_database
from timing import figures


def bench(factor: int, runs: int, folder: Path) -> None:
    database = scaled_database(CACHE / f"scale-{factor}.sqlite", factor)
    output = folder / f"annual-{factor}.docx"
    command = ("render", "annual", "--period", PERIOD.code, "-o", str(output))
    results = [cli(database, *command) for _ in range(runs)]
    peaks = [peak for _elapsed, _printed, peak in results]
    print(
        f"{factor:3d}×  render annual {figures([elapsed for elapsed, *_ in results])}   "
        f"peak {min(peaks):5.0f} / {max(peaks):5.0f} MiB   "
        f"document {output.stat().st_size / 2**20:5.1f} MiB"
    )


if __name__ == "__main__":
    print("Goals: 10× ≤ 2 s and ≤ 300 MiB; 50× ≤ 10 s. Figures: min / median.")
    run_factors(__doc__.splitlines()[0], bench)
