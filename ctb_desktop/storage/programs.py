"""Programs in the database: insert a whole structure, read it back, list what is there."""

from __future__ import annotations

import builtins
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ctb_desktop.domain.money import canonical_number, from_kopecks, to_kopecks
from ctb_desktop.domain.periods import Frequency, ReportingRule
from ctb_desktop.domain.program import (
    Approval,
    Executor,
    FundingSource,
    Grouping,
    Indicator,
    Measure,
    PlannedFinancing,
    Program,
    ProgramLevel,
    Task,
)
from ctb_desktop.storage.database import Database, DatabaseError, inserted_id


@dataclass(frozen=True)
class ProgramSummary:
    id: int
    code: str
    title: str
    year_from: int
    year_to: int
    tasks: int
    measures: int


class ProgramStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self) -> list[ProgramSummary]:
        rows = self.db.execute(
            """
            SELECT p.id, p.code, p.title, p.year_from, p.year_to,
                   (SELECT count(*) FROM task t WHERE t.program_id = p.id),
                   (SELECT count(*) FROM measure m JOIN task t ON t.id = m.task_id
                     WHERE t.program_id = p.id)
            FROM program p ORDER BY p.id
            """
        ).fetchall()
        return [ProgramSummary(*row) for row in rows]

    def id_for_code(self, code: str) -> int | None:
        row = self.db.execute("SELECT id FROM program WHERE code = ?", (code,)).fetchone()
        return None if row is None else row[0]

    def by_code(self, code: str, source: str) -> Program:
        """The program a file refers to by its code, or an error naming the file
        (`source`: "Пакет «…»", "Книга «…»", "Файл «…»")."""
        program_id = self.id_for_code(code)
        if program_id is None:
            raise DatabaseError(
                f"{source} належить програмі «{code}», якої немає в цій базі "
                f"(«{self.db.path.name}»). Спершу завантажте програму або отримайте її від "
                "вищого органу"
            )
        return self.load(program_id)

    def insert(self, program: Program) -> int:
        """Store a new program; a program with the same code must not exist yet."""
        existing = self.id_for_code(program.code)
        if existing is not None:
            raise DatabaseError(
                f"Програма з кодом «{program.code}» вже є в базі «{self.db.path}» (id {existing})"
            )
        with self.db.transaction() as conn:
            approval = program.approval
            cursor = conn.execute(
                """
                INSERT INTO program (code, title, level, approval_act, approval_body,
                    approval_date, approval_number, customer, year_from, year_to, term,
                    reporting_frequency, reporting_due_day, reporting_due_month)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    program.code,
                    program.title,
                    program.level.value,
                    approval.act if approval else None,
                    approval.body if approval else None,
                    approval.date.isoformat() if approval and approval.date else None,
                    approval.number if approval else None,
                    program.customer,
                    program.year_from,
                    program.year_to,
                    program.term,
                    program.reporting.frequency.value,
                    program.reporting.due_day,
                    program.reporting.due_month,
                ),
            )
            program_id = program.id = inserted_id(cursor)
            position = 0
            for task in program.tasks:
                self._insert_task(task, program_id, position)
                position += 1
            for grouping_position, grouping in enumerate(program.groupings):
                grouping.id = inserted_id(
                    conn.execute(
                        "INSERT INTO grouping (program_id, position, number, title) "
                        "VALUES (?, ?, ?, ?)",
                        (program_id, grouping_position, grouping.number, grouping.title),
                    )
                )
                for task in grouping.tasks:
                    self._insert_task(task, program_id, position, grouping.id)
                    position += 1
        return program_id

    def _insert_task(
        self, task: Task, program_id: int, position: int, grouping_id: int | None = None
    ) -> None:
        conn = self.db.connection
        task.id = inserted_id(
            conn.execute(
                "INSERT INTO task (program_id, grouping_id, position, number, title) "
                "VALUES (?, ?, ?, ?, ?)",
                (program_id, grouping_id, position, task.number, task.title),
            )
        )
        for measure_position, measure in enumerate(task.measures):
            measure.id = inserted_id(
                conn.execute(
                    """INSERT INTO measure (task_id, position, number, title, term,
                       expected_result) VALUES (?, ?, ?, ?, ?, ?)""",
                    (
                        task.id,
                        measure_position,
                        measure.number,
                        measure.title,
                        measure.term,
                        measure.expected_result,
                    ),
                )
            )
            conn.executemany(
                "INSERT INTO executor (measure_id, position, name, by_consent) VALUES (?, ?, ?, ?)",
                [
                    (measure.id, i, executor.name, int(executor.by_consent))
                    for i, executor in enumerate(measure.executors)
                ],
            )
            for i, indicator in enumerate(measure.indicators):
                indicator.id = inserted_id(
                    conn.execute(
                        "INSERT INTO indicator (measure_id, position, name, unit) "
                        "VALUES (?, ?, ?, ?)",
                        (measure.id, i, indicator.name, indicator.unit),
                    )
                )
                conn.executemany(
                    "INSERT INTO indicator_plan (indicator_id, year, value) VALUES (?, ?, ?)",
                    [
                        (indicator.id, year, canonical_number(value))
                        for year, value in indicator.planned.items()
                    ],
                )
            conn.executemany(
                """INSERT INTO financing_plan (measure_id, position, source, source_text, year,
                   amount, note) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                [
                    (
                        measure.id,
                        i,
                        plan.source.value,
                        plan.source_text,
                        plan.year,
                        to_kopecks(plan.amount),
                        plan.note,
                    )
                    for i, plan in enumerate(measure.financing_plan)
                ],
            )

    def load(self, program_id: int) -> Program:
        row = self.db.execute(
            """SELECT id, code, title, level, approval_act, approval_body, approval_date,
                      approval_number, customer, year_from, year_to, term, reporting_frequency,
                      reporting_due_day, reporting_due_month
               FROM program WHERE id = ?""",
            (program_id,),
        ).fetchone()
        if row is None:
            raise DatabaseError(self._unknown_message(program_id))
        program = Program(
            id=row[0],
            code=row[1],
            title=row[2],
            level=ProgramLevel(row[3]),
            approval=None
            if row[4] is None
            else Approval(
                act=row[4],
                body=row[5],
                date=date.fromisoformat(row[6]) if row[6] else None,
                number=row[7],
            ),
            customer=row[8],
            year_from=row[9],
            year_to=row[10],
            term=row[11],
            reporting=ReportingRule(Frequency(row[12]), row[13], row[14]),
        )
        groupings = {
            gid: Grouping(id=gid, number=number, title=title)
            for gid, number, title in self.db.execute(
                "SELECT id, number, title FROM grouping WHERE program_id = ? ORDER BY position",
                (program_id,),
            )
        }
        program.groupings = list(groupings.values())
        measures = self._load_measures(program_id)
        for tid, grouping_id, number, title in self.db.execute(
            "SELECT id, grouping_id, number, title FROM task WHERE program_id = ? "
            "ORDER BY position",
            (program_id,),
        ):
            task = Task(id=tid, number=number, title=title, measures=measures.get(tid, []))
            (program.tasks if grouping_id is None else groupings[grouping_id].tasks).append(task)
        return program

    def _load_measures(self, program_id: int) -> dict[int, builtins.list[Measure]]:
        """All measures of a program with their children, a query per table."""
        scope = (
            "IN (SELECT m.id FROM measure m JOIN task t ON t.id = m.task_id WHERE t.program_id = ?)"
        )
        executors: dict[int, list[Executor]] = defaultdict(list)
        for measure_id, name, by_consent in self.db.execute(
            f"SELECT measure_id, name, by_consent FROM executor WHERE measure_id {scope} "
            "ORDER BY measure_id, position",
            (program_id,),
        ):
            executors[measure_id].append(Executor(name, bool(by_consent)))
        planned: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for indicator_id, year, value in self.db.execute(
            "SELECT indicator_id, year, value FROM indicator_plan WHERE indicator_id IN "
            f"(SELECT id FROM indicator WHERE measure_id {scope}) ORDER BY indicator_id, year",
            (program_id,),
        ):
            planned[indicator_id][year] = Decimal(value)
        indicators: dict[int, list[Indicator]] = defaultdict(list)
        for iid, measure_id, name, unit in self.db.execute(
            f"SELECT id, measure_id, name, unit FROM indicator WHERE measure_id {scope} "
            "ORDER BY measure_id, position",
            (program_id,),
        ):
            indicators[measure_id].append(Indicator(name, unit, planned.get(iid, {}), id=iid))
        plans: dict[int, list[PlannedFinancing]] = defaultdict(list)
        for measure_id, source, source_text, year, amount, note in self.db.execute(
            "SELECT measure_id, source, source_text, year, amount, note FROM financing_plan "
            f"WHERE measure_id {scope} ORDER BY measure_id, position",
            (program_id,),
        ):
            plans[measure_id].append(
                PlannedFinancing(
                    FundingSource(source), source_text, year, from_kopecks(amount), note
                )
            )
        measures: dict[int, list[Measure]] = defaultdict(list)
        for mid, task_id, number, title, term, expected in self.db.execute(
            "SELECT m.id, m.task_id, m.number, m.title, m.term, m.expected_result FROM measure m "
            "JOIN task t ON t.id = m.task_id WHERE t.program_id = ? ORDER BY m.task_id, m.position",
            (program_id,),
        ):
            measures[task_id].append(
                Measure(
                    id=mid,
                    number=number,
                    title=title,
                    term=term,
                    executors=executors.get(mid, []),
                    expected_result=expected,
                    indicators=indicators.get(mid, []),
                    financing_plan=plans.get(mid, []),
                )
            )
        return measures

    def _unknown_message(self, program_id: int) -> str:
        known = ", ".join(str(summary.id) for summary in self.list())
        hint = f"Наявні програми: {known}" if known else "У базі ще немає жодної програми"
        return f"Програми з id {program_id} немає в базі «{self.db.path}». {hint}"
