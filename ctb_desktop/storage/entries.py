"""Status and financing entries: what units report per measure and period."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from ctb_desktop.domain import fields
from ctb_desktop.domain.entries import (
    FinancingLine,
    IndicatorValue,
    MeasureState,
    PeriodEntries,
    PrintedTotal,
    StatusEntry,
    UnitReport,
)
from ctb_desktop.domain.limits import check_count, check_number, year_in_range
from ctb_desktop.domain.money import canonical_number, from_kopecks, hryvnias, to_kopecks
from ctb_desktop.domain.periods import Period, PeriodKind
from ctb_desktop.domain.program import FundingSource, Measure, Program
from ctb_desktop.domain.totals import Amounts, SourceSplit
from ctb_desktop.storage.database import Database, DatabaseError
from ctb_desktop.storage.units import UnitStore

# financing_entry's columns for a line's fields, named as the field catalogue names them.
MONEY_COLUMNS = tuple(field.key for field in fields.MONEY_FIELDS)
LINE_COLUMNS = tuple(field.key for field in fields.LINE_FIELDS)


def from_column(name: str, value: Any) -> Any:
    """A financing_entry column's stored value as the FinancingLine field holds it."""
    return _column_reader(name)(value)


def _column_reader(name: str) -> Callable[[Any], Any]:
    """from_column for one column, chosen once for all the lines (a consolidated
    period reads a few hundred thousand)."""
    if name in MONEY_COLUMNS:
        return from_kopecks
    if name == "source":
        return _source
    return _as_stored


_SOURCES = {source.value: source for source in FundingSource}


def _source(value: str | None) -> FundingSource | None:
    """FundingSource(value), looked up: calling the Enum costs more than the rest of
    the line. A value it does not know raises ValueError as the call does."""
    if value is None:
        return None
    return _SOURCES.get(value) or FundingSource(value)


def _as_stored(value: Any) -> Any:
    return value


_READERS = tuple(_column_reader(name) for name in LINE_COLUMNS)


def stored_line(
    task_number: str, measure_number: str, unit_code: str, period: Period, values: Sequence[Any]
) -> FinancingLine:
    """A financing line from the stored values of its LINE_COLUMNS, in that order."""
    line = {
        name: read(value) for name, read, value in zip(LINE_COLUMNS, _READERS, values, strict=True)
    }
    return FinancingLine(task_number, measure_number, unit_code, period, **line)


_INSERT_LINE = f"""INSERT INTO financing_entry (measure_id, unit_id, year, period, position,
    source, source_text, budget_holder, {", ".join(MONEY_COLUMNS)}, budget_program_code,
    budget_program_name) VALUES ({", ".join("?" * 15)})"""
_INSERT_STATUS = """INSERT INTO status_entry (measure_id, unit_id, year, period, state, text,
    events_held, people_reached, victims_identified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"""
_INSERT_RESULT = """INSERT INTO indicator_result (indicator_id, unit_id, year, period, value)
    VALUES (?, ?, ?, ?, ?)"""


def line_rows(place: tuple[int, int, int, str], lines: list[FinancingLine]) -> list[tuple]:
    """financing_entry rows for a unit's lines on a measure and period, positions from 0;
    `place` is (measure id, unit id, year, period code)."""
    return [
        (
            *place,
            position,
            None if line.source is None else line.source.value,
            line.source_text,
            line.budget_holder,
            *(to_kopecks(getattr(line, column)) for column in MONEY_COLUMNS),
            line.budget_program_code,
            line.budget_program_name,
        )
        for position, line in enumerate(lines)
    ]


def insert_lines(
    conn: sqlite3.Connection, place: tuple[int, int, int, str], lines: list[FinancingLine]
) -> None:
    """Write a unit's financing lines for a measure and period (line_rows)."""
    conn.executemany(_INSERT_LINE, line_rows(place, lines))


def _status_row(key: tuple[int, int, int, str], status: StatusEntry) -> tuple:
    for count in (status.events_held, status.people_reached, status.victims_identified):
        if count is not None:
            check_count(count, _where(status))
    return (
        *key,
        status.state.value,
        status.text,
        status.events_held,
        status.people_reached,
        status.victims_identified,
    )


def _result_rows(key: tuple[int, int, int, str], status: StatusEntry, measure: Measure) -> list:
    indicators = {indicator.name: indicator.id for indicator in measure.indicators}
    rows = []
    for value in status.achieved:
        if value.indicator not in indicators:
            raise DatabaseError(
                f"Захід «{status.task_number} {status.measure_number}» не має показника "
                f"«{value.indicator}»"
            )
        number = check_number(value.value, f"{_where(status)}, «{value.indicator}»")
        rows.append((indicators[value.indicator], *key[1:], canonical_number(number)))
    return rows


