"""What a reviewer in an oblast administration would otherwise fix by hand before
signing (issue 16): the signature under its table, the right body named, whole words
in every column, the program's plan, pages without holes, the status column, section
III, seed 003's numbers, the file's properties, and Word's schema."""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
import zipfile
from dataclasses import replace
from decimal import Decimal

import pytest
from docx.oxml.ns import qn

from ctb_desktop.domain.entries import MeasureState, StatusEntry, UnitReport
from ctb_desktop.domain.periods import Period
from ctb_desktop.reports.columns import CELL_PADDING, LONGEST_WORD
from ctb_desktop.reports.context import ReportOptions, load_report_data
from ctb_desktop.reports.metrics import text_width, words
from ctb_desktop.reports.page import TEXT_WIDTH
from ctb_desktop.reports.render import render
from ctb_desktop.reports.wordml import HEADER_SIZE, TEXT_SIZE
from tests.reports.conftest import SIGNATORY
from tests.reports.docx_reading import cant_split, cell_text, open_docx, rows, span

YEAR = Period.parse("2024-Y")
# (layout, unit, options): the annual report, an oblast's status report, both
# structure forms.
LAYOUTS = [
    ("annual", None, {}),
    ("status", "UA-07", {}),
    ("structure", None, {"columns": 4}),
    ("structure", None, {"columns": 8}),
]


@pytest.fixture
def report(demo_db, demo_program):
    """report(layout, unit=None, entries=None, **options) → the rendered bytes."""

    def make(layout, unit=None, change=None, **options):
        data = load_report_data(demo_db, demo_program.id, YEAR, unit)
        if change is not None:
            change(data)
        options.setdefault("signatory", SIGNATORY)
        return render(layout, data, ReportOptions(**options)).content

    return make


def _keeps_with_next(tr) -> bool:
    paragraphs = list(tr.iter(qn("w:p")))
    return bool(paragraphs) and all(
        p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in paragraphs
    )


# -- 1. the signature stays with its table -------------------------------------------


def test_every_signature_is_kept_with_the_last_rows_of_its_table(report):
    document = open_docx(report("status", "UA-07"))
    body = list(document.element.body)
    signatures = [
        index
        for index, element in enumerate(body)
        if element.tag == qn("w:p")
        and "CtbSignature" in (element.xpath("string(.//w:pStyle/@w:val)"))
    ]
    assert len(signatures) == 2
    for index in signatures:
        before = body[index - 1]
        if before.tag == qn("w:p"):  # the note under the regions table keeps with it too
            assert before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
            before = body[index - 2]
        assert before.tag == qn("w:tbl")
        last = before.findall(qn("w:tr"))[-1]
        assert _keeps_with_next(last) and cant_split(last)


def test_libreoffice_prints_each_signature_under_its_table(report):
    from tests.reports.pdf_pages import pdf_pages  # noqa: PLC0415

    pages = pdf_pages(report("status", "UA-71"))
    name = "КОРНІЄНКО"
    signed = [page for page in pages if name in page.text]
    assert len(signed) == 2
    first, second = signed
    # Each signature shares its page with the end of its table, never alone.
    assert "розрізі областей" in first.text or "5)" in first.text
    assert "Примітка" in second.text and "м. Київ" in second.text


# -- 2. the body named ----------------------------------------------------------------


def test_the_document_names_the_unit_that_reports(report):
    def executor(content):
        texts = [p.text for p in open_docx(content).paragraphs]
        return next(t for t in texts if t.startswith("Державний замовник"))

    assert executor(report("annual")).endswith(": Міністерство соціальної політики України")
    assert executor(report("annual", "UA-07")).endswith(": Волинська ОВА")


# -- 3. whole words in every column ---------------------------------------------------


@pytest.mark.parametrize(("layout", "unit", "options"), LAYOUTS)
def test_every_word_of_every_cell_fits_its_column(report, layout, unit, options):
    document = open_docx(report(layout, unit, **options))
    for table in document.tables:
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert sum(grid) == TEXT_WIDTH  # the page's width, kept
        for tr in table._tbl.tr_lst:
            header = tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
            column = 0
            for tc in tr.tc_lst:
                width = sum(grid[column : column + span(tc)]) - 2 * 57
                for run in tc.iter(qn("w:r")):
                    bold = header or run.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None
                    size = HEADER_SIZE if header else TEXT_SIZE
                    for word in words("".join(t.text or "" for t in run.iter(qn("w:t")))):
                        measured = text_width(word, size, bold=bold)
                        if measured + CELL_PADDING - 2 * 57 > LONGEST_WORD:
                            continue  # a web address breaks wherever it must
                        assert measured <= width, (layout, word, measured, width)
                column += span(tc)


