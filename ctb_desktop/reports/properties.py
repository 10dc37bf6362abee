"""What a rendered file says about itself: its core properties (title, subject, author,
dates, language), Ukrainian as the language of every style and run, and none of what
python-docx's blank document carries (its comment and 2013 dates, «Microsoft Macintosh
Word», a blank thumbnail, a styles copy for Word 2010, a bibliography part, and
`proofState` telling Word the spelling was already checked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from ctb_desktop import APP_NAME

LANGUAGE = "uk-UA"
_LEFTOVER_RELATIONS = (
    RT.THUMBNAIL,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RT.CUSTOM_XML,
)
APP_PROPERTIES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    f'extended-properties"><Application>{APP_NAME}</Application><DocSecurity>0</DocSecurity>'
    "</Properties>"
).encode()


@dataclass(frozen=True)
class Description:
    title: str
    subject: str
    author: str
    created: datetime


def describe(document: DocxDocument, description: Description) -> None:
    """Set the core properties and clean the package, in place."""
    properties = document.core_properties
    properties.title = description.title
    properties.subject = description.subject
    properties.author = description.author
    properties.last_modified_by = description.author
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.language = LANGUAGE
    properties.revision = 1
    # Word shows the times as UTC; naive datetimes are taken as UTC by python-docx.
    moment = description.created.replace(microsecond=0)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    properties.created = moment
    properties.modified = moment
    clean(document)


def clean(document: DocxDocument) -> None:
    """Ukrainian everywhere and python-docx's leftovers gone (also for the templates)."""
    _drop_leftovers(document)
    _ukrainian(document)


def _drop_leftovers(document: DocxDocument) -> None:
    package = document.part.package
    for rels in (package.rels, document.part.rels):
        for key in [key for key, rel in rels.items() if rel.reltype in _LEFTOVER_RELATIONS]:
            rels.pop(key)
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = APP_PROPERTIES
    settings = document.settings.element
    for proof in settings.findall(qn("w:proofState")):
        settings.remove(proof)


def _language_element():
    return parse_xml(f'<w:lang {nsdecls("w")} w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}"/>')


def _set_language(r_pr) -> None:
    language = r_pr.find(qn("w:lang"))
    if language is None:
        # CT_RPr's sequence: w:lang comes after everything but eastAsianLayout,
        # specVanish, oMath and the revision mark.
        later = [
            r_pr.find(qn(tag))
            for tag in ("w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")
        ]
        language = _language_element()
        following = next((element for element in later if element is not None), None)
        if following is None:
            r_pr.append(language)
        else:
            following.addprevious(language)
    language.set(qn("w:val"), LANGUAGE)


def _ukrainian(document: DocxDocument) -> None:
    """uk-UA in the document defaults, every paragraph and character style, and every
    run the template brings (the tables' runs are written with it, wordml.py)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if r_pr is not None:
            _set_language(r_pr)
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) in ("paragraph", "character"):
            _set_language(style.get_or_add_rPr())
    parts = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    for part in parts:
        for run in part.iter(qn("w:r")):
            if run.find(f"{qn('w:rPr')}/{qn('w:lang')}") is None:
                _set_language(run.get_or_add_rPr())
