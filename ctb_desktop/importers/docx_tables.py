"""The tables of a Word document (.docx) as grids: read from its XML by w:tblGrid and
w:gridSpan, through content controls and tracked changes as Word shows them.

The XML is parsed as it is unpacked, each piece checked by archive.py for a DTD before
the parser sees it, with python-docx's parser settings, which neither resolve entities
nor reach the network.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from ctb_desktop.importers.archive import (
    DOCX_MAIN,
    UNPACKING_ERRORS,
    corrupted,
    dtd_message,
    open_entry,
)
from ctb_desktop.importers.errors import ImportFileError
from ctb_desktop.importers.grid import (
    ABOVE,
    ABOVE_LEFT,
    EMPTY,
    LEFT,
    RawCell,
    RawDocument,
    RawTable,
    check_size,
)

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def _w(tag: str) -> str:
    return f"{{{_W_NS}}}{tag}"


_DOCUMENT, _BODY, _P, _R, _TBL, _TR, _TC = map(
    _w, ("document", "body", "p", "r", "tbl", "tr", "tc")
)
_SDT, _SDT_CONTENT, _CUSTOM_XML = map(_w, ("sdt", "sdtContent", "customXml"))
_WRAPPERS = frozenset((_SDT, _SDT_CONTENT, _CUSTOM_XML))
_TBL_GRID, _GRID_COL, _TR_PR, _TC_PR = map(_w, ("tblGrid", "gridCol", "trPr", "tcPr"))
_GRID_BEFORE, _GRID_AFTER, _GRID_SPAN = map(_w, ("gridBefore", "gridAfter", "gridSpan"))
_V_MERGE, _H_MERGE, _DEL, _VAL = map(_w, ("vMerge", "hMerge", "del", "val"))
# Containers inside a paragraph whose runs are shown as text; w:del and w:moveFrom
# (tracked deletions) are not among them, nor drawings, whose text boxes float apart.
_RUN_CONTAINERS = frozenset(
    map(_w, ("hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "customXml", "dir", "bdo"))
)
_RUN_TEXT = {_w("tab"): "\t", _w("ptab"): "\t", _w("br"): "\n", _w("cr"): "\n"}
_RUN_TEXT[_w("noBreakHyphen")] = "-"
_T = _w("t")
_ROW_MARKS = frozenset((_DEL, _GRID_BEFORE, _GRID_AFTER))
_CELL = (_TC,)
# What a cell holds besides paragraphs and its properties that makes it read the long way.
_CELL_WRAPPERS = frozenset((_SDT, _CUSTOM_XML, _TBL))


def read_docx(path: Path, archive: zipfile.ZipFile) -> RawDocument:
    """The tables and the paragraphs outside them, read as a stream: each row of a
    table is read and dropped at once, so a document of 100,000 rows never becomes a
    tree of millions of XML elements in memory.

    Only rows, tables and the body are waited for: a paragraph's own end is not, as
    nearly all paragraphs are in cells and read with their row. The body's paragraphs
    are read when a table after them ends, and the rest when the body ends."""
    reader = _Reader(path)
    # Unpacked as it is parsed, never whole in memory (a hundred megabytes for 100,000
    # rows), each piece checked for a DTD first; python-docx's parser settings: no
    # entities resolved, no network.
    with open_entry(path, archive, DOCX_MAIN) as xml:
        events = etree.iterparse(
            xml,
            events=("end",),
            tag=(_TR, _TBL, _BODY),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            remove_blank_text=True,
        )
        try:
            for _, element in events:
                reader.take(element)
        except (etree.XMLSyntaxError, *UNPACKING_ERRORS) as error:
            raise ImportFileError(path, corrupted(path)) from error
    root = events.root
    if root.getroottree().docinfo.doctype:
        raise ImportFileError(path, dtd_message(path, DOCX_MAIN))
    if root.tag != _DOCUMENT:
        if root.tag.startswith(f"{{{_W_STRICT_NS}}}"):
            raise ImportFileError(
                path,
                f"Файл «{path.name}» збережений у форматі «Strict Open XML». Відкрийте його "
                "у Word і збережіть як звичайний «Документ Word (.docx)».",
            )
        raise ImportFileError(path, corrupted(path))
    return RawDocument(path, reader.tables, reader.paragraphs)


def _container(element):
    """The element's parent, looking through content controls and custom XML."""
    parent = element.getparent()
    while parent is not None and parent.tag in _WRAPPERS:
        parent = parent.getparent()
    return parent