def test_a_template_sets_the_column_widths(report, tmp_path):
    from docx import Document  # noqa: PLC0415

    from ctb_desktop.reports.template import shipped_template  # noqa: PLC0415

    template = Document(str(shipped_template("status")))
    template.add_paragraph("{{columns status: 1 1 1 2}}")
    template.add_paragraph("{{columns nothing: 1 2}}")
    path = tmp_path / "мій шаблон.docx"
    template.save(str(path))
    data_options = {"template": path}
    content = report("status", "UA-07", **data_options)
    document = open_docx(content)
    grid = [int(c.get(qn("w:w"))) for c in document.tables[0]._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert grid == [2914, 2914, 2914, 5828]
    assert not any("{{columns" in p.text for p in document.paragraphs)


# -- 4. the program's plan -------------------------------------------------------------


def test_the_planned_column_is_the_programs_whatever_rows_exist(report):
    def only_oblasts(data):
        data.entries.reports = [r for r in data.entries.reports if r.unit_code != "mspu"]

    table = rows(open_docx(report("annual", change=only_oblasts)).tables[0])
    program = next(row for row in table if row[0] == "Разом по Програмі")
    assert program[2] == "3406,4"


# -- 5. pages without holes -------------------------------------------------------------


def test_subtotal_blocks_are_kept_together(report):
    table = open_docx(report("annual")).tables[0]._tbl
    trs = table.tr_lst
    for index, tr in enumerate(trs):
        if cell_text(tr.tc_lst[0]).startswith("Разом"):
            block = trs[index : index + 6]
            assert all(cant_split(row) for row in block)
            assert all(_keeps_with_next(row) for row in block[:-1])


@pytest.mark.parametrize(("layout", "unit", "options"), LAYOUTS)
def test_no_page_but_a_sections_last_is_more_than_40_percent_empty(report, layout, unit, options):
    from tests.reports.pdf_pages import pdf_pages  # noqa: PLC0415

    pages = pdf_pages(report(layout, unit, **options))
    top, bottom = 20 * 72 / 25.4, pages[0].height - 20 * 72 / 25.4
    section = re.compile(r"^(ІІ?І?\. |Інформація про стан фінансування)")
    for page, following in itertools.pairwise(pages):
        opens_section = any(section.match(line) for line in _lines(following))
        empty = (bottom - page.bottom) / (bottom - top)
        assert opens_section or empty <= 0.4, (layout, page.number, round(empty, 2))


def _lines(page) -> list[str]:
    """The page's text lines, top to bottom (words grouped by their top edge)."""
    lines: dict[int, list[str]] = {}
    for word in page.words:
        lines.setdefault(round(word.top), []).append(word.text)
    return [" ".join(words_) for _, words_ in sorted(lines.items())]


# -- 6. the status column ----------------------------------------------------------------


def test_not_done_without_text_prints_not_done_and_counts_print(report):
    def mark(data):
        data.entries.reports.append(
            UnitReport(
                "1.",
                "1)",
                "UA-07",
                StatusEntry("1.", "1)", "UA-07", YEAR, MeasureState.NOT_DONE),
            )
        )
        data.entries.reports.append(
            UnitReport(
                "1.",
                "2)",
                "UA-07",
                StatusEntry(
                    "1.", "2)", "UA-07", YEAR, MeasureState.DONE, "Проведено нараду.", 3, 1250, 2
                ),
            )
        )

    table = rows(open_docx(report("status", "UA-07", change=mark)).tables[0])
    assert table[1][3] == "Не виконано"
    assert table[2][3] == (
        "Проведено нараду.\nПроведено заходів: 3. Охоплено осіб: 1\u00a0250. "
        "Виявлено постраждалих: 2."
    )


# -- 8. section III ----------------------------------------------------------------------


def test_section_iii_carries_the_units_proposals_or_the_seeds_sentence(report):
    def proposals(data):
        data.entries.proposals = {"UA-07": "Збільшити фінансування.", "UA-48": "Навчати."}

    def none(data):
        data.entries.proposals = {}

    texts = [p.text for p in open_docx(report("annual", change=proposals)).paragraphs]
    start = texts.index("ІІІ. Пропозиції щодо подальшого виконання програми")
    assert texts[start + 1 : start + 5] == [
        "Волинська ОВА",
        "Збільшити фінансування.",
        "Миколаївська ОВА",
        "Навчати.",
    ]
    texts = [p.text for p in open_docx(report("annual", change=none)).paragraphs]
    start = texts.index("ІІІ. Пропозиції щодо подальшого виконання програми")
    assert texts[start + 1] == (
        "Пропонується продовжити виконання завдань і заходів, передбачених Державною "
        "цільовою соціальною програмою протидії торгівлі людьми на період до 2025 року, "
        "реалізацію яких заплановано на 2024 - 2025 роки."
    )


# -- 9. numbers as seed 003 prints them ---------------------------------------------------


def test_region_rows_print_a_dash_for_no_budget_program_and_big_figures_are_grouped(report):
    def big(data):
        line = data.entries.reports[0].financing[0] if data.entries.reports[0].financing else None
        for unit_report in data.entries.reports:
            if unit_report.financing:
                line = unit_report.financing[0]
                break
        line.planned_year = Decimal("12345600")

    table = rows(open_docx(report("annual", change=big)).tables[0])
    regions = [row for row in table[1:] if len(row) == 9 and row[2].endswith("ОВА")]
    assert regions and all(row[8] for row in regions)
    assert any(row[8] == "-" for row in regions)
    assert any("12\u00a0345,6" in row for row in table)


# -- 10. the file's properties -------------------------------------------------------------


def test_core_properties_and_no_python_docx_leftovers(report):
    content = report("annual", "UA-07")
    document = open_docx(content)
    properties = document.core_properties
    assert properties.title == (
        "Звіт про результати виконання Державної цільової соціальної програми протидії "
        "торгівлі людьми на період до 2025 року у 2024 році"
    )
    assert properties.subject == (
        "Державна цільова соціальна програма протидії торгівлі людьми на період до 2025 "
        "року, 2024 рік"
    )
    # The reporting body (the directory names the administration, not the territory).
    author = "Волинська обласна військова адміністрація"
    assert properties.author == properties.last_modified_by == author
    assert properties.comments == "" and properties.language == "uk-UA"
    assert properties.created.year >= 2025 and properties.created == properties.modified
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
        assert not {"docProps/thumbnail.jpeg", "word/stylesWithEffects.xml"} & names
        assert not any(name.startswith("customXml/") for name in names)
        app = archive.read("docProps/app.xml").decode()
        assert "Microsoft" not in app and "ctb-desktop" in app
        assert b"proofState" not in archive.read("word/settings.xml")
        assert b"python-docx" not in archive.read("docProps/core.xml")
        document_xml = archive.read("word/document.xml").decode()
    body = document.element.body
    runs = list(body.iter(qn("w:r")))
    assert runs and all(
        run.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "uk-UA" for run in runs
    )
    for style in document.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) in ("paragraph", "character"):
            assert style.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "uk-UA"
    assert unicodedata.is_normalized("NFC", document_xml)


