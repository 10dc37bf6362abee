"""Importing a program's structure: read, preview, then apply in one transaction.

Into an empty database the structure becomes a new program. Into a database that
has the program already, it updates it by official numbers: titles, terms and
executors of matched tasks and measures change, new ones are added, and ones the
file no longer has are kept (with their entries) and listed — an import never
deletes what clerks have reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ctb_desktop.domain.collector import collector_paused
from ctb_desktop.domain.program import Program, ProgramLevel
from ctb_desktop.domain.progress import Progress
from ctb_desktop.importers.errors import ColumnsNotRecognisedError
from ctb_desktop.importers.structure import ColumnMap, StructureImport, parse_structure
from ctb_desktop.importers.tables import read_document
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.structure import task_key, update_structure


@dataclass
class Change:
    kind: str  # "added", "changed", "missing"
    what: str  # "1. 2) назва …"
    detail: str = ""

    def __str__(self) -> str:
        titles = {"added": "додано", "changed": "змінено", "missing": "немає у файлі (залишено)"}
        return f"{titles[self.kind]}: {self.what}" + (f" — {self.detail}" if self.detail else "")


@dataclass
class ImportPlan:
    path: Path
    found: StructureImport
    existing: Program | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def program(self) -> Program:
        return self.found.program


def plan_import(
    db: Database | None,
    path: Path,
    *,
    program_id: int | None = None,
    columns: ColumnMap | None = None,
    code: str = "",
    title: str = "",
    progress: Progress | None = None,
) -> ImportPlan:
    """Read `path` and say what importing it would do; nothing is written. Without a
    database (a preview before there is one) the plan is a new program."""
    progress = progress or Progress()
    progress.start(3, f"Читання «{path.name}»")
    with collector_paused():
        document = read_document(path)
        progress.step("Розпізнавання завдань і заходів")
        found = parse_structure(
            document,
            columns=columns,
            code=code or _code_from(path),
            title=title,
            level=ProgramLevel.OBLAST,
        )
    if not found.program.all_measures:
        raise ColumnsNotRecognisedError(
            f"У файлі «{path}» не знайдено таблиці із заходами. Перевірте, що це додаток "
            "«Завдання і заходи», або вкажіть колонки вручну"
        )
    plan = ImportPlan(path, found)
    if db is not None:
        store = ProgramStore(db)
        if program_id is None:
            program_id = store.id_for_code(found.program.code)
        if program_id is not None:
            plan.existing = store.load(program_id)
            plan.changes = compare(plan.existing, found.program)
    progress.step("Готово до перегляду")
    return plan


def _code_from(path: Path) -> str:
    return re.sub(r"[^\w-]+", "-", path.stem.casefold()).strip("-") or "imported"


def compare(existing: Program, incoming: Program) -> list[Change]:
    """What updating `existing` with `incoming` changes, matched by official numbers."""
    changes: list[Change] = []
    old_tasks = {task_key(task): task for task in existing.all_tasks}
    new_tasks = {task_key(task): task for task in incoming.all_tasks}
    for key, task in new_tasks.items():
        old = old_tasks.get(key)
        if old is None:
            changes.append(Change("added", f"завдання {task.label[:100]}"))
            continue
        if old.title != task.title:
            changes.append(
                Change("changed", f"завдання {task.number}", f"назва: «{task.title[:100]}»")
            )
        old_measures = {m.number: m for m in old.measures if m.number}
        for measure in task.measures:
            before = old_measures.get(measure.number) if measure.number else None
            if before is None:
                changes.append(Change("added", f"{task.number} {measure.label[:100]}"))
                continue
            details = [
                name
                for name, changed in (
                    ("назва", before.title != measure.title),
                    ("термін", before.term != measure.term),
                    ("виконавці", before.executors != measure.executors),
                    ("очікуваний результат", before.expected_result != measure.expected_result),
                )
                if changed
            ]
            if details:
                changes.append(
                    Change("changed", f"{task.number} {measure.label[:100]}", ", ".join(details))
                )
        new_numbers = {m.number for m in task.measures}
        for measure in old.measures:
            if measure.number and measure.number not in new_numbers:
                changes.append(Change("missing", f"{task.number} {measure.label[:100]}"))
    for key, task in old_tasks.items():
        if key not in new_tasks:
            changes.append(Change("missing", f"завдання {task.label[:100]}"))
    return changes


def apply_import(db: Database, plan: ImportPlan, progress: Progress | None = None) -> int:
    """Write the plan in one transaction; returns the program id. A failure leaves the
    database exactly as it was. (operations/programs.py takes the backup first.)"""
    progress = progress or Progress()
    incoming = plan.program
    with db.transaction():
        if plan.existing is None:
            progress.start(1, "Збереження програми")
            program_id = ProgramStore(db).insert(incoming)
            progress.step()
            return program_id
        progress.start(len(incoming.all_tasks), "Оновлення програми")
        update_structure(db, plan.existing, incoming, progress)
        return plan.existing.id
