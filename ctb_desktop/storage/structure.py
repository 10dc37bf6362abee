"""Editing a program's structure: tasks and measures renamed, renumbered, added, moved
and deleted, one committed step at a time.

A delete takes everything that hangs on the task or measure — indicators, plans and
every unit's entries — and returns it as a snapshot of rows with their ids, so undo
puts back exactly what was there, entries included. Nothing is deleted silently:
the GUI asks first and the deletion is one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ctb_desktop.domain.program import Executor, Measure, Program, Task
from ctb_desktop.domain.progress import Progress
from ctb_desktop.storage.database import Database, DatabaseError, inserted_id, stored_id

MEASURE_FIELDS = ("number", "title", "term", "expected_result")
TASK_FIELDS = ("number", "title")

# Tables in the order rows must be restored (parents first).
_ORDER = (
    "task",
    "measure",
    "executor",
    "indicator",
    "indicator_plan",
    "financing_plan",
    "status_entry",
    "financing_entry",
    "indicator_result",
)


@dataclass
class Snapshot:
    """Rows removed by a delete, table by table, for undo to insert back."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def entries(self) -> int:
        """How many unit reports the delete takes with it (for the confirmation)."""
        return len(self.rows.get("status_entry", [])) + len(self.rows.get("financing_entry", []))


class StructureEditor:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ------------------------------------------------------------------ values

    def measure_value(self, measure_id: int, name: str) -> str:
        _check(name, MEASURE_FIELDS)
        return str(self._one(f"SELECT {name} FROM measure WHERE id = ?", measure_id, "Захід"))

    def set_measure_value(self, measure_id: int, name: str, value: str) -> None:
        _check(name, MEASURE_FIELDS)
        if name == "title" and not value.strip():
            raise DatabaseError("Назва заходу не може бути порожньою")
        with self.db.transaction() as conn:
            conn.execute(f"UPDATE measure SET {name} = ? WHERE id = ?", (value.strip(), measure_id))

    def task_value(self, task_id: int, name: str) -> str:
        _check(name, TASK_FIELDS)
        return str(self._one(f"SELECT {name} FROM task WHERE id = ?", task_id, "Завдання"))

    def set_task_value(self, task_id: int, name: str, value: str) -> None:
        _check(name, TASK_FIELDS)
        if name == "title" and not value.strip():
            raise DatabaseError("Назва завдання не може бути порожньою")
        with self.db.transaction() as conn:
            conn.execute(f"UPDATE task SET {name} = ? WHERE id = ?", (value.strip(), task_id))

    def executors(self, measure_id: int) -> list[Executor]:
        return [
            Executor(name, bool(by_consent))
            for name, by_consent in self.db.execute(
                "SELECT name, by_consent FROM executor WHERE measure_id = ? ORDER BY position",
                (measure_id,),
            )
        ]

    def set_executors(self, measure_id: int, executors: list[Executor]) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM executor WHERE measure_id = ?", (measure_id,))
            conn.executemany(
                "INSERT INTO executor (measure_id, position, name, by_consent) VALUES (?, ?, ?, ?)",
                [(measure_id, i, e.name, int(e.by_consent)) for i, e in enumerate(executors)],
            )

    # ------------------------------------------------------------------ add and move

    def add_measure(self, task_id: int, position: int, number: str, title: str) -> int:
        with self.db.transaction() as conn:
            self._open_gap("measure", "task_id", task_id, position)
            return inserted_id(
                conn.execute(
                    "INSERT INTO measure (task_id, position, number, title) VALUES (?, ?, ?, ?)",
                    (task_id, position, number, title),
                )
            )

    def add_task(
        self,
        program_id: int,
        position: int,
        number: str,
        title: str,
        grouping_id: int | None = None,
    ) -> int:
        with self.db.transaction() as conn:
            self._open_gap("task", "program_id", program_id, position)
            return inserted_id(
                conn.execute(
                    "INSERT INTO task (program_id, grouping_id, position, number, title) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (program_id, grouping_id, position, number, title),
                )
            )

    def move_measure(self, measure_id: int, position: int) -> int:
        """Move among its task's measures; returns where it was, for undo."""
        task_id = self._one("SELECT task_id FROM measure WHERE id = ?", measure_id, "Захід")
        return self._move("measure", "task_id", task_id, measure_id, position)

    def move_task(self, task_id: int, position: int) -> int:
        program_id = self._one("SELECT program_id FROM task WHERE id = ?", task_id, "Завдання")
        return self._move("task", "program_id", program_id, task_id, position)

    def _move(self, table: str, parent: str, parent_id: int, row_id: int, position: int) -> int:
        ids = [
            row[0]
            for row in self.db.execute(
                f"SELECT id FROM {table} WHERE {parent} = ? ORDER BY position", (parent_id,)
            )
        ]
        old = ids.index(row_id)
        ids.insert(max(0, min(position, len(ids) - 1)), ids.pop(old))
        with self.db.transaction() as conn:
            conn.executemany(
                f"UPDATE {table} SET position = ? WHERE id = ?",
                [(i, item) for i, item in enumerate(ids)],
            )
        return old

    def _open_gap(self, table: str, parent: str, parent_id: int, position: int) -> None:
        self.db.execute(
            f"UPDATE {table} SET position = position + 1 WHERE {parent} = ? AND position >= ?",
            (parent_id, position),
        )

    def _close_gap(self, table: str, parent: str, parent_id: int, position: int) -> None:
        self.db.execute(
            f"UPDATE {table} SET position = position - 1 WHERE {parent} = ? AND position > ?",
            (parent_id, position),
        )

    # ------------------------------------------------------------------ delete and restore

    def delete_measure(self, measure_id: int) -> Snapshot:
        return self._delete("measure", measure_id)

    def delete_task(self, task_id: int) -> Snapshot:
        return self._delete("task", task_id)

    def _delete(self, table: str, row_id: int) -> Snapshot:
        snapshot = Snapshot()
        parent = "task_id" if table == "measure" else "program_id"
        with self.db.transaction() as conn:
            row = self._rows(table, "id = ?", (row_id,))
            if not row:
                raise DatabaseError("Цей елемент структури вже видалено")
            snapshot.rows[table] = row
            measures = (
                f"({row_id})"
                if table == "measure"
                else f"(SELECT id FROM measure WHERE task_id = {row_id})"
            )
            if table == "task":
                snapshot.rows["measure"] = self._rows("measure", f"id IN {measures}")
            indicators = f"(SELECT id FROM indicator WHERE measure_id IN {measures})"
            for name, where in (
                ("executor", f"measure_id IN {measures}"),
                ("indicator", f"measure_id IN {measures}"),
                ("indicator_plan", f"indicator_id IN {indicators}"),
                ("financing_plan", f"measure_id IN {measures}"),
                ("status_entry", f"measure_id IN {measures}"),
                ("financing_entry", f"measure_id IN {measures}"),
                ("indicator_result", f"indicator_id IN {indicators}"),
            ):
                snapshot.rows[name] = self._rows(name, where)
            # Entries do not cascade (deleting reports must be deliberate): remove them first.
            conn.execute(f"DELETE FROM indicator_result WHERE indicator_id IN {indicators}")
            conn.execute(f"DELETE FROM status_entry WHERE measure_id IN {measures}")
            conn.execute(f"DELETE FROM financing_entry WHERE measure_id IN {measures}")
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
            self._close_gap(table, parent, row[0][parent], row[0]["position"])
        return snapshot

    def restore(self, snapshot: Snapshot) -> None:
        """Insert back what a delete took, ids and positions included."""
        with self.db.transaction() as conn:
            for table in _ORDER:
                rows = snapshot.rows.get(table, [])
                if not rows:
                    continue
                if table in ("task", "measure") and table == _top(snapshot):
                    parent = "task_id" if table == "measure" else "program_id"
                    self._open_gap(table, parent, rows[0][parent], rows[0]["position"])
                columns = list(rows[0])
                values = ", ".join("?" * len(columns))
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values})",
                    [tuple(row[column] for column in columns) for row in rows],
                )

    def _rows(self, table: str, where: str, args: tuple = ()) -> list[dict[str, Any]]:
        cursor = self.db.execute(f"SELECT * FROM {table} WHERE {where}", args)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _one(self, sql: str, row_id: int, what: str) -> Any:
        row = self.db.execute(sql, (row_id,)).fetchone()
        if row is None:
            raise DatabaseError(f"{what} вже видалено з програми")
        return row[0]


