"""Schema versions, one step per version, tracked in PRAGMA user_version.

Each step runs in its own transaction together with the version bump, so a failed
step leaves the file at the previous version. Before upgrading a file that already
holds a schema, a copy goes to the backups folder (storage/backup.py, reason
"before-migration"). A file written by a newer version of the app is refused rather
than guessed at.

Never edit a released step: add a new one at the end of STEPS.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ctb_desktop.domain.errors import UserError
from ctb_desktop.storage import backup

# "CTB1": marks files written by this app, so another program's SQLite file is refused.
APPLICATION_ID = 0x43544231


class MigrationError(UserError):
    """The schema cannot be brought up to date; the message is Ukrainian."""


# Column runs several tables share, written once. Only how the steps are spelled
# here may change, never the SQL they make: tests/storage/test_migrations.py pins it.
_PLACE = """unit_id INTEGER NOT NULL REFERENCES unit (id),
    year INTEGER NOT NULL,
    period TEXT NOT NULL CHECK (period IN ('Q1', 'H1', '9M', 'Y'))"""
_UPDATED_AT = "updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
_PART_OF_MEASURE = """id INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
    position INTEGER NOT NULL"""
_PACKAGE_REVISION = f"""id INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES program (id) ON DELETE CASCADE,
    {_PLACE},
    revision INTEGER NOT NULL"""

_V1 = f"""
CREATE TABLE program (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('national', 'oblast', 'district', 'community')),
    approval_act TEXT,
    approval_body TEXT,
    approval_date TEXT,
    approval_number TEXT,
    customer TEXT NOT NULL DEFAULT '',
    year_from INTEGER NOT NULL,
    year_to INTEGER NOT NULL CHECK (year_to >= year_from),
    term TEXT NOT NULL DEFAULT '',
    reporting_frequency TEXT NOT NULL
        CHECK (reporting_frequency IN ('quarterly', 'half_yearly', 'yearly')),
    reporting_due_day INTEGER NOT NULL CHECK (reporting_due_day BETWEEN 1 AND 31),
    reporting_due_month INTEGER CHECK (reporting_due_month BETWEEN 1 AND 12)
);

