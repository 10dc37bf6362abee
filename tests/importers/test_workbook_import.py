"""The Excel workbook read back after edits: no changes for an untouched workbook,
exactly the edited values otherwise, and a Ukrainian refusal naming the file, the sheet
and the cell for anything wrong."""

import copy
import datetime as dt
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from ctb_desktop.domain.entries import MeasureState
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.validation import Severity
from ctb_desktop.domain.workbook_layout import (
    CODE,
    FINANCING_SHEET,
    FORMER_HEADERS,
    INDICATOR_SHEET,
    INFO_SHEET,
    MONEY,
    STATUS_SHEET,
)
from ctb_desktop.importers.errors import ImportFileError
from ctb_desktop.importers.workbook_import import (
    apply_workbook_import,
    plan_workbook_import,
    read_workbook_info,
)
from ctb_desktop.reports.pdf import find_office
from ctb_desktop.reports.workbook import (
    entries_workbook,
    row_key,
)
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.units import UnitStore

YEAR = Period.parse("2024-Y")
INDICATOR = "кількість прийнятих нормативно-правових актів"
CASH = MONEY["cash"]
INJECTIONS = ('=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)")


# -- helpers the CLI tests share -------------------------------------------------------


def export_to(path, db, program, unit_codes=None):
    entries = EntryStore(db).load(program, YEAR)
    path.write_bytes(entries_workbook(program, UnitStore(db).list(), entries, unit_codes))
    return path


def edit(path, *edits):
    """Each edit is (sheet, key parts, header, value); like a clerk typing in Excel,
    a text is a text cell."""
    book = openpyxl.load_workbook(path)
    for sheet_name, key, header, value in edits:
        sheet = book[sheet_name]
        cell = sheet.cell(row=key_row(sheet, key), column=header_column(sheet, header))
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    book.save(path)


def change_book(path, change):
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


def report_of(entries, task, measure, unit):
    return next(
        r
        for r in entries.reports
        if (r.task_number, r.measure_number, r.unit_code) == (task, measure, unit)
    )


def key_row(sheet, key):
    wanted = row_key(*key)
    return next(row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value == wanted)


def header_column(sheet, header):
    return next(cell.column for cell in sheet[1] if cell.value == header)


def info_cell(book, label):
    return next(row[1] for row in book[INFO_SHEET].iter_rows(min_row=2) if row[0].value == label)


def set_key(book, sheet_name, row, parts):
    book[sheet_name].cell(row=row, column=1).value = row_key(*parts)


# The bad workbooks: (id, change to the book, what the message must name).
BAD_BOOKS = [
    (
        "missing sheet",
        lambda book: book.remove(book[FINANCING_SHEET]),
        "у книзі немає аркуша «Фінансування»",
    ),
    (
        "renamed header",
        lambda book: setattr(book[FINANCING_SHEET]["M1"], "value", "Касові видатки"),
        "аркуш «Фінансування», рядок заголовків: немає стовпця «Касові видатки, тис. грн». "
        "Можливо, його перейменовано (у клітинці M1 — «Касові видатки»)",
    ),
    (
        "text in a money cell",
        lambda book: setattr(book[FINANCING_SHEET]["M3"], "value", "багато"),
        "аркуш «Фінансування», клітинка M3: «багато» не є числом",
    ),
    (
        "fraction of a kopeck",
        lambda book: setattr(book[FINANCING_SHEET]["L3"], "value", 12.123456),
        "аркуш «Фінансування», клітинка L3: сума 12,123456 тис. грн має частки копійки",
    ),
    (
        "fraction of a kopeck typed as text",
        lambda book: setattr(book[FINANCING_SHEET]["M3"], "value", "0,123456"),
        "аркуш «Фінансування», клітинка M3: «0,123456»: у тис. грн можна вказати не більше "
        "п'яти знаків після коми",
    ),
    (
        "date in a money cell",
        lambda book: setattr(book[FINANCING_SHEET]["L3"], "value", dt.datetime(2024, 5, 1)),
        "аркуш «Фінансування», клітинка L3: очікується сума в тис. грн, а клітинка містить дату",
    ),
    (
        "unknown measure",
        lambda book: set_key(book, STATUS_SHEET, 2, ["9.", "1)", "mspu"]),
        "аркуш «Стан виконання», клітинка A2: рядок про захід «9. 1)», якого немає в програмі",
    ),
    (
        "unknown unit",
        lambda book: set_key(book, FINANCING_SHEET, 3, ["2.", "1)", "UA-99", 1]),
        "аркуш «Фінансування», клітинка A3: рядок про звітуючий орган «UA-99», якого немає",
    ),
    (
        "unknown indicator",
        lambda book: set_key(book, INDICATOR_SHEET, 2, ["1.", "1)", "mspu", "інший показник"]),
        "аркуш «Показники», клітинка A2: у заходу «1. 1)» немає показника «інший показник»",
    ),
    (
        "broken key",
        lambda book: setattr(book[STATUS_SHEET]["A3"], "value", "1.|2)|mspu"),
        "аркуш «Стан виконання», клітинка A3: ключ рядка «1.|2)|mspu» пошкоджено",
    ),
    (
        "repeated row",
        lambda book: set_key(book, STATUS_SHEET, 3, ["1.", "1)", "mspu"]),
        "аркуш «Стан виконання», клітинка A3: рядок повторює рядок 2",
    ),
    (
        "unknown state",
        lambda book: setattr(book[STATUS_SHEET]["G2"], "value", "Майже"),
        "аркуш «Стан виконання», клітинка G2: стан «Майже» невідомий",
    ),
    (
        "negative count",
        lambda book: setattr(book[STATUS_SHEET]["J2"], "value", -3),
        "аркуш «Стан виконання», клітинка J2: «-3»: очікується ціле невід’ємне число",
    ),
    (
        "unknown source",
        lambda book: setattr(book[FINANCING_SHEET]["H3"], "value", "бюджет"),
        "аркуш «Фінансування», клітинка H3: джерело «бюджет» невідоме",
    ),
    (
        "another program",
        lambda book: setattr(info_cell(book, "Код програми"), "value", "oblast-2025"),
        "аркуш «Відомості», клітинка B4: книга належить програмі «oblast-2025»",
    ),
    (
        "another period",
        lambda book: setattr(info_cell(book, "Звітний період"), "value", "2023-Y"),
        "аркуш «Відомості», клітинка B6: книга містить дані за 2023 рік, а імпорт іде до "
        "періоду «2024 рік»",
    ),
    (
        "newer format",
        lambda book: setattr(info_cell(book, "Версія формату"), "value", 2),
        "аркуш «Відомості», клітинка B3: книгу створено новішою версією ctb-desktop",
    ),
    (
        "not our workbook",
        lambda book: book.remove(book[INFO_SHEET]),
        "у книзі немає аркуша «Відомості»",
    ),
]


# -- fixtures ------------------------------------------------------------------------


@pytest.fixture
def units(demo_db):
    return UnitStore(demo_db).list()


@pytest.fixture
def book(demo_db, demo_program, tmp_path):
    return export_to(tmp_path / "фінанси 2024.xlsx", demo_db, demo_program)


@pytest.fixture
def plan(demo_db, demo_program, units):
    def make(path):
        current = EntryStore(demo_db).load(demo_program, YEAR)
        return plan_workbook_import(path, demo_program, units, current)

    return make


# -- round trip ----------------------------------------------------------------------


def test_an_untouched_workbook_changes_nothing(book, plan, demo_db, demo_program):
    result = plan(book)
    assert (result.changes, result.changed, result.warnings, result.problems) == ([], [], [], [])
    assert result.entries == EntryStore(demo_db).load(demo_program, YEAR)
    assert apply_workbook_import(demo_db, result) == 0


def test_rows_are_matched_by_key_not_by_position(book, plan):
    def reverse(workbook):
        for name in (STATUS_SHEET, INDICATOR_SHEET, FINANCING_SHEET):
            sheet = workbook[name]
            rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
            for number, values in enumerate(reversed(rows), start=2):
                for column, value in enumerate(values, start=1):
                    cell = sheet.cell(row=number, column=column)
                    cell.value = value
                    if isinstance(value, str):
                        cell.data_type = "s"

    change_book(book, reverse)
    sheet = openpyxl.load_workbook(book)[STATUS_SHEET]
    assert sheet["A2"].value == row_key("7.", "5)", "mspu")  # really re-sorted
    result = plan(book)
    assert (result.changes, result.changed, result.warnings) == ([], [], [])


def test_columns_are_found_by_their_headers(book, plan):
    def move(workbook):
        sheet = workbook[FINANCING_SHEET]
        for header, target in ((CASH, 20), ("Орган", 21)):
            source = header_column(sheet, header)
            for row in range(1, sheet.max_row + 1):
                sheet.cell(row=row, column=target).value = sheet.cell(row, source).value
            sheet.delete_cols(source)

    change_book(book, move)
    assert plan(book).changes == []
    edit(book, (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CASH, 7.5))
    assert [change.new for change in plan(book).changes] == ["7500"]


def test_a_workbook_exported_before_the_columns_were_renamed_still_reads(book, plan):
    """«Встановлено постраждалих» and «КПКВК» were the workbook's headers before the field
    catalogue; such a workbook is read as the new one, its columns included."""
    former = {new: old for old, new in FORMER_HEADERS.items()}
    renamed = []

    def rename(workbook):
        for sheet in workbook.worksheets:
            for cell in sheet[1]:
                if cell.value in former:
                    cell.value = former[cell.value]
                    renamed.append(cell.value)

    change_book(book, rename)
    assert sorted(renamed) == sorted(FORMER_HEADERS)
    result = plan(book)
    assert (result.changes, result.warnings, result.problems) == ([], [], [])
    edit(book, (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], "КПКВК", "2501234"))
    assert [change.new for change in plan(book).changes] == ["2501234"]


