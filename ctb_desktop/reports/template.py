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
import secrets
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import nsmap, qn
from docx.text.paragraph import Paragraph
from lxml import etree

from ctb_desktop.domain.errors import UserError
from ctb_desktop.reports.wordml import BODY, SECTION, TABLE_HEADER, TABLE_TEXT, Fragment
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


# Where a block's text goes: a comment in its marker's place, replaced when saving.
_PLACE = "<!--{}-->"
_PLACE_START = b"<!--ctb-block-"
# Text is encoded and written this many chunks (table rows) at a time.
_BATCH = 512
_BATCH_CHARACTERS = 1 << 20  # or this many characters


def fill(
    document: DocxDocument, fields: Mapping[str, str], blocks: Mapping[str, Sequence]
) -> dict[bytes, Fragment]:
    """Put field values and blocks into the template, in place. A block given as a
    Fragment whose part binds the w: prefix as usual is left as a placeholder comment
    and returned, to be spliced in as text by to_bytes: moving thousands of parsed
    elements into a document one by one takes time quadratic in their number."""
    splices: dict[bytes, Fragment] = {}
    for paragraph in list(_paragraphs(document)):
        text = paragraph.text
        if "{{" not in text:
            continue
        element = paragraph._p
        block = _BLOCK.match(text)
        if block and block.group(1) in blocks:
            content = blocks[block.group(1)]
            if isinstance(content, Fragment) and _binds_w(element):
                token = f"ctb-block-{secrets.token_hex(8)}"
                element.addprevious(etree.Comment(token))
                splices[_PLACE.format(token).encode()] = content
            else:
                for item in content:
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
    return splices


def _binds_w(element: etree._Element) -> bool:
    return element.getroottree().getroot().nsmap.get("w") == nsmap["w"]


def to_bytes(document: DocxDocument, splices: Mapping[bytes, Fragment] | None = None) -> bytes:
    """The .docx, with the blocks fill() left as placeholders written in their place."""
    buffer = io.BytesIO()
    document.save(buffer)
    if not splices:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer) as source:
        target_buffer = io.BytesIO()
        with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info)
                if _PLACE_START not in data:
                    target.writestr(info, data)
                    continue
                with target.open(_fresh(info), "w") as stream:
                    _splice(stream, data, splices)
    return target_buffer.getvalue()


def _fresh(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    fresh = zipfile.ZipInfo(info.filename, info.date_time)
    fresh.compress_type = zipfile.ZIP_DEFLATED
    fresh.external_attr = info.external_attr
    return fresh


def _splice(stream: io.BufferedIOBase, data: bytes, splices: Mapping[bytes, Fragment]) -> None:
    """Write `data` with each placeholder replaced by its fragment's text, encoded a
    batch of rows at a time so the whole text is never held at once."""
    places = sorted((data.find(place), place) for place in splices if place in data)
    start = 0
    for position, place in places:
        stream.write(data[start:position])
        batch: list[str] = []
        size = 0
        for chunk in splices[place].chunks():
            batch.append(chunk)
            size += len(chunk)
            # A row of a consolidated report can hold a thousand units' texts: batches
            # are bounded by their length as well as by their number of rows.
            if len(batch) >= _BATCH or size >= _BATCH_CHARACTERS:
                stream.write("".join(batch).encode())
                batch.clear()
                size = 0
        stream.write("".join(batch).encode())
        start = position + len(place)
    stream.write(data[start:])
