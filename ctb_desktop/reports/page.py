"""The page a report's tables are laid out on: the template's text area, and the
column widths a template may set for a table.

A clerk who wants other proportions writes, anywhere in the template, a paragraph

    {{columns financing: 10 20 12 10 8 8 8 8 16}}

naming the table (see each layout's TABLES) and one relative width per column; the
paragraph itself does not print. Without it the widths follow the content
(columns.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

# A4 landscape less the ДСТУ 4163 margins (30/10/20/20 mm), in twips.
TEXT_WIDTH = 14570
TEXT_HEIGHT = 9638


_COLUMNS = re.compile(r"^\s*\{\{\s*columns\s+(\w+)\s*:\s*([^}]*)\}\}\s*$")


@dataclass(frozen=True)
class Page:
    """The text area in twips, and the template's relative column widths by table."""

    width: int = TEXT_WIDTH
    height: int = TEXT_HEIGHT
    columns: Mapping[str, Sequence[float]] = field(default_factory=dict)


def page_of(document: DocxDocument, path: str = "шаблон") -> tuple[Page, list[str]]:
    """The template's text area (its first section's page less margins) and its
    {{columns …}} paragraphs, which are taken out of the document; the warnings
    name a paragraph whose widths are not positive numbers (it is left unused)."""
    section = document.sections[0]
    width, height = TEXT_WIDTH, TEXT_HEIGHT
    if section.page_width and section.left_margin is not None and section.right_margin is not None:
        width = (section.page_width - section.left_margin - section.right_margin) // 635
    if section.page_height and section.top_margin is not None and section.bottom_margin is not None:
        height = (section.page_height - section.top_margin - section.bottom_margin) // 635
    columns: dict[str, list[float]] = {}
    warnings: list[str] = []
    for element in list(document.element.body.iter(qn("w:p"))):
        text = "".join(node.text or "" for node in element.iter(qn("w:t")))
        match = _COLUMNS.match(text)
        if not match:
            continue
        name, values = match.group(1), match.group(2).replace(",", ".").split()
        try:
            weights = [float(value) for value in values]
        except ValueError:
            weights = []
        element.getparent().remove(element)
        if not weights or min(weights) <= 0:
            warnings.append(
                f"У шаблоні «{path}» ширини колонок таблиці «{name}» мають бути додатними "
                f"числами через пробіл, а не «{match.group(2).strip()}»; ширини підібрано "
                "за вмістом."
            )
            continue
        columns[name] = weights
    return Page(int(width), int(height), columns), warnings
