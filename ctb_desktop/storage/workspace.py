"""The workspace: one open database and the stores over it, in the spirit of Anki's
collection. The window, the command line and the operations hold a Workspace instead
of building stores themselves, and ask it the questions every caller asks the same
way: which program, which unit, a backup before a change.

A Workspace belongs to the thread that opened it (the thread rule of
storage/database.py); a worker thread works on `reader()`, a read-only one of its own.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ctb_desktop.domain.program import Program
from ctb_desktop.domain.units import ReportingUnit
from ctb_desktop.storage.backup import backup_before
from ctb_desktop.storage.config import Config
from ctb_desktop.storage.database import Database, DatabaseError, stored_id
from ctb_desktop.storage.directory import complete_directory
from ctb_desktop.storage.logs import logger
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore

# The stores only some commands use are imported when first asked for (the command
# line's start, issue 19).
if TYPE_CHECKING:
    from ctb_desktop.storage.editing import ReportEditor
    from ctb_desktop.storage.entries import EntryStore
    from ctb_desktop.storage.outbox import Outbox
    from ctb_desktop.storage.packages import ReceivedPackages, SentPackages
    from ctb_desktop.storage.structure import StructureEditor


class Workspace:
    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False, read_only: bool = False) -> Workspace:
        """The workspace on `path`; opened for writing, with the whole directory of
        reporting bodies in it (storage/directory.py)."""
        ws = cls(Database.open(path, create=create, read_only=read_only))
        if not read_only:
            ws.complete_directory()
        return ws

    def complete_directory(self) -> int:
        """The shipped directory's units this database lacks, added; a file that
        cannot take them now (read-only, disk full) gets them next time."""
        try:
            return complete_directory(self.db)
        except DatabaseError as exc:
            logger(__name__).warning("directory not completed in %s: %s", self.path, exc)
            return 0

    def reader(self) -> Workspace:
        """A read-only workspace on the same file, for a worker thread to open there."""
        return Workspace.open(self.path, read_only=True)

    @property
    def path(self) -> Path:
        return self.db.path

    # ------------------------------------------------------------------ the stores

    @cached_property
    def programs(self) -> ProgramStore:
        return ProgramStore(self.db)

    @cached_property
    def units(self) -> UnitStore:
        return UnitStore(self.db)

    @cached_property
    def entries(self) -> EntryStore:
        from ctb_desktop.storage.entries import EntryStore  # noqa: PLC0415

        return EntryStore(self.db)

    @cached_property
    def config(self) -> Config:
        return Config(self.db)

    @cached_property
    def outbox(self) -> Outbox:
        from ctb_desktop.storage.outbox import Outbox  # noqa: PLC0415

        return Outbox(self.db)

    @cached_property
    def sent(self) -> SentPackages:
        from ctb_desktop.storage.packages import SentPackages  # noqa: PLC0415

        return SentPackages(self.db)

    @cached_property
    def received(self) -> ReceivedPackages:
        from ctb_desktop.storage.packages import ReceivedPackages  # noqa: PLC0415

        return ReceivedPackages(self.db)

    @cached_property
    def editor(self) -> ReportEditor:
        from ctb_desktop.storage.editing import ReportEditor  # noqa: PLC0415

        return ReportEditor(self.db)

    @cached_property
    def structure(self) -> StructureEditor:
        from ctb_desktop.storage.structure import StructureEditor  # noqa: PLC0415

        return StructureEditor(self.db)

    # ------------------------------------------------------------------ lookups

    def program(self, program_id: int | None = None) -> Program:
        """The program with `program_id`, or the only one when no id is given."""
        if program_id is None:
            summaries = self.programs.list()
            if not summaries:
                raise DatabaseError(f"У базі «{self.path}» ще немає жодної програми")
            if len(summaries) > 1:
                ids = ", ".join(str(summary.id) for summary in summaries)
                raise DatabaseError(
                    f"У базі «{self.path}» кілька програм ({ids}): вкажіть, яку саме (--program ID)"
                )
            program_id = summaries[0].id
        return self.programs.load(program_id)

    def program_id(self, program_id: int | None = None) -> int:
        """The id of `program(program_id)`: that one, checked to exist, or the only one."""
        return stored_id(self.program(program_id))

    def program_by_code(self, code: str, source: str) -> Program:
        """The program a file refers to by its code (ProgramStore.by_code)."""
        return self.programs.by_code(code, source)

    def unit(self, code: str) -> ReportingUnit:
        """The reporting unit with `code` (or with that КАТОТТГ code), or an error."""
        found = self.units.find(code)
        if found is None:
            raise DatabaseError(
                f"Звітуючого органу «{code}» немає в довіднику бази «{self.path}» "
                "(див. ctb-desktop units --find НАЗВА)"
            )
        return found

    def own_unit(self, code: str | None = None) -> ReportingUnit:
        """The unit a command works for: the one given, or this database's own."""
        code = code or self.config.unit
        if not code:
            raise DatabaseError(
                "Не вказано звітуючий орган: додайте --unit КОД або оберіть власний орган "
                "цієї бази (ctb-desktop config unit КОД)"
            )
        return self.unit(code)

    # ------------------------------------------------------------------ changes

    def backup(self, reason: str = "before-import") -> Path | None:
        """The copy taken before an operation changes data (storage/backup.py)."""
        return backup_before(self.db, reason)

    # ------------------------------------------------------------------ closing

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
