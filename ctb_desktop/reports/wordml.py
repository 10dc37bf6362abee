"""WordprocessingML for report tables and paragraphs, written as text and parsed once.

python-docx's table API looks cells up by index and merges them one by one, which is
quadratic in the size of a table; official reports have thousands of cells. Here a
table is a list of rows of `Cell`s, vertical merges are resolved in one pass, and
the XML is joined into one string that lxml parses in one go.

Paragraph styles are referred to by id; the templates define them (see template.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ctb_desktop.reports.columns import fit, scaled
from ctb_desktop.reports.metrics import line_count, line_height
from ctb_desktop.reports.page import Page

W = nsdecls("w")

# Paragraph style ids the templates must define.
TABLE_TEXT = "CtbTableText"
TABLE_HEADER = "CtbTableHeader"
SECTION = "CtbSection"
BODY = "CtbBody"

# Font sizes of the table styles (template_defaults.py), for measuring text.
TEXT_SIZE, HEADER_SIZE = 12, 9
# A row taller than this share of the page's room for rows may break across pages;
# shorter rows move whole. A row that moves leaves at most this much of a page empty,
# so no page but a section's last is more than 40 % empty.
SPLIT_SHARE = 0.35
# Every run says it is Ukrainian, so Word checks its spelling as such.
RUN_LANGUAGE = '<w:lang w:val="uk-UA" w:eastAsia="uk-UA"/>'
_CELL_MARGIN = 57
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell. `merge_up` continues the vertical merge of the cell above it
    (same grid column and span); `span` is a horizontal merge over grid columns."""

    text: str = ""
    span: int = 1
    bold: bool = False
    align: str | None = None
    merge_up: bool = False
    style: str = TABLE_TEXT


MERGE_UP = Cell(merge_up=True)


def merge_up(span: int = 1) -> Cell:
    return MERGE_UP if span == 1 else Cell(span=span, merge_up=True)


@dataclass(slots=True)
class Row:
    cells: Sequence[Cell]
    header: bool = False
    keep_with_next: bool = False


def _text(text: str) -> str:
    # A carriage return becomes a line feed, as an XML parser reads it (the text is
    # spliced into the document unparsed).
    text = unicodedata.normalize("NFC", text.replace("\t", " ").replace("\r", "\n"))
    return escape(_INVALID_XML.sub("", text))


def paragraph_xml(
    text: str,
    style: str = BODY,
    *,
    bold: bool = False,
    align: str | None = None,
    keep_with_next: bool = False,
) -> str:
    """One paragraph per line of `text`, so multi-paragraph status texts stay paragraphs."""
    properties = f'<w:pStyle w:val="{style}"/>'
    if keep_with_next:
        properties += "<w:keepNext/>"
    if align:
        properties += f'<w:jc w:val="{_ALIGN[align]}"/>'
    run_properties = f"<w:rPr>{'<w:b/>' if bold else ''}{RUN_LANGUAGE}</w:rPr>"
    paragraphs = []
    for line in text.split("\n"):
        run = ""
        if line:
            escaped = _text(line)
            run = (
                f'<w:r>{run_properties}<w:t xml:space="preserve">{escaped}</w:t></w:r>'
                if escaped
                else f'<w:r>{run_properties}<w:t xml:space="preserve"/></w:r>'
            )
        paragraphs.append(f"<w:p><w:pPr>{properties}</w:pPr>{run}</w:p>")
    return "".join(paragraphs)


