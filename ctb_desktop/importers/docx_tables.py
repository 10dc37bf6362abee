"""The tables of a Word document (.docx) as grids: read from its XML by w:tblGrid and
w:gridSpan, through content controls and tracked changes as Word shows them.

The XML is parsed only after archive.py has refused DTDs, with python-docx's parser,
which neither resolves entities nor reaches the network.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ctb_desktop.importers.archive import DOCX_MAIN, corrupted, dtd_message, read_entry, refuse_dtd
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


def read_docx(path: Path, archive: zipfile.ZipFile) -> RawDocument:
    # python-docx only when a document is read (the window and the command line start
    # without it).
    from docx.oxml.parser import parse_xml  # noqa: PLC0415

    xml = read_entry(path, archive, DOCX_MAIN)
    refuse_dtd(path, DOCX_MAIN, xml)
    try:
        # python-docx's parser: resolve_entities=False, no network, no huge trees.
        root = parse_xml(xml)
    except etree.XMLSyntaxError as error:
        raise ImportFileError(path, corrupted(path)) from error
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
    tables: list[RawTable] = []
    paragraphs: list[str] = []
    body = root.find(_BODY)
    for block in _blocks(body) if body is not None else ():
        if block.tag == _TBL:
            tables.append(_docx_table(path, block, f"таблиця {len(tables) + 1}"))
        else:
            text = _paragraph_text(block)
            if text.strip():
                paragraphs.append(text)
    return RawDocument(path, tables, paragraphs)


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


@dataclass
class _CellSpec:
    tc: object
    span: int
    from_above: bool
    from_left: bool


def _docx_table(path: Path, tbl, where: str) -> RawTable:
    """The grid by w:tblGrid and w:gridSpan, in two passes: first the shape, so a forged
    span is refused before memory is spent on it, then the cells."""
    grid = tbl.find(_TBL_GRID)
    width = len(grid.findall(_GRID_COL)) if grid is not None else 0
    shapes: list[tuple[int, list[_CellSpec], int]] = []
    for tr in _unwrapped(tbl, (_TR,)):
        properties = tr.find(_TR_PR)
        if properties is not None and properties.find(_DEL) is not None:
            continue  # a row deleted with tracked changes on
        before = _int_val(properties.find(_GRID_BEFORE) if properties is not None else None, 0)
        after = _int_val(properties.find(_GRID_AFTER) if properties is not None else None, 0)
        specs = []
        for tc in _unwrapped(tr, (_TC,)):
            tc_properties = tc.find(_TC_PR)
            span, vertical, horizontal = 1, None, None
            if tc_properties is not None:
                span = max(1, _int_val(tc_properties.find(_GRID_SPAN), 1))
                vertical = tc_properties.find(_V_MERGE)
                horizontal = tc_properties.find(_H_MERGE)
            specs.append(
                _CellSpec(
                    tc,
                    span,
                    from_above=bool(shapes) and _continues(vertical),
                    from_left=_continues(horizontal),
                )
            )
        shapes.append((before, specs, after))
        width = max(width, before + sum(spec.span for spec in specs) + after)
        check_size(path, where, len(shapes), width)
    rows = []
    for before, specs, _after in shapes:
        row = [EMPTY] * before
        for spec in specs:
            if spec.from_above:
                row.append(ABOVE_LEFT if spec.from_left and row else ABOVE)
            elif spec.from_left and row:
                row.append(LEFT)
            else:
                row.append(RawCell(_cell_text(spec.tc)))
            row.extend([ABOVE_LEFT if spec.from_above else LEFT] * (spec.span - 1))
        row.extend([EMPTY] * (width - len(row)))
        rows.append(row)
    return RawTable(rows, where)


def _continues(merge) -> bool:
    """w:vMerge / w:hMerge without a value, or "continue", carries on a merge."""
    return merge is not None and merge.get(_VAL, "continue") == "continue"
