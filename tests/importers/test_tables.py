import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from docx.oxml.parser import parse_xml
from openpyxl import Workbook

from ctb_desktop.importers import archive, xlsx_tables
from ctb_desktop.importers.errors import ImportFileError
from ctb_desktop.importers.grid import RawCell
from ctb_desktop.importers.tables import read_document
from tests.importers import fixtures
from tests.importers.fixtures import (
    BETWEEN,
    EXECUTOR,
    HEADER,
    MEASURES,
    SIGNATURE,
    TASK_1,
    TASK_2,
    TITLE,
    TWO_PARAGRAPHS,
)

EMPTY = RawCell("")
ABOVE = RawCell("", from_above=True)
LEFT = RawCell("", from_left=True)
ABOVE_LEFT = RawCell("", from_above=True, from_left=True)


def cells(*texts):
    return [RawCell(text) if isinstance(text, str) else text for text in texts]


# -- Word -----------------------------------------------------------------------------


def test_docx_tables_keep_merges_as_flags_and_paragraphs_outside_tables(tmp_path):
    document = read_document(fixtures.program_docx(tmp_path / "програма.docx"))
    assert document.paragraphs == [TITLE, BETWEEN, SIGNATURE]
    first, second = document.tables
    assert first.where == "таблиця 1" and second.where == "таблиця 2"
    assert first.width == 4
    assert first.rows == [
        cells(*HEADER),
        cells("1", "2", "3", "4"),
        cells(TASK_1, MEASURES[0], "2023-2025 роки", EXECUTOR),
        cells(ABOVE, MEASURES[1], "2024 рік", TWO_PARAGRAPHS),
        cells(ABOVE, MEASURES[2], "Постійно", EXECUTOR),
        cells(TASK_2, LEFT, LEFT, LEFT),
        cells("", "1) координація", "2023-2025 роки", LEFT),
    ]
    assert second.rows == [cells("Джерела", "Обсяг"), cells("Державний бюджет", "3406")]
    assert first.errors == 0


def test_docx_rows_are_padded_and_oddities_of_other_programs_are_read(tmp_path):
    (table,) = read_document(fixtures.odd_docx(tmp_path / "odd.docx")).tables
    assert table.rows == [
        cells(EMPTY, "b1", "c1 кінець"),  # w:gridBefore
        cells("a2", EMPTY, EMPTY),  # w:gridAfter
        # a vMerge continuation's own text is hidden by Word, and dropped here
        cells(ABOVE, "b3", LEFT),
        # (a row deleted with tracked changes is skipped)
        # content controls, hyperlinks, tabs, breaks, insertions; no deleted text,
        # no text-box text, a nested table's paragraphs as lines
        cells("посилання\tпісля\nрядок+вставка", "з написом", "вкладена 1\nвкладена 2\n"),
        cells(EMPTY, EMPTY, EMPTY),  # a row without cells
    ]


def test_the_bodys_paragraphs_around_wrapped_tables_are_read_in_order(tmp_path):
    document = read_document(fixtures.wrapped_body_docx(tmp_path / "форма.docx"))
    assert document.paragraphs == fixtures.WRAPPED_BODY_PARAGRAPHS
    assert [table.rows for table in document.tables] == [
        [cells("клітинка 1")],
        [cells("клітинка 2 у полі")],
    ]


def test_a_document_without_tables_is_not_an_error(tmp_path):
    document = read_document(fixtures.document_without_tables(tmp_path / "лист.docx"))
    assert document.tables == []
    assert document.paragraphs == ["Лист без таблиць"]


def test_the_format_is_recognised_by_content_not_by_extension(tmp_path):
    docx = fixtures.program_docx(tmp_path / "program.docx").rename(tmp_path / "program.xlsx")
    assert read_document(docx).paragraphs == [TITLE, BETWEEN, SIGNATURE]
    xlsx = fixtures.program_xlsx(tmp_path / "plan.xlsx").rename(tmp_path / "plan.xls")
    assert [table.where for table in read_document(xlsx).tables] == [
        "аркуш «План»",
        "аркуш «Звіт»",
    ]


def test_a_big_document_is_read_whole(tmp_path):
    """Every row of a 2,000-row table, in order (its speed: benches/import.py)."""
    path = fixtures.big_docx(tmp_path / "великий.docx")
    document = read_document(path)
    (table,) = document.tables
    assert len(table.rows) == 2002 and table.width == 4
    assert table.rows[3][0] == ABOVE and table.rows[7][0].text.startswith("2. Завдання")


