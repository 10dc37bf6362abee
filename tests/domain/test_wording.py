import pytest

from ctb_desktop.domain.wording import (
    MEASURE_REPORTS,
    MEASURES,
    OF_MEASURES,
    ROWS,
    TASKS,
    VALUES,
    count,
    genitive_title,
    plural_form,
    signature_name,
)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0, "0 заходів"),
        (1, "1 захід"),
        (2, "2 заходи"),
        (4, "4 заходи"),
        (5, "5 заходів"),
        (11, "11 заходів"),
        (12, "12 заходів"),
        (14, "14 заходів"),
        (21, "21 захід"),
        (22, "22 заходи"),
        (60, "60 заходів"),
        (111, "111 заходів"),
        (101, "101 захід"),
    ],
)
def test_measures_agree_with_the_number(number, expected):
    assert count(number, MEASURES) == expected


# The rule: 1, 21, 101 … take the first form; 2-4, 22-24 … the second; 0, 5-20, 25-30,
# 111-114 … the third (11-14 end in 1-4 but read as "many").
RULE = [
    (1, 0),
    (2, 1),
    (5, 2),
    (11, 2),
    (12, 2),
    (14, 2),
    (21, 0),
    (22, 1),
    (25, 2),
    (111, 2),
    (112, 2),
    (0, 2),
]


@pytest.mark.parametrize(("number", "form"), RULE)
@pytest.mark.parametrize("forms", [ROWS, VALUES, MEASURE_REPORTS, OF_MEASURES])
def test_the_plural_rule(number, form, forms):
    assert plural_form(number, forms) == forms[form]
    assert count(number, forms) == f"{number} {forms[form]}"


def test_counted_nouns_read_right():
    assert [count(n, ROWS) for n in (1, 2, 5, 11, 12, 14, 21, 22, 25, 111, 112, 0)] == [
        "1 рядок",
        "2 рядки",
        "5 рядків",
        "11 рядків",
        "12 рядків",
        "14 рядків",
        "21 рядок",
        "22 рядки",
        "25 рядків",
        "111 рядків",
        "112 рядків",
        "0 рядків",
    ]
    assert count(3, MEASURE_REPORTS) == "3 звіти про заходи"
    assert f"з {count(21, OF_MEASURES)}" == "з 21 заходу"


def test_tasks_agree_with_the_number():
    assert [count(n, TASKS) for n in (1, 3, 7)] == ["1 завдання", "3 завдання", "7 завдань"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Державна цільова соціальна програма протидії торгівлі людьми на період до 2025 р.",
            "Державної цільової соціальної програми протидії торгівлі людьми на період до 2025 р.",
        ),
        (
            "Обласна цільова соціальна програма протидії торгівлі людьми на період до 2025 року",
            "Обласної цільової соціальної програми протидії торгівлі людьми на період до 2025 року",
        ),
        (
            "Програма запобігання, протидії домашньому насильству та торгівлі людьми",
            "Програми запобігання, протидії домашньому насильству та торгівлі людьми",
        ),
        (
            "Обласний план заходів щодо реалізації державної політики",
            "Обласного плану заходів щодо реалізації державної політики",
        ),
        ("Заходи з протидії торгівлі людьми", "Заходи з протидії торгівлі людьми"),
    ],
)
def test_program_titles_in_the_genitive(title, expected):
    assert genitive_title(title) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Людмила Корнієнко", "Людмила КОРНІЄНКО"),
        ("Людмила КОРНІЄНКО", "Людмила КОРНІЄНКО"),
        ("  Олена  Петренко ", "Олена ПЕТРЕНКО"),
        ("Корнієнко", "Корнієнко"),
        # ДСТУ 4163: власне ім'я and прізвище, no по батькові, however it was typed.
        ("Людмила Володимирівна Корнієнко", "Людмила КОРНІЄНКО"),
        ("КОРНІЄНКО Людмила Володимирівна", "Людмила КОРНІЄНКО"),
        ("О.А. Поліщук", "О.А. ПОЛІЩУК"),
    ],
)
def test_signature_names(name, expected):
    assert signature_name(name) == expected


def test_program_titles_in_the_instrumental():
    from ctb_desktop.domain.wording import instrumental_title  # noqa: PLC0415

    assert instrumental_title("Державна цільова соціальна програма протидії торгівлі") == (
        "Державною цільовою соціальною програмою протидії торгівлі"
    )
    assert instrumental_title("Регіональний план дій") == "Регіональним планом дій"
    assert instrumental_title("Заходи з протидії") == "Заходи з протидії"
