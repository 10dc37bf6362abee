"""The cyclic garbage collector paused while a large report is built.

A consolidated report holds millions of small objects (entries, lines, cells, rows)
that all live until the document is written, and none of them is in a reference
cycle. Each full pass of the collector walks every one of them again, and the passes
come more often the more there are: at 1,500 units they took a third of the time.
Paused, nothing is lost: what a cycle holds is freed when the collector runs again.

The collector is the process's, and reports render on worker threads: overlapping
pauses are counted, and the last one to end resumes it if it was running before.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pauses:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.resume = False


_pauses = _Pauses()


@contextmanager
def collector_paused() -> Iterator[None]:
    with _pauses.lock:
        if _pauses.count == 0:
            _pauses.resume = gc.isenabled()
            gc.disable()
        _pauses.count += 1
    try:
        yield
    finally:
        with _pauses.lock:
            _pauses.count -= 1
            if _pauses.count == 0 and _pauses.resume:
                gc.enable()
