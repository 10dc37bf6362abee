"""Build the one-folder app with PyInstaller (build.spec) and smoke-test what was built.

    .venv/bin/python scripts/build_app.py [--dist DIR]

On Windows this makes the Windows app; on Linux the same spec makes a Linux folder,
which is how packaging breakage is caught here: the built programs create the demo
database, render the annual report and export a report package in a folder whose name
has Cyrillic letters and spaces, and the window starts offscreen and stays up.
Prints the size of the folder and of its largest parts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "ctb-desktop"
SUFFIX = ".exe" if sys.platform == "win32" else ""


def build(dist: Path, work: Path) -> Path:
    subprocess.run(
        [
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
            "--distpath", str(dist), "--workpath", str(work), str(ROOT / "build.spec"),
        ],
        check=True,
        cwd=ROOT,
    )  # fmt: skip
    return dist / NAME


def size(path: Path) -> int:
    """Bytes on disk; a symlink (Qt's libraries on Linux) is not counted twice."""
    files = [path] if path.is_file() else path.rglob("*")
    return sum(f.stat().st_size for f in files if f.is_file() and not f.is_symlink())


def smoke_test(app: Path, folder: Path, seconds: float = 5) -> list[str]:
    """Run the built programs; returns what each step printed. Raises on a failure."""
    return run_readme_steps(
        [str(app / f"{NAME}-cli{SUFFIX}")], [str(app / f"{NAME}{SUFFIX}")], folder, seconds
    )


def run_readme_steps(
    cli: list[str], window: list[str], folder: Path, seconds: float = 5
) -> list[str]:
    """What a new user does first, run in `folder` (Cyrillic letters and spaces in its
    name): the demo, the three documents, a report package, and the window offscreen for
    `seconds`. `cli` and `window` are the commands that start the console and the windowed
    program. Returns what each step printed; raises on a failure."""
    data = folder / "Звіти області" / "база даних.sqlite"
    data.parent.mkdir(parents=True, exist_ok=True)
    steps = [
        ["demo"],
        ["render", "annual", "--period", "2024-Y", "-o", str(data.parent / "Звіт 2024.docx")],
        ["render", "status", "--period", "2024-Y", "--unit", "UA-07", "-o",
         str(data.parent / "Стан 2024.docx")],
        ["render", "structure", "-o", str(data.parent / "Додаток 2.docx")],
        ["package", "export", "--period", "2024-Y", "--unit", "UA-07", "-o",
         str(data.parent / "Звіт_2024_рік_Волинська_ОВА.ctbpkg")],
    ]  # fmt: skip
    printed = []
    for step in steps:
        done = subprocess.run(
            [*cli, "--db", str(data), *step],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
            cwd=folder,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(step)}: {done.stderr or done.stdout}")
        printed.append(done.stdout.strip())
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    window_process = subprocess.Popen(
        [*window, "--db", str(data)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=folder,
    )
    time.sleep(seconds)
    if window_process.poll() is not None:
        raise RuntimeError(f"the window exited early: {window_process.communicate()[1].decode()}")
    window_process.terminate()
    error = window_process.communicate(timeout=10)[1].decode(errors="replace")
    if "Traceback" in error:
        raise RuntimeError(f"the window reported an error: {error}")
    printed.append(f"the window ran for {seconds:.0f} s")
    return printed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ctb-build-") as work:
        started = time.perf_counter()
        app = build(args.dist, Path(work))
        print(f"built {app} in {time.perf_counter() - started:.0f} s")
        print(f"size: {size(app) / 2**20:.0f} MB in all")
        internal = app / "_internal"
        parts = list(internal.iterdir()) if internal.is_dir() else []
        for part in sorted(parts, key=size, reverse=True)[:5]:
            print(f"  {part.name}: {size(part) / 2**20:.1f} MB")
        with tempfile.TemporaryDirectory(prefix="ctb smoke ") as folder:
            for line in smoke_test(app, Path(folder)):
                print(f"smoke: {line}")
    print("smoke test passed")


if __name__ == "__main__":
    main()
