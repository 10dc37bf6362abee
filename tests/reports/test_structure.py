"""The structure annex: 4 columns (seeds 001, 002) or 8 columns (seed 004)."""

from decimal import Decimal

import pytest

from ctb_desktop.domain.periods import Frequency, ReportingRule
from ctb_desktop.domain.program import (
    Executor,
    FundingSource,
    Grouping,
    Measure,
    PlannedFinancing,
    Program,
    ProgramLevel,
    Task,
)
from ctb_desktop.reports.context import ReportData, ReportError, ReportOptions
from ctb_desktop.reports.render import render
from tests.conftest import seed_text
from tests.reports.docx_reading import (
    body_texts,
    is_header,
    merge_state,
    normalise,
    open_docx,
    rows,
    span,
)


def _header(prefix: str, start: str, count: int) -> list[str]:
    """A seed's column titles: tab-separated, one per line, or both (seeds 001, 004)."""
    text = seed_text(prefix)
    rest = text[text.index(start) :]
    cells = rest.replace("\n\t", "\t").replace("\n", "\t").split("\t")
    return [normalise(cell) for cell in cells[:count]]


def test_four_columns_with_number_row_as_seed_001(rendered):
    document, _ = rendered("structure", period=None)
    table = document.tables[0]
    table_rows = rows(table)
    seed_header = _header("001", "Найменування завдання", 4)
    assert [normalise(text) for text in table_rows[0]] == seed_header
    assert table_rows[1] == ["1", "2", "3", "4"]
    assert is_header(table._tbl.tr_lst[0]) and is_header(table._tbl.tr_lst[1])
    assert not is_header(table._tbl.tr_lst[2])
    assert (
        table_rows[2][0]
        == "1. Удосконалення нормативно-правової бази у сфері протидії торгівлі людьми"
    )
    assert merge_state(table._tbl.tr_lst[2].tc_lst[0]) == "restart"
    assert merge_state(table._tbl.tr_lst[3].tc_lst[0]) == "continue"
    measures = [row[1] for row in table_rows[2:]]
    assert len(measures) == 60
    assert measures[0].startswith("1) розроблення та подання")
    texts = [normalise(text) for text in body_texts(document) if text.strip()]
    assert texts[:3] == [
        "Додаток 2 до Програми",
        "ЗАВДАННЯ І ЗАХОДИ",
        "з виконання Державної цільової соціальної програми протидії торгівлі людьми на період "
        "до 2025 року",
    ]
    assert document.paragraphs[0].text == "Додаток 2\nдо Програми"
    assert texts[-1] == "Директор Департаменту соціального захисту населення Людмила КОРНІЄНКО"


def test_an_annex_without_signatory_has_no_signature_line(rendered):
    document, _ = rendered("structure", period=None, signatory=None)
    assert document.paragraphs[-1].text.startswith("з виконання")


def _oblast_program() -> Program:
    """A program shaped like seed 004's annex: groupings, financing words, results."""
    local = "Місцевий бюджет, інші кошти не заборонені законодавством"
    return Program(
        code="korostyshiv",
        title="Обласна цільова соціальна програма протидії торгівлі людьми на період до 2025 року",
        level=ProgramLevel.OBLAST,
        approval=None,
        customer="",
        year_from=2021,
        year_to=2023,
        term="2021-2023 роки",
        reporting=ReportingRule(Frequency.YEARLY, 25, 12),
        groupings=[
            Grouping(
                "I.",
                "Запобігання та протидія домашньому насильству "
                "та / або насильству за ознакою статі",
                [
                    Task(
                        "1.",
                        "Забезпечення координації та ефективної взаємодії",
                        [
                            Measure(
                                "1)",
                                "визначення структурного підрозділу та відповідальних осіб",
                                "Протягом 2021 року",
                                [Executor("Управління соціального захисту населення")],
                                "Посилення механізму взаємодії суб'єктів",
                                financing_plan=[
                                    PlannedFinancing(
                                        FundingSource.LOCAL,
                                        local,
                                        None,
                                        None,
                                        "У межах фінансових можливостей",
                                    )
                                ],
                            ),
                            Measure(
                                "2)",
                                "проведення тижня правових знань",
                                "Грудень 2021 р.",
                                [Executor("відділ поліції №2", by_consent=True)],
                                "",
                                financing_plan=[
                                    PlannedFinancing(
                                        FundingSource.LOCAL, local, 2022, Decimal("12500.00")
                                    )
                                ],
                            ),
                        ],
                    )
                ],
            ),
            Grouping(
                "2.", "Протидія торгівлі людьми", [Task("1.", "Підвищення рівня обізнаності", [])]
            ),
        ],
    )


def _render_structure(program, **options):
    data = ReportData(program, units=[])
    return open_docx(render("structure", data, ReportOptions(**options)).content)


def test_eight_columns_as_seed_004_when_the_program_has_money_and_results():
    document = _render_structure(_oblast_program())
    table = document.tables[0]
    table_rows = rows(table)
    assert [normalise(text) for text in table_rows[0]] == _header("004", "№ з/п", 8)
    assert table_rows[1] == [str(n) for n in range(1, 9)]
    grouping = table._tbl.tr_lst[2]
    assert span(grouping.tc_lst[0]) == 8
    assert table_rows[2] == [
        "I. Запобігання та протидія домашньому насильству та / або насильству за ознакою статі"
    ]
    first, second = table_rows[3], table_rows[4]
    assert first[:2] == ["1.", "Забезпечення координації та ефективної взаємодії"]
    assert first[5:] == [
        "Місцевий бюджет, інші кошти не заборонені законодавством",
        "У межах фінансових можливостей",
        "Посилення механізму взаємодії суб'єктів",
    ]
    assert second[4] == "відділ поліції №2 (за згодою)"
    assert second[6] == "2022 р. – 12,5"
    assert merge_state(table._tbl.tr_lst[4].tc_lst[1]) == "continue"
    texts = [normalise(text) for text in body_texts(document) if text.strip()]
    heading = seed_text("001").split("\tНайменування завдання")[0]
    assert texts[1:3] == ["ЗАВДАННЯ І ЗАХОДИ", normalise(heading.split("ЗАВДАННЯ І ЗАХОДИ")[1])]


def test_the_variant_can_be_forced_and_is_checked():
    assert len(rows(_render_structure(_oblast_program(), columns=4).tables[0])[0]) == 4
    with pytest.raises(ReportError, match="4 або 8 колонок"):
        _render_structure(_oblast_program(), columns=6)


def test_grif_can_be_replaced_or_removed():
    texts = [
        p.text for p in _render_structure(_oblast_program(), grif="ЗАТВЕРДЖЕНО\nрішення").paragraphs
    ]
    assert texts[0] == "ЗАТВЕРДЖЕНО\nрішення"
    texts = [p.text for p in _render_structure(_oblast_program(), grif="").paragraphs]
    assert texts[0] == "ЗАВДАННЯ І ЗАХОДИ"
