"""The app's log file, without Qt: logs/ctb-desktop.log in the user's data folder
(1 MB × 5 files), for the window (gui/crash.py) and the command line alike. A bug's
traceback goes here; the clerk sees one line naming this file."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path
from types import TracebackType

from ctb_desktop.storage.locations import logs_dir

LOG_FILE = "ctb-desktop.log"
LOG_BYTES = 1_000_000
LOG_FILES = 5
log = logging.getLogger("ctb_desktop")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def log_path(folder: Path | None = None) -> Path:
    return (Path(folder) if folder is not None else logs_dir()) / LOG_FILE


def setup_logging(folder: Path | None = None, *, delay: bool = False) -> Path:
    """The rotating log of the app's package logger; returns the file's path. With
    `delay` the file is made only when something is logged."""
    path = log_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_log_handlers()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_BYTES, backupCount=LOG_FILES, encoding="utf-8", delay=delay
    )
    handler.ctb_crash_log = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def remove_log_handlers() -> None:
    for handler in list(log.handlers):
        if getattr(handler, "ctb_crash_log", False):
            log.removeHandler(handler)
            handler.close()


def _handler() -> logging.Handler | None:
    """The handler writing the log file, if it has been set up."""
    return next((h for h in log.handlers if getattr(h, "ctb_crash_log", False)), None)


def log_bug(exc_info: ExcInfo, what: str = "unexpected error") -> Path | None:
    """The traceback written to the log (set up here if nobody has); the file's path,
    or None when it cannot be written (a read-only data folder). Written through the
    file's handler itself, so a library that disabled loggers cannot lose it."""
    try:
        handler = _handler()
        if handler is None:
            setup_logging(delay=True)
            handler = _handler()
        assert isinstance(handler, logging.FileHandler)
        path = Path(handler.baseFilename)
        with path.open("a", encoding="utf-8"):
            pass  # writable: logging itself would print its own failure to stderr
        record = log.makeRecord(log.name, logging.ERROR, __file__, 0, what, (), exc_info)
        handler.handle(record)
        handler.flush()
    except OSError:
        return None
    return path
