"""The main window's messages with a count, in the form Ukrainian grammar asks for at
1, 2, 5, 11, 21, 22 and 25 (the plural helper, domain/wording.count)."""

import pytest

from ctb_desktop.domain.wording import filled_measures
from ctb_desktop.gui.structure_actions import delete_question
from tests.gui.conftest import open_window

COUNTS = [1, 2, 5, 11, 21, 22, 25]


@pytest.mark.parametrize(
    ("number", "records"),
    list(
        zip(
            COUNTS,
            [
                "1 запис про стан виконання",
                "2 записи про стан виконання",
                "5 записів про стан виконання",
                "11 записів про стан виконання",
                "21 запис про стан виконання",
                "22 записи про стан виконання",
                "25 записів про стан виконання",
            ],
            strict=True,
        )
    ),
)
def test_deleting_says_how_many_status_records_go_with_it(number, records):
    question = delete_question("захід", "1) розроблення плану", number)
    assert question == (
        "Видалити захід «1) розроблення плану»?\n"
        f"Разом із ним буде видалено звітні дані ({records}).\n"
        "Дію можна скасувати: Правка → Скасувати (Ctrl+Z)."
    )


def test_deleting_without_reported_data_does_not_mention_it():
    assert "звітні дані" not in delete_question("завдання", "1. Завдання", 0)


@pytest.mark.parametrize(
    ("total", "measures"),
    list(
        zip(
            COUNTS,
            [
                "1 заходу",
                "2 заходів",
                "5 заходів",
                "11 заходів",
                "21 заходу",
                "22 заходів",
                "25 заходів",
            ],
            strict=True,
        )
    ),
)
def test_the_fill_bar_counts_measures_in_the_genitive(total, measures):
    assert filled_measures(1, total) == f"Заповнено 1 з {measures}"


def test_the_window_shows_the_fill_bar_text(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    assert window.fill_progress.text() == "Заповнено 60 з 60 заходів"