def _top(snapshot: Snapshot) -> str:
    return "task" if snapshot.rows.get("task") else "measure"


def _check(name: str, allowed: tuple[str, ...]) -> None:
    if name not in allowed:
        raise ValueError(f"unknown field {name!r}")


def task_key(task: Task) -> str:
    """How versions of a program match tasks: by number, or by title when unnumbered."""
    return task.number or task.title


def update_structure(
    db: Database, existing: Program, incoming: Program, progress: Progress
) -> None:
    """Bring `existing` to `incoming` by official numbers: new tasks and measures are
    added, titles, terms, results and executors updated; nothing is deleted (entries
    may hang on what the incoming version lacks). The caller holds the transaction."""
    editor = StructureEditor(db)
    old_tasks = {task_key(task): task for task in existing.all_tasks}
    for task in incoming.all_tasks:
        progress.step(f"Завдання {task.number}")
        old = old_tasks.get(task_key(task))
        if old is None:
            task_id = editor.add_task(
                stored_id(existing), len(existing.all_tasks), task.number, task.title
            )
            old = Task(task.number, task.title, [], id=task_id)
            existing.tasks.append(old)
        elif old.title != task.title:
            editor.set_task_value(stored_id(old), "title", task.title)
        by_number = {m.number: m for m in old.measures if m.number}
        for measure in task.measures:
            before = by_number.get(measure.number) if measure.number else None
            if before is None:
                _add_measure(editor, old, measure)
                continue
            for name in ("title", "term", "expected_result"):
                if getattr(before, name) != getattr(measure, name):
                    editor.set_measure_value(stored_id(before), name, getattr(measure, name))
            if before.executors != measure.executors:
                editor.set_executors(stored_id(before), measure.executors)


def _add_measure(editor: StructureEditor, task: Task, measure: Measure) -> None:
    measure_id = editor.add_measure(
        stored_id(task), len(task.measures), measure.number, measure.title
    )
    for name in ("term", "expected_result"):
        if getattr(measure, name):
            editor.set_measure_value(measure_id, name, getattr(measure, name))
    editor.set_executors(measure_id, measure.executors)
    task.measures.append(Measure(measure.number, measure.title, id=measure_id))
