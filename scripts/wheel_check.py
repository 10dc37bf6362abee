"""Build the wheel, install it into a fresh virtual environment and run what a new user
runs, from a folder outside the checkout: proof that the wheel carries resources/,
templates/ and ui/ and that the installed app finds them.

    .venv/bin/python scripts/wheel_check.py

Offline-friendly: the new environment gets only the wheel (`pip install --no-deps`); the
libraries it needs (PySide6, python-docx, …) are those of the environment running this
script, made visible to it by a .pth file, so nothing is downloaded but the build
backend pip may fetch for an isolated build (setuptools, as pyproject.toml asks).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What the source tree holds besides the project: never copied into the build.
_NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "*.sqlite*",
    "benches", "docs", "tests",
)  # fmt: skip

_spec = importlib.util.spec_from_file_location("build_app", ROOT / "scripts" / "build_app.py")
assert _spec is not None and _spec.loader is not None
build_app = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_app)


def build_wheel(folder: Path) -> Path:
    """The wheel of a clean copy of the checkout (no stale build/ from earlier builds)."""
    source = folder / "source"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--wheel-dir", str(folder), str(source)],
        check=True,
    )  # fmt: skip
    (wheel,) = folder.glob("ctb_desktop-*.whl")
    return wheel


def install(wheel: Path, environment: Path) -> Path:
    """A fresh virtual environment holding the wheel; returns its bin (Scripts) folder."""
    venv.EnvBuilder(with_pip=False).create(environment)
    scripts = environment / ("Scripts" if sys.platform == "win32" else "bin")
    python = scripts / ("python.exe" if sys.platform == "win32" else "python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    libraries = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (Path(site) / "ctb_libraries.pth").write_text("\n".join(sorted(libraries)) + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--disable-pip-version-check", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )  # fmt: skip
    return scripts


def check(folder: Path, seconds: float = 3) -> list[str]:
    """Build, install, run; returns what the steps printed and where the app came from."""
    wheel = build_wheel(folder / "wheel")
    scripts = install(wheel, folder / "venv")
    program = str(scripts / f"ctb-desktop{build_app.SUFFIX}")
    where = subprocess.run(
        [str(scripts / "python"), "-c", "import ctb_desktop; print(ctb_desktop.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=folder,
    ).stdout.strip()
    work = folder / "папка користувача"
    work.mkdir()
    printed = build_app.run_readme_steps([program], [program], work, seconds)
    return [f"installed: {where}", *printed]


def main() -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ctb-wheel-") as folder:
        for line in check(Path(folder)):
            print(f"wheel: {line}")
    print(f"wheel check passed in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
