"""The text rules of importing, driven by the cells of the seeds themselves: their mess
(HTML remnants, several measures a cell, executors split every way, odd headers) is
the specification."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from ctb_desktop.domain.money import AmountError
from ctb_desktop.importers.text import (
    Numbered,
    Role,
    amount_or_words,
    clean,
    clean_term,
    header_role,
    is_column_number_row,
    one_line,
    split_executors,
    split_heading,
    split_measures,
)
from tests.conftest import seed_text

# ---------------------------------------------------------------------------- seed cells


def _tab_cells(text: str, start: str) -> list[str]:
    """Seeds 000, 001, 003: every cell starts a line with a tab and may run over lines."""
    table = text[text.index(start) :]
    return [cell.strip(" \n") for cell in re.split(r"\n?\t", table)[1:]]


def _rows_001() -> list[list[str]]:
    cells = _tab_cells(seed_text("001"), "\tНайменування завдання")
    return [cells[i : i + 4] for i in range(0, len(cells) - len(cells) % 4, 4)]


def _rows_002() -> list[list[str]]:
    """Seed 002: a row a line, the cells tab-separated, the table ends at a short line."""
    text = seed_text("002")
    rows = []
    for line in text[text.index("Найменування завдання\t") :].split("\n"):
        cells = line.split("\t")
        if len(cells) == 4:
            rows.append(cells)
        elif line.strip():
            break
    return rows


def _rows_004() -> list[list[str]]:
    """Seed 004's annex, as printed: eight tab-separated cells a line."""
    text = seed_text("004")
    table = text[text.index("№ з/п\t") : text.rindex("Секретар міської ради")]
    return [(line.split("\t") + [""] * 8)[:8] for line in table.split("\n") if line.strip()]


def _in_seed(prefix: str, cell: str) -> str:
    """A cell quoted from a seed: the test fails if the seed does not hold it."""
    assert cell in seed_text(prefix), f"not in seed {prefix}: {cell[:60]!r}"
    return cell


# ---------------------------------------------------------------------------- clean


def test_clean_removes_the_html_of_seed_002_and_keeps_its_paragraphs():
    rows = _rows_002()
    for row in rows:
        for cell in row:
            cleaned = clean(cell)
            assert not re.search(r"</?p>|&\w+;|\t|  ", cleaned), cleaned[:80]
            assert all(line == line.strip() and line for line in cleaned.split("\n") if cleaned)
    goal_cell = rows[2][0]
    assert clean(goal_cell).split("\n") == [
        "Оперативна ціль 1. Інформування населення про державну політику у сфері протидії"
        " торгівлі людьми",
        "1) Здійснення інформаційно-просвітницької діяльності з метою попередження та протидії"
        " торгівлі людьми",
    ]
    assert clean(rows[2][2]) == "2023-2025"


def test_clean_makes_the_apostrophe_official_and_keeps_quotes_as_written():
    cell = _in_seed(
        "002", "<p>7) Проведення роз'яснювальної роботи про установи та організації, які"
    )
    assert clean(cell) == "7) Проведення роз’яснювальної роботи про установи та організації, які"
    assert clean("Мін'юст, сім`ї, обʼєкт, ‘лапки’ і 'лапки'") == (
        "Мін’юст, сім’ї, об’єкт, ‘лапки’ і 'лапки'"
    )
    quoted = _in_seed("001", "благодійна організація ,,100% ЖИТТЯ ЧЕРКАСИ“ (за згодою)")
    assert clean(quoted) == quoted
    law = _in_seed("002", "„Запобігання та протидія торгівлі людьми”")
    assert clean(f"<p>{law}</p>") == law
    assert clean("«круглі столи»") == "«круглі столи»"


