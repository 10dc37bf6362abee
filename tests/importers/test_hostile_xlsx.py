"""Workbooks made to exhaust the reader: a merge over the whole sheet, hundreds of
thousands of merges or rows, a damaged cell, and openpyxl's English warnings. Each is
refused in seconds, from the sheet's XML, with a Ukrainian message naming the file and
the sheet; nothing reaches stderr in English."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from openpyxl import Workbook

from ctb_desktop.importers import xlsx_scan
from ctb_desktop.importers.errors import ImportFileError
from ctb_desktop.importers.tables import read_document
from ctb_desktop.importers.xlsx_tables import open_workbook
from tests.importers import fixtures

SHEET = "xl/worksheets/sheet1.xml"
_MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
ROOT = Path(__file__).resolve().parents[2]
CLI = (sys.executable, "-m", "ctb_desktop")


def _workbook(path: Path, sheet_data: str, after: str = "", dimension: str = "") -> Path:
    """A workbook named «Заходи» whose sheet XML is written by hand."""
    book = Workbook()
    book.active.title = "Заходи"
    book.save(path)
    head = f'<dimension ref="{dimension}"/>' if dimension else ""
    xml = f'<?xml version="1.0"?><worksheet {_MAIN}>{head}<sheetData>{sheet_data}</sheetData>'
    return fixtures.rewrite_entry(path, SHEET, lambda _: f"{xml}{after}</worksheet>".encode())


def _merges(*references: str) -> str:
    cells = "".join(f'<mergeCell ref="{reference}"/>' for reference in references)
    return f'<mergeCells count="{len(references)}">{cells}</mergeCells>'


VALUE = '<row r="1"><c r="A1" t="inlineStr"><is><t>Захід</t></is></c></row>'


def _refused(path: Path, *fragments: str, rows: int = 1, merges: int = 1) -> str:
    """Refused while the sheet's XML streams by, at the limit, not after the whole sheet:
    at most `rows` rows and `merges` merged ranges are looked at (the reader used to
    build every one of them: minutes and gigabytes). Speed itself: benches/import.py."""
    seen = {"rows": 0, "merges": 0}

    def counting(name, function):
        def counted(*args):
            seen[name] += 1
            return function(*args)

        return counted

    with (
        mock.patch.object(xlsx_scan, "_count_row", counting("rows", xlsx_scan._count_row)),
        mock.patch.object(xlsx_scan, "_add_merge", counting("merges", xlsx_scan._add_merge)),
        pytest.raises(ImportFileError) as raised,
    ):
        read_document(path)
    assert seen["rows"] <= rows and seen["merges"] <= merges, seen
    message = str(raised.value)
    for fragment in (path.name, "аркуш «Заходи»", *fragments):
        assert fragment in message, message
    return message


def test_one_merge_over_the_whole_sheet_is_refused_from_the_xml(tmp_path):
    path = _workbook(tmp_path / "злиття.xlsx", VALUE, _merges("A1:XFD1048576"))
    message = _refused(path, "A1:XFD1048576", "охоплюють 17179869184 клітинки", "шкідливий")
    assert "Traceback" not in message


def test_two_hundred_thousand_merges_are_refused_from_the_xml(tmp_path):
    references = [f"A{row}:B{row}" for row in range(2, 200_002)]
    path = _workbook(tmp_path / "злиття.xlsx", VALUE, _merges(*references))
    _refused(path, "понад 50000 об’єднаних діапазонів", merges=50_001)


def test_a_million_rows_are_refused_before_they_are_read(tmp_path):
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 1_048_577))
    path = _workbook(tmp_path / "рядки.xlsx", rows, dimension="A1:A1048576")
    limit = xlsx_scan.MAX_SHEET_ROWS
    _refused(path, f"понад {limit} рядків", rows=limit + 1)


def test_the_checks_stand_before_openpyxl_opens_a_workbook_too(tmp_path):
    path = _workbook(tmp_path / "злиття.xlsx", VALUE, _merges("A1:XFD1048576"))
    with pytest.raises(ImportFileError, match="об’єднані діапазони"):
        open_workbook(path, read_only=True)


def test_a_declared_dimension_alone_costs_nothing(tmp_path):
    """Only what the file holds counts: a <dimension> claiming the whole sheet over two
    cells reads as those two cells."""
    row = '<row r="2"><c r="B2" t="inlineStr"><is><t>1) захід</t></is></c></row>'
    path = _workbook(tmp_path / "розмір.xlsx", VALUE + row, dimension="A1:XFD1048576")
    (table,) = read_document(path).tables
    assert [[cell.text for cell in row] for row in table.rows] == [["Захід", ""], ["", "1) захід"]]


def test_limits_are_counted_per_sheet_at_their_edge(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_scan, "MAX_MERGES", 3)
    three = _workbook(tmp_path / "три.xlsx", VALUE, _merges("C1:D1", "C2:D2", "C3:D3"))
    assert read_document(three).tables
    four = _workbook(tmp_path / "чотири.xlsx", VALUE, _merges("C1:D1", "C2:D2", "C3:D3", "C4:D4"))
    _refused(four, "понад 3 об’єднані діапазони", merges=4)


def test_a_value_that_is_not_its_type_names_the_cell(tmp_path):
    cell = '<row r="3"><c r="C3"><v>сорок два</v></c></row>'
    path = _workbook(tmp_path / "клітинка.xlsx", VALUE + cell)
    message = _refused(path, "клітинка C3", "«сорок два»", "пошкоджений")
    long = '<row r="3"><c r="C3"><v>' + "x" * 1_000_000 + "</v></c></row>"
    path = _workbook(tmp_path / "довга.xlsx", VALUE + long)
    message = _refused(path, "клітинка C3")
    assert len(message) < 400, len(message)


def test_a_merge_shows_only_its_first_cell(tmp_path):
    hidden = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Завдання</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>приховане</t></is></c></row>'
    )
    path = _workbook(tmp_path / "злиття.xlsx", hidden, _merges("A1:B1"))
    (table,) = read_document(path).tables
    assert [(cell.text, cell.from_left) for cell in table.rows[0]] == [
        ("Завдання", False),
        ("", True),
    ]


def test_openpyxl_warnings_do_not_reach_stderr(tmp_path):
    """A stylesheet without cell styles makes openpyxl warn in English ("Workbook
    contains no default style"); the command line prints only its own lines."""
    path = fixtures.program_xlsx(tmp_path / "без стилів.xlsx")
    fixtures.rewrite_entry(
        path, "xl/styles.xml", lambda xml: re.sub(rb"<cellStyles.*?</cellStyles>", b"", xml)
    )
    result = subprocess.run(
        [*CLI, "--db", str(tmp_path / "x.sqlite"), "import", str(path), "--dry-run"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": ""},
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
