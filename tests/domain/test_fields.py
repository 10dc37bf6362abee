"""The field catalogue names every reported value once, and the domain's own texts
(workbook headers, comparison, validation) take their names from it."""

import dataclasses
from decimal import Decimal

from ctb_desktop.domain import fields, workbook_layout
from ctb_desktop.domain.comparison import compare_entries
from ctb_desktop.domain.entries import (
    FinancingLine,
    IndicatorValue,
    MeasureState,
    PeriodEntries,
    StatusEntry,
    UnitReport,
)
from ctb_desktop.domain.program import FundingSource, Measure
from ctb_desktop.domain.totals import COLUMNS
from ctb_desktop.domain.validation import check_measure
from tests.reported import UNIT, YEAR, line, status

PLACE = {"task_number", "measure_number", "unit_code", "period"}


def _names(cls) -> list[str]:
    return [field.name for field in dataclasses.fields(cls) if field.name not in PLACE]


def test_every_reported_attribute_is_in_the_catalogue_in_the_forms_order():
    assert [field.key for field in fields.STATUS_FIELDS] + ["achieved"] == _names(StatusEntry)
    assert [field.key for field in fields.LINE_FIELDS] == _names(FinancingLine)
    assert [field.key for field in fields.MONEY_FIELDS] == list(COLUMNS)
    assert len(fields.BY_KEY) == len(fields.ALL_FIELDS)
    labels = [field.label for field in fields.ALL_FIELDS]
    assert len(set(labels)) == len(labels)


def test_kinds_and_units():
    assert {field.kind for field in fields.MONEY_FIELDS} == {fields.Kind.MONEY}
    assert {field.unit for field in fields.MONEY_FIELDS} == {"тис. грн"}
    assert fields.CASH.heading == "Касові видатки, тис. грн"
    assert fields.PLANNED_YEAR.in_sentence == "передбачено на рік"
    assert [(field.kind, field.unit) for field in fields.COUNT_FIELDS] == [
        (fields.Kind.COUNT, "од."),
        (fields.Kind.COUNT, "осіб"),
        (fields.Kind.COUNT, "осіб"),
    ]
    assert fields.VICTIMS_IDENTIFIED.heading == "Виявлено постраждалих"
    assert fields.BUDGET_PROGRAM_CODE.heading == "Код бюджетної програми"
    assert (fields.STATE.kind, fields.SOURCE.kind) == (fields.Kind.CHOICE, fields.Kind.CHOICE)
    assert fields.ACHIEVED.kind is fields.Kind.NUMBER


def test_the_workbooks_read_back_headers_are_the_catalogues_headings():
    headings = {field.heading for field in fields.ALL_FIELDS}
    for sheet, headers in workbook_layout.READ_BACK.items():
        assert headers[0] == workbook_layout.KEY, sheet
        assert set(headers[1:]) <= headings, sheet
    assert workbook_layout.COUNTS["victims_identified"] == "Виявлено постраждалих"
    assert workbook_layout.CODE == "Код бюджетної програми"
    # What earlier exports called these columns, for the reader to accept.
    read_back = {header for headers in workbook_layout.READ_BACK.values() for header in headers}
    assert set(workbook_layout.FORMER_HEADERS.values()) <= read_back
    assert not set(workbook_layout.FORMER_HEADERS) & read_back


def _entries(status: StatusEntry, line: FinancingLine) -> PeriodEntries:
    return PeriodEntries("P", YEAR, [UnitReport("1.", "1)", UNIT, status, [line])])


def test_the_comparison_names_fields_by_their_labels():
    old_status = status()
    new_status = status(
        state=MeasureState.DONE,
        text="Проведено",
        events_held=2,
        people_reached=40,
        victims_identified=1,
        achieved=[IndicatorValue("осіб", Decimal(3))],
    )
    old_line = line()
    new_line = line(
        source=FundingSource.OTHER,
        source_text="інші",
        budget_holder="ОВА",
        planned_program=Decimal(1),
        planned_year=Decimal(2),
        financed=Decimal(3),
        cash=Decimal(4),
        planned_next_year=Decimal(5),
        budget_program_code="0611120",
        budget_program_name="Підвищення кваліфікації",
    )
    said = [
        difference.field
        for difference in compare_entries(
            _entries(old_status, old_line), _entries(new_status, new_line)
        )
    ]
    assert said == [
        *(field.label for field in fields.STATUS_FIELDS),
        f"{fields.ACHIEVED.label} «осіб»",
        *(field.heading for field in fields.LINE_FIELDS),  # money names its тис. грн
    ]


def test_validation_names_the_columns_by_their_labels():
    spent = line(
        planned_year=Decimal(1000),
        financed=Decimal(3000),
        cash=Decimal(5000),
        planned_next_year=Decimal(-1000),
    )
    measure = Measure(number="1)", title="Захід")
    messages = [problem.message for problem in check_measure("1.", measure, None, [spent], 2024)]
    assert messages == [
        "Сума «Передбачено на наступний рік» (-1,0 тис. грн) від’ємна у рядку 1",
        "Профінансовано (3,0 тис. грн) більше, ніж передбачено на рік (1,0 тис. грн), у рядку 1",
        "Касові видатки (5,0 тис. грн) перевищують профінансовані (3,0 тис. грн) у рядку 1",
    ]
