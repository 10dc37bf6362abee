"""«Скопіювати з попереднього періоду»: start a period's report from the unit's previous one.

Reports are cumulative, so last period's texts, indicator values and financing
lines are the clerk's starting point. Copying only ever fills what is empty: a
status text, an indicator value or a financing table already typed is kept.

Reads and writes share one transaction, so nothing typed in another window between
the two is overwritten, and a failure midway leaves the period as it was. Writes are
plain INSERTs and an UPDATE of empty texts rather than EntryStore.save, which would
replace the whole report, including indicator values typed before any status.
"""

from __future__ import annotations

from dataclasses import dataclass
from sqlite3 import Connection

from ctb_desktop.domain.entries import StatusEntry, UnitReport
from ctb_desktop.domain.money import canonical_number
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Measure, Program
from ctb_desktop.storage.database import Database, DatabaseError, stored_id
from ctb_desktop.storage.entries import EntryStore, insert_lines
from ctb_desktop.storage.units import UnitStore


@dataclass
class CarryResult:
    """What a copy did, for the message the clerk sees afterwards."""

    statuses: int = 0  # statuses created, or whose empty text was filled
    achieved: int = 0  # indicator values copied
    lines: int = 0  # financing lines copied
    skipped: int = 0  # measures left alone: they already had what would be copied


def carry_forward(
    db: Database,
    program: Program,
    unit_code: str,
    source: Period,
    target: Period,
    measure_keys: set[tuple[str, str]] | None = None,
) -> CarryResult:
    """Copy the unit's `source` entries into `target` wherever `target` has nothing yet,
    for the measures in `measure_keys` ((task number, measure number)) or all of them."""
    if not source < target:
        raise DatabaseError(
            f"Копіювати можна лише з попереднього періоду: «{source.title}» не передує "
            f"періоду «{target.title}»"
        )
    if program.id is None:
        raise DatabaseError(f"Програму «{program.code}» ще не збережено в базі «{db.path}»")
    unit_id = UnitStore(db).require_ids({unit_code})[unit_code]
    measures = _selected_measures(program, measure_keys)
    result = CarryResult()
    store = EntryStore(db)
    with db.transaction() as conn:
        before = _unit_reports(store, program, source, unit_code)
        after = _unit_reports(store, program, target, unit_code)
        for key, measure in measures:
            old = before.get(key)
            if old is None or (old.status is None and not old.financing):
                continue
            new = after.get(key) or UnitReport(*key, unit_code)
            place = (stored_id(measure), unit_id, target.year, target.kind.value)
            copied = CarryResult()
            if old.status is not None:
                copied = _carry_status(conn, place, measure, old.status, new.status)
            if old.financing and not new.financing:
                insert_lines(conn, place, old.financing)
                copied.lines = len(old.financing)
            if copied.statuses or copied.achieved or copied.lines:
                result.statuses += copied.statuses
                result.achieved += copied.achieved
                result.lines += copied.lines
            else:
                result.skipped += 1
    return result


def _selected_measures(
    program: Program, keys: set[tuple[str, str]] | None
) -> list[tuple[tuple[str, str], Measure]]:
    """The measures to copy, in program order; a key the program lacks is refused."""
    everything = [
        ((task.number, measure.reference), measure)
        for task in program.all_tasks
        for measure in task.measures
    ]
    if keys is None:
        return everything
    unknown = sorted(keys - {key for key, _ in everything})
    if unknown:
        names = ", ".join(f"«{task} {measure}»" for task, measure in unknown)
        raise DatabaseError(f"У програмі «{program.code}» немає заходів {names}")
    return [(key, measure) for key, measure in everything if key in keys]


def _unit_reports(
    store: EntryStore, program: Program, period: Period, unit_code: str
) -> dict[tuple[str, str], UnitReport]:
    return {
        (report.task_number, report.measure_number): report
        for report in store.load(program, period).reports
        if report.unit_code == unit_code
    }


def _carry_status(
    conn: Connection,
    place: tuple[int | None, int, int, str],
    measure: Measure,
    old: StatusEntry,
    new: StatusEntry | None,
) -> CarryResult:
    """Create the status, or fill its empty text; then add the indicator values it lacks."""
    copied = CarryResult()
    if new is None:
        conn.execute(
            """INSERT INTO status_entry (measure_id, unit_id, year, period, state, text,
               events_held, people_reached, victims_identified)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                *place,
                old.state.value,
                old.text,
                old.events_held,
                old.people_reached,
                old.victims_identified,
            ),
        )
        copied.statuses += 1
    elif old.text.strip() and not new.text.strip():
        conn.execute(
            "UPDATE status_entry SET text = ?, "
            "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
            "WHERE measure_id = ? AND unit_id = ? AND year = ? AND period = ?",
            (old.text, *place),
        )
        copied.statuses += 1
    indicators = {indicator.name: indicator.id for indicator in measure.indicators}
    for value in old.achieved:
        # DO NOTHING also keeps a value typed before the status existed, which the
        # loaded report does not show.
        copied.achieved += conn.execute(
            "INSERT INTO indicator_result (indicator_id, unit_id, year, period, value) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (indicators[value.indicator], *place[1:], canonical_number(value.value)),
        ).rowcount
    return copied
