"""The kinds of file the app opens when given one (a double-click in Explorer,
«Відкрити за допомогою», `ctb-desktop ФАЙЛ`), told by the file's ending."""

from __future__ import annotations

from pathlib import PurePath

PACKAGE_SUFFIXES = (".ctbpkg",)
DATABASE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
IMPORT_SUFFIXES = (".docx", ".xlsx")
PACKAGE, DATABASE, IMPORT = "package", "database", "import"
_KINDS = ((PACKAGE, PACKAGE_SUFFIXES), (DATABASE, DATABASE_SUFFIXES), (IMPORT, IMPORT_SUFFIXES))


def kind_of(path: PurePath | str) -> str:
    """PACKAGE, DATABASE, IMPORT, or "" for a file the app does not open."""
    suffix = PurePath(path).suffix.casefold()
    return next((kind for kind, suffixes in _KINDS if suffix in suffixes), "")
