"""How a command that did not finish ends: one Ukrainian line and an exit code, never
a traceback on the terminal.

    1    the user's mistake or the environment's fault (UserError), a damaged database
         (with the latest sound backup to restore)
    130  Ctrl+C: what the command had committed stays, the step under way is rolled back
    70   anything else — a bug: its traceback goes to the log file the line names
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.exit_codes import EXIT_BUG, EXIT_INTERRUPTED, EXIT_USER_ERROR


def failure(exc: BaseException, db_path: Path | None) -> tuple[int | None, str]:
    """The exit code and the line for `exc`; (None, "") for what is not a failure
    (SystemExit: argparse's usage errors and --help keep their own codes)."""
    from ctb_desktop.storage.applog import log_bug  # noqa: PLC0415
    from ctb_desktop.storage.database import DamagedDatabaseError, is_damage  # noqa: PLC0415

    if isinstance(exc, SystemExit | GeneratorExit):
        return None, ""
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED, (
            "перервано (Ctrl+C). Незавершену дію скасовано; те, що було збережено до "
            "цього, залишилося в базі"
        )
    if isinstance(exc, DamagedDatabaseError) or (
        db_path is not None and isinstance(exc, sqlite3.DatabaseError) and is_damage(exc)
    ):
        path = exc.path if isinstance(exc, DamagedDatabaseError) else db_path
        assert path is not None
        return EXIT_USER_ERROR, f"помилка: {damaged(path)}"
    if isinstance(exc, UserError):
        return EXIT_USER_ERROR, f"помилка: {exc}"
    log = log_bug((type(exc), exc, exc.__traceback__))
    if isinstance(exc, MemoryError):
        return EXIT_BUG, f"не вистачило пам'яті, дію не виконано{_where(log)}"
    kind = type(exc).__name__
    return EXIT_BUG, f"непередбачена помилка ({kind}), дію не завершено{_where(log)}"


def damaged(path: Path) -> str:
    """A damaged database and what to do: restore its latest sound backup."""
    from ctb_desktop.storage.locations import backups_dir  # noqa: PLC0415
    from ctb_desktop.storage.restore import latest_good_backup  # noqa: PLC0415

    good = latest_good_backup(path)
    if good is None:
        advice = (
            f"Справної резервної копії цієї бази в папці «{backups_dir()}» немає; файл "
            "залишено без змін"
        )
    else:
        advice = (
            f"Остання справна резервна копія — від {good.created_text} ({good.reason_title}): "
            f"ctb-desktop --db {path} backup restore {good.path.name}"
        )
    return f"файл бази даних «{path}» пошкоджений. {advice}"


def _where(log: Path | None) -> str:
    if log is None:
        return ". Журнал помилок записати не вдалося"
    return f". Подробиці записано до журналу «{log}»"
