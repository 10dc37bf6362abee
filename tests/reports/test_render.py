"""Rendering as the GUI's worker runs it: progress, cancellation, what is kept together."""

import dataclasses

import pytest
from docx.oxml.ns import qn

from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.progress import Cancelled, Progress
from ctb_desktop.reports.context import ReportError, ReportOptions, load_report_data
from ctb_desktop.reports.render import LAYOUTS, file_name, render, save
from tests.collector_spy import collector_states
from tests.reports.docx_reading import open_docx


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_progress_reaches_its_total(demo_db, demo_program, layout):
    heard = []
    progress = Progress(lambda done, total, text: heard.append((done, total, text)))
    data = load_report_data(demo_db, demo_program.id, Period.parse("2024-Y"))
    render(layout, data, ReportOptions(), progress)
    assert heard[0][0] == 0
    assert heard[-1][0] == heard[-1][1] > 1
    assert heard[-1][2] == "Збережено"


def test_a_cancelled_render_writes_nothing(demo_db, demo_program, tmp_path):
    steps = []

    def listener(done, _total, _text):
        steps.append(done)
        if done == 3:
            progress.cancel()  # the user presses "Скасувати" while task 3 renders

    progress = Progress(listener)
    data = load_report_data(demo_db, demo_program.id, Period.parse("2024-Y"))
    output = tmp_path / "звіт.docx"
    with pytest.raises(Cancelled):
        save(render("annual", data, ReportOptions(), progress), output)
    assert not output.exists()
    assert max(steps) == 3


def _keeps_next(paragraph_element) -> bool:
    properties = paragraph_element.pPr
    return properties is not None and properties.find(qn("w:keepNext")) is not None


def test_signature_stays_with_the_last_lines(rendered):
    document, _ = rendered("status", unit="mspu")
    for table in document.tables:
        last_row = table._tbl.tr_lst[-1]
        assert all(_keeps_next(p) for p in last_row.iter(qn("w:p")))
    document, _ = rendered("annual")
    proposals = document.paragraphs[-2]
    assert proposals.text.startswith("Пропонується") and _keeps_next(proposals._p)
    assert document.paragraphs[-1].style.paragraph_format.keep_together


def test_the_rendered_file_is_what_was_rendered(demo_db, demo_program, tmp_path):
    data = load_report_data(demo_db, demo_program.id, Period.parse("2024-Y"))
    report = render("structure", data, ReportOptions())
    output = tmp_path / "Додаток 2 — завдання і заходи.docx"
    save(report, output)
    assert output.read_bytes() == report.content
    assert open_docx(output.read_bytes()).tables


def test_file_names_are_readable_and_windows_safe():
    assert file_name("annual", "2024 рік", "Мінсоцполітики") == (
        "Звіт_про_результати_виконання_2024_рік_Мінсоцполітики.docx"
    )
    assert file_name("status", "І півріччя 2024 року", "Смілянська РДА") == (
        "Інформація_про_стан_виконання_І_півріччя_2024_року_Смілянська_РДА.docx"
    )
    assert file_name("structure", None, 'ТОВ "Рога/Копита": <тест>?') == (
        "Завдання_і_заходи_ТОВ_РогаКопита_тест.docx"
    )


@pytest.mark.parametrize(
    ("layout", "document"),
    [("annual", "звіту про результати виконання"), ("status", "інформації про стан виконання")],
)
def test_a_report_for_a_period_needs_the_period_and_the_unit(
    demo_db, demo_program, layout, document
):
    data = load_report_data(demo_db, demo_program.id, Period.parse("2024-Y"))
    without_period = dataclasses.replace(data, period=None, entries=None)
    with pytest.raises(ReportError, match=f"^Для {document} потрібен звітний період$"):
        render(layout, without_period, ReportOptions(), Progress())
    with pytest.raises(ReportError, match=f"^Для {document} вкажіть звітуючий орган$"):
        render(layout, dataclasses.replace(data, unit=None), ReportOptions(), Progress())


def test_a_reports_long_texts_are_not_kept_after_it(demo_db, demo_program):
    """The paragraphs of long status texts are kept while a report is measured (units'
    names and stock phrases repeat) and dropped once it is written: a consolidated
    report's are megabytes."""
    from ctb_desktop.reports import metrics  # noqa: PLC0415

    kept = (metrics._paragraph_units, metrics._paragraph_widest, metrics._paragraph_lines)
    long = "Проведено інформаційні заходи в громадах району.\n" * 4
    metrics.text_width(long, 12)
    metrics.widest_word(long, 12)
    metrics.line_count(long, 2000, 12)
    assert all(cache.cache_info().currsize for cache in kept)
    data = load_report_data(demo_db, demo_program.id, Period.parse("2024-Y"))
    render("annual", data, ReportOptions())
    assert [cache.cache_info().currsize for cache in kept] == [0, 0, 0]


def test_a_report_is_built_with_the_collector_paused(demo_db, demo_program, monkeypatch):
    """The tables' rows and cells live until the document is written: the cycle
    collector is held off while they are made (domain/collector.py), and runs after."""
    import gc  # noqa: PLC0415

    from ctb_desktop.reports import annual  # noqa: PLC0415

    seen = collector_states(monkeypatch, annual, "build")
    data = load_report_data(demo_db, demo_program.id, Period.parse("2024-Y"))
    assert gc.isenabled()
    render("annual", data, ReportOptions())
    assert seen == [False]
    assert gc.isenabled()
