"""Progress and cancellation for slow work (rendering, import, consolidation).

Jobs are plain functions that take a Progress; they call `step()` as they go, which
reports to whoever listens and raises Cancelled once the user has asked to stop.
Without Qt, so the same job runs in the GUI's worker thread, the CLI and tests.
"""

from __future__ import annotations

from collections.abc import Callable

from ctb_desktop.domain.errors import UserError


class Cancelled(UserError):  # noqa: N818 (a user's choice, not an error)
    """The user stopped the job; nothing it would have written was written."""

    def __init__(self) -> None:
        super().__init__("Скасовано користувачем")


class Progress:
    """`listener(done, total, text)` hears every step; `cancel()` may come from
    another thread and takes effect at the job's next step."""

    def __init__(self, listener: Callable[[int, int, str], None] | None = None) -> None:
        self._listener = listener
        self._cancelled = False
        self.done = 0
        self.total = 0

    def start(self, total: int, text: str = "") -> None:
        self.done, self.total = 0, total
        self._notify(text)

    def step(self, text: str = "", amount: int = 1) -> None:
        if self._cancelled:
            raise Cancelled
        self.done = min(self.done + amount, self.total) if self.total else self.done + amount
        self._notify(text)

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def _notify(self, text: str) -> None:
        if self._listener is not None:
            self._listener(self.done, self.total, text)