# -- Excel ----------------------------------------------------------------------------


def test_xlsx_sheets_give_their_used_range_with_merges_and_values_as_shown(tmp_path):
    document = read_document(fixtures.program_xlsx(tmp_path / "план.xlsx"))
    assert document.paragraphs == []
    plan, report = document.tables  # the empty sheet gives no table
    assert plan.where == "аркуш «План»"
    assert plan.rows == [
        cells(*HEADER),
        cells("1", "2", "3", "4"),
        cells(TASK_1, MEASURES[0], "3406", ""),
        cells(ABOVE, MEASURES[1], "14.8", TWO_PARAGRAPHS),
        cells(ABOVE, MEASURES[2], "01.03.2024", "25%"),
        cells(TASK_2, LEFT, LEFT, LEFT),
        cells("", "1) координація", "2023-2025 роки", LEFT),
        cells("", "2) моніторинг", ABOVE, ABOVE_LEFT),
    ]
    assert plan.error_cells == ["D3"] and plan.errors == 1
    assert report.where == "аркуш «Звіт»"
    assert report.rows == [cells("Показник", "Значення"), cells("Кількість заходів", "12")]


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (3406.0, "General", "3406"),
        (14.8, "General", "14.8"),
        (14.80, "0.00", "14.8"),
        (0.1 + 0.2, "General", "0.3"),
        (-2.5, "General", "-2.5"),
        (-0.0, "General", "0"),
        (1e-7, "General", "0.0000001"),
        (1.5e20, "General", "150000000000000000000"),
        (12, "General", "12"),
        (0.148, "0.0%", "14.8%"),
        (True, "General", "ІСТИНА"),
        (dt.datetime(2024, 3, 1), "dd/mm/yy", "01.03.2024"),
        (dt.date(2024, 12, 31), "General", "31.12.2024"),
        (dt.datetime(2024, 3, 1, 9, 30), "General", "01.03.2024 09:30"),
        (dt.time(9, 30, 15), "h:mm:ss", "09:30:15"),
    ],
)
def test_numbers_read_as_a_clerk_sees_them_with_a_decimal_point(value, number_format, text):
    assert xlsx_tables._excel_text(value, number_format) == text


def test_a_stray_value_far_away_makes_a_grid_too_big_to_read(tmp_path):
    workbook = Workbook()
    workbook.active["A1"] = "Таблиця"
    workbook.active["XFD1048576"] = "забута примітка"
    path = tmp_path / "далеко.xlsx"
    workbook.save(path)
    with pytest.raises(ImportFileError, match="забагато клітинок") as raised:
        read_document(path)
    assert "далеко.xlsx" in str(raised.value) and "аркуш «Sheet»" in str(raised.value)


def test_a_forged_span_makes_a_grid_too_big_to_read(tmp_path):
    path = fixtures.program_docx(tmp_path / "span.docx")
    fixtures.rewrite_entry(
        path,
        "word/document.xml",
        lambda xml: xml.replace(b'w:gridSpan w:val="4"', b'w:gridSpan w:val="999999999"'),
    )
    with pytest.raises(ImportFileError, match="таблиця 1: забагато клітинок"):
        read_document(path)


# -- bad input ------------------------------------------------------------------------


def _missing(tmp_path):
    return tmp_path / "нема.docx"


def _folder(tmp_path):
    path = tmp_path / "папка.docx"
    path.mkdir()
    return path


def _write(name, content):
    def build(tmp_path):
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return build


def _zip(name, entries):
    return lambda tmp_path: fixtures.write_zip(tmp_path / name, entries)


def _truncated(tmp_path):
    path = fixtures.program_docx(tmp_path / "обрізаний.docx")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def _corrupted_docx(tmp_path):
    path = fixtures.program_docx(tmp_path / "пошкоджений.docx")
    return fixtures.corrupt_entry(path, "word/document.xml")


def _corrupted_xlsx(tmp_path):
    path = fixtures.program_xlsx(tmp_path / "пошкоджена.xlsx")
    return fixtures.corrupt_entry(path, "xl/worksheets/sheet1.xml")


def _zip_encrypted(tmp_path):
    path = fixtures.program_docx(tmp_path / "zip-пароль.docx")
    return fixtures.patch_central_directory(path, flag_bits=0x1)


def _many_entries(tmp_path):
    entries = {f"word/media/{index}.txt": b"" for index in range(5001)}
    return _zip("частини.docx", {"word/document.xml": b"<x/>", **entries})(tmp_path)