def test_decomposed_letters_are_composed_on_the_way_in(report):
    decomposed = unicodedata.normalize("NFD", "Проведено засідання ради з протидії")

    def typed(data):
        data.entries.reports[0].status = replace(data.entries.reports[0].status, text=decomposed)

    content = report("annual", change=typed)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        text = archive.read("word/document.xml").decode()
    assert unicodedata.normalize("NFC", decomposed) in text and decomposed not in text


# -- 11. Word's schema ----------------------------------------------------------------------


def _findings(path) -> set[str]:
    """What openxml-audit reports, with counts and part numbers left out, so findings
    of the same kind compare equal."""
    validator = pytest.importorskip("openxml_audit").OpenXmlValidator()
    return {re.sub(r"\d+", "N", str(error)) for error in validator.validate(str(path)).errors}


@pytest.mark.parametrize(("layout", "unit", "options"), LAYOUTS)
def test_each_layout_validates_as_a_blank_python_docx_document(
    report, layout, unit, options, tmp_path
):
    from docx import Document  # noqa: PLC0415

    blank = tmp_path / "blank.docx"
    Document().save(str(blank))
    rendered = tmp_path / "report.docx"
    rendered.write_bytes(report(layout, unit, **options))
    assert _findings(rendered) <= _findings(blank)


def test_the_consolidated_report_and_the_excel_export_validate(
    report, demo_db, demo_program, tmp_path
):
    from ctb_desktop.reports.workbook import entries_workbook  # noqa: PLC0415
    from ctb_desktop.storage.entries import EntryStore  # noqa: PLC0415
    from ctb_desktop.storage.units import UnitStore  # noqa: PLC0415

    def only_oblasts(data):
        data.entries.reports = [r for r in data.entries.reports if r.unit_code != "mspu"]

    consolidated = tmp_path / "зведений.docx"
    consolidated.write_bytes(report("annual", change=only_oblasts))
    assert _findings(consolidated) == set()
    # The workbook is written with a shared strings table, styles and a theme, as Excel
    # writes its own: the audit finds nothing (openpyxl's inline strings it would note).
    exported = tmp_path / "export.xlsx"
    entries = EntryStore(demo_db).load(demo_program, YEAR)
    exported.write_bytes(entries_workbook(demo_program, UnitStore(demo_db).list(), entries))
    assert _findings(exported) == set()
