"""Builders of the files the importer tests read, made in tmp_path at test time so no
binary fixture is committed and each file shows how it was made."""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from openpyxl import Workbook
from openpyxl.styles import Font

from ctb_desktop.reports.wordml import MERGE_UP, Cell, Table

HEADER = ["Найменування завдання", "Найменування заходу", "Термін виконання", "Виконавці"]
TASK_1 = "1. Удосконалення нормативно-правової бази у сфері протидії торгівлі людьми"
TASK_2 = "2. Посилення інституційної спроможності"
MEASURES = [
    "1) участь в розробленні законопроектів",
    "2) актуалізація програм підвищення кваліфікації",
    # Seed 002 has HTML remnants in cells; this stage keeps them as they are.
    "<p>3) проведення інформаційних заходів</p>",
]
EXECUTOR = "Управління у справах сім’ї, молоді та спорту"
TWO_PARAGRAPHS = "Перший абзац\nДругий абзац"
TITLE = "ЗАВДАННЯ І ЗАХОДИ"
BETWEEN = "І. Фінансування завдань та заходів програми"
SIGNATURE = "Директор Департаменту соціального захисту населення"


def _append(document, element) -> None:
    """Append a block before the section properties, where python-docx adds its own."""
    document.element.body.sectPr.addprevious(element)


def program_docx(path: Path) -> Path:
    """A program document shaped like seed 001: title, a measures table with a task
    merged over three measure rows and a full-width grouping row, then a second table."""
    document = Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("")  # empty paragraphs are not reported
    document.add_paragraph("   ")
    table = Table([2500, 3500, 1500, 2500])
    table.add(HEADER, header=True)
    table.add(["1", "2", "3", "4"])
    table.add([Cell(TASK_1), MEASURES[0], "2023-2025 роки", EXECUTOR])
    table.add([MERGE_UP, MEASURES[1], "2024 рік", Cell(TWO_PARAGRAPHS)])
    table.add([MERGE_UP, MEASURES[2], "Постійно", EXECUTOR])
    table.add([Cell(TASK_2, span=4)])
    table.add(["", "1) координація", Cell("2023-2025 роки", span=2)])
    _append(document, table.element())
    document.add_paragraph(BETWEEN)
    second = document.add_table(rows=2, cols=2)  # the ordinary python-docx way
    for row, texts in zip(
        second.rows, [["Джерела", "Обсяг"], ["Державний бюджет", "3406"]], strict=True
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.add_paragraph(SIGNATURE)
    document.save(path)
    return path


# A table written by hand for what python-docx and wordml never produce but files from
# other programs do: gridBefore/gridAfter, missing cells, legacy hMerge, text kept in a
# vMerge continuation, content controls, hyperlinks, tabs and breaks, a text box, a
# nested table, a tracked deletion.
_MORE_NAMESPACES = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)
ODD_TABLE = f"""<w:tbl {nsdecls("w", "wp", "a")} {_MORE_NAMESPACES}>
<w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>
  <w:tc><w:p><w:r><w:t>b1</w:t></w:r></w:p></w:tc>
  <w:tc><w:p><w:r><w:t xml:space="preserve">c1 </w:t></w:r><w:r><w:t>кінець</w:t></w:r></w:p></w:tc>
</w:tr>
<w:tr><w:trPr><w:gridAfter w:val="2"/></w:trPr>
  <w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>a2</w:t></w:r></w:p></w:tc>
</w:tr>
<w:tr>
  <w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>прихований</w:t></w:r></w:p></w:tc>
  <w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>b3</w:t></w:r></w:p></w:tc>
  <w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>
</w:tr>
<w:tr><w:trPr><w:del w:id="1" w:author="x" w:date="2024-01-01T00:00:00Z"/></w:trPr>
  <w:tc><w:p><w:r><w:t>видалений рядок</w:t></w:r></w:p></w:tc>
</w:tr>
<w:sdt><w:sdtPr/><w:sdtContent><w:tr>
  <w:sdt><w:sdtPr/><w:sdtContent><w:tc><w:p>
    <w:hyperlink><w:r><w:t>посилання</w:t></w:r></w:hyperlink><w:r><w:tab/><w:t>після</w:t>
    <w:br/><w:t>рядок</w:t></w:r><w:del><w:r><w:delText>стерто</w:delText></w:r></w:del>
    <w:ins><w:r><w:t>+вставка</w:t></w:r></w:ins>
  </w:p></w:tc></w:sdtContent></w:sdt>
  <w:tc><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
    <w:r><w:t>з написом</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">
    <w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>
    <w:p><w:r><w:t>напис</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>
    </a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice></mc:AlternateContent>
    </w:r></w:p></w:tc>
  <w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>вкладена 1</w:t></w:r></w:p></w:tc>
    <w:tc><w:p><w:r><w:t>вкладена 2</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc>
</w:tr></w:sdtContent></w:sdt>
<w:tr/>
</w:tbl>"""


def odd_docx(path: Path) -> Path:
    document = Document()
    _append(document, parse_xml(ODD_TABLE))
    document.save(path)
    return path