def test_edited_cells_are_exactly_the_changes_and_are_stored(book, plan, demo_db, demo_program):
    edit(
        book,
        (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CASH, 7.5),
        (STATUS_SHEET, ["1.", "1)", "mspu"], "Стан виконання", "Законопроект схвалено."),
        (INDICATOR_SHEET, ["1.", "1)", "mspu", INDICATOR], "Досягнуто", 3),
    )
    result = plan(book)
    assert [(c.unit_code, c.place, c.field, c.old, c.new) for c in result.changes] == [
        (
            "mspu",
            "захід 1. 1)",
            "Стан виконання",
            result.changes[0].old,
            "Законопроект схвалено.",
        ),
        ("mspu", "захід 1. 1)", f"Досягнуто «{INDICATOR}»", "0", "3"),
        ("UA-07", "захід 2. 1), фінансування, рядок 1", "Касові видатки", "0", "7500"),
    ]
    assert result.changes[0].old.startswith("Мінсоцполітики на виконання доручення")
    assert [(r.task_number, r.measure_number, r.unit_code) for r in result.changed] == [
        ("1.", "1)", "mspu"),
        ("2.", "1)", "UA-07"),
    ]
    before = EntryStore(demo_db).load(demo_program, YEAR)
    assert apply_workbook_import(demo_db, result) == 2
    after = EntryStore(demo_db).load(demo_program, YEAR)
    assert after == result.entries
    report = report_of(after, "2.", "1)", "UA-07")
    assert report.financing[0].cash == Decimal("7500.00")
    assert report.financing[0].financed == Decimal("8000.00")
    status = report_of(after, "1.", "1)", "mspu").status
    assert status.text == "Законопроект схвалено."
    assert [(v.indicator, v.value) for v in status.achieved] == [(INDICATOR, Decimal(3))]
    moved = [r for r in after.reports if r not in before.reports]  # and nothing else
    assert [(r.task_number, r.measure_number, r.unit_code) for r in moved] == [
        ("1.", "1)", "mspu"),
        ("2.", "1)", "UA-07"),
    ]
    assert plan(book).changes == []  # the same workbook again: already in


