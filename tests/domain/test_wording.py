import pytest

from ctb_desktop.domain.wording import MEASURES, TASKS, count


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


def test_tasks_agree_with_the_number():
    assert [count(n, TASKS) for n in (1, 3, 7)] == ["1 завдання", "3 завдання", "7 завдань"]