def _huge_total(tmp_path):
    entries = {f"xl/media/{index}.bin": b"x" for index in range(40)}
    path = _zip("великий.xlsx", {"xl/workbook.xml": b"<x/>", **entries})(tmp_path)
    return fixtures.patch_central_directory(path, file_size=9 * 1024 * 1024)  # 41 × 9 MB


def _high_ratio(tmp_path):
    entries = {"word/document.xml": b"<x/>", "word/media/zeros.bin": bytes(11 * 1024 * 1024)}
    return _zip("бомба.docx", entries)(tmp_path)


XXE = '<!ENTITY xxe SYSTEM "file:///etc/passwd">'
LAUGHS = '<!ENTITY l0 "lol">' + "".join(
    f'<!ENTITY l{level} "{f"&l{level - 1};" * 10}">' for level in range(1, 10)
)


def _docx_with_dtd(name, declarations, encoding="utf-8"):
    def build(tmp_path):
        path = fixtures.program_docx(tmp_path / name)

        def change(xml):
            xml = fixtures.add_doctype(xml, declarations)
            if encoding == "utf-8":
                return xml
            text = xml.decode().replace('encoding="UTF-8"', f'encoding="{encoding}"')
            return text.encode(encoding)

        return fixtures.rewrite_entry(path, "word/document.xml", change)

    return build


def _xlsx_with_entity(tmp_path):
    path = fixtures.program_xlsx(tmp_path / "сутності.xlsx")
    return fixtures.rewrite_entry(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: fixtures.add_doctype(b'<?xml version="1.0"?>' + xml, XXE),
    )


def _strict_docx(tmp_path):
    path = fixtures.program_docx(tmp_path / "strict.docx")
    return fixtures.rewrite_entry(
        path,
        "word/document.xml",
        lambda xml: xml.replace(
            b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            b"http://purl.oclc.org/ooxml/wordprocessingml/main",
        ),
    )


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
PASSWORD = "захищений паролем або збережений у старому форматі"
CORRUPTED = "пошкоджений або скопійований не повністю"
SUSPICIOUS = "навмисно шкідливий"
DTD = "оголошення DTD чи сутностей XML"

BAD_INPUTS = [
    pytest.param(_missing, "не знайдено", id="missing"),
    pytest.param(_folder, "це папка", id="folder"),
    pytest.param(_write("порожній.docx", b""), "порожній", id="empty"),
    pytest.param(_write("текст.docx", "Просто текст".encode()), "не є документом", id="text"),
    pytest.param(_write("старий.doc", OLE2), PASSWORD, id="old-doc"),
    pytest.param(_write("з паролем.xlsx", OLE2), PASSWORD, id="encrypted-office"),
    pytest.param(_write("скан.docx", b"%PDF-1.7\n"), "це PDF", id="pdf"),
    pytest.param(_write("лист.docx", b"{\\rtf1\\ansi}"), "форматі RTF", id="rtf"),
    pytest.param(
        _write("вивантаження.xls", b"\xef\xbb\xbf<html><table><tr><td>1</td></tr></table>"),
        "веб-сторінка або таблиця XML",
        id="html-as-xls",
    ),
    pytest.param(_zip("архів.docx", {"a.txt": b"a"}), "архів, але не документ", id="other-zip"),
    pytest.param(
        _zip("програма.odt", {"mimetype": b"application/vnd.oasis.opendocument.text"}),
        "OpenDocument",
        id="odt",
    ),
    pytest.param(_zip("книга.xlsx", {"xl/workbook.bin": b""}), ".xlsb", id="xlsb"),
    pytest.param(_truncated, CORRUPTED, id="truncated"),
    pytest.param(_corrupted_docx, CORRUPTED, id="corrupted-docx"),
    pytest.param(_corrupted_xlsx, CORRUPTED, id="corrupted-xlsx"),
    pytest.param(_zip_encrypted, "захищений паролем", id="zip-password"),
    pytest.param(_many_entries, "5002 частини", id="bomb-entries"),
    pytest.param(_huge_total, "369 МБ", id="bomb-total"),
    pytest.param(_high_ratio, "«word/media/zeros.bin» стиснута", id="bomb-ratio"),
    pytest.param(_docx_with_dtd("xxe.docx", XXE), DTD, id="docx-xxe"),
    pytest.param(_docx_with_dtd("lol.docx", LAUGHS), DTD, id="docx-billion-laughs"),
    pytest.param(_docx_with_dtd("utf16.docx", XXE, "utf-16"), DTD, id="docx-utf16-dtd"),
    pytest.param(_xlsx_with_entity, "«xl/worksheets/sheet1.xml» містить", id="xlsx-entity"),
    pytest.param(_strict_docx, "Strict Open XML", id="strict-docx"),
]


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    return {
        str(path.relative_to(folder)): None if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize(("build", "problem"), BAD_INPUTS)
def test_bad_input_is_refused_naming_the_file_and_writing_nothing(tmp_path, build, problem):
    path = build(tmp_path)
    before = _snapshot(tmp_path)
    with pytest.raises(ImportFileError) as raised:
        read_document(path)
    message = str(raised.value)
    assert path.name in message and problem in message, message
    assert raised.value.path == path
    assert _snapshot(tmp_path) == before


def test_an_unreadable_file_is_refused(tmp_path, monkeypatch):
    path = fixtures.program_docx(tmp_path / "чужий.docx")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)  # chmod does not stop root
    with pytest.raises(ImportFileError) as raised:
        read_document(path)
    assert str(raised.value).startswith("Немає доступу до файлу «чужий.docx»")