def test_formula_like_texts_survive_the_round_trip(book, plan, demo_db, demo_program):
    entries = EntryStore(demo_db).load(demo_program, YEAR)
    for status, text in zip(entries.statuses, INJECTIONS, strict=False):
        status.text = text
    line = report_of(entries, "2.", "1)", "UA-07").financing[0]
    line.budget_holder = "=1+1"
    EntryStore(demo_db).save(demo_program, entries)
    export_to(book, demo_db, demo_program)
    assert plan(book).changes == []
    # Typed into the workbook as text, they come in exactly as typed.
    edits = [
        (STATUS_SHEET, [s.task_number, s.measure_number, "mspu"], "Стан виконання", text)
        for s, text in zip(entries.statuses[10:], INJECTIONS, strict=False)
    ]
    edit(book, *edits)
    result = plan(book)
    assert [change.new for change in result.changes] == list(INJECTIONS)
    apply_workbook_import(demo_db, result)
    stored = EntryStore(demo_db).load(demo_program, YEAR).statuses
    assert [status.text for status in stored[:4]] == list(INJECTIONS)
    assert [status.text for status in stored[10:14]] == list(INJECTIONS)


def test_texts_with_characters_xml_cannot_hold_are_kept_when_untouched(
    book, plan, demo_db, demo_program
):
    entries = EntryStore(demo_db).load(demo_program, YEAR)
    entries.statuses[0].text = "перший\x0bдругий"
    EntryStore(demo_db).save(demo_program, entries)
    export_to(book, demo_db, demo_program)
    assert plan(book).changes == []


