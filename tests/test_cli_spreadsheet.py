"""`entries xlsx-export` and `entries xlsx-import` end to end: what a finance officer's
clerk types and reads back."""

import json

import openpyxl
import pytest

from ctb_desktop.cli import main
from ctb_desktop.domain.interchange import entries_to_dict
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.workbook_layout import CODE, FINANCING_SHEET, INDICATOR_SHEET, STATUS_SHEET
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from tests.importers.test_workbook_import import BAD_BOOKS, CASH, INDICATOR, change_book, edit

YEAR = Period.parse("2024-Y")
# Through the CLI the program and period come from the workbook itself.
CLI_BAD_BOOKS = [case for case in BAD_BOOKS if case[0] not in {"another program", "another period"}]


def run(capsys, *argv):
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def stored(path):
    """The period's entries in the database file, as ctb-entries."""
    with Database.open(path, create=False) as db:
        program = ProgramStore(db).load(1)
        return entries_to_dict(EntryStore(db).load(program, YEAR))


@pytest.fixture
def demo(tmp_path, capsys):
    path = tmp_path / "demo.sqlite"
    assert run(capsys, "--db", path, "demo")[0] == 0
    return path


@pytest.fixture
def book(demo, tmp_path, capsys):
    path = tmp_path / "фінанси.xlsx"
    code, out, err = run(
        capsys, "--db", demo, "entries", "xlsx-export", "--period", "2024-Y", "-o", path
    )
    assert (code, err) == (0, "")
    assert out == (f"Збережено «{path}» (2024 рік): станів виконання 60, рядків фінансування 33\n")
    return path


def test_exported_workbook_imports_back_without_changes(demo, book, capsys):
    code, out, err = run(capsys, "--db", demo, "entries", "xlsx-import", book, "--dry-run")
    assert (code, err) == (0, "")
    assert out == (
        "«фінанси.xlsx»: програма «national-2025», 2024 рік; змінених значень 0\n"
        "Перегляд без змін у базі (--dry-run)\n"
    )
    code, out, _ = run(capsys, "--db", demo, "entries", "xlsx-import", book, "--json")
    data = json.loads(out)
    assert (code, data["changes"], data["warnings"], data["applied"]) == (0, [], [], True)
    assert data["reports_saved"] == 0


def test_edits_are_previewed_then_applied(demo, book, capsys):
    edit(
        book,
        (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CASH, 7.5),
        (STATUS_SHEET, ["1.", "1)", "mspu"], "Стан виконання", '=HYPERLINK("http://x")'),
        (INDICATOR_SHEET, ["1.", "1)", "mspu", INDICATOR], "Досягнуто", 3),
    )
    before = stored(demo)
    code, out, _ = run(capsys, "--db", demo, "entries", "xlsx-import", book, "--dry-run", "--json")
    data = json.loads(out)
    assert code == 0 and data["applied"] is False
    assert [(c["unit"], c["field"], c["new"]) for c in data["changes"]] == [
        ("mspu", "Стан виконання", '=HYPERLINK("http://x")'),
        ("mspu", f"Досягнуто «{INDICATOR}»", "3"),
        ("UA-07", "Касові видатки, тис. грн", "7,5"),
    ]
    assert [p["field"] for p in data["problems"]] == []
    assert stored(demo) == before  # a dry run writes nothing

    code, out, err = run(capsys, "--db", demo, "entries", "xlsx-import", book)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "«фінанси.xlsx»: програма «national-2025», 2024 рік; змінених значень 3"
    assert lines[-1] == "Збережено: оновлено звітів про заходи 2"
    assert (
        "  UA-07, захід 2. 1), фінансування, рядок 1, Касові видатки, тис. грн: «0,0» → «7,5»"
        in lines
    )
    after = stored(demo)
    first = after["entries"][0]["status"]
    assert first["text"] == '=HYPERLINK("http://x")'
    assert first["achieved"] == [{"indicator": INDICATOR, "value": "3"}]
    line = next(
        e for e in after["entries"] if (e["task"], e["measure"], e["unit"]) == ("2.", "1)", "UA-07")
    )
    assert line["financing"][0]["cash"] == "7500.00"

    _, out, _ = run(capsys, "--db", demo, "entries", "xlsx-import", book)
    assert out.endswith("змінених значень 0\nЗмін немає: базу не змінено\n")


def test_problems_and_warnings_are_printed(demo, book, capsys):
    edit(
        book,
        (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CASH, -1),
        (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CODE, 611120),
    )
    code, out, _ = run(capsys, "--db", demo, "entries", "xlsx-import", book, "--dry-run")
    assert code == 0
    assert "  помилка: 2. 1): Сума «Касові видатки» (-1,0 тис. грн) від’ємна у рядку 1" in out
    assert "  увага: аркуш «Фінансування», клітинка O" in out


@pytest.mark.parametrize(
    ("change", "message"), [case[1:] for case in CLI_BAD_BOOKS], ids=[c[0] for c in CLI_BAD_BOOKS]
)
def test_bad_workbooks_are_refused_and_nothing_is_written(demo, book, capsys, change, message):
    edit(book, (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CASH, 7.5))  # a change to refuse too
    change_book(book, change)
    before = stored(demo)
    code, out, err = run(capsys, "--db", demo, "entries", "xlsx-import", book)
    assert (code, out) == (1, "")
    assert err.startswith("ctb-desktop: помилка: Файл «фінанси.xlsx»")
    assert message in err
    assert stored(demo) == before


def test_a_workbook_of_a_program_the_database_lacks(demo, book, capsys):
    change_book(
        book,
        next(case[1] for case in BAD_BOOKS if case[0] == "another program"),
    )
    code, _, err = run(capsys, "--db", demo, "entries", "xlsx-import", book)
    assert code == 1
    assert "Книга «фінанси.xlsx» належить програмі «oblast-2025», якої немає в цій базі" in err


def test_one_unit_only(demo, tmp_path, capsys):
    path = tmp_path / "UA-07.xlsx"
    code, out, _ = run(
        capsys,
        "--db",
        demo,
        "entries",
        "xlsx-export",
        "--period",
        "2024-Y",
        "--unit",
        "UA-07",
        "-o",
        path,
    )
    assert code == 0 and "станів виконання 0, рядків фінансування 2" in out
    keys = [
        row[0]
        for row in openpyxl.load_workbook(path)[FINANCING_SHEET].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert [key for key in keys if not key.startswith('["разом"')] == [
        '["2.","1)","UA-07",1]',
        '["4.","1)","UA-07",1]',
    ]
    code, out, _ = run(capsys, "--db", demo, "entries", "xlsx-import", path, "--dry-run")
    assert code == 0 and "змінених значень 0" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--unit", "UA-99", "-o", "x.xlsx"], "Звітуючого органу «UA-99» немає в довіднику бази"),
        (["-o", "x.csv"], "Книга Excel має називатися «….xlsx», а не «x.csv»"),
    ],
)
def test_export_refuses_unknown_unit_and_wrong_name(demo, tmp_path, capsys, argv, message):
    argv = [str(tmp_path / arg) if arg.startswith("x.") else arg for arg in argv]
    code, out, err = run(
        capsys, "--db", demo, "entries", "xlsx-export", "--period", "2024-Y", *argv
    )
    assert (code, out) == (1, "")
    assert message in err
    assert not list(tmp_path.glob("x.*"))
