"""Python's cycle collector held off while a large piece of work builds many small
objects: an annex read into rows and cells, a consolidated report's entries, rows and
cells (millions at 1,500 units, all alive until the document is written).

None of them is in a reference cycle, yet each full pass of the collector walks every
one of them again, and the passes come more often the more there are: a third of the
consolidated report's time at 1,500 units. Reference counting still frees everything
the moment it is dropped, so nothing is lost by pausing it for that while.

It lives here, below the importers and the reports, so that both share one pause.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pause:
    """Overlapping pauses (a report rendered in a worker while another runs) share one:
    the collector runs again, if it ran before, when the last of them ends."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.was_enabled = False

    def enter(self) -> None:
        with self.lock:
            if self.holders == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.holders += 1

    def leave(self) -> None:
        with self.lock:
            self.holders -= 1
            if self.holders == 0 and self.was_enabled:
                gc.enable()


_pause = _Pause()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block (or, as a decorator, for each call)."""
    _pause.enter()
    try:
        yield
    finally:
        _pause.leave()