def test_clean_handles_entities_odd_spaces_tags_and_word_bookmarks():
    assert clean("A&nbsp;&amp;&nbsp;B &quot;В&quot; &#39;Г&#39; &lt;p&gt;") == "A & B \"В\" 'Г' <p>"
    assert clean("a\u00a0\u202f\u2009b\u200b\tc \r\n\r\n  d  ") == "a b c\nd"
    assert clean("Перший<br>Другий<br/>Третій<BR />") == "Перший\nДругий\nТретій"
    assert clean('<span style="x">Мін<b>соц</b>політики</span>') == "Мінсоцполітики"
    bookmarked = _in_seed(
        "001", "[bookmark: bookmark=id.2et92p0]7. Упровадження системи збору даних"
    )
    assert clean(bookmarked) == "7. Упровадження системи збору даних"
    assert clean("") == "" and clean(" \n\t\n ") == ""


def test_one_line_joins_paragraphs():
    header = _in_seed("003", "Касові видатки,\nтис. грн.")
    assert one_line(header) == "Касові видатки, тис. грн."
    assert one_line("<p>Перший</p> <p>Другий</p>") == "Перший Другий"
    assert one_line("інформаційно-\nпросвітницької") == "інформаційно-просвітницької"


# ---------------------------------------------------------------------------- measures


def test_every_measure_cell_of_seed_002_splits_into_its_printed_numbers():
    rows = _rows_002()
    seen = []
    for row in rows[1:]:
        cell = row[1]
        if not cell.strip() or is_column_number_row(row):
            continue
        printed = re.findall(r"(?:^|<p>)(\d+\))", cell)
        measures = split_measures(cell)
        assert [m.number for m in measures] == printed, cell[:80]
        assert all(m.text and not m.text.startswith(m.number) for m in measures)
        seen.append([m.number for m in measures])
    assert ["8)", "9)"] in seen
    assert ["1)", "2)", "3)", "4)"] in seen
    assert ["5)", "6)", "7)"] in seen
    assert ["1)", "2)", "3)"] in seen


def test_parentheses_and_dates_do_not_split_a_measure():
    first = split_measures(_rows_002()[2][1])
    assert len(first) == 1
    assert first[0].number == "1)"
    assert (
        "(30 липня) та Європейського дня боротьби з торгівлею людьми (18 жовтня)" in first[0].text
    )
    assert first[0].text.endswith(
        "(2 грудня). Розміщення в медіа та в соціальних мережах відео"
        " та текстових матеріалів відповідної тематики."
    )


def test_several_measures_on_one_line_split_after_a_sentence():
    text = (
        "1) Проведення інформаційно-просвітницької роботи (30 липня) та (18 жовтня), "
        "Міжнародного дня боротьби за скасування рабства (2 грудня). 2) Розміщення в засобах "
        "масової інформації публікацій; 3) Проведення навчань поліцейських"
    )
    assert split_measures(text) == [
        Numbered(
            "1)",
            "Проведення інформаційно-просвітницької роботи (30 липня) та (18 жовтня), "
            "Міжнародного дня боротьби за скасування рабства (2 грудня).",
        ),
        Numbered("2)", "Розміщення в засобах масової інформації публікацій"),
        Numbered("3)", "Проведення навчань поліцейських"),
    ]
    # A number inside parentheses or in the middle of a sentence is part of the text.
    assert [m.number for m in split_measures("1) звіт (див. пункт 2) тощо; 10) інше")] == [
        "1)",
        "10)",
    ]
    assert len(split_measures("1) з нагоди Європейського дня — 18 жовтня) та 2) грудня")) == 1


def test_a_wrapped_line_continues_its_measure():
    cell = _in_seed("001", "9) популяризація “гарячої” телефонної \nлінії 1547 з питань")
    assert split_measures(cell) == [
        Numbered("9)", "популяризація “гарячої” телефонної лінії 1547 з питань")
    ]
    # Seed 002: an unnumbered paragraph after "4)" belongs to measure 4.
    goal_2 = next(row for row in _rows_002() if row[0].startswith("<p>Оперативна ціль 2"))
    fourth = split_measures(goal_2[1])[-1]
    assert fourth.number == "4)"
    assert fourth.text.endswith(
        "вразливих категорій Підвищення кваліфікації державних"
        " службовців та посадових осіб місцевого самоврядування за"
        " загальною короткостроковою програмою „Запобігання та"
        " протидія торгівлі людьми”"
    )


