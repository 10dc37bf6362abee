"""How long `ctb-desktop programs` takes from process start to exit, as a ratio to
`python -c pass` measured in the same run (min / median of 5 each).

    .venv/bin/python benches/cli_start.py

Goal (issue 19): at most 4× `python -c pass`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import compile_sources


def timed(arguments: list[str], runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, *arguments], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    compile_sources()
    with tempfile.TemporaryDirectory() as folder:
        database = str(Path(folder) / "demo.sqlite")
        subprocess.run(
            [sys.executable, "-m", "ctb_desktop", "--db", database, "demo"],
            check=True,
            capture_output=True,
        )
        bare = timed(["-c", "pass"])
        command = timed(["-m", "ctb_desktop", "--db", database, "programs"])
    print(f"load average: {os.getloadavg()[0]:.1f}")
    print(f"python -c pass: min {min(bare):.3f} s, median {statistics.median(bare):.3f} s")
    print(
        f"ctb-desktop programs: min {min(command):.3f} s, median {statistics.median(command):.3f} s"
        f" = {statistics.median(command) / statistics.median(bare):.1f}× (goal ≤ 4×)"
    )


if __name__ == "__main__":
    main()
