"""What the first stage of an import makes of a file: every table as a rectangular grid
of raw cells, with merges kept as flags, whether it came from a .docx or an .xlsx.

Nothing here interprets or cleans text; later stages do. The grid only guarantees the
shape of the table the clerk sees.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ctb_desktop.domain.wording import COLUMNS, ROWS, count
from ctb_desktop.importers.errors import ImportFileError

# Word allows 63 columns; official tables have a few thousand rows. A grid bigger than
# this comes from a stray cell far away or a forged span, and would only eat memory.
MAX_TABLE_CELLS = 1_000_000


@dataclass(frozen=True)
class RawCell:
    """One grid cell as stored. Merged cells are kept as flags, not resolved, because
    whether a merge means "same task" or "a heading over columns" is the caller's call."""

    text: str
    from_above: bool = False
    from_left: bool = False

    def __post_init__(self) -> None:
        # One spelling of every letter: a «й» or «ї» pasted as a letter and a combining
        # mark (decomposed) becomes the one character, so it matches and prints whole.
        object.__setattr__(self, "text", unicodedata.normalize("NFC", self.text))


EMPTY = RawCell("")
LEFT = RawCell("", from_left=True)
ABOVE = RawCell("", from_above=True)
ABOVE_LEFT = RawCell("", from_above=True, from_left=True)


@dataclass
class RawTable:
    """Rows of equal length, one cell per grid column, so columns line up by index."""

    rows: list[list[RawCell]]
    where: str
    # Cells that showed an Excel error (#DIV/0!, #REF!…), read as empty: the caller may
    # warn that a number is missing rather than silently take it as blank.
    error_cells: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    @property
    def errors(self) -> int:
        return len(self.error_cells)


@dataclass
class RawDocument:
    """Every table of a file in order; a Word document's paragraphs outside them."""

    path: Path
    tables: list[RawTable]
    paragraphs: list[str]


def merged(from_above: bool, from_left: bool) -> RawCell:
    """The empty cell that continues a merge from above, from the left or both."""
    if from_above:
        return ABOVE_LEFT if from_left else ABOVE
    return LEFT


def check_size(path: Path, where: str, rows: int, columns: int) -> None:
    """Refuse a grid too big to be a real table before memory is spent on it."""
    if rows * columns > MAX_TABLE_CELLS:
        raise ImportFileError(
            path,
            f"Файл «{path.name}», {where}: забагато клітинок ({count(rows, ROWS)} × "
            f"{count(columns, COLUMNS)}). Перевірте, чи немає далеко за таблицею випадкових "
            "значень або об'єднаних клітинок.",
        )