def test_a_cell_without_a_number_is_one_unnumbered_measure():
    for cell in (
        _in_seed("000", "працівників соціальних служб"),
        _in_seed(
            "000",
            "(вироблення та розповсюдження соціальної реклами, виготовлення"
            " буклетів, плакатів тощо)",
        ),
        _in_seed("000", "моніторинг діяльності зазначених закладів"),
    ):
        assert split_measures(cell) == [Numbered("", one_line(cell))]
    assert split_measures("") == [] and split_measures("<p></p>") == []


# ---------------------------------------------------------------------------- headings


def test_seed_002_task_cells_hold_a_goal_and_a_task():
    found = [
        split_heading(line)[:2]
        for row in _rows_002()[2:]
        for line in clean(row[0]).split("\n")
        if line and not is_column_number_row(row)
    ]
    assert found == [
        ("grouping", "Оперативна ціль 1."),
        ("task", "1)"),
        ("grouping", "Оперативна ціль 2."),
        ("task", "2)"),
        ("grouping", "Оперативна ціль 3."),
        ("task", "3)"),
        ("grouping", "Оперативна ціль 4."),
        ("task", "4)"),
    ]
    assert split_heading(_rows_002()[2][0].split("</p>")[0]) == (
        "grouping",
        "Оперативна ціль 1.",
        "Інформування населення про державну політику у сфері протидії торгівлі людьми",
    )
    assert split_heading("Оперативна ціль 12 Захист осіб") == (
        "grouping",
        "Оперативна ціль 12",
        "Захист осіб",
    )


def test_numbered_tasks_of_seeds_001_and_003():
    tasks = [split_heading(row[0]) for row in _rows_001()[2:] if row[0]]
    assert [number for _, number, _ in tasks] == [f"{n}." for n in range(1, 8)]
    assert {kind for kind, _, _ in tasks} == {"task"}
    assert tasks[0][2] == "Удосконалення нормативно-правової бази у сфері протидії торгівлі людьми"
    bookmarked = _in_seed("003", "[bookmark: bookmark=id.2et92p0]7. Упровадження системи")
    assert split_heading(bookmarked) == ("task", "7.", "Упровадження системи")
    assert split_heading("12. Назва")[:2] == ("task", "12.")
    assert split_heading("1.2. Назва")[:2] == ("task", "1.2.")
    assert split_heading("Завдання 3. Назва") == ("task", "Завдання 3.", "Назва")
    assert split_heading("15.03.2024 нарада") == ("", "", "15.03.2024 нарада")


def test_seed_004_groupings_and_section_rows():
    rows = _rows_004()
    first = next(row[0] for row in rows if row[0].startswith("I."))
    assert split_heading(first) == (
        "grouping",
        "I.",
        "Запобігання та протидія домашньому насильству та / або насильству за ознакою статі",
    )
    section = next(row[0] for row in rows if row[0].startswith("2. Протидія"))
    assert split_heading(section) == ("task", "2.", "Протидія торгівлі людьми")
    assert split_heading(section, numbered_tasks_are_groupings=True) == (
        "grouping",
        "2.",
        "Протидія торгівлі людьми",
    )
    assert split_heading("1.") == ("task", "1.", "")
    assert split_heading("1)", numbered_tasks_are_groupings=True) == ("task", "1)", "")
    # Roman numbers typed with the Cyrillic І and Х.
    assert split_heading("ІІ. Протидія торгівлі людьми")[:2] == ("grouping", "ІІ.")
    assert split_heading("IV. Четвертий")[:2] == ("grouping", "IV.")
    assert split_heading("ХІ. Одинадцятий")[:2] == ("grouping", "ХІ.")


def test_text_without_a_number_is_no_heading():
    for text in ("Разом за завданням 2", "І.М.Кохан", "ІІІІ. не число", "2023-2025", ""):
        assert split_heading(text) == ("", "", one_line(text))


