"""Build the one-folder app with PyInstaller (build.spec) and smoke-test what was built.

    .venv/bin/python scripts/build_app.py [--dist DIR]

On Windows this makes the Windows app; on Linux the same spec makes a Linux folder,
which is how packaging breakage is caught here: the built programs create the demo
database, render the annual report and export a report package in a folder whose name
has Cyrillic letters and spaces, and the window starts offscreen and stays up.
Prints the size of the folder and of its largest parts.

The children's output is read as UTF-8 whatever the console's code page (cp1252 or
cp1251 on Windows would fail or garble the Ukrainian). The bundle must carry keyring's
Windows backend (the Credential Manager, where the mail password lives); on Windows the
smoke test also saves and removes a password through the built program.
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


# keyring's backend for the Windows Credential Manager, and on Windows what it calls.
PASSWORD_STORE = ["keyring.backends.Windows"] + (
    ["win32ctypes.pywin32.win32cred"] if sys.platform == "win32" else []
)


def smoke_test(app: Path, folder: Path, seconds: float = 5) -> list[str]:
    """Run the built programs; returns what each step printed. Raises on a failure."""
    missing = missing_modules(app, PASSWORD_STORE)
    if missing:
        raise RuntimeError(f"the bundle lacks the password store: {', '.join(missing)}")
    cli = [str(app / f"{NAME}-cli{SUFFIX}")]
    printed = run_readme_steps(cli, [str(app / f"{NAME}{SUFFIX}")], folder, seconds)
    if sys.platform == "win32":  # the Credential Manager is there to be used
        printed += save_a_password(cli, folder / "Звіти області" / "база даних.sqlite")
    return printed


def missing_modules(app: Path, modules: list[str]) -> list[str]:
    """Which of `modules` the built program's archive does not carry."""
    from PyInstaller.archive.readers import pkg_archive_contents  # noqa: PLC0415

    carried = set(pkg_archive_contents(str(app / f"{NAME}-cli{SUFFIX}")))
    return [module for module in modules if module not in carried]


def run_cli(
    cli: list[str], data: Path, step: list[str], stdin: str = "", cwd: Path | None = None
) -> str:
    """One command of the built console program; its output read as UTF-8."""
    done = subprocess.run(
        [*cli, "--db", str(data), *step],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        cwd=cwd,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(step)}: {done.stderr or done.stdout}")
    return done.stdout.strip()


def save_a_password(cli: list[str], data: Path) -> list[str]:
    """The mail password saved in the system's store by the built program, then removed
    (a made-up server, so no real password is touched)."""
    run_cli(cli, data, ["config", "smtp.host", "smoke-test.invalid"])
    run_cli(cli, data, ["config", "smtp.login", "smoke-test"])
    saved = run_cli(cli, data, ["config-password", "--stdin"], "пароль-для-перевірки\n")
    removed = run_cli(cli, data, ["config-password", "--stdin"], "\n")
    return [saved, removed]


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
    printed = [run_cli(cli, data, step, cwd=folder) for step in steps]
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
