"""Checks that guard the code's shape: layers import only downward, Qt stays in gui/,
and ruff and mypy find nothing. Part of the test command, so CI enforces them."""

import subprocess
import sys

from importlinter import cli as importlinter_cli

from tests.conftest import REPO


def test_layers_and_qt_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(REPO)
    assert importlinter_cli.lint_imports(no_cache=True, no_logo=True) == 0


def test_ruff_finds_nothing():
    for command in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, str(REPO)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    """The packages [tool.mypy] lists (domain/, storage/, operations/, cli/) type-check cleanly."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
