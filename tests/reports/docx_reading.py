"""Reading rendered .docx files back the way the tests need: cell by real cell
(merged continuations included, as empty), with row and merge flags."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.oxml.ns import qn

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")


def normalise(text: str) -> str:
    return " ".join(_BOOKMARK.sub("", text).split())


def open_docx(content: bytes):
    return Document(io.BytesIO(content))


def cell_text(tc) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))


def rows(table) -> list[list[str]]:
    return [[cell_text(tc) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def is_header(tr) -> bool:
    properties = tr.trPr
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


def cant_split(tr) -> bool:
    properties = tr.trPr
    return properties is not None and properties.find(qn("w:cantSplit")) is not None


def merge_state(tc) -> str | None:
    merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
    if merge is None:
        return None
    return merge.get(qn("w:val")) or "continue"


def span(tc) -> int:
    grid = tc.tcPr.find(qn("w:gridSpan")) if tc.tcPr is not None else None
    return 1 if grid is None else int(grid.get(qn("w:val")))


def body_texts(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def seed_cells(text: str) -> list[str]:
    """The cells of one row of a seed's table, normalised."""
    return [normalise(cell) for cell in text.strip("\n").split("\n\t") if normalise(cell)]
