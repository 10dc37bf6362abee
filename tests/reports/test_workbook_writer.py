"""The SpreadsheetML writer on its own: what openpyxl reads back from what it writes."""

import io
import zipfile
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest

from ctb_desktop.reports.workbook_writer import Book, ListValidation, Style, column_letter

STAMP = datetime(1980, 1, 1)


def _saved(book: Book) -> tuple[bytes, openpyxl.Workbook]:
    content = book.save(creator="ctb-desktop", title="Назва & <усе>", created=STAMP)
    return content, openpyxl.load_workbook(io.BytesIO(content))


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


def test_texts_and_numbers_read_back_exactly():
    book = Book()
    sheet = book.sheet("Аркуш 'перший' & другий")
    plain = book.style(Style())
    texts = [" з пробілами ", "a & b < c > d", "лапки \"і\" 'апостроф'", "рядок\rповернення\nще"]
    numbers = [Decimal("69.56"), Decimal("1E+1"), Decimal("0.00001"), 12, 2.5]
    sheet.add_row(1, texts, [plain] * len(texts))
    sheet.add_row(3, numbers, [plain] * len(numbers))
    sheet.add_row(4, ["без стилю", None, ""], [None, plain, plain])
    content, workbook = _saved(book)
    read = workbook.worksheets[0]
    assert read.title == "Аркуш 'перший' & другий"
    assert [cell.value for cell in read[1]][:4] == texts
    assert [cell.value for cell in read[3]] == [69.56, 10, 1e-05, 12, 2.5]
    assert [cell.value for cell in read[4]] == [None] * 5
    assert read.max_row == 4 and read.max_column == 5
    assert workbook.properties.title == "Назва & <усе>"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        strings = archive.read("xl/sharedStrings.xml").decode()
        four = archive.read("xl/worksheets/sheet1.xml").decode()
    assert '<t xml:space="preserve"> з пробілами </t>' in strings
    assert '<c r="B4" s="0"/>' in four and "A4" not in four  # styled empty cell; none


def test_styles_are_registered_once_and_read_back():
    book = Book()
    sheet = book.sheet("s")
    header = Style(bold=True, fill="D9D9D9", horizontal="center", vertical="center", wrap=True)
    money = Style(vertical="top", number_format="#,##0.0####")
    quoted = Style(vertical="top", number_format="@", quote_prefix=True)
    assert book.style(money) == book.style(Style(vertical="top", number_format="#,##0.0####"))
    sheet.add_row(1, ["h", 1, "=1"], [book.style(header), book.style(money), book.style(quoted)])
    _, workbook = _saved(book)
    h, m, q = workbook.worksheets[0][1]
    assert h.font.b and h.fill.fgColor.rgb == "FFD9D9D9" and h.alignment.wrap_text
    assert (h.alignment.horizontal, h.alignment.vertical) == ("center", "center")
    assert m.number_format == "#,##0.0####" and not m.font.b and m.alignment.vertical == "top"
    assert (q.value, q.data_type, q.quotePrefix, q.number_format) == ("=1", "s", True, "@")


def test_sheet_settings_read_back():
    book = Book()
    for freeze in ("D2", "A2", "C1", None):
        sheet = book.sheet(f"s {freeze}")
        sheet.set_column(1, 14, hidden=True)
        sheet.set_column(3, 45.5)
        sheet.freeze = freeze
        sheet.print_title_rows = 1
        sheet.landscape = sheet.fit_to_width = True
        sheet.protected = freeze is None
        sheet.auto_filter = "A1:C3"
        sheet.validations.append(ListValidation("B2:B3", "'s D2'!$A$1:$A$2", "Увага", "Зі списку"))
        style = book.style(Style())
        sheet.add_row(1, ["a", "b", "c"], [style] * 3, height=30)
        sheet.add_row(3, ["a", "b", "c"], [style] * 3)
    _, workbook = _saved(book)
    for read, freeze in zip(workbook.worksheets, ("D2", "A2", "C1", None), strict=True):
        assert read.freeze_panes == freeze
        assert read.column_dimensions["A"].hidden and read.column_dimensions["A"].width == 14
        assert read.column_dimensions["C"].width == 45.5
        assert read.row_dimensions[1].height == 30 and read.row_dimensions[3].height is None
        assert read.print_title_rows == "$1:$1"
        assert read.page_setup.orientation == "landscape"
        assert read.sheet_properties.pageSetUpPr.fitToPage
        assert read.auto_filter.ref == "A1:C3"
        assert bool(read.protection.sheet) == (freeze is None)
        (validation,) = read.data_validations.dataValidation
        assert (str(validation.sqref), validation.formula1) == ("B2:B3", "'s D2'!$A$1:$A$2")
        assert (validation.type, validation.error) == ("list", "Зі списку")


def test_rows_go_down_and_match_their_styles():
    book = Book()
    sheet = book.sheet("s")
    sheet.add_row(2, ["a"], [0])
    with pytest.raises(ValueError, match="after row 2"):
        sheet.add_row(2, ["b"], [0])
    with pytest.raises(ValueError, match="2 values with 1 styles"):
        sheet.add_row(3, ["b", "c"], [0])


def test_same_content_gives_the_same_bytes():
    def build() -> bytes:
        book = Book()
        book.sheet("s").add_row(1, ["a", Decimal("1.5")], [0, book.style(Style(bold=True))])
        return book.save(creator="c", title="t", created=STAMP)

    first = build()
    assert first == build()
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_finished_sheet_is_written_and_takes_no_more_rows():
    """A finished sheet goes into the file while the rest is made; the file is the same
    as when every sheet is written at the end."""

    def build(finish_early: bool) -> bytes:
        book = Book()
        first, second = book.sheet("a"), book.sheet("b")
        first.add_row(1, ["перший"], [0])
        if finish_early:
            book.finish(first)
            with pytest.raises(ValueError, match="finished"):
                first.add_row(2, ["ще"], [0])
            with pytest.raises(ValueError, match="before the first is finished"):
                book.sheet("c")
        second.add_row(1, ["другий", "перший"], [0, 0])
        return book.save(creator="c", title="t", created=STAMP)

    early = build(True)
    assert early == build(False)
    workbook = openpyxl.load_workbook(io.BytesIO(early))
    assert [[c.value for c in row] for row in workbook["b"].iter_rows()] == [["другий", "перший"]]
    with zipfile.ZipFile(io.BytesIO(early)) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