# ---------------------------------------------------------------------------- executors


def _printed(text: str) -> str:
    """A cell as Measure.executors_text prints it back: one line, commas between."""
    return one_line(text).replace("; ", ", ").rstrip(" ,.")


def test_every_executor_cell_of_seed_001_round_trips_with_consent_flags():
    cells = [row[3] for row in _rows_001()[2:] if row[3]]
    assert len(cells) == 28  # one a measure
    for cell in cells:
        executors = split_executors(cell)
        assert executors
        assert ", ".join(e.label for e in executors) == _printed(cell)
        assert sum(e.by_consent for e in executors) == cell.count("(за згодою)")
        for executor in executors:
            assert "згод" not in executor.name and executor.name == executor.name.strip(" ,.;")
    first = split_executors(cells[0])
    assert [(e.name, e.by_consent) for e in first] == [
        (
            "Управління у справах сім’ї, молоді та спорту Черкаської обласної державної"
            " адміністрації",
            False,
        ),
        ("районні державні адміністрації", False),
        ("органи місцевого самоврядування", True),
        ("благодійна організація ,,100% ЖИТТЯ ЧЕРКАСИ“", True),
    ]


def test_seed_000_comma_lists():
    cell = _in_seed(
        "000",
        "Мінсоцполітики, МВС, МЗС, Міносвіти, Мінкультури, Мін’юст, Держстат, "
        "Держкомтелерадіо, Мінекономрозвитку, Мінінфраструктури, Адміністрація "
        "Держприкордонслужби, СБУ, громадські та міжнародні організації (за згодою), обласні та "
        "Київська міська держадміністрації",
    )
    executors = split_executors(cell)
    assert len(executors) == 14
    assert executors[-2].label == "громадські та міжнародні організації (за згодою)"
    assert executors[-1].name == "обласні та Київська міська держадміністрації"
    assert not executors[-1].by_consent
    slip = _in_seed("000", "Обласні та, Київська міська держадміністрації, громадські")
    assert [e.name for e in split_executors(slip)] == [
        "Обласні та Київська міська держадміністрації",
        "громадські",
    ]
    trailing = _in_seed("000", "Адміністрація Держприкордонслужби, СБУ,\n\nОбласні та Київська")
    assert [e.name for e in split_executors(trailing)] == [
        "Адміністрація Держприкордонслужби",
        "СБУ",
        "Обласні та Київська",
    ]


def test_seed_003_one_executor_a_line():
    cell = _in_seed(
        "003",
        "Нацсоцслужба\nМінсоцполітики\nМВС\nНаціональна поліція\nМОЗ\nМОН\nобласні, \n"
        "Київська міська державні адміністрації (військові адміністрації)\n"
        "органи місцевого самоврядування\n(за згодою)",
    )
    assert [(e.name, e.by_consent) for e in split_executors(cell)] == [
        ("Нацсоцслужба", False),
        ("Мінсоцполітики", False),
        ("МВС", False),
        ("Національна поліція", False),
        ("МОЗ", False),
        ("МОН", False),
        ("обласні, Київська міська державні адміністрації (військові адміністрації)", False),
        ("органи місцевого самоврядування", True),
    ]
    three_lines = _in_seed(
        "003", "обласні, \nКиївська міська \nдержавні адміністрації (військові адміністрації)"
    )
    assert [e.name for e in split_executors(three_lines)] == [
        "обласні, Київська міська державні адміністрації (військові адміністрації)"
    ]


def test_every_regional_executor_of_seed_003_is_one_name():
    text = seed_text("003")
    cells = [c for c in re.split(r"\n?\t", text) if re.search(r"(?m)^обласні,", c)]
    assert len(cells) > 20
    expected = "обласні, Київська міська державні адміністрації (військові адміністрації)"
    for cell in cells:
        names = [e.name for e in split_executors(cell)]
        assert expected in names, cell
        assert "обласні" not in names and all("згод" not in name for name in names)
        assert len(names) == len(set(names))


