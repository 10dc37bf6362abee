"""Python's cycle collector paused while a big import or report is built.

Reading a 100,000-row annex or consolidating 1,500 units' reports makes millions of small
objects (strings, lines, cells, rows) that live until the work is done, none of them in a
reference cycle. Each full pass of the collector walks every one of them again, and the
passes come more often the more there are: a tenth of an import, a third of the 1,500
units' report. Paused, nothing is lost: reference counting still frees what is dropped,
and what a cycle holds is freed when the collector runs again.

The collector is the process's, and imports and reports run on worker threads:
overlapping pauses are counted, and the last one to end resumes it if it ran before.
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
    """Pause the cycle collector for the block."""
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
