"""A data sheet of the workbook read back (workbook_import.py): its columns found by
their header titles, so the clerk may reorder, hide or add columns, and its rows with
the numbers Excel shows, for messages naming the cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ctb_desktop.domain.wording import ROWS, count
from ctb_desktop.domain.workbook_layout import FORMER_HEADERS, READ_BACK, column_letter
from ctb_desktop.importers.errors import ImportFileError
from ctb_desktop.importers.structure import ImportWarning

# Columns shown for reading; not imported, and not missed when deleted.
_INFO_HEADERS = (
    "Завдання",
    "№ заходу",
    "Захід",
    "Код органу",
    "Орган",
    "Показник",
    "Заплановано на рік",
    "№ рядка",
)
_HEADER_WIDTH = 100  # header cells read; columns further right are ignored
# Rows with data per sheet. A district's workbook has hundreds; the national program
# made 50× larger with 26 units' reports has about 160,000 financing rows, and Excel
# itself holds at most 1,048,576 rows a sheet. The file's size limits (archive.py) bound
# the work as well.
MAX_ROWS = 500_000


def missing_sheet(path: Path, workbook, name: str) -> ImportFileError:
    present = ", ".join(f"«{title}»" for title in workbook.sheetnames)
    return ImportFileError(
        path,
        f"Файл «{path.name}»: у книзі немає аркуша «{name}» (є {present}). Імпортувати можна "
        "книгу, вивантажену ctb-desktop, не перейменовуючи і не видаляючи її аркушів.",
    )


class Sheet:
    """A data sheet: its columns found by header title, its rows with their numbers."""

    def __init__(self, path: Path, workbook, name: str, warnings: list[ImportWarning]) -> None:
        if name not in workbook.sheetnames:
            raise missing_sheet(path, workbook, name)
        self.path = path
        self.name = name
        self.sheet = workbook[name]
        self.sheet.reset_dimensions()  # trust the rows in the file, not its <dimension>
        header = next(self.sheet.iter_rows(min_row=1, max_row=1, max_col=_HEADER_WIDTH), ())
        self.columns: dict[str, int] = {}
        unknown: list[tuple[str, str]] = []
        required = READ_BACK[name]
        for index, cell in enumerate(header):
            title = cell.value
            if title is None or (isinstance(title, str) and not title.strip()):
                continue
            title = " ".join(str(title).split())
            # A workbook exported before a column was renamed reads as it did.
            title = FORMER_HEADERS.get(title, title)
            letter = column_letter(index + 1)
            if title in self.columns:
                raise self.error(1, index, f"стовпець «{title}» повторюється. Залиште лише один.")
            if title in required or title in _INFO_HEADERS:
                self.columns[title] = index
            else:
                unknown.append((letter, title))
        missing = [title for title in required if title not in self.columns]
        if missing:
            guesses = "; ".join(f"у клітинці {letter}1 — «{title}»" for letter, title in unknown)
            hint = f" Можливо, його перейменовано ({guesses})." if guesses else ""
            raise ImportFileError(
                path,
                f"Файл «{path.name}», аркуш «{name}», рядок заголовків: немає стовпця "
                f"«{missing[0]}».{hint} Поверніть заголовку назву, з якою книгу вивантажено.",
            )
        for letter, title in unknown:
            warnings.append(
                ImportWarning(
                    f"аркуш «{name}», клітинка {letter}1", f"стовпець «{title}» не імпортується"
                )
            )
        self.width = max(self.columns.values()) + 1

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row number, {header: cell}) for every row with something in a read column."""
        read = [(title, index) for title, index in self.columns.items()]
        with_data = 0
        for number, row in enumerate(self.sheet.iter_rows(min_row=2, max_col=self.width), start=2):
            cells = {title: row[index] for title, index in read}
            if all(blank(cell.value) for cell in cells.values()):
                continue
            with_data += 1
            if with_data > MAX_ROWS:
                raise ImportFileError(
                    self.path,
                    f"Файл «{self.path.name}», аркуш «{self.name}»: понад "
                    f"{count(MAX_ROWS, ROWS)}. Перевірте, чи не вставлено зайвих даних нижче "
                    "таблиці.",
                )
            yield number, cells

    def error(self, row: int, column: int, problem: str) -> ImportFileError:
        coordinate = f"{column_letter(column + 1)}{row}"
        return ImportFileError(
            self.path,
            f"Файл «{self.path.name}», аркуш «{self.name}», клітинка {coordinate}: {problem}",
        )

    def cell_error(self, row: int, title: str, problem: str) -> ImportFileError:
        return self.error(row, self.columns[title], problem)

    def where(self, row: int, title: str | None = None) -> str:
        if title is None:
            return f"аркуш «{self.name}», рядок {row}"
        return f"аркуш «{self.name}», клітинка {column_letter(self.columns[title] + 1)}{row}"


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