CREATE TABLE grouping (
    id INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES program (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number TEXT NOT NULL,
    title TEXT NOT NULL
);

-- position orders tasks across the whole program, grouped or not.
CREATE TABLE task (
    id INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES program (id) ON DELETE CASCADE,
    grouping_id INTEGER REFERENCES grouping (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number TEXT NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX task_program ON task (program_id, position);

CREATE TABLE measure (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number TEXT NOT NULL,
    title TEXT NOT NULL,
    term TEXT NOT NULL DEFAULT '',
    expected_result TEXT NOT NULL DEFAULT ''
);
CREATE INDEX measure_task ON measure (task_id, position);

CREATE TABLE executor (
    {_PART_OF_MEASURE},
    name TEXT NOT NULL,
    by_consent INTEGER NOT NULL DEFAULT 0 CHECK (by_consent IN (0, 1))
);
CREATE INDEX executor_measure ON executor (measure_id, position);

CREATE TABLE indicator (
    {_PART_OF_MEASURE},
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    UNIQUE (measure_id, name)
);

-- Planned indicator values per year, as exact decimal strings.
CREATE TABLE indicator_plan (
    indicator_id INTEGER NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (indicator_id, year)
);

-- Money is integer kopecks everywhere; NULL is an empty cell, not zero.
CREATE TABLE financing_plan (
    {_PART_OF_MEASURE},
    source TEXT NOT NULL
        CHECK (source IN ('state_general', 'state_special', 'local', 'other')),
    source_text TEXT NOT NULL DEFAULT '',
    year INTEGER,
    amount INTEGER,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX financing_plan_measure ON financing_plan (measure_id, position);

CREATE TABLE unit (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('community', 'district', 'oblast', 'ministry')),
    parent_id INTEGER REFERENCES unit (id),
    position INTEGER NOT NULL
);

-- Entries refer to measures without cascading: deleting a measure that has reports
-- must be a deliberate act, never a side effect.
CREATE TABLE status_entry (
    id INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measure (id),
    {_PLACE},
    state TEXT NOT NULL
        CHECK (state IN ('not_started', 'in_progress', 'done', 'not_done')),
    text TEXT NOT NULL DEFAULT '',
    events_held INTEGER CHECK (events_held >= 0),
    people_reached INTEGER CHECK (people_reached >= 0),
    victims_identified INTEGER CHECK (victims_identified >= 0),
    {_UPDATED_AT},
    UNIQUE (measure_id, unit_id, year, period)
);

CREATE TABLE indicator_result (
    indicator_id INTEGER NOT NULL REFERENCES indicator (id),
    {_PLACE},
    value TEXT NOT NULL,
    PRIMARY KEY (indicator_id, unit_id, year, period)
);

CREATE TABLE financing_entry (
    id INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measure (id),
    {_PLACE},
    position INTEGER NOT NULL,
    source TEXT CHECK (source IN ('state_general', 'state_special', 'local', 'other')),
    source_text TEXT NOT NULL DEFAULT '',
    budget_holder TEXT,
    planned_program INTEGER,
    planned_year INTEGER,
    financed INTEGER,
    cash INTEGER,
    planned_next_year INTEGER,
    budget_program_code TEXT,
    budget_program_name TEXT,
    {_UPDATED_AT},
    UNIQUE (measure_id, unit_id, year, period, position)
);
CREATE INDEX financing_entry_period ON financing_entry (year, period, measure_id);
"""

# Headings name the reporting unit in the instrumental case ("… Луганською
# облдержадміністрацією за І квартал 2015 року"); reports carry free texts per unit
# and period, such as section III's proposals.
_V2 = f"""
ALTER TABLE unit ADD COLUMN name_instrumental TEXT NOT NULL DEFAULT '';

CREATE TABLE report_text (
    program_id INTEGER NOT NULL REFERENCES program (id) ON DELETE CASCADE,
    {_PLACE},
    kind TEXT NOT NULL CHECK (kind IN ('proposals')),
    text TEXT NOT NULL,
    {_UPDATED_AT},
    PRIMARY KEY (program_id, unit_id, year, period, kind)
);
"""

# Exchange: packages a unit sent (with their revision numbers) and packages received
# from the units below, kept whole for history and comparison; the e-mail outbox;
# settings of the exchange.
_V3 = f"""
CREATE TABLE sent_package (
    {_PACKAGE_REVISION},
    data_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (program_id, unit_id, year, period, revision)
);

CREATE TABLE received_package (
    {_PACKAGE_REVISION},
    file_name TEXT NOT NULL,
    content BLOB NOT NULL,
    manifest TEXT NOT NULL,
    received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    signature TEXT,
    review TEXT NOT NULL DEFAULT 'new' CHECK (review IN ('new', 'accepted', 'returned')),
    review_comment TEXT NOT NULL DEFAULT '',
    UNIQUE (program_id, unit_id, year, period, revision)
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    message BLOB NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    sent_at TEXT
);

-- Per-database settings that the command line needs as much as the window: this
-- database's own unit, the report recipient, the SMTP server (never its password).
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# Sub-totals as an imported report printed them, one money column a row (kopecks),
# so `check` can name a printed figure that differs from the sum of the lines.
_V4 = """
CREATE TABLE printed_total (
    program_id INTEGER NOT NULL REFERENCES program (id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES unit (id),
    year INTEGER NOT NULL,
    period TEXT NOT NULL CHECK (period IN ('Q1', 'H1', '9M', 'Y')),
    task_number TEXT NOT NULL,
    field TEXT NOT NULL,
    amount INTEGER NOT NULL,
    PRIMARY KEY (program_id, unit_id, year, period, task_number, field)
);
"""

# STEPS[i] brings a file from user_version i to i + 1.
STEPS: tuple[str, ...] = (_V1, _V2, _V3, _V4)
LATEST = len(STEPS)


def version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    connection: sqlite3.Connection,
    path: Path | None,
    steps: tuple[str, ...] = STEPS,
    backups: Path | None = None,
) -> None:
    """Bring the schema up to len(steps); `steps` is a parameter only so tests can
    exercise a failing step. `backups` is the folder for the copy taken first (the
    user's backups folder by default)."""
    current = version(connection)
    latest = len(steps)
    if current > latest:
        raise MigrationError(
            f"Базу даних «{path}» створено новішою версією ctb-desktop (схема {current}, "
            f"ця версія знає до {latest}). Оновіть програму; файл не змінено"
        )
    if current == latest:
        return
    if current > 0 and path is not None:
        _backup(connection, path, backups)
    for number in range(current, latest):
        try:
            connection.executescript(
                f"BEGIN IMMEDIATE;\n{steps[number]}\nPRAGMA user_version = {number + 1};\nCOMMIT;"
            )
        except sqlite3.Error as exc:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise MigrationError(
                f"Не вдалося оновити схему бази даних «{path}» до версії {number + 1}: {exc}. "
                f"Файл залишився у версії {number}"
            ) from exc


def _backup(connection: sqlite3.Connection, path: Path, folder: Path | None) -> None:
    """A consistent copy through SQLite's backup API, taken before the first step."""
    try:
        backup.backup_connection(connection, path, "before-migration", folder)
    except UserError as exc:
        raise MigrationError(
            f"Перед оновленням схеми бази даних «{path}» не вдалося зберегти резервну копію: "
            f"{exc} Файл не змінено"
        ) from exc