@pytest.mark.parametrize("build", [_many_entries, _huge_total, _high_ratio])
def test_zip_bombs_are_refused_before_anything_is_unpacked(tmp_path, monkeypatch, build):
    path = build(tmp_path)

    def unpack(*args, **kwargs):
        raise AssertionError("an entry was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "open", unpack)
    with pytest.raises(ImportFileError, match=SUSPICIOUS):
        read_document(path)


@pytest.mark.parametrize("read", [read_document, xlsx_tables.open_workbook])
def test_a_sheet_with_a_dtd_is_refused_even_without_our_own_check(tmp_path, monkeypatch, read):
    """Defence in depth: the stream that reads a sheet's cells (and checks every sheet
    before openpyxl opens the workbook) refuses a DTD on its own."""
    path = _xlsx_with_entity(tmp_path)
    monkeypatch.setattr(xlsx_tables, "refuse_dtd", lambda *args: None)
    with pytest.raises(ImportFileError, match=DTD) as raised:
        read(path)
    assert "сутності.xlsx" in str(raised.value)
    assert "xl/worksheets/sheet1.xml" in str(raised.value)


def test_python_docx_parser_does_not_resolve_entities(tmp_path):
    """What our own DTD check backs up: python-docx's parser has resolve_entities=False,
    so neither a local file nor an internal entity gets into the text."""
    secret = tmp_path / "secret.txt"
    secret.write_text("ТАЄМНИЦЯ", encoding="utf-8")
    xml = (
        f'<!DOCTYPE d [<!ENTITY e SYSTEM "{secret.as_uri()}"><!ENTITY i "ВНУТРІШНЯ">]>'
        '<w:t xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "a&e;&i;b</w:t>"
    )
    element = parse_xml(xml.encode())
    text = "".join(element.itertext())
    assert "ТАЄМНИЦЯ" not in text and "ВНУТРІШНЯ" not in text
    assert element.text == "a"  # what follows is unresolved entity nodes: text silently lost


def test_a_dtd_marker_deep_in_a_big_document_is_refused_as_it_streams(tmp_path):
    """The document is unpacked as it is parsed; a marker after the first pieces (here in a
    comment between rows) still refuses the file, as the whole-file check did."""
    path = fixtures.big_docx(tmp_path / "пізній.docx")

    def after_row_1500(xml):
        rows = xml.split(b"</w:tr>")
        rows[1500] += b'<!-- <!ENTITY x "y"> -->'
        assert len(b"</w:tr>".join(rows[:1500])) > 100_000  # well past the first pieces
        return b"</w:tr>".join(rows)

    fixtures.rewrite_entry(path, "word/document.xml", after_row_1500)
    with pytest.raises(ImportFileError, match=DTD) as raised:
        read_document(path)
    assert "пізній.docx" in str(raised.value) and "word/document.xml" in str(raised.value)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-32-be"])
def test_a_marker_cut_between_two_pieces_is_found(encoding):
    marker = "<!DOCTYPE".encode(encoding)
    for start in range(len(marker) + 8):
        data = b"x" * start + marker + b"y" * 40
        stream = archive.DtdRefusingStream(Path("a.docx"), "word/document.xml", io.BytesIO(data))
        with pytest.raises(ImportFileError, match=DTD):
            while stream.read(7):
                pass
    clean = archive.DtdRefusingStream(Path("a.docx"), "x.xml", io.BytesIO(b"<a>" * 100))
    assert b"".join(iter(lambda: clean.read(7), b"")) == b"<a>" * 100
