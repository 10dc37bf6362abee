"""The Excel workbook of a period's entries: layout, exact money, totals, same bytes for
the same data, and user texts that can never become formulas."""

import copy
import csv
import io
import subprocess
import zipfile
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest

from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.totals import program_totals
from ctb_desktop.domain.workbook_layout import (
    FINANCING_SHEET,
    INDICATOR_SHEET,
    INFO_SHEET,
    STATUS_SHEET,
)
from ctb_desktop.reports.pdf import find_office
from ctb_desktop.reports.workbook import (
    MONEY_FORMAT,
    WorkbookError,
    entries_workbook,
    row_key,
)
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.units import UnitStore

YEAR = Period.parse("2024-Y")
INJECTIONS = ('=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tтабуляція", "\rповернення")


@pytest.fixture
def entries(demo_db, demo_program):
    return EntryStore(demo_db).load(demo_program, YEAR)


@pytest.fixture
def make(demo_db, demo_program):
    """make(entries, unit_codes=None) → (bytes, openpyxl workbook)."""
    units = UnitStore(demo_db).list()

    def build(entries, unit_codes=None):
        content = entries_workbook(demo_program, units, entries, unit_codes)
        return content, openpyxl.load_workbook(io.BytesIO(content))

    return build


def _rows(sheet):
    """{key: {header: cell}} of a sheet."""
    headers = [cell.value for cell in sheet[1]]
    return {
        row[0].value: dict(zip(headers, row, strict=True))
        for row in sheet.iter_rows(min_row=2)
        if row[0].value
    }


def _report(entries, task, measure, unit):
    return next(
        r
        for r in entries.reports
        if (r.task_number, r.measure_number, r.unit_code) == (task, measure, unit)
    )


def test_one_sheet_per_layout_with_frozen_header_widths_and_formats(make, entries):
    _, book = make(entries)
    assert book.sheetnames == [STATUS_SHEET, INDICATOR_SHEET, FINANCING_SHEET, INFO_SHEET]
    status = book[STATUS_SHEET]
    assert [cell.value for cell in status[1]] == [
        "ключ",
        "Завдання",
        "№ заходу",
        "Захід",
        "Код органу",
        "Орган",
        "Стан",
        "Стан виконання",
        "Проведено заходів",
        "Охоплено осіб",
        "Виявлено постраждалих",
    ]
    assert status.max_row == 1 + len(entries.statuses)
    for sheet in (status, book[INDICATOR_SHEET], book[FINANCING_SHEET]):
        assert sheet.freeze_panes == "D2"
        assert sheet.column_dimensions["A"].hidden  # the key
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.auto_filter.ref.startswith("A1:")
    assert status.column_dimensions["H"].width == 90  # the status text
    assert status.column_dimensions["D"].width == 45
    text = status["H2"]
    assert text.alignment.wrap_text and len(text.value) > 200
    assert status.row_dimensions[2].height > 15  # tall enough for the wrapped text
    financing = book[FINANCING_SHEET]
    headers = [cell.value for cell in financing[1]]
    money = headers.index("Касові видатки, тис. грн") + 1
    assert financing.cell(row=2, column=money).number_format == MONEY_FORMAT == "#,##0.0####"
    assert financing.column_dimensions[openpyxl.utils.get_column_letter(money)].width == 16
    holder = headers.index("Код бюджетної програми") + 1
    assert financing.cell(row=2, column=holder).number_format == "@"
    assert status["I2"].number_format == "#,##0"
    # The states and sources are offered as lists.
    lists = {str(v.sqref): v.formula1 for v in status.data_validations.dataValidation}
    assert lists == {f"G2:G{status.max_row}": f"'{INFO_SHEET}'!$D$2:$D$5"}
    assert book[INFO_SHEET]["D3"].value == "Виконується"


def test_money_cells_hold_the_exact_amount_in_thousands(make, entries):
    report = _report(entries, "2.", "1)", "UA-07")
    line = report.financing[0]
    line.financed, line.cash, line.planned_next_year = Decimal("69560.00"), Decimal("0.01"), None
    _, book = make(entries)
    row = _rows(book[FINANCING_SHEET])[row_key("2.", "1)", "UA-07", 1)]
    assert row["Передбачено на рік, тис. грн"].value == 8
    assert row["Профінансовано, тис. грн"].value == pytest.approx(69.56, abs=0)
    assert row["Касові видатки, тис. грн"].value == pytest.approx(0.00001, abs=0)
    assert row["Передбачено на наступний рік, тис. грн"].value is None  # empty, not 0
    assert row["Передбачено програмою, тис. грн"].value == 0
    assert row["Джерело"].value == "місцевий бюджет"
    assert row["Головний розпорядник"].value == "Волинська ОВА"
    assert row["Код бюджетної програми"].value == "0611120"
    assert row["№ рядка"].value == 1


def test_totals_are_the_domain_totals_bold_and_marked(make, entries, demo_program):
    _, book = make(entries)
    rows = _rows(book[FINANCING_SHEET])
    totals = program_totals(demo_program, entries.financing)
    program_row = rows[row_key("разом", "", "total")]
    assert program_row["Захід"].value == "Разом по Програмі"
    assert program_row["Касові видатки, тис. грн"].value == pytest.approx(
        float(totals.program.total.cash / 1000), abs=0
    )
    assert program_row["Профінансовано, тис. грн"].value == pytest.approx(985.56, abs=0)
    assert all(cell.font.bold for cell in program_row.values())
    local = rows[row_key("разом", "2.", "local")]
    assert local["Захід"].value == "Разом за завданням 2"
    assert local["Профінансовано, тис. грн"].value == pytest.approx(
        float(totals.tasks["2."].local.financed / 1000), abs=0
    )
    assert rows[row_key("разом", "", "state_special")]["Касові видатки, тис. грн"].value is None
    # The last row is the program's «інші джерела»; each task's block follows its lines.
    sheet = book[FINANCING_SHEET]
    assert sheet.cell(row=sheet.max_row, column=1).value == row_key("разом", "", "other")
    keys = [row[0].value for row in sheet.iter_rows(min_row=2)]
    task_2 = [i for i, key in enumerate(keys) if key.startswith('["2.",')]
    later = [i for i, key in enumerate(keys) if key.startswith(('["3.",', '["4.",'))]
    assert max(task_2) < keys.index(row_key("разом", "2.", "total")) < min(later)
    assert len([key for key in keys if key.startswith('["разом"')]) == 6 * (len(totals.tasks) + 1)


def test_same_data_gives_the_same_bytes(make, entries):
    first, book = make(entries)
    second, _ = make(copy.deepcopy(entries))
    assert first == second
    assert book.properties.created == book.properties.modified == datetime(1980, 1, 1)
    assert book.properties.creator == "ctb-desktop"
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def _injected(entries):
    statuses = entries.statuses
    for status, text in zip(statuses, INJECTIONS, strict=False):
        status.text = text
    line = _report(entries, "2.", "1)", "UA-07").financing[0]
    line.budget_holder, line.budget_program_name = "=1+1", "@cmd|' /C calc'!A0"
    return entries


def test_texts_that_look_like_formulas_are_written_as_text(make, entries):
    content, book = make(_injected(entries))
    status = book[STATUS_SHEET]
    for row, text in enumerate(INJECTIONS, start=2):
        cell = status.cell(row=row, column=8)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    plain = status.cell(row=len(INJECTIONS) + 2, column=8)
    assert plain.data_type == "s" and not plain.quotePrefix
    row = _rows(book[FINANCING_SHEET])[row_key("2.", "1)", "UA-07", 1)]
    holder, name = row["Головний розпорядник"], row["Назва бюджетної програми"]
    assert (holder.value, holder.data_type) == ("=1+1", "s")
    assert (name.value, name.data_type) == ("@cmd|' /C calc'!A0", "s")
    # No formula anywhere in the file.
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


@pytest.mark.skipif(find_office() is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_texts_and_computes_nothing(make, entries, tmp_path):
    content, _ = make(_injected(entries))
    source = tmp_path / "книга.xlsx"
    source.write_bytes(content)
    subprocess.run(
        [
            find_office(),
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with (tmp_path / "книга.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    texts = [row[7] for row in rows[1 : len(INJECTIONS) + 1]]
    assert texts == list(INJECTIONS)


def test_only_the_chosen_units(make, entries, demo_program):
    _, book = make(entries, {"UA-07"})
    rows = _rows(book[FINANCING_SHEET])
    lines = [key for key in rows if not key.startswith('["разом"')]
    assert lines == [row_key("2.", "1)", "UA-07", 1), row_key("4.", "1)", "UA-07", 1)]
    assert book[STATUS_SHEET].max_row == 1  # UA-07 reported money only
    own = [line for line in entries.financing if line.unit_code == "UA-07"]
    total = program_totals(demo_program, own).program.total
    assert rows[row_key("разом", "", "total")]["Профінансовано, тис. грн"].value == float(
        total.financed / 1000
    )
    info = {row[0].value: row[1].value for row in book[INFO_SHEET].iter_rows(min_row=2)}
    assert info["Органи"] == "UA-07"


def test_info_sheet_names_program_and_period_and_is_protected(make, entries):
    _, book = make(entries)
    sheet = book[INFO_SHEET]
    info = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=2)}
    assert info["Формат"] == "ctb-workbook"
    assert info["Версія формату"] == 1
    assert info["Код програми"] == "national-2025"
    assert info["Звітний період"] == "2024-Y"
    assert info["Період"] == "2024 рік"
    assert info["Органи"] == "усі"
    assert len(info["Контрольна сума"]) == 64
    assert sheet.protection.sheet


def test_text_longer_than_a_cell_holds_is_refused(make, entries):
    entries.statuses[0].text = "х" * 40000
    with pytest.raises(WorkbookError, match="32767"):
        make(entries)


def test_characters_xml_cannot_hold_become_spaces(make, entries):
    entries.statuses[0].text = "рядок\x0bдругий\x01"
    _, book = make(entries)
    assert book[STATUS_SHEET]["H2"].value == "рядок другий "


def test_texts_are_stored_once_in_utf8_not_as_character_references(make, entries):
    """openpyxl alone writes every Cyrillic letter as a 7-byte `&#1082;` reference and
    every text inline; the workbook keeps each distinct text once, in the shared strings
    table, in UTF-8, and the cells' formats are still set."""
    content, workbook = make(entries)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    strings = parts["xl/sharedStrings.xml"]
    assert strings.count("<t>Виконується</t>".encode()) == 1
    for name, xml in parts.items():
        assert b"&#10" not in xml and b"&#11" not in xml, name
        if name.startswith("xl/worksheets/"):
            assert "Вико".encode() not in xml and b"inlineStr" not in xml, name
    statuses = workbook[STATUS_SHEET]
    assert sum(row[6].value == "Виконується" for row in statuses.iter_rows(min_row=2)) > 1
    money = workbook[FINANCING_SHEET]
    formats = {cell.number_format for row in money.iter_rows(min_row=2) for cell in row}
    assert MONEY_FORMAT in formats
