"""«Огляд»: the figures drawn are the data's figures."""

from datetime import date
from decimal import Decimal

from ctb_desktop.domain.entries import MeasureState
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.totals import program_totals
from ctb_desktop.storage.editing import ReportEditor, ReportKey
from ctb_desktop.storage.entries import EntryStore
from tests.gui.conftest import choose, open_window

TODAY = date(2025, 4, 25)  # І квартал 2025 року was due on 20.04.2025


def test_the_overview_shows_periods_fill_money_and_letters(qtbot, demo_db, demo_program):
    first = demo_program.all_measures[0]
    ReportEditor(demo_db).set_status_value(
        ReportKey(first.id, "mspu", Period.parse("2025-Q1")), "state", MeasureState.NOT_DONE
    )
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, "2024-Y")
    window.work_tabs.setCurrentIndex(0)
    page = window.overview
    page.refresh(TODAY)
    rows = {
        page.periods.item(row, 0).text(): [page.periods.item(row, c).text() for c in range(1, 5)]
        for row in range(page.periods.rowCount())
    }
    assert rows["2024 рік"] == ["20.01.2025", "прострочено на 95 днів", "60 з 60", "готовий"]
    assert rows["І квартал 2025 року"] == [
        "20.04.2025", "прострочено на 5 днів", "1 з 60", "заповнюється",
    ]  # fmt: skip
    assert rows["І півріччя 2025 року"][1:] == ["залишилось 86 днів", "0 з 60", "не розпочато"]
    assert page.periods.item(0, 2).foreground().color().name() == "#b00020"
    # The chosen period (2024 рік): every task filled, bars for the tasks' measures.
    tasks = {bar.title.split(" ")[0]: bar.values for bar in page.tasks.bars}
    assert tasks == {t.number: (len(t.measures), len(t.measures)) for t in demo_program.all_tasks}
    # Money per source against the totals the reports print.
    session = window.session
    stored = EntryStore(session.db).load(demo_program, session.period)
    totals = program_totals(demo_program, stored.financing).program
    local = next(bar for bar in page.sources.bars if bar.title == "Місцеві бюджети")
    assert local.values == (
        totals.local.planned_year or Decimal(0),
        totals.local.financed or Decimal(0),
        totals.local.cash or Decimal(0),
    )
    assert "Не надіслані листи:</b> немає" in page.outbox.text()
    assert page.tasks.sizeHint().height() >= len(page.tasks.bars) * 20
    page.grab()  # painted without errors


def test_the_overview_comes_first_once_a_day(qtbot, demo_db):
    from ctb_desktop.gui.main_window import MainWindow  # noqa: PLC0415
    from ctb_desktop.gui.settings import Settings  # noqa: PLC0415

    Settings().overview_day = "2020-01-01"  # the window was last opened on another day
    first = MainWindow(demo_db)
    qtbot.addWidget(first)
    assert first.work_tabs.currentIndex() == 0
    again = MainWindow(demo_db)  # the same day: straight to «Заповнення»
    qtbot.addWidget(again)
    assert again.work_tabs.currentIndex() == 1


def test_the_overview_button_goes_to_the_next_unfilled_measure(qtbot, demo_db, demo_program):
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, "2025-Q1")
    window.work_tabs.setCurrentIndex(0)
    window.overview.next_button.click()
    assert window.work_tabs.currentIndex() == 1
    assert window.editor.measure.id == demo_program.all_measures[1].id
    assert window.overview_action.shortcut().toString() == "Ctrl+0"
    assert window.work_tabs.tabText(0) == "&Огляд"