class Table:
    """A table with fixed column widths (twentieths of a point) and explicit borders,
    so it looks the same whatever the template's table styles are.

    `widths` are the columns' widths, or how many columns there are: then `name`
    looks the widths up among the template's ({{columns NAME: …}}, page.py) or they
    follow the content (columns.py), filling `page`'s width."""

    def __init__(self, widths: Sequence[int] | int, *, name: str = "", page: Page | None = None):
        self.page = page or Page()
        self.name = name
        self.columns = widths if isinstance(widths, int) else len(widths)
        self._widths = None if isinstance(widths, int) else list(widths)
        self.rows: list[Row] = []

    @property
    def widths(self) -> list[int]:
        if self._widths is None:
            weights = self.page.columns.get(self.name)
            if weights is not None and len(weights) == self.columns:
                self._widths = scaled(weights, self.page.width)
            else:
                sized = [(row.cells, _size(row), row.header) for row in self.rows]
                self._widths = fit(sized, self.columns, self.page.width)
        return self._widths

    def add(self, cells: Sequence[Cell | str], *, header: bool = False) -> None:
        row = [Cell(cell) if isinstance(cell, str) else cell for cell in cells]
        if sum(cell.span for cell in row) != self.columns:
            raise ValueError(f"row spans {sum(c.span for c in row)} of {self.columns} columns")
        self.rows.append(Row(row, header=header))

    def keep_last_rows_with_next(self, count: int = 1) -> None:
        """Keep the table's end on the page with what follows (the signature)."""
        for row in self.rows[-count:]:
            row.keep_with_next = True

    def keep_together(self, count: int) -> None:
        """Keep the last `count` rows on one page (a sub-total block with its label)."""
        for row in self.rows[-count:-1]:
            row.keep_with_next = True

    def _merge_states(self) -> list[list[str | None]]:
        """For every cell: "restart", "continue" or None, in one pass over the rows."""
        states: list[list[str | None]] = []
        above: dict[int, tuple[int, int]] = {}
        for row_index, row in enumerate(self.rows):
            row_states: list[str | None] = []
            current: dict[int, tuple[int, int]] = {}
            column = 0
            for cell_index, cell in enumerate(row.cells):
                state = None
                if cell.merge_up:
                    if column not in above:
                        raise ValueError(f"row {row_index}: nothing above column {column} to merge")
                    state = "continue"
                    above_row, above_cell = above[column]
                    if states[above_row][above_cell] is None:
                        states[above_row][above_cell] = "restart"
                    current[column] = above[column]
                else:
                    current[column] = (row_index, cell_index)
                row_states.append(state)
                column += cell.span
            states.append(row_states)
            above = current
        return states

    def _row_heights(self, merges: Sequence[Sequence[str | None]]) -> list[int]:
        """Each row's height in twips as its tallest cell sets it; a merged cell's text
        spreads over its rows and does not count. A text is measured once per column
        width and weight: the same names, sources and amounts fill thousands of cells."""
        spans = self._span_widths()
        measured: dict[tuple[str, int, float, bool], int] = {}
        heights = []
        for row, states in zip(self.rows, merges, strict=True):
            size = _size(row)
            one = line_height(size)
            lines, column = 1, 0
            for cell, state in zip(row.cells, states, strict=True):
                if state is None:
                    key = (cell.text, spans[column, cell.span] - 2 * _CELL_MARGIN, size,
                           cell.bold or row.header)  # fmt: skip
                    count = measured.get(key)
                    if count is None:
                        count = measured[key] = line_count(key[0], key[1], size, bold=key[3])
                    lines = max(lines, count)
                column += cell.span
            heights.append(max(one, lines * one))
        return heights

    def _span_widths(self) -> dict[tuple[int, int], int]:
        """The width of every run of columns a cell may span, by (first column, span)."""
        widths = self.widths
        return {
            (column, span): sum(widths[column : column + span])
            for column in range(len(widths))
            for span in range(1, len(widths) - column + 1)
        }

    def xml(self) -> str:
        return "".join(self.xml_chunks())

    def xml_chunks(self, *, declare: bool = True) -> Iterator[str]:
        """The table's XML a row at a time; without `declare` the w: prefix is left to
        the document it goes into."""
        width = sum(self.widths)
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in self.widths)
        borders = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        yield (f"<w:tbl {W}>" if declare else "<w:tbl>") + (
            f'<w:tblPr><w:tblW w:w="{width}" w:type="dxa"/>'
            f"<w:tblBorders>{borders}</w:tblBorders>"
            '<w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:left w:w="{_CELL_MARGIN}" w:type="dxa"/>'
            f'<w:right w:w="{_CELL_MARGIN}" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>"
            f"<w:tblGrid>{grid}</w:tblGrid>"
        )
        widths = self._span_widths()
        # Cell properties and cells of short text (numbers, dashes, sources, names)
        # repeat thousands of times: made once each.
        cell_starts: dict[tuple[int, int, str | None], str] = {}
        short: dict[tuple, str] = {}
        merges = self._merge_states()
        heights = self._row_heights(merges)
        headers = sum(height for row, height in zip(self.rows, heights, strict=True) if row.header)
        whole = SPLIT_SHARE * (self.page.height - headers)
        for row, states, height in zip(self.rows, merges, heights, strict=True):
            row_properties = ""
            if row.header:
                # Word's order in trPr: cantSplit before tblHeader.
                row_properties += "<w:cantSplit/><w:tblHeader/>"
            elif height <= whole:
                row_properties += "<w:cantSplit/>"
            parts = [
                f"<w:tr><w:trPr>{row_properties}</w:trPr>" if row_properties else "<w:tr><w:trPr/>"
            ]
            keep = row.keep_with_next or row.header
            column = 0
            for cell, state in zip(row.cells, states, strict=True):
                span = cell.span
                text = "" if state == "continue" else cell.text
                style = TABLE_HEADER if row.header else cell.style
                key = (column, span, state, text, style, cell.bold, cell.align, keep)
                xml = short.get(key) if len(text) <= 32 else None
                if xml is None:
                    start = cell_starts.get((column, span, state))
                    if start is None:
                        start = cell_starts[column, span, state] = _cell_start(
                            widths[column, span], span, state
                        )
                    content = paragraph_xml(
                        text, style, bold=cell.bold, align=cell.align, keep_with_next=keep
                    )
                    xml = f"{start}{content}</w:tc>"
                    if len(text) <= 32:
                        short[key] = xml
                parts.append(xml)
                column += span
            parts.append("</w:tr>")
            yield "".join(parts)
        yield "</w:tbl>"

    def element(self):
        return parse_xml(self.xml())