def _on_body(element) -> bool:
    """Whether the element is a block of the document's body, not of a table cell."""
    body = _container(element)
    return body is not None and body.tag == _BODY and _is_body(body)


def _is_body(element) -> bool:
    """Whether the element is the document's body: a child of the root."""
    root = element.getparent()
    return root is not None and root.getparent() is None


def _drop_read(element) -> None:
    """Free what is read: the element's content and everything before it."""
    element.clear()
    while element.getprevious() is not None:
        del element.getparent()[0]


def _body_paragraphs(container) -> Iterator:
    """The paragraphs among `container`'s children, looking through content controls
    and custom XML: the blocks `_on_body` accepts."""
    for child in container:
        if child.tag == _P:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _body_paragraphs(child)


class _Reader:
    """The document's blocks in order as their elements end: paragraphs on the body,
    rows of the tables on the body (nested tables are read as their cells' text)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tables: list[RawTable] = []
        self.paragraphs: list[str] = []
        self.table = None  # the w:tbl being read
        self.width = 0
        self.shapes: list[tuple[int, list[_CellSpec]]] = []

    def take(self, element) -> None:
        if element.tag == _TR:
            table = _container(element)
            # The table being read was found on the body at its first row.
            if table is self.table or (table is not None and table.tag == _TBL and _on_body(table)):
                self.row(table, element)
        elif element.tag == _TBL:
            if _on_body(element):
                self.read_before(element)
                self.row_table(element)
                # A text repeated down the table (a term, an executor) is one cell object.
                cells: dict[str, RawCell] = {"": EMPTY}
                rows = [
                    _grid_row(before, specs, self.width, cells) for before, specs in self.shapes
                ]
                self.tables.append(RawTable(rows, self.where))
                self.table, self.shapes = None, []
                _drop_read(element)
        elif _is_body(element):
            self.paragraphs_in(element)
            element.clear()

    def read_before(self, table) -> None:
        """Read and drop the body's paragraphs before `table`, outermost first: those
        beside the content controls it is wrapped in come before those inside."""
        path = [table]
        while path[-1].getparent().tag != _BODY:
            path.append(path[-1].getparent())
        for block in reversed(path):
            parent = block.getparent()
            while (first := parent[0]) is not block:
                self.paragraphs_in(first, itself=True)
                parent.remove(first)

    def paragraphs_in(self, block, *, itself: bool = False) -> None:
        """Keep the text of the body's paragraphs in `block` (or `block` itself)."""
        if itself and block.tag == _P:
            found: Iterator = iter((block,))
        elif itself and block.tag not in _WRAPPERS:
            return
        else:
            found = _body_paragraphs(block)
        for paragraph in found:
            text = _paragraph_text(paragraph)
            if text.strip():
                self.paragraphs.append(text)

    @property
    def where(self) -> str:
        return f"таблиця {len(self.tables) + 1}"

    def row_table(self, table) -> None:
        """Start reading `table` at its first row: its width from w:tblGrid."""
        if self.table is not table:
            grid = table.find(_TBL_GRID)
            self.table, self.shapes = table, []
            self.width = len(grid.findall(_GRID_COL)) if grid is not None else 0

    def row(self, table, tr) -> None:
        """One row's shape and cell texts, checked against the size limit at once, so a
        forged span is refused before memory is spent on it."""
        self.row_table(table)
        properties = {
            item.tag: item
            for child in tr.iterchildren(_TR_PR)
            for item in child
            if item.tag in _ROW_MARKS
        }
        if _DEL not in properties:  # not a row deleted with tracked changes on
            before = _int_val(properties.get(_GRID_BEFORE), 0)
            after = _int_val(properties.get(_GRID_AFTER), 0)
            first_row = not self.shapes
            specs = [_cell_spec(tc, first_row) for tc in _unwrapped(tr, _CELL)]
            self.shapes.append((before, specs))
            self.width = max(self.width, before + sum(spec.span for spec in specs) + after)
            check_size(self.path, self.where, len(self.shapes), self.width)
        _drop_read(tr)