def _where(status: StatusEntry) -> str:
    return f"Захід «{status.task_number} {status.measure_number}» ({status.unit_code})"


class EntryStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, program: Program, entries: PeriodEntries) -> None:
        """Store the reports, replacing what the same units had for the same measures
        and period; everything else stays. One transaction: all or nothing."""
        self._check_program(program, entries)
        printed_units = {total.unit_code for total in entries.printed_totals}
        units = UnitStore(self.db).require_ids(
            {report.unit_code for report in entries.reports}
            | entries.proposals.keys()
            | printed_units
        )
        self._write(program, entries, units, emptied=set())

    def _write(
        self, program: Program, entries: PeriodEntries, units: dict[str, int], emptied: set[str]
    ) -> None:
        """save() with the units' ids known; the reports of units in `emptied` (whose
        period was just deleted) need not be deleted first."""
        measures = self._measure_ids(program, entries)
        printed_units = {total.unit_code for total in entries.printed_totals}
        period = entries.period
        with self.db.transaction() as conn:
            # A report imported again replaces the sub-totals it printed.
            conn.executemany(
                "DELETE FROM printed_total WHERE program_id = ? AND unit_id = ? AND year = ? "
                "AND period = ?",
                [(program.id, units[u], period.year, period.kind.value) for u in printed_units],
            )
            conn.executemany(
                "INSERT INTO printed_total (program_id, unit_id, year, period, task_number, "
                "field, amount) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        program.id,
                        units[total.unit_code],
                        period.year,
                        period.kind.value,
                        total.task_number,
                        total.field,
                        to_kopecks(total.amount),
                    )
                    for total in entries.printed_totals
                ],
            )
            conn.executemany(
                "INSERT OR REPLACE INTO report_text (program_id, unit_id, year, period, kind, "
                "text) VALUES (?, ?, ?, ?, 'proposals', ?)",
                [
                    (program.id, units[unit], period.year, period.kind.value, text)
                    for unit, text in entries.proposals.items()
                ],
            )
            # The last report of a measure and unit wins, as if each replaced the one before.
            places: dict[tuple, UnitReport] = {}
            for report in entries.reports:
                measure = measures[(report.task_number, report.measure_number)]
                key = (measure.id, units[report.unit_code], period.year, period.kind.value)
                places[key] = report
            statuses, results, lines = [], [], []
            for key, report in places.items():
                measure = measures[(report.task_number, report.measure_number)]
                if report.unit_code not in emptied:
                    self._delete_report(conn, key, measure.id)
                if report.status is not None:
                    statuses.append(_status_row(key, report.status))
                    results += _result_rows(key, report.status, measure)
                lines += line_rows(key, report.financing)
            conn.executemany(_INSERT_STATUS, statuses)
            conn.executemany(_INSERT_RESULT, results)
            conn.executemany(_INSERT_LINE, lines)

    @staticmethod
    def _delete_report(conn: sqlite3.Connection, key: tuple, measure_id: int) -> None:
        conn.execute(
            "DELETE FROM status_entry WHERE measure_id = ? AND unit_id = ? AND year = ? "
            "AND period = ?",
            key,
        )
        conn.execute(
            "DELETE FROM indicator_result WHERE unit_id = ? AND year = ? AND period = ? "
            "AND indicator_id IN (SELECT id FROM indicator WHERE measure_id = ?)",
            (*key[1:], measure_id),
        )
        conn.execute(
            "DELETE FROM financing_entry WHERE measure_id = ? AND unit_id = ? AND year = ? "
            "AND period = ?",
            key,
        )

    def replace_units(self, program: Program, entries: PeriodEntries, units: set[str]) -> None:
        """Make `entries` the whole period's report of `units`: what those units had
        before for the period is removed first, even on measures `entries` lacks (a
        received revision replaces the previous one entirely). One transaction."""
        ids = UnitStore(self.db).require_ids(
            set(units)
            | {report.unit_code for report in entries.reports}
            | entries.proposals.keys()
            | {total.unit_code for total in entries.printed_totals}
        )
        period = entries.period
        with self.db.transaction() as conn:
            for unit_id in (ids[code] for code in units):
                place = (unit_id, period.year, period.kind.value, program.id)
                for table in ("status_entry", "financing_entry"):
                    conn.execute(
                        f"DELETE FROM {table} WHERE unit_id = ? AND year = ? AND period = ? "
                        "AND measure_id IN (SELECT m.id FROM measure m JOIN task t "
                        "ON t.id = m.task_id WHERE t.program_id = ?)",
                        place,
                    )
                conn.execute(
                    "DELETE FROM indicator_result WHERE unit_id = ? AND year = ? AND period = ? "
                    "AND indicator_id IN (SELECT i.id FROM indicator i JOIN measure m "
                    "ON m.id = i.measure_id JOIN task t ON t.id = m.task_id "
                    "WHERE t.program_id = ?)",
                    place,
                )
                conn.execute(
                    "DELETE FROM report_text WHERE unit_id = ? AND year = ? AND period = ? "
                    "AND program_id = ?",
                    place,
                )
            self._check_program(program, entries)
            self._write(program, entries, ids, emptied=set(units))

    @staticmethod
    def _check_program(program: Program, entries: PeriodEntries) -> None:
        if entries.program_code != program.code:
            raise DatabaseError(
                f"Звітні дані стосуються програми «{entries.program_code}», а не «{program.code}»"
            )

    @staticmethod
    def _measure_ids(program: Program, entries: PeriodEntries) -> dict:
        index: dict[tuple[str, str], Measure] = {}
        for task in program.all_tasks:
            for item in task.measures:
                index.setdefault((task.number, item.reference), item)  # as find_measure
        found = {}
        for report in entries.reports:
            key = (report.task_number, report.measure_number)
            measure = index.get(key)
            if measure is None or measure.id is None:
                raise DatabaseError(f"У програмі «{program.code}» немає заходу «{key[0]} {key[1]}»")
            found[key] = measure
        return found

    def load(
        self,
        program: Program,
        period: Period,
        *,
        only: tuple[int, str] | None = None,
        unit: str | None = None,
    ) -> PeriodEntries:
        """The period's reports of all units, in program order, then unit order; with
        `only` (measure id, unit code), that one report (none if nothing is stored);
        with `unit`, that unit's reports."""
        where = (
            "m.id = e.measure_id JOIN task t ON t.id = m.task_id JOIN unit u ON u.id = e.unit_id "
            "WHERE t.program_id = ? AND e.year = ? AND e.period = ?"
        )
        base = (program.id, period.year, period.kind.value)
        args: tuple = base
        if only is not None:
            where += " AND m.id = ? AND u.code = ?"
            args = (*base, *only)
        elif unit is not None:
            where += " AND u.code = ?"
            args = (*base, unit)
        numbers = {
            measure.id: (task.number, measure.reference)
            for task in program.all_tasks
            for measure in task.measures
        }
        indicator_names = {
            indicator.id: indicator.name
            for measure in program.all_measures
            for indicator in measure.indicators
        }
        achieved: dict[tuple[int, str], list[IndicatorValue]] = defaultdict(list)
        for indicator_id, measure_id, unit_code, value in self.db.execute(
            "SELECT e.indicator_id, i.measure_id, u.code, e.value FROM indicator_result e "
            "JOIN indicator i ON i.id = e.indicator_id JOIN measure m ON m.id = i.measure_id "
            "JOIN task t ON t.id = m.task_id JOIN unit u ON u.id = e.unit_id "
            "WHERE t.program_id = ? AND e.year = ? AND e.period = ?"
            + (" AND m.id = ? AND u.code = ?" if only else " AND u.code = ?" if unit else "")
            + " ORDER BY i.position",
            args,
        ):
            achieved[(measure_id, unit_code)].append(
                IndicatorValue(indicator_names[indicator_id], Decimal(value))
            )
        reports: dict[tuple[int, str], UnitReport] = {}
        shared: dict[str, str] = {}

        def report_for(measure_id: int, unit_code: str) -> UnitReport:
            key = (measure_id, unit_code)
            if key not in reports:
                reports[key] = UnitReport(*numbers[measure_id], unit_code)
            return reports[key]

        for row in self.db.execute(
            "SELECT e.measure_id, u.code, e.state, e.text, e.events_held, e.people_reached, "
            f"e.victims_identified FROM status_entry e JOIN measure m ON {where}",
            args,
        ):
            measure_id, unit_code = row[0], shared.setdefault(row[1], row[1])
            report = report_for(measure_id, unit_code)
            report.status = StatusEntry(
                *numbers[measure_id],
                unit_code,
                period,
                MeasureState(row[2]),
                row[3],
                row[4],
                row[5],
                row[6],
                achieved.get((measure_id, unit_code), []),
            )
        for row in self.db.execute(
            f"SELECT e.measure_id, u.code, {', '.join('e.' + column for column in LINE_COLUMNS)} "
            f"FROM financing_entry e JOIN measure m ON {where} "
            "ORDER BY e.position",
            args,
        ):
            measure_id, unit_code = row[0], shared.setdefault(row[1], row[1])
            # Holders, sources and programme codes repeat on thousands of lines; each
            # row brings its own copy of the text (a period of 1,500 units: 25 MB).
            values = [shared.setdefault(v, v) if v.__class__ is str else v for v in row[2:]]
            report_for(measure_id, unit_code).financing.append(
                stored_line(*numbers[measure_id], unit_code, period, values)
            )
        ordered = list(reports.items())
        measure_order = {measure.id: i for i, measure in enumerate(program.all_measures)}
        if only is None and unit is None:
            units = {unit.code: i for i, unit in enumerate(UnitStore(self.db).list())}
            ordered.sort(key=lambda item: (measure_order[item[0][0]], units[item[0][1]]))
        else:  # one unit: no need to read every unit for their order
            ordered.sort(key=lambda item: measure_order[item[0][0]])
        proposals = dict(
            self.db.execute(
                "SELECT u.code, r.text FROM report_text r JOIN unit u ON u.id = r.unit_id "
                "WHERE r.program_id = ? AND r.year = ? AND r.period = ? AND r.kind = 'proposals' "
                "ORDER BY u.position",
                base,
            )
        )
        printed = [
            PrintedTotal(unit, task, field, hryvnias(amount))
            for unit, task, field, amount in self.db.execute(
                "SELECT u.code, t.task_number, t.field, t.amount FROM printed_total t "
                "JOIN unit u ON u.id = t.unit_id "
                "WHERE t.program_id = ? AND t.year = ? AND t.period = ? "
                "ORDER BY u.position, t.rowid",
                base,
            )
        ]
        return PeriodEntries(
            program.code, period, [report for _, report in ordered], proposals, printed
        )

    def financing_sums(
        self, program: Program, period: Period, unit_code: str, measure_id: int | None = None
    ) -> dict[int, tuple[SourceSplit | None, SourceSplit | None]]:
        """The period's financing sub-totals of each measure (or of `measure_id`) over
        `unit_code` and the units under it, as (the unit's own lines, the others'), None
        where there are no lines; summed by the database from the stored kopecks, as
        split_by_source sums the lines (an empty column stays None)."""
        sums = ", ".join(f"SUM(e.{column})" for column in MONEY_COLUMNS)
        rows = self.db.execute(
            "WITH RECURSIVE scope(id) AS (SELECT id FROM unit WHERE code = ? UNION "
            "SELECT u.id FROM unit u JOIN scope ON u.parent_id = scope.id) "
            f"SELECT e.measure_id, e.source, u.code = ?, {sums} FROM financing_entry e "
            "JOIN measure m ON m.id = e.measure_id JOIN task t ON t.id = m.task_id "
            "JOIN unit u ON u.id = e.unit_id "
            "WHERE t.program_id = ? AND e.year = ? AND e.period = ? "
            "AND e.unit_id IN (SELECT id FROM scope)"
            + ("" if measure_id is None else " AND e.measure_id = ?")
            + " GROUP BY 1, 2, 3",
            (unit_code, unit_code, program.id, period.year, period.kind.value)
            + (() if measure_id is None else (measure_id,)),
        ).fetchall()
        blocks: dict[tuple[int, bool], dict[str | None, Amounts]] = {}
        for found, source, own, *amounts in rows:
            by_source = blocks.setdefault((found, bool(own)), {})
            by_source[source] = Amounts(*(from_kopecks(amount) for amount in amounts))
        result: dict[int, tuple[SourceSplit | None, SourceSplit | None]] = {}
        for found in sorted({found for found, _ in blocks}):
            own_block, others = blocks.get((found, True)), blocks.get((found, False))
            result[found] = (_block(own_block), _block(others))
        return result

    def statuses_under(self, kind: str, row_id: int) -> int:
        """How many statuses (of any unit and period) a task or a measure has: what
        deleting it would take with it."""
        measures = "(SELECT id FROM measure WHERE task_id = ?)" if kind == "task" else "(?)"
        query = f"SELECT count(*) FROM status_entry WHERE measure_id IN {measures}"
        return int(self.db.execute(query, (row_id,)).fetchone()[0])

    def periods_with_entries(self, program: Program) -> list[Period]:
        rows = self.db.execute(
            "SELECT DISTINCT e.year, e.period FROM financing_entry e "
            "JOIN measure m ON m.id = e.measure_id "
            "JOIN task t ON t.id = m.task_id WHERE t.program_id = ? "
            "UNION SELECT DISTINCT e.year, e.period FROM status_entry e JOIN measure m "
            "ON m.id = e.measure_id JOIN task t ON t.id = m.task_id WHERE t.program_id = ?",
            (program.id, program.id),
        ).fetchall()
        # Stored before years were bounded, a period out of range is left out of the
        # lists (its dates cannot even be computed) but stays in the file.
        return sorted(Period(year, PeriodKind(kind)) for year, kind in rows if year_in_range(year))


def _block(by_source: dict[str | None, Amounts] | None) -> SourceSplit | None:
    """A sub-total block from the sums of each source (None: lines without one)."""
    if by_source is None:
        return None
    total = Amounts()
    for amounts in by_source.values():
        total += amounts
    return SourceSplit(
        total,
        *(by_source.get(source.value, Amounts()) for source in FundingSource),
    )