def _cell_start(width: int, span: int, state: str | None) -> str:
    """A cell's opening and properties: its width, span and vertical merge."""
    properties = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        properties += f'<w:gridSpan w:val="{span}"/>'
    if state == "restart":
        properties += '<w:vMerge w:val="restart"/>'
    elif state == "continue":
        properties += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>"


class Fragment(Sequence):
    """Body content for a template's block: paragraphs (from paragraph_xml) and tables,
    kept as text. template.fill splices the text into the document as it is, a table a
    row at a time, so a report of thousands of rows is never a tree of elements; as a
    sequence it is the parsed elements."""

    def __init__(self, pieces: Sequence[str | Table]) -> None:
        self.pieces = list(pieces)
        self._elements: list | None = None

    def chunks(self) -> Iterator[str]:
        """The XML, without namespace declarations (the document has them)."""
        for piece in self.pieces:
            if isinstance(piece, Table):
                yield from piece.xml_chunks(declare=False)
            else:
                yield piece

    def _parsed(self) -> list:
        if self._elements is None:
            wrapper = parse_xml(f"<w:body {W}>{''.join(self.chunks())}</w:body>")
            self._elements = list(wrapper)
        return self._elements

    def __getitem__(self, index):
        return self._parsed()[index]

    def __len__(self) -> int:
        return len(self._parsed())


def _size(row: Row) -> float:
    return HEADER_SIZE if row.header else TEXT_SIZE


def paragraph_elements(xml: str) -> Fragment:
    """A run of paragraphs (from paragraph_xml) and tables as a template block."""
    return Fragment([xml])
