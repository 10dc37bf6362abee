"""How the benches time what they measure, so that every figure is taken the same way."""

from __future__ import annotations

import compileall
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def timed(work: Callable[[], T], repeat: int = 3) -> tuple[T, float]:
    """Best of `repeat` runs: the figure least disturbed by the rest of the machine."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return result, best  # type: ignore[return-value]


def figures(times: list[float]) -> str:
    """Min / median: the least disturbed run and the usual one."""
    return f"{min(times):6.2f} / {statistics.median(times):6.2f} s"


def compile_sources() -> None:
    """Bytecode compiled first, as an installed package has it: with
    PYTHONDONTWRITEBYTECODE set, every timed process would compile what changed since."""
    compileall.compile_dir(Path(__file__).resolve().parents[1] / "ctb_desktop", quiet=1)