def test_seed_003_lost_line_breaks():
    glued = _in_seed("003", "Державний центр зайнятості (за згодою) обласні,\nКиївська міська")
    assert [(e.name, e.by_consent) for e in split_executors(glued)] == [
        ("Державний центр зайнятості", True),
        ("обласні, Київська міська", False),
    ]
    after_parenthesis = _in_seed(
        "003", "(військові адміністрації) Нацсоцслужба\nоргани місцевого самоврядування"
    )
    assert [e.name for e in split_executors(after_parenthesis)] == [
        "(військові адміністрації)",
        "Нацсоцслужба",
        "органи місцевого самоврядування",
    ]
    short_names = _in_seed("003", "Мінсоцполітики Нацсоцслужба\nМінінфраструктури")
    assert [e.name for e in split_executors(short_names)] == [
        "Мінсоцполітики",
        "Нацсоцслужба",
        "Мінінфраструктури",
    ]
    assert [e.name for e in split_executors("МВС України\nНацсоцслужба Національна поліція")] == [
        "МВС України",
        "Нацсоцслужба",
        "Національна поліція",
    ]


def test_seed_002_departments_stay_as_printed():
    cell = _rows_002()[2][3]
    assert [e.label for e in split_executors(cell)] == [
        "Департаменти соціального захисту населення; освіти і науки; інформаційної діяльності"
        " та комунікації з громадськістю; культури і туризму обласної військової адміністрації",
        "Головне управління Національної поліції в Полтавській області",
        "Полтавський обласний центр соціальних служб",
        "райвійськкадрової адміністрації",
        "органи місцевого самоврядування (за згодою)",
    ]
    colon = _in_seed(
        "002",
        "Департаменти соціального захисту населення: охорони здоров'я, освіти і науки, "
        "інформаційної діяльності та комунікацій з громадськістю обласької адміністрації, "
        "служба у справах дітей обласької адміністрації",
    )
    assert [e.name for e in split_executors(colon)] == [
        "Департаменти соціального захисту населення: охорони здоров’я, освіти і науки, "
        "інформаційної діяльності та комунікацій з громадськістю обласької адміністрації",
        "служба у справах дітей обласької адміністрації",
    ]


def test_seed_004_executors():
    cells = [row[4] for row in _rows_004()[2:] if row[4]]
    departments = next(cell for cell in cells if cell.startswith("Відділи міської ради:"))
    assert [(e.name, e.by_consent) for e in split_executors(departments)] == [
        ("Відділи міської ради: культури та туризму; освіти, молоді та спорту", False),
        (
            "відділ поліції №2 Житомирського районного управління поліції ГУНП Житомирської"
            " області",
            True,
        ),
    ]
    listed = _in_seed(
        "004",
        "Управління соціального захисту населення та охорони здоров'я, КУ «Центр надання "
        "соціальних послуг», служба у справах дітей, відділи: культури та туризму, освіти, "
        "молоді та спорту, відділ поліції №2 Житомирського районного управління поліції ГУНП "
        "Житомирської області (за згодою)",
    )
    assert [e.label for e in split_executors(listed)] == [
        "Управління соціального захисту населення та охорони здоров’я",
        "КУ «Центр надання соціальних послуг»",
        "служба у справах дітей",
        "відділи: культури та туризму, освіти, молоді та спорту",
        "відділ поліції №2 Житомирського районного управління поліції ГУНП Житомирської області"
        " (за згодою)",
    ]
    # The same cell broken at a page break and joined back with line breaks.
    broken = "Управління соціального захисту населення\nта охорони здоров'я, КУ «Центр надання\n"
    broken += "соціальних послуг», відділ поліції №2 Житомирського\nрайонного управління поліції"
    assert [e.name for e in split_executors(broken)] == [
        "Управління соціального захисту населення та охорони здоров’я",
        "КУ «Центр надання соціальних послуг»",
        "відділ поліції №2 Житомирського районного управління поліції",
    ]


