"""How wide text prints in the reports' font, Times New Roman, and how many lines it
takes in a column: what column widths and row heights are worked out from.

The advance widths come from resources/fonts/times-metrics.json, read once from
Liberation Serif (metric-compatible with Times New Roman by design) by
scripts/make_font_metrics.py, so the clerk's machine needs neither the font files
nor a font library. Widths are in twips (twentieths of a point), as WordprocessingML
measures columns.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path

from ctb_desktop.storage.datafiles import app_dir

METRICS_FILE = app_dir() / "resources" / "fonts" / "times-metrics.json"
FONT_FOLDER = Path("/usr/share/fonts/truetype/liberation")
FONT_FILES = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf"}
# What a report may print: ASCII, Latin-1 (« » NBSP), Cyrillic, dashes and quotes, №, ₴.
CHARACTERS = (
    "".join(
        chr(code)
        for first, last in ((0x20, 0x7E), (0xA0, 0xFF), (0x400, 0x4FF), (0x2010, 0x2044))
        for code in range(first, last + 1)
    )
    + "\u2116\u20b4"
)
# Single line spacing of Times New Roman: ascent and descent are 1.107 em, and Word
# rounds the line to about 1.15 em.
LINE_HEIGHT = 1.15
# Where a line may break: at a space, tab or line end (not a non-breaking space), or
# after a hyphen inside a word.
_BREAKS = re.compile(r"(?<=-)(?=\w)|[ \t\n]+")


def font_widths(style: str) -> dict[str, float]:
    """Advance widths (fractions of an em) of CHARACTERS in the installed Liberation
    Serif; needs fontTools (a test extra), used to make and check the shipped table."""
    from fontTools.ttLib import TTFont  # noqa: PLC0415 (only to regenerate the table)

    font = TTFont(FONT_FOLDER / FONT_FILES[style])
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    em = font["head"].unitsPerEm
    return {
        character: round(metrics[cmap[ord(character)]][0] / em, 5)
        for character in CHARACTERS
        if ord(character) in cmap
    }


@cache
def _widths(bold: bool) -> dict[str, float]:
    table = json.loads(METRICS_FILE.read_text(encoding="utf-8"))
    return dict(table["bold" if bold else "regular"])


@cache
def _fallback(bold: bool) -> float:
    """A character the table lacks is as wide as the widest Cyrillic capital: a word
    that holds one is never measured short."""
    widths = _widths(bold)
    return max(widths[chr(code)] for code in range(0x410, 0x430))


def text_width(text: str, size: float, *, bold: bool = False) -> int:
    """The width of `text` on one line, in twips, at `size` points."""
    ems = _short_ems(text, bold) if len(text) <= _SHORT else _ems(text, bold)
    return round(ems * size * 20)


def _ems(text: str, bold: bool) -> float:
    widths, fallback = _widths(bold), _fallback(bold)
    return sum(widths.get(character, fallback) for character in text)


def words(text: str) -> list[str]:
    """The pieces a line can break between (a hyphenated word breaks after its hyphen)."""
    return [word for word in _BREAKS.split(text) if word]


def widest_word(text: str, size: float, *, bold: bool = False) -> int:
    if len(text) <= _SHORT:
        return _widest_short(text, size, bold)
    return _widest(text, size, bold)


def _widest(text: str, size: float, bold: bool) -> int:
    return max((text_width(word, size, bold=bold) for word in words(text)), default=0)


def line_count(text: str, width: int, size: float, *, bold: bool = False) -> int:
    """Lines `text` fills in a column `width` twips wide, wrapping as Word does: whole
    words while they fit, a word wider than the column broken where it must."""
    if len(text) <= _SHORT:
        return _short_line_count(text, width, size, bold)
    return _line_count(text, width, size, bold)


def _line_count(text: str, width: int, size: float, bold: bool) -> int:
    space = text_width(" ", size, bold=bold)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in words(paragraph):
            word_width = text_width(word, size, bold=bold)
            needed = word_width if used == 0 else used + space + word_width
            if needed <= width:
                used = needed
                continue
            if used:
                lines += 1
            # A word wider than the column runs over as many lines as it needs.
            width = max(width, 1)
            extra = -(-word_width // width) - 1
            lines += extra
            used = word_width - extra * width
    return lines


# Words and short texts (amounts, numbers, names) fill most cells and repeat (a
# consolidated report measured 24 million characters): each is measured once. Long
# texts are not kept, so the caches stay small.
_SHORT = 64
_short_ems = lru_cache(maxsize=1 << 16)(_ems)
_widest_short = lru_cache(maxsize=1 << 16)(_widest)
_short_line_count = lru_cache(maxsize=1 << 16)(_line_count)


def line_height(size: float) -> int:
    """One line of text at `size` points, in twips."""
    return round(size * LINE_HEIGHT * 20)
