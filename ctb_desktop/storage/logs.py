"""A module's logger, with logging imported only when something is to be said: every
command opens a database, and importing logging at start was a tenth of the command
line's start-up (storage/applog.py sets where the records go)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging


def logger(name: str) -> logging.Logger:
    import logging  # noqa: PLC0415

    return logging.getLogger(name)
