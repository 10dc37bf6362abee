"""Column widths from what the columns hold.

Every column gets at least its widest word (in the font's metrics, with the cell's
margins), so no word breaks inside a column; the rest of the page width goes to the
columns in proportion to how much text they hold, which evens out the heights of
the cells in a row. A column of numbers keeps little more than its widest figure;
a column of status texts takes most of what is left. When even the widest words do
not fit together, every column shrinks in proportion (words then break, as they
would have anyway).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ctb_desktop.reports.metrics import text_width, widest_word

# tblCellMar in wordml.Table (57 twips each side) and a little for the borders and
# Word's rounding.
CELL_PADDING = 2 * 57 + 30
# A "word" wider than this (a web address, a long code) breaks wherever it must rather
# than widen its column: about 25 characters at 12 pt.
LONGEST_WORD = 3200


class SizedCell(Protocol):
    text: str
    span: int
    bold: bool
    merge_up: bool


def fit(
    rows: Sequence[tuple[Sequence[SizedCell], float, bool]], columns: int, total: int
) -> list[int]:
    """Widths in twips summing to `total`. `rows` are (cells, font size in points,
    whether the whole row is bold)."""
    minimum = [CELL_PADDING] * columns
    area = [0] * columns
    # Names, sources, codes and amounts repeat over thousands of rows: each distinct
    # text is measured once.
    measured: dict[tuple[str, float, bool], tuple[int, int]] = {}
    for cells, size, bold_row in rows:
        column = 0
        for cell in cells:
            if cell.span == 1 and not cell.merge_up and cell.text:
                key = (cell.text, size, bold_row or cell.bold)
                sizes = measured.get(key)
                if sizes is None:
                    widest = widest_word(cell.text, size, bold=key[2])
                    sizes = measured[key] = (
                        min(widest, LONGEST_WORD) + CELL_PADDING,
                        text_width(cell.text, size, bold=key[2]),
                    )
                needed, width = sizes
                minimum[column] = max(minimum[column], needed)
                area[column] += width
            column += cell.span
    spare = total - sum(minimum)
    if spare <= 0:
        return scaled(minimum, total)
    everything = sum(area) or 1
    return _to_total(
        [width + spare * share / everything for width, share in zip(minimum, area, strict=True)],
        total,
    )


def scaled(weights: Sequence[float], total: int) -> list[int]:
    """`weights` scaled to add up to `total` twips (a template's relative widths)."""
    whole = sum(weights)
    return _to_total([total * weight / whole for weight in weights], total)


def _to_total(widths: Sequence[float], total: int) -> list[int]:
    rounded = [int(width) for width in widths]
    rounded[-1] += total - sum(rounded)
    return rounded