def test_sums_read_as_excel_shows_them(book, plan):
    edit(
        book,
        (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CASH, 0.1 + 0.2),  # a formula's result
        (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], "Профінансовано, тис. грн", "1 234,5"),
        (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], "Передбачено на рік, тис. грн", 0.00001),
    )
    line = report_of(plan(book).entries, "2.", "1)", "UA-07").financing[0]
    assert (line.cash, line.financed, line.planned_year) == (
        Decimal("300.00"),
        Decimal("1234500.00"),
        Decimal("0.01"),
    )


def test_negative_sum_is_imported_and_listed_as_an_error(book, plan):
    edit(book, (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CASH, -5))
    result = plan(book)
    assert [change.new for change in result.changes] == ["-5000"]
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    assert [(p.task_number, p.measure_number, p.field) for p in errors] == [
        ("2.", "1)", "financing:0:cash")
    ]
    assert "від’ємна" in errors[0].message


def test_cleared_cells_clear_values(book, plan):
    edit(
        book,
        (INDICATOR_SHEET, ["1.", "1)", "mspu", INDICATOR], "Досягнуто", None),
        (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CODE, None),
        (STATUS_SHEET, ["1.", "1)", "mspu"], "Стан", "Виконано"),
    )
    result = plan(book)
    assert [(c.field, c.new) for c in result.changes] == [
        ("Стан", "Виконано"),
        (f"Досягнуто «{INDICATOR}»", ""),
        ("Код бюджетної програми", ""),
    ]
    report = result.entries.reports[0]
    assert report.status.state is MeasureState.DONE and report.status.achieved == []


def test_a_changed_source_takes_its_title(book, plan):
    edit(book, (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], "Джерело", "інші джерела"))
    result = plan(book)
    assert [(c.field, c.old, c.new) for c in result.changes] == [
        ("Джерело", "місцевий бюджет", "інші джерела"),
        ("Джерело (як у звіті)", "місцеві бюджети", "інші джерела"),
    ]


def test_deleted_rows_and_read_only_columns_change_nothing(book, plan):
    def change(workbook):
        sheet = workbook[FINANCING_SHEET]
        sheet.delete_rows(key_row(sheet, ["2.", "1)", "UA-07", 1]))
        sheet["D2"].value = "інша назва"  # titles are for reading
        totals = key_row(sheet, ["разом", "", "total"])
        sheet.cell(row=totals, column=header_column(sheet, CASH)).value = 1  # so are totals

    change_book(book, change)
    result = plan(book)
    assert (result.changes, result.warnings) == ([], [])


