"""The shipped templates in templates/, built from code so they can be rebuilt and
checked. Run after changing this file:

    .venv/bin/python -m ctb_desktop.reports.template_defaults

Page setup follows ДСТУ 4163-2020 for administrative documents: A4, margins 30 mm
left, 10 mm right, 20 mm top and bottom, page numbers centred in the top margin
from the second page on. Tables are wide, so every layout is landscape.
Times New Roman 12 pt for text, 14 pt for titles.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from ctb_desktop.reports.properties import clean
from ctb_desktop.reports.template import GRIF, SIGNATURE, TITLE, shipped_template
from ctb_desktop.reports.wordml import BODY, SECTION, TABLE_HEADER, TABLE_TEXT

FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(297), Mm(210)
LEFT, RIGHT, TOP, BOTTOM = Mm(30), Mm(10), Mm(20), Mm(20)
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT

SIGNATURE_LINE = "{{signatory_position}}\t{{signatory_name}}"
# The templates' own date, fixed so that rebuilding them gives the same files.
TEMPLATE_DATE = datetime(2026, 1, 1)

# Paragraphs of each template: (style id, text). Block markers stand alone.
BODIES: dict[str, list[tuple[str, str]]] = {
    "structure": [
        (GRIF, "{{grif}}"),
        (TITLE, "ЗАВДАННЯ І ЗАХОДИ"),
        (TITLE, "з виконання {{program_title_genitive}}"),
        (BODY, "{{content}}"),
        (SIGNATURE, SIGNATURE_LINE),
    ],
    "status": [
        (GRIF, "{{grif}}"),
        (TITLE, "Інформація про стан виконання"),
        (TITLE, "{{program_title_genitive}}"),
        (TITLE, "{{unit_instrumental}} {{period_for}}"),
        (BODY, "{{content}}"),
        (SIGNATURE, SIGNATURE_LINE),
        (TITLE, "Інформація про стан фінансування заходів з протидії торгівлі людьми"),
        (TITLE, "{{period_in}} з місцевих бюджетів"),
        (BODY, "{{financing}}"),
        (
            BODY,
            "Примітка: Суми виділених коштів зазначати у гривнях (без округлення). Зазначати "
            "тільки кошти, які виділені на реалізацію державної політики у сфері протидії "
            "торгівлі людьми з місцевих бюджетів.",
        ),
        (SIGNATURE, SIGNATURE_LINE),
    ],
    "annual": [
        (GRIF, "{{grif}}"),
        (TITLE, "ЗВІТ"),
        (TITLE, "про результати виконання"),
        (TITLE, "{{program_title_genitive}} {{period_in}}"),
        (
            BODY,
            "Дата та номер нормативно-правового акта, яким затверджено програму: {{approval}}",
        ),
        (BODY, "Державний замовник або виконавець програми: {{reporting_body}}"),
        (BODY, "Строк виконання програми: {{program_term}}"),
        (BODY, "{{content}}"),
        (SIGNATURE, SIGNATURE_LINE),
    ],
}


def _set_font(style, size: int, *, bold: bool = False) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _paragraph_style(document: DocxDocument, style_id: str, name: str, base: str = "Normal"):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id
    style.base_style = document.styles[base]
    style.quick_style = True
    format_ = style.paragraph_format
    format_.space_before = Pt(0)
    format_.space_after = Pt(0)
    return style


def _styles(document: DocxDocument) -> None:
    normal = document.styles["Normal"]
    _set_font(normal, 12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    normal.element.get_or_add_rPr().append(
        parse_xml(f'<w:lang {nsdecls("w")} w:val="uk-UA" w:eastAsia="uk-UA" w:bidi="ar-SA"/>')
    )

    body = _paragraph_style(document, BODY, "ctb Текст")
    body.paragraph_format.space_after = Pt(6)

    title = _paragraph_style(document, TITLE, "ctb Заголовок")
    _set_font(title, 14, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.keep_with_next = True
    title.paragraph_format.space_after = Pt(3)

    grif = _paragraph_style(document, GRIF, "ctb Гриф")
    grif.paragraph_format.left_indent = TEXT_WIDTH - Mm(75)
    grif.paragraph_format.space_after = Pt(12)
    grif.paragraph_format.keep_with_next = True

    section = _paragraph_style(document, SECTION, "ctb Розділ")
    _set_font(section, 14, bold=True)
    section.paragraph_format.space_before = Pt(12)
    section.paragraph_format.space_after = Pt(6)
    section.paragraph_format.keep_with_next = True

    _paragraph_style(document, TABLE_TEXT, "ctb Таблиця")
    # Long column titles over narrow money columns: 9 pt keeps the repeated header short
    # and words such as "профінансовано" whole.
    header = _paragraph_style(document, TABLE_HEADER, "ctb Шапка таблиці", base="Normal")
    _set_font(header, 9, bold=True)
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    signature = _paragraph_style(document, SIGNATURE, "ctb Підпис")
    signature.paragraph_format.space_before = Pt(24)
    signature.paragraph_format.space_after = Pt(12)
    signature.paragraph_format.keep_together = True
    signature.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)


def _page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>2</w:t></w:r></w:fldSimple>'
        )
    )


def build(layout: str) -> DocxDocument:
    document = Document()
    for paragraph in list(document.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    _styles(document)
    _page(document)
    for style_id, text in BODIES[layout]:
        paragraph = document.add_paragraph(text)
        paragraph.style = document.styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
    note = document.paragraphs[-2] if layout == "status" else None
    if note is not None:
        # The note under the regions table stays with the signature below it.
        note.paragraph_format.keep_with_next = True
    properties = document.core_properties
    properties.author = "ctb-desktop"
    properties.title = f"Шаблон звіту: {layout}"
    properties.comments = ""
    properties.revision = 1
    properties.created = properties.modified = TEMPLATE_DATE
    clean(document)
    return document


def main() -> None:
    for layout in BODIES:
        path: Path = shipped_template(layout)
        path.parent.mkdir(exist_ok=True)
        build(layout).save(str(path))
        print(f"Записано {path}")


if __name__ == "__main__":
    main()