def test_executor_edge_cases():
    assert split_executors("") == []
    assert split_executors("-") == []
    assert split_executors("(за згодою)") == []
    assert [e.label for e in split_executors("МВС;; МОЗ,\n,  СБУ.")] == ["МВС", "МОЗ", "СБУ"]
    unclosed = split_executors("Департамент освіти (початок\nМВС, МОЗ")
    assert [e.name for e in unclosed] == ["Департамент освіти (початок", "МВС", "МОЗ"]
    assert split_executors("громадські організації ( за  згодою )")[0].by_consent


# ---------------------------------------------------------------------------- terms, amounts


def test_terms_are_kept_as_printed():
    terms = {clean_term(row[2]) for row in _rows_002()[2:]}
    assert {"2023-2025", "До 2025 року", "Постійно"} <= terms
    assert clean_term("<p>2023-2025</p> <p>2023-2025</p>") == "2023-2025 2023-2025"
    seed_004 = {clean_term(row[3]) for row in _rows_004()[2:] if row[3]}
    assert {"Протягом 2021-2023 років", "Протягом 2021 – 2023 років", "Протягом 2021 року"} <= (
        seed_004
    )


def test_amounts_of_seed_004_are_words():
    words = {amount_or_words(row[6]) for row in _rows_004()[2:] if row[6]}
    assert words == {
        (None, "У межах фінансових можливостей"),
        (None, "Не потребує коштів"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("565,0", (Decimal("565000.00"), "")),
        ("69,56", (Decimal("69560.00"), "")),
        ("144,26", (Decimal("144260.00"), "")),
        ("1 234,5", (Decimal("1234500.00"), "")),
        ("50", (Decimal("50000.00"), "")),
        ("0,0", (Decimal("0.00"), "")),
        ("1564,0 тис. грн.", (Decimal("1564000.00"), "")),
        ("-", (None, "")),
        ("", (None, "")),
        ("  У межах\nфінансових можливостей ", (None, "У межах фінансових можливостей")),
    ],
)
def test_amount_or_words(text, expected):
    assert amount_or_words(text) == expected


def test_seed_003_amounts_are_thousands():
    totals = _tab_cells(seed_text("003"), "\tРазом по Програмі")[:6]
    assert [amount_or_words(cell) for cell in totals[2:]] == [
        (Decimal("3406000.00"), ""),
        (Decimal("1014500.00"), ""),
        (Decimal("985600.00"), ""),
        (Decimal("608500.00"), ""),
    ]


def test_a_mistyped_number_is_an_error_not_words():
    with pytest.raises(AmountError):
        amount_or_words("1,2,3")


# ---------------------------------------------------------------------------- headers


