"""Programs into the database: the built-in national program, the demo, a ctb-program
file, and a program's annex (.docx, .xlsx) once previewed: the preview itself,
`importers.program_import.plan_import`, reads and writes nothing, so it needs no operation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctb_desktop.domain.program import Program
from ctb_desktop.domain.progress import Progress
from ctb_desktop.importers.program_import import ImportPlan, apply_import
from ctb_desktop.storage.datafiles import builtin_program, read_program
from ctb_desktop.storage.demo import fill_demo
from ctb_desktop.storage.workspace import Workspace


@dataclass(frozen=True)
class ProgramLoaded:
    program_id: int
    program: Program
    # False when a program with the same code was there already and nothing changed.
    added: bool = True


def load_builtin(ws: Workspace) -> ProgramLoaded:
    """The national program (the directory of units is in every database already)."""
    program = builtin_program()
    existing = ws.programs.id_for_code(program.code)
    if existing is not None:
        return ProgramLoaded(existing, program, added=False)
    ws.backup()
    ws.complete_directory()
    program_id = ws.programs.insert(program)
    return ProgramLoaded(program_id, program)


def load_demo(ws: Workspace, *, force: bool = False) -> ProgramLoaded:
    """The demo database: the national program with the 2024 annual report. Data
    already there is refused unless `force`; a backup of it is taken first."""
    if force:
        ws.backup("before-import")
    program_id = fill_demo(ws.db, force=force)
    return ProgramLoaded(program_id, ws.programs.load(program_id))


def load_program_file(ws: Workspace, path: Path) -> ProgramLoaded:
    """A program saved as ctb-program JSON (`program show --json`), as a new program."""
    program = read_program(path)
    ws.backup()
    return ProgramLoaded(ws.programs.insert(program), program)


def apply_annex(ws: Workspace, plan: ImportPlan, progress: Progress | None = None) -> int:
    """The previewed plan written in one transaction, after a backup; the program id."""
    ws.backup()
    return apply_import(ws.db, plan, progress)
