"""Report templates: .docx files a clerk may restyle in Word.

A template carries the page setup, the styles (ids in wordml.py and below), the
header with page numbers, the grif and the signature. Its text may hold fields
such as {{program_title}} or {{period_for}} anywhere, including headers and
tables; a paragraph that is only a block marker ({{content}}, {{financing}}) is
replaced by the tables the layout builds. A field whose value is empty removes
its paragraph, so an empty grif leaves no blank line.

A user's template that cannot be used falls back to the shipped one, with a
warning saying why; a broken shipped template is an error.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from ctb_desktop.domain.errors import UserError
from ctb_desktop.reports.wordml import BODY, SECTION, TABLE_HEADER, TABLE_TEXT
from ctb_desktop.storage.datafiles import app_dir

TITLE = "CtbTitle"
GRIF = "CtbGrif"
SIGNATURE = "CtbSignature"
REQUIRED_STYLES = (TITLE, GRIF, SIGNATURE, BODY, SECTION, TABLE_TEXT, TABLE_HEADER)

_FIELD = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_BLOCK = re.compile(r"^\s*\{\{\s*(\w+)\s*\}\}\s*$")


class TemplateError(UserError):
    """A template that cannot be used; the message names the file and the problem."""


def shipped_template(layout: str) -> Path:
    return app_dir() / "templates" / f"{layout}.docx"


def open_template(
    layout: str, blocks: Sequence[str], user_template: Path | None = None
) -> tuple[DocxDocument, list[str]]:
    """The user's template if it is usable, else the shipped one, and the warnings."""
    warnings: list[str] = []
    if user_template is not None:
        try:
            return _open(Path(user_template), blocks), warnings
        except TemplateError as exc:
            warnings.append(f"{exc} Використано стандартний шаблон.")
    return _open(shipped_template(layout), blocks), warnings


def _open(path: Path, blocks: Sequence[str]) -> DocxDocument:
    if not path.is_file():
        raise TemplateError(f"Шаблон «{path}» не знайдено.")
    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise TemplateError(
            f"Шаблон «{path}» не вдалося відкрити: це не документ .docx або файл пошкоджено."
        ) from None
    styles = {style.style_id for style in document.styles}
    missing_styles = [style for style in REQUIRED_STYLES if style not in styles]
    if missing_styles:
        raise TemplateError(
            f"У шаблоні «{path}» немає стилів {', '.join(missing_styles)}, потрібних для звіту."
        )
    markers = {
        match.group(1)
        for paragraph in _paragraphs(document)
        if (match := _BLOCK.match(paragraph.text))
    }
    missing_blocks = [f"{{{{{name}}}}}" for name in blocks if name not in markers]
    if missing_blocks:
        raise TemplateError(
            f"У шаблоні «{path}» немає позначки {', '.join(missing_blocks)}, на місці якої "
            "має стояти таблиця."
        )
    return document


def _paragraphs(document: DocxDocument) -> Iterator[Paragraph]:
    """Every paragraph: body, tables in it, and all headers and footers."""
    parts = [document.element.body]
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    for part in parts:
        for element in list(part.iter(qn("w:p"))):
            yield Paragraph(element, document)


def fill(document: DocxDocument, fields: Mapping[str, str], blocks: Mapping[str, Sequence]) -> None:
    """Put field values and block elements into the template, in place."""
    for paragraph in list(_paragraphs(document)):
        text = paragraph.text
        if "{{" not in text:
            continue
        element = paragraph._p
        block = _BLOCK.match(text)
        if block and block.group(1) in blocks:
            for item in blocks[block.group(1)]:
                element.addprevious(item)
            element.getparent().remove(element)
            continue
        filled = _FIELD.sub(lambda match: fields.get(match.group(1), match.group(0)), text)
        if not filled.strip():
            element.getparent().remove(element)
            continue
        runs = paragraph.runs
        if runs:
            runs[0].text = filled
            for run in runs[1:]:
                run.text = ""
        else:
            paragraph.add_run(filled)


def to_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