def _cell_spec(tc, first_row: bool) -> _CellSpec:
    """A cell's span, merges and text in one walk over its children. Children are walked
    rather than found: lxml's find() parses its path in Python, which a table of
    100,000 rows pays for millions of times; a cell of plain paragraphs (nearly all) is
    read without the generators its wrapped or nested content needs."""
    span, vertical, horizontal = 1, None, None
    properties = None
    paragraphs = []
    plain = True
    for child in tc:
        tag = child.tag
        if tag == _P:
            paragraphs.append(child)
        elif tag == _TC_PR:
            if properties is None:  # the first w:tcPr counts, as in Word
                properties = child
                for item in child:
                    if item.tag == _GRID_SPAN:
                        span = max(1, _int_val(item, 1))
                    elif item.tag == _V_MERGE:
                        vertical = item
                    elif item.tag == _H_MERGE:
                        horizontal = item
        elif tag in _CELL_WRAPPERS:
            plain = False
    from_above = not first_row and _continues(vertical)
    # The text under a vertical merge is not shown, so it is not read either.
    if from_above:
        text = ""
    elif plain:
        text = "\n".join([_paragraph_text(p) for p in paragraphs])
    else:
        text = _cell_text(tc)
    return _CellSpec(text, span, from_above, _continues(horizontal))


def _grid_row(
    before: int, specs: list[_CellSpec], width: int, cells: dict[str, RawCell]
) -> list[RawCell]:
    row = [EMPTY] * before
    for spec in specs:
        if spec.from_above:
            row.append(ABOVE_LEFT if spec.from_left and row else ABOVE)
        elif spec.from_left and row:
            row.append(LEFT)
        else:
            cell = cells.get(spec.text)
            if cell is None:
                cell = cells[spec.text] = RawCell(spec.text)
            row.append(cell)
        row.extend([ABOVE_LEFT if spec.from_above else LEFT] * (spec.span - 1))
    row.extend([EMPTY] * (width - len(row)))
    return row


def _unwrapped(element, tags: tuple[str, ...]) -> Iterator:
    """Children with one of `tags`, looking through content controls and custom XML,
    which Word wraps around paragraphs, tables, rows and cells alike."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _unwrapped(content, tags)
        elif child.tag == _CUSTOM_XML:
            yield from _unwrapped(child, tags)


def _blocks(container) -> Iterator:
    return _unwrapped(container, (_P, _TBL))


def _paragraph_text(paragraph) -> str:
    parts: list[str] = []
    _collect_runs(paragraph, parts)
    return "".join(parts)


def _collect_runs(container, parts: list[str]) -> None:
    for child in container:
        tag = child.tag
        if tag == _R:
            for item in child:
                if item.tag == _T:
                    parts.append(item.text or "")
                elif item.tag in _RUN_TEXT:
                    parts.append(_RUN_TEXT[item.tag])
        elif tag in _RUN_CONTAINERS:
            _collect_runs(child, parts)
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _collect_runs(content, parts)


def _cell_text(tc) -> str:
    """Paragraphs joined by line breaks; a table nested in the cell is read as its
    paragraphs, so no text is lost though its layout is."""
    return "\n".join(_paragraph_text(p) for p in _cell_paragraphs(tc))


def _cell_paragraphs(container) -> Iterator:
    for block in _blocks(container):
        if block.tag == _P:
            yield block
        else:
            for row in _unwrapped(block, (_TR,)):
                for cell in _unwrapped(row, (_TC,)):
                    yield from _cell_paragraphs(cell)


def _int_val(element, default: int) -> int:
    if element is None:
        return default
    try:
        return max(0, int(element.get(_VAL, default)))
    except ValueError:
        return default


class _CellSpec(NamedTuple):
    """A cell as read from its row (a tuple: a table holds one for each of its cells
    until its width is known)."""

    text: str
    span: int
    from_above: bool
    from_left: bool


def _continues(merge) -> bool:
    """w:vMerge / w:hMerge without a value, or "continue", carries on a merge."""
    return merge is not None and merge.get(_VAL, "continue") == "continue"