def test_rows_without_a_key_and_unknown_columns_are_skipped_with_a_warning(book, plan):
    def change(workbook):
        sheet = workbook[FINANCING_SHEET]
        sheet.append([None, "2.", "1)", "нова", "UA-07", "", 2, "місцевий бюджет"])
        sheet.cell(row=1, column=20).value = "Примітка"
        sheet.cell(row=2, column=20).value = "перевірити"

    change_book(book, change)
    result = plan(book)
    assert result.changes == []
    rows = openpyxl.load_workbook(book)[FINANCING_SHEET].max_row
    assert [str(w) for w in result.warnings] == [
        "аркуш «Фінансування», клітинка T1: стовпець «Примітка» не імпортується",
        f"аркуш «Фінансування», рядок {rows}: рядок без ключа (прихований стовпець «ключ») "
        "пропущено: рядки, додані в Excel, не імпортуються — додайте їх у ctb-desktop",
    ]


def test_a_number_typed_as_budget_program_code_is_warned_about(book, plan):
    edit(book, (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CODE, 611120))
    result = plan(book)
    assert [(c.old, c.new) for c in result.changes] == [("0611120", "611120")]
    assert "нуль втрачено" in str(result.warnings[0])


def test_data_changed_since_the_export_is_warned_about(book, plan, demo_db, demo_program):
    entries = EntryStore(demo_db).load(demo_program, YEAR)
    entries.statuses[0].text = "Змінено після вивантаження"
    EntryStore(demo_db).save(demo_program, entries)
    result = plan(book)
    assert [(c.old, c.new[:14]) for c in result.changes] == [
        ("Змінено після вивантаження", "Мінсоцполітики")
    ]
    assert "дані в базі змінилися після вивантаження книги" in str(result.warnings[0])


def test_a_single_unit_workbook(demo_db, demo_program, units, tmp_path, plan):
    path = export_to(tmp_path / "UA-07.xlsx", demo_db, demo_program, {"UA-07"})
    assert read_workbook_info(path).unit_codes == {"UA-07"}
    assert plan(path).changes == []
    change_book(path, lambda book: set_key(book, FINANCING_SHEET, 2, ["2.", "1)", "UA-21", 1]))
    with pytest.raises(ImportFileError, match="книгу вивантажено для UA-07"):
        plan(path)


def test_workbook_info(book):
    info = read_workbook_info(book)
    assert (info.program_code, info.period, info.unit_codes) == ("national-2025", YEAR, None)


@pytest.mark.parametrize(
    ("change", "message"), [case[1:] for case in BAD_BOOKS], ids=[case[0] for case in BAD_BOOKS]
)
def test_bad_workbooks_are_refused_naming_file_sheet_and_cell(book, plan, change, message):
    change_book(book, change)
    with pytest.raises(ImportFileError) as raised:
        plan(book)
    assert str(raised.value).startswith("Файл «фінанси 2024.xlsx»")
    assert message in str(raised.value)
    assert raised.value.path == book


def test_a_file_that_is_not_a_workbook(tmp_path, plan):
    path = tmp_path / "звіт.xlsx"
    path.write_text("ключ;Стан\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"Файл «звіт\.xlsx» не є документом Word"):
        plan(path)


def test_nothing_is_written_when_planning(book, plan, demo_db, demo_program):
    before = copy.deepcopy(EntryStore(demo_db).load(demo_program, YEAR))
    edit(book, (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CASH, 7.5))
    assert plan(book).changes
    assert EntryStore(demo_db).load(demo_program, YEAR) == before


@pytest.mark.skipif(find_office() is None, reason="LibreOffice is not installed")
def test_a_workbook_saved_again_by_libreoffice_changes_nothing(
    book, plan, demo_db, demo_program, tmp_path
):
    entries = EntryStore(demo_db).load(demo_program, YEAR)
    for status, text in zip(entries.statuses, INJECTIONS, strict=False):
        status.text = text
    report_of(entries, "2.", "1)", "UA-07").financing[0].cash = Decimal("69560.01")
    EntryStore(demo_db).save(demo_program, entries)
    export_to(book, demo_db, demo_program)
    saved = tmp_path / "calc"
    subprocess.run(
        [
            find_office(),
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(saved),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = plan(saved / book.name)
    assert (result.changes, result.warnings) == ([], [])