def big_docx(path: Path, rows: int = 2000) -> Path:
    """About a hundred pages: a four-column table whose tasks span five measures each."""
    document = Document()
    document.add_paragraph(TITLE)
    table = Table([2500, 3500, 1500, 2500])
    table.add(HEADER, header=True)
    table.add(["1", "2", "3", "4"])
    for index in range(rows):
        task = Cell(f"{index // 5 + 1}. Завдання " + "щодо протидії торгівлі людьми " * 2)
        table.add(
            [
                task if index % 5 == 0 else MERGE_UP,
                f"{index % 5 + 1}) захід " + "з інформування населення про ризики " * 3,
                "2023-2025 роки",
                EXECUTOR + ", органи місцевого самоврядування (за згодою)",
            ]
        )
    _append(document, table.element())
    document.save(path)
    return path


def _text_block(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _one_cell_table(text: str) -> str:
    row = f"<w:tr><w:tc>{_text_block(text)}</w:tc></w:tr>"
    return f"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>{row}</w:tbl>"


# The body's blocks in content controls and custom XML, as forms made in Word keep them:
# a table inside a control with paragraphs beside it inside and outside, and a paragraph
# in a control inside a cell, which belongs to the cell.
WRAPPED_BODY = [
    _text_block("перед полем"),
    "<w:sdt><w:sdtPr/><w:sdtContent>"
    + _text_block("у полі перед таблицею")
    + _one_cell_table("клітинка 1")
    + _text_block("у полі після таблиці")
    + "</w:sdtContent></w:sdt>",
    _text_block("між таблицями"),
    "<w:customXml>" + _text_block("у customXml") + "</w:customXml>",
    "<w:tbl><w:tr><w:tc><w:sdt><w:sdtContent>"
    + _text_block("клітинка 2 у полі")
    + "</w:sdtContent></w:sdt></w:tc></w:tr></w:tbl>",
    _text_block("після таблиць"),
]
WRAPPED_BODY_PARAGRAPHS = [
    "перед полем",
    "у полі перед таблицею",
    "у полі після таблиці",
    "між таблицями",
    "у customXml",
    "після таблиць",
]


def wrapped_body_docx(path: Path) -> Path:
    document = Document()
    for block in WRAPPED_BODY:
        _append(document, parse_xml(block.replace(">", f" {nsdecls('w')}>", 1)))
    document.save(path)
    return path


def document_without_tables(path: Path) -> Path:
    document = Document()
    document.add_paragraph("Лист без таблиць")
    document.save(path)
    return path


def program_xlsx(path: Path) -> Path:
    """The program table as a clerk would keep it in Excel, plus a second sheet that does
    not start at A1, an empty sheet, and a formatted but empty cell far away."""
    workbook = Workbook()
    plan = workbook.active
    plan.title = "План"
    plan.append(HEADER)
    plan.append([1, 2, 3, 4])
    plan.append([TASK_1, MEASURES[0], 3406.0, "#DIV/0!"])
    plan.append([None, MEASURES[1], 14.8, TWO_PARAGRAPHS])
    plan.append([None, MEASURES[2], dt.datetime(2024, 3, 1), 0.25])
    plan["D5"].number_format = "0%"
    plan.append([TASK_2])
    plan.append(["", "1) координація", "2023-2025 роки"])
    plan.append([None, "2) моніторинг"])
    plan.merge_cells("A3:A5")
    plan.merge_cells("A6:D6")
    plan.merge_cells("C7:D8")
    plan["Z1000"].font = Font(bold=True)  # formatting only: not part of the used range
    report = workbook.create_sheet("Звіт")
    report["B2"] = "Показник"
    report["C2"] = "Значення"
    report["B3"] = "Кількість заходів"
    report["C3"] = 12
    workbook.create_sheet("Порожній")
    workbook.save(path)
    return path


# -- damaged and hostile files ----------------------------------------------------


def write_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return path


def rewrite_entry(path: Path, name: str, change: Callable[[bytes], bytes]) -> Path:
    """Rebuild the archive with one entry's content changed."""
    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    entries[name] = change(entries[name])
    path.unlink()
    return write_zip(path, entries)


def add_doctype(xml: bytes, declarations: str) -> bytes:
    """Put a DOCTYPE with `declarations` after the XML declaration, as an attacker would."""
    head, _, rest = xml.partition(b"?>")
    root = rest.lstrip()[1:].split(maxsplit=1)[0].decode()
    return head + b"?>" + f"<!DOCTYPE {root} [{declarations}]>".encode() + rest


def patch_central_directory(
    path: Path, *, file_size: int | None = None, flag_bits: int | None = None
) -> Path:
    """Overwrite every central-directory record's declared size or flags: what a forged
    archive claims, which is all the bomb check may look at."""
    data = bytearray(path.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    count, size, offset = struct.unpack_from("<HII", data, end + 10)
    position = offset
    for _ in range(count):
        assert data[position : position + 4] == b"PK\x01\x02"
        if flag_bits is not None:
            struct.pack_into("<H", data, position + 8, flag_bits)
        if file_size is not None:
            struct.pack_into("<I", data, position + 24, file_size)
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, position + 28)
        position += 46 + name_length + extra_length + comment_length
    assert position == offset + size
    path.write_bytes(bytes(data))
    return path


def corrupt_entry(path: Path, name: str) -> Path:
    """Flip bytes in the middle of one entry's compressed data, leaving the directory."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    data = bytearray(path.read_bytes())
    local_name, local_extra = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + local_name + local_extra
    middle = start + info.compress_size // 2
    for index in range(middle, middle + 16):
        data[index] ^= 0xFF
    path.write_bytes(bytes(data))
    return path
