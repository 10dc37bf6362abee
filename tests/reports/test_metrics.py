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


def test_short_texts_are_measured_once_and_long_ones_are_not_kept():
    """Amounts and names repeat over thousands of cells: their measures are kept; a
    unit's long status text is measured each time and never held by a cache."""
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
