"""Python's cycle collector held off while a file is read into many small objects.

Reading an annex of 100,000 rows makes millions of strings, lists and cells, none of
them in a reference cycle; the collector would walk all of them again and again as they
pile up (a second of a ten-second import). Reference counting still frees everything
the moment it is dropped, so nothing is lost by pausing it for that while.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pause:
    """Overlapping pauses (an import in a worker while another runs) share one: the
    collector runs again, if it ran before, when the last of them ends."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.readers = 0
        self.was_enabled = False

    def enter(self) -> None:
        with self.lock:
            if self.readers == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.readers += 1

    def leave(self) -> None:
        with self.lock:
            self.readers -= 1
            if self.readers == 0 and self.was_enabled:
                gc.enable()


_pause = _Pause()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block."""
    _pause.enter()
    try:
        yield
    finally:
        _pause.leave()
