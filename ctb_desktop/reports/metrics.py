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
from itertools import repeat
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
    if len(text) <= _SHORT:
        return round(_short_ems(text, bold) * size * 20)
    return _long_width(text, size, bold)


def _ems(text: str, bold: bool) -> float:
    # map() rather than a generator: the same additions in the same order, 5× faster.
    return sum(map(_widths(bold).get, text, repeat(_fallback(bold))))


def words(text: str) -> list[str]:
    """The pieces a line can break between (a hyphenated word breaks after its hyphen)."""
    return [word for word in _BREAKS.split(text) if word]


def widest_word(text: str, size: float, *, bold: bool = False) -> int:
    if len(text) <= _SHORT:
        return _widest_short(text, size, bold)
    # Words never span a line end: the widest is the widest of the paragraphs'.
    return max(_paragraph_widest(paragraph, size, bold) for paragraph in text.split("\n"))


def _widest(text: str, size: float, bold: bool) -> int:
    return max((text_width(word, size, bold=bold) for word in words(text)), default=0)


def line_count(text: str, width: int, size: float, *, bold: bool = False) -> int:
    """Lines `text` fills in a column `width` twips wide, wrapping as Word does: whole
    words while they fit, a word wider than the column broken where it must."""
    if len(text) <= _SHORT:
        return _short_line_count(text, width, size, bold)
    if width < 1:  # _line_count widens such a column as it goes
        return _line_count(text, width, size, bold)
    # Every paragraph starts a line of its own: their counts add up.
    return sum(_paragraph_lines(paragraph, width, size, bold) for paragraph in text.split("\n"))


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
# consolidated report measured 24 million characters): each is measured once. A long
# text (a measure's status with every unit's paragraphs) is measured a paragraph at a
# time, and the paragraphs are kept while a report is made: units' names and stock
# phrases repeat from measure to measure (forget_paragraphs drops them after).
_SHORT = 64
_short_ems = lru_cache(maxsize=1 << 16)(_ems)
_widest_short = lru_cache(maxsize=1 << 16)(_widest)
_short_line_count = lru_cache(maxsize=1 << 16)(_line_count)
_paragraph_widest = lru_cache(maxsize=1 << 12)(_widest)
_paragraph_lines = lru_cache(maxsize=1 << 12)(_line_count)


def forget_paragraphs() -> None:
    """Drop the long texts' paragraphs kept: a report's may be megabytes, of no use
    to the next report."""
    for kept in (_paragraph_widest, _paragraph_lines, _paragraph_units):
        kept.cache_clear()


# The table's widths have five decimals: as integers of this many per em they add up
# exactly, in any order.
_SCALE = 100_000
# A float sum of n positive widths, scaled to twips, is off by at most (n + 5) × 2**-53
# of itself; twice that, to be safe.
_ROUNDING = 2 * 2.0**-53


@cache
def _units(bold: bool) -> tuple[dict[str, int], int] | None:
    """The table in integer units, or None when a width has more than five decimals."""
    widths = _widths(bold)
    units = {character: round(width * _SCALE) for character, width in widths.items()}
    fallback = round(_fallback(bold) * _SCALE)
    if any(units[character] / _SCALE != width for character, width in widths.items()):
        return None
    if fallback / _SCALE != _fallback(bold):
        return None
    return units, fallback


@lru_cache(maxsize=1 << 12)
def _paragraph_units(paragraph: str, bold: bool) -> int:
    units, fallback = _units(bold) or ({}, 0)
    return sum(map(units.get, paragraph, repeat(fallback)))


def _long_width(text: str, size: float, bold: bool) -> int:
    """text_width of a long text, the same as summing its characters' widths one by
    one: its paragraphs' widths (kept, see above) added up exactly, which rounds the
    same way as the float sum unless that sum's error could reach a half twip; only
    then are the characters summed again as floats."""
    table = _units(bold)
    if table is not None:
        paragraphs = text.split("\n")
        total = sum(_paragraph_units(paragraph, bold) for paragraph in paragraphs)
        total += (len(paragraphs) - 1) * table[1]  # a line end is measured as the fallback
        twips = total * size * 20 / _SCALE
        nearest = round(twips)
        if abs(twips - nearest) < 0.5 - _ROUNDING * (len(text) + 8) * twips:
            return nearest
    return round(_ems(text, bold) * size * 20)


def line_height(size: float) -> int:
    """One line of text at `size` points, in twips."""
    return round(size * LINE_HEIGHT * 20)
