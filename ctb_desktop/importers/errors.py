"""The importers' errors. They are typed so that a caller decides by the kind of
failure, never by the words of its message, which are for the clerk."""

from __future__ import annotations

from pathlib import Path

from ctb_desktop.domain.errors import UserError


class ImportFileError(UserError):
    """A file that cannot be imported; the message names it and says what to do."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(problem)
        self.path = path


class StructureImportError(UserError):
    """The structure cannot be imported as asked; the message says why."""


class ColumnsNotRecognisedError(StructureImportError):
    """No table of the file is a measures table by its column headers: the clerk may
    say which column holds what (columns_from_names) and read the file again."""
