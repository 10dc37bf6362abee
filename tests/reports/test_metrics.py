"""The shipped Times New Roman metrics and the measuring of text with them."""

import pytest

from ctb_desktop.reports.metrics import (
    FONT_FILES,
    FONT_FOLDER,
    METRICS_FILE,
    font_widths,
    line_count,
    text_width,
    words,
)


def test_the_shipped_table_is_what_liberation_serif_measures():
    """resources/fonts/times-metrics.json must be regenerated (scripts/make_font_metrics.py)
    from the font, metric-compatible with Times New Roman."""
    import json  # noqa: PLC0415

    pytest.importorskip("fontTools")
    if not all((FONT_FOLDER / name).is_file() for name in FONT_FILES.values()):
        pytest.skip("Liberation Serif не встановлено (fonts-liberation)")
    shipped = json.loads(METRICS_FILE.read_text(encoding="utf-8"))
    assert shipped == {style: font_widths(style) for style in FONT_FILES}


def test_words_break_at_spaces_and_after_hyphens_but_not_at_non_breaking_spaces():
    assert words("дітей-сиріт 104\u00a0000\nМВС,  МОН") == [
        "дітей-",
        "сиріт",
        "104\u00a0000",
        "МВС,",
        "МОН",
    ]


def test_widths_and_lines_follow_the_font():
    # Times New Roman: "Мінсоцполітики" is wider than "МВС", bold wider than regular.
    assert text_width("Мінсоцполітики", 12) > 3 * text_width("МВС", 12)
    assert text_width("Мінсоцполітики", 12, bold=True) > text_width("Мінсоцполітики", 12)
    word = text_width("Мінсоцполітики", 12)
    assert line_count("Мінсоцполітики Мінсоцполітики", 2 * word, 12) == 2
    assert line_count("Мінсоцполітики Мінсоцполітики", 3 * word, 12) == 1
    assert line_count("Мінсоцполітики\nМВС", 3 * word, 12) == 2
    # A word wider than its column runs over as many lines as it needs.
    assert line_count("Мінсоцполітики", -(-word // 2), 12) == 2
    assert line_count("Мінсоцполітики", word // 2, 12) == 3


def test_short_texts_are_measured_once_and_long_ones_a_paragraph_at_a_time():
    """Amounts and names repeat over thousands of cells: their measures are kept; a
    long status text is measured by its paragraphs (a unit's name, its text), kept in
    caches of their own, never as a whole."""
    from ctb_desktop.reports import metrics  # noqa: PLC0415

    short = "1 564,0 тис. грн"
    long = "Проведено інформаційні заходи в громадах району. " * 40
    for text in (short, long):
        expected = metrics._line_count(text, 2000, 12, False)
        assert metrics.line_count(text, 2000, 12) == expected
        assert metrics.line_count(text, 2000, 12) == expected
        assert metrics.widest_word(text, 12) == metrics._widest(text, 12, False)
        assert metrics.text_width(text, 12) == round(metrics._ems(text, False) * 12 * 20)
    assert metrics._short_line_count.cache_info().hits >= 1
    before = metrics._short_ems.cache_info().currsize
    metrics.text_width(long + "ще", 12)
    assert metrics._short_ems.cache_info().currsize == before
    consolidated = "\n".join(f"Район {n}\n{long}" for n in range(50))
    hits = metrics._paragraph_units.cache_info().hits
    metrics.text_width(consolidated, 12)
    assert metrics._paragraph_units.cache_info().hits >= hits + 49


def _one_by_one(text: str, size: float, bold: bool) -> int:
    """The width as the characters' widths add up one after another, as floats."""
    from ctb_desktop.reports import metrics  # noqa: PLC0415

    widths, fallback = metrics._widths(bold), metrics._fallback(bold)
    total = 0.0
    for character in text:
        total += widths.get(character, fallback)
    return round(total * size * 20)


@pytest.mark.parametrize("bold", [False, True])
def test_a_long_text_measures_as_its_characters_added_one_by_one(bold):
    """A long text's width is summed exactly from its paragraphs': it must round to
    the same twips as the float sum of its characters, whatever their mix, and its
    widest word and line count must be the whole text's."""
    import random  # noqa: PLC0415

    from ctb_desktop.reports import metrics  # noqa: PLC0415

    chance = random.Random(19)
    letters = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙ0123456789,.;:«»№₴–—-\u00a0\u4e00"
    vocabulary = [
        "".join(chance.choice(letters) for _ in range(chance.randint(1, 16))) for _ in range(200)
    ]
    for length in (70, 700, 7000, 70000):
        pieces = [chance.choice(vocabulary) for _ in range(length // 8)]
        text = "".join(piece + chance.choice(" \n-\t") for piece in pieces)
        for size in (9, 12):
            assert metrics.text_width(text, size, bold=bold) == _one_by_one(text, size, bold)
            assert metrics.widest_word(text, size, bold=bold) == metrics._widest(text, size, bold)
            for width in (-10, 0, 1, 400, 3000):
                assert metrics.line_count(text, width, size, bold=bold) == metrics._line_count(
                    text, width, size, bold
                )


def test_a_width_near_a_half_twip_is_summed_again_as_floats(monkeypatch):
    """Where the exact sum cannot tell how the float sum rounds, the characters are
    added up again: the result is the float sum's either way."""
    from ctb_desktop.reports import metrics  # noqa: PLC0415

    text = "Проведено заходи.\nРайон 7\n" * 20
    monkeypatch.setattr(metrics, "_ROUNDING", 1.0)  # no sum is trusted
    assert metrics.text_width(text, 12) == _one_by_one(text, 12, False)
    monkeypatch.setattr(metrics, "_units", lambda bold: None)  # a table with more decimals
    assert metrics.text_width(text, 12) == _one_by_one(text, 12, False)
