import io
import zipfile

import pytest
from docx import Document

from ctb_desktop.reports import template_defaults
from ctb_desktop.reports.template import (
    REQUIRED_STYLES,
    TemplateError,
    fill,
    open_template,
    shipped_template,
    to_bytes,
)
from ctb_desktop.reports.wordml import Cell, Fragment, Table, paragraph_elements, paragraph_xml

LAYOUT_BLOCKS = {
    "structure": ("content",),
    "status": ("content", "financing"),
    "annual": ("content",),
}


@pytest.mark.parametrize("layout", list(LAYOUT_BLOCKS))
def test_shipped_templates_are_what_the_generator_builds(layout, tmp_path):
    """templates/*.docx must be regenerated after changing template_defaults.py."""
    fresh = tmp_path / f"{layout}.docx"
    template_defaults.build(layout).save(str(fresh))
    for part in ("word/document.xml", "word/styles.xml", "word/header1.xml"):
        with zipfile.ZipFile(shipped_template(layout)) as shipped, zipfile.ZipFile(fresh) as built:
            assert shipped.read(part) == built.read(part), part


@pytest.mark.parametrize("layout", list(LAYOUT_BLOCKS))
def test_shipped_templates_have_styles_and_markers(layout):
    document, warnings = open_template(layout, LAYOUT_BLOCKS[layout])
    assert warnings == []
    assert set(REQUIRED_STYLES) <= {style.style_id for style in document.styles}


def test_fields_are_filled_across_runs_and_empty_ones_vanish():
    document = Document(str(shipped_template("annual")))
    paragraph = document.add_paragraph("До ")
    paragraph.add_run("{{per")
    paragraph.add_run("iod_for}} — {{unknown}}")
    document.add_paragraph("{{grif}}")
    fill(document, {"period_for": "за 2024 рік", "grif": ""}, {"content": []})
    texts = [p.text for p in document.paragraphs]
    assert "До за 2024 рік — {{unknown}}" in texts
    assert "{{grif}}" not in texts and "{{content}}" not in texts


def test_block_markers_are_replaced_by_elements():
    document = Document(str(shipped_template("structure")))
    splices = fill(document, {}, {"content": paragraph_elements(paragraph_xml("рядок 1\nрядок 2"))})
    saved = Document(io.BytesIO(to_bytes(document, splices)))
    texts = [p.text for p in saved.paragraphs]
    assert "{{content}}" not in texts
    assert texts[texts.index("рядок 1") + 1] == "рядок 2"


def test_spliced_blocks_are_what_moving_parsed_elements_gives():
    """A block is written into the saved document as text (fill leaves a placeholder):
    the result is byte for byte what inserting the parsed elements gives, including
    text an XML parser normalises (a carriage return), escapes, an empty run and a
    row too tall to be kept whole."""
    table = Table((2000, 3000))
    table.add([Cell("Заголовок"), Cell("A & B <c>")], header=True)
    table.add([Cell("рядок\r\nз поверненням"), Cell("\x01")])
    table.add([Cell("довгий текст " * 200), Cell("")])
    pieces = [paragraph_xml("Розділ «І»\n\nдалі"), table, paragraph_xml("кінець")]

    def document_xml(block) -> bytes:
        document = Document(str(shipped_template("structure")))
        splices = fill(document, {}, {"content": block})
        with zipfile.ZipFile(io.BytesIO(to_bytes(document, splices))) as saved:
            return saved.read("word/document.xml")

    spliced = document_xml(Fragment(pieces))
    moved = document_xml(list(Fragment(pieces)))
    assert b"ctb-block" not in spliced and "з поверненням".encode() in spliced
    assert spliced == moved


def _broken_templates(tmp_path):
    not_docx = tmp_path / "лист.docx"
    not_docx.write_text("це не docx", encoding="utf-8")
    no_marker = tmp_path / "без позначки.docx"
    document = Document(str(shipped_template("annual")))
    for paragraph in document.paragraphs:
        if paragraph.text == "{{content}}":
            paragraph.text = "тут була таблиця"
    document.save(str(no_marker))
    plain = tmp_path / "звичайний.docx"
    Document().save(str(plain))
    truncated = tmp_path / "обрізаний.docx"
    truncated.write_bytes(shipped_template("annual").read_bytes()[:2000])
    return [
        (not_docx, "не вдалося відкрити"),
        (no_marker, "немає позначки {{content}}"),
        (plain, "немає стилів CtbTitle"),
        (truncated, "не вдалося відкрити"),
        (tmp_path / "немає.docx", "не знайдено"),
    ]


def test_a_broken_user_template_falls_back_with_a_warning(tmp_path):
    for path, problem in _broken_templates(tmp_path):
        document, warnings = open_template("annual", ("content",), path)
        assert len(warnings) == 1
        assert f"«{path}»" in warnings[0]
        assert problem in warnings[0]
        assert warnings[0].endswith("Використано стандартний шаблон.")
        assert any(p.text == "{{content}}" for p in document.paragraphs)


def test_a_good_user_template_is_used(tmp_path):
    mine = tmp_path / "мій шаблон.docx"
    document = Document(str(shipped_template("annual")))
    document.paragraphs[1].text = "ЗВІТ (з гербом)"
    document.save(str(mine))
    used, warnings = open_template("annual", ("content",), mine)
    assert warnings == []
    assert used.paragraphs[1].text == "ЗВІТ (з гербом)"


def test_a_broken_shipped_template_is_an_error(monkeypatch, tmp_path):
    broken = tmp_path / "annual.docx"
    broken.write_bytes(b"PK\x03\x04 broken")
    monkeypatch.setattr("ctb_desktop.reports.template.shipped_template", lambda _layout: broken)
    with pytest.raises(TemplateError, match="не вдалося відкрити"):
        open_template("annual", ("content",))


def test_filled_documents_stay_valid_zip(tmp_path):
    document = Document(str(shipped_template("status")))
    fill(document, {"grif": "Додаток"}, {"content": [], "financing": []})
    buffer = io.BytesIO()
    document.save(buffer)
    assert zipfile.ZipFile(buffer).testzip() is None