def test_every_header_of_every_seed_has_its_role():
    seed_000 = seed_text("000")
    measures_000 = _tab_cells(seed_000, "\tНайменування завдання")[:4]
    financing_000 = _tab_cells(seed_000, "\tРегіон")[:4]
    assert [header_role(c) for c in measures_000] == [
        Role.TASK, Role.MEASURE, Role.EXECUTORS, Role.STATUS,
    ]  # fmt: skip
    assert [header_role(c) for c in financing_000] == [
        Role.REGION, Role.ALLOCATED, Role.USED, Role.PLANNED_NEXT_YEAR,
    ]  # fmt: skip
    assert [header_role(c) for c in _rows_001()[0]] == [
        Role.TASK, Role.MEASURE, Role.TERM, Role.EXECUTORS,
    ]  # fmt: skip
    assert [header_role(c) for c in _rows_002()[0]] == [
        Role.TASK, Role.MEASURE, Role.TERM, Role.EXECUTORS,
    ]  # fmt: skip
    seed_003 = seed_text("003")
    financing_003 = _tab_cells(seed_003, "\tНайменування завдання")[:9]
    assert [header_role(c) for c in financing_003] == [
        Role.TASK, Role.MEASURE, Role.BUDGET_HOLDER, Role.SOURCE, Role.PLANNED_PROGRAM,
        Role.PLANNED_YEAR, Role.FINANCED, Role.CASH, Role.BUDGET_PROGRAM,
    ]  # fmt: skip
    execution = seed_003[seed_003.index("ІІ. Виконання") :]
    execution_003 = _tab_cells(execution, "\tНайменування завдання")[:7]
    assert [header_role(c) for c in execution_003] == [
        Role.TASK, Role.MEASURE, Role.INDICATOR, Role.EXPECTED_VALUE, Role.ACHIEVED,
        Role.BUDGET_HOLDER, Role.STATUS,
    ]  # fmt: skip
    assert [header_role(c) for c in _rows_004()[0]] == [
        Role.NUMBER, Role.DIRECTION, Role.MEASURE, Role.TERM, Role.EXECUTORS, Role.SOURCE,
        Role.AMOUNT, Role.EXPECTED_RESULT,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("  найменування   ЗАВДАННЯ ", Role.TASK),
        ("Назва завдання", Role.TASK),
        ("Захід", Role.MEASURE),
        ("Заходи", Role.MEASURE),
        ("ЗАХОДИ", Role.MEASURE),
        ("Строки виконання", Role.TERM),
        ("Терміни виконання", Role.TERM),
        ("Відповідальні за виконання", Role.EXECUTORS),
        ("Відповідальний виконавець", Role.EXECUTORS),
        ("<p>Виконавці</p>", Role.EXECUTORS),
        ("№ п/п", Role.NUMBER),
        ("№", Role.NUMBER),
        ("Джерела фінансування", Role.SOURCE),
        ("Обсяг фінансування, тис. грн", Role.AMOUNT),
        ("Очікуваний результат виконання заходу", Role.EXPECTED_RESULT),
        ("Найменування показника", Role.INDICATOR),
        ("Показники", Role.INDICATOR),
        ("Хід виконання", Role.STATUS),
        ("Інформація про виконання", Role.STATUS),
    ],
)
def test_header_variants(text, role):
    assert header_role(text) is role


def test_data_cells_are_no_headers():
    for row in _rows_002()[2:]:
        assert [header_role(cell) for cell in row if not is_column_number_row(row)] in (
            [None] * 4,
            [],
        ), row
    for text in (
        "",
        "Примітка",
        "1",
        "Луганська область",
        "Постійно",
        "2023-2025",
        "Сумська ОВА",
        "Виконавчий комітет міської ради",
        "Заходи щодо запобігання торгівлі людьми серед молоді",
        "завдання виконано у повному обсязі, проведено 5 заходів",
    ):
        assert header_role(text) is None


def test_column_number_rows():
    rows_002 = _rows_002()
    assert sum(is_column_number_row(row) for row in rows_002) == 6
    assert not any(is_column_number_row(row) for row in rows_002 if row != ["1", "2", "3", "4"])
    assert is_column_number_row(_rows_001()[1])
    assert is_column_number_row(_rows_004()[1])
    assert is_column_number_row(["1", "2", "", "4", "5"])  # a merged header cell
    assert is_column_number_row([" 1 ", "2.", "3."])
    assert not is_column_number_row(["", "", "1", "0", "", ""])  # seed 003's values
    assert not is_column_number_row(["2", "3", "4"])
    assert not is_column_number_row(["1", "1", "2"])
    assert not is_column_number_row(["1", "", "", ""])
    assert not is_column_number_row([])
    assert not is_column_number_row(["1", "2", "Мінсоцполітики"])


def test_clean_strips_spaces_around_a_text_as_the_full_rules_do():
    # The quick way for a text with only spaces around it must give what the lines'
    # rules give: a double space inside or an odd space still goes the full way.
    assert clean("  інформаційний захід № 1 ") == "інформаційний захід № 1"
    assert clean(" а  б ") == "а б"
    assert clean(" сім'ї ") == "сім’ї"
    assert clean(" a\u00a0b ") == "a b"
    assert clean("   ") == ""
    assert one_line(" 1) захід ") == "1) захід"
