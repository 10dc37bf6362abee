"""Windows 11 in dark mode gives Qt 6 a dark palette. Every coloured cell and label must
stay readable there: WCAG's contrast ratio between its text and its background is
measured (4.5:1 for text, as WCAG AA asks of normal-size text)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from ctb_desktop.domain.validation import Problem, Severity
from ctb_desktop.gui import send_dialog as send_dialog_module
from ctb_desktop.gui.board_model import STATE_COLOURS, TEXT_ON_COLOUR
from ctb_desktop.gui.colours import is_dark
from ctb_desktop.gui.outbox_model import OutboxModel
from ctb_desktop.storage.outbox import OutboxItem
from tests.gui.conftest import choose, open_window
from tests.gui.test_received_window import received_window
from tests.gui.test_send_dialog import send_dialog

AA = 4.5
# Windows 11's dark theme as Qt 6 reads it.
DARK = {
    QPalette.ColorRole.Window: "#202020",
    QPalette.ColorRole.WindowText: "#ffffff",
    QPalette.ColorRole.Base: "#1c1c1c",
    QPalette.ColorRole.AlternateBase: "#2b2b2b",
    QPalette.ColorRole.Text: "#ffffff",
    QPalette.ColorRole.Button: "#2d2d2d",
    QPalette.ColorRole.ButtonText: "#ffffff",
}


def luminance(colour: QColor) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: QColor | str, second: QColor | str) -> float:
    light, dark = sorted((luminance(QColor(first)), luminance(QColor(second))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture
def dark(qapp):
    before = QApplication.palette()
    palette = QPalette(before)
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    QApplication.setPalette(palette)
    assert is_dark()
    yield palette
    QApplication.setPalette(before)


def as_colour(value) -> QColor | None:
    if value is None:
        return None
    return value.color() if hasattr(value, "color") else QColor(value)


def model_cells(model, palette: QPalette) -> list[tuple[str, float]]:
    """(what, contrast) of every cell the model colours: text against background."""
    found = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            background = as_colour(index.data(Qt.ItemDataRole.BackgroundRole))
            foreground = as_colour(index.data(Qt.ItemDataRole.ForegroundRole))
            if background is None and foreground is None:
                continue
            background = background or palette.color(QPalette.ColorRole.Base)
            foreground = foreground or palette.color(QPalette.ColorRole.Text)
            found.append(
                (f"{type(model).__name__}[{row},{column}]", contrast(foreground, background))
            )
    return found


def styled(widget: QWidget, palette: QPalette) -> tuple[str, float]:
    """A widget's style sheet colours (or the palette's where it sets none)."""
    sheet = widget.styleSheet()
    background = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{6})", sheet)
    text = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", sheet)
    back = QColor(background.group(1)) if background else palette.color(QPalette.ColorRole.Window)
    fore = QColor(text.group(1)) if text else palette.color(QPalette.ColorRole.WindowText)
    return widget.objectName() or type(widget).__name__, contrast(fore, back)


def readable(found: list[tuple[str, float]]) -> list[tuple[str, float]]:
    assert found, "nothing coloured was found: the test would prove nothing"
    return [(what, round(ratio, 2)) for what, ratio in found if ratio < AA]


def test_problem_cells_and_labels_of_the_desk(qtbot, demo_db, dark):
    window = open_window(qtbot, demo_db)
    choose(window.unit_combo, "UA-68")
    window._on_choice()
    window._select_measure(window.session.program.find_measure("4.", "1)").id)
    editor = window.editor
    cells = model_cells(editor.financing_model, dark) + model_cells(editor.indicator_model, dark)
    assert any("Financing" in what for what, _ in cells)  # the demo's problems are coloured
    problems = [
        Problem(Severity.ERROR, "4.", "1)", "text", "Стан без тексту"),
        Problem(Severity.WARNING, "4.", "1)", "state", "Перевірте стан"),
    ]
    editor.set_problems(problems)
    widgets = [editor.text, editor.state, editor.problems_label]
    assert all(widget.styleSheet() for widget in widgets)
    assert readable(cells + [styled(widget, dark) for widget in widgets]) == []


def test_the_board_cells(qtbot, oblast, dark):
    _main, window = received_window(qtbot, oblast)
    cells = model_cells(window.board_model, dark)
    assert len(cells) >= 2  # the missing reports are coloured
    every_state = [(state, contrast(TEXT_ON_COLOUR, c)) for state, c in STATE_COLOURS.items()]
    assert readable(cells + every_state) == []


def test_the_send_dialogs_verdicts(qtbot, district, out, dark, monkeypatch):
    _window, dialog = send_dialog(qtbot, district, out)
    verdict, check = dialog.labels["verdict"], dialog.labels["check"]
    found = []
    for ok in (True, False):
        signature = SimpleNamespace(
            verdict="Підпис відповідає документу", ok=ok, position="", signer_name="Олена",
            organisation="РДА", certificate_serial="1", signing_time=None, notes=[],
            tax_number="", edrpou="",
        )  # fmt: skip
        dialog._show_signature(signature)
        found.append(styled(verdict, verdict.palette()))
    dialog._show_signature_error("не той документ")
    found.append(styled(verdict, verdict.palette()))
    error = Problem(Severity.ERROR, "1.", "1)", "text", "Помилка")
    monkeypatch.setattr(send_dialog_module, "check_period", lambda *_args: [error])
    dialog._describe()
    assert isinstance(check, QLabel) and check.styleSheet()
    found.append(styled(check, check.palette()))
    assert readable(found) == []


def test_a_failed_letter_in_the_outbox(qapp, dark):
    now = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)
    model = OutboxModel()
    model.set_items(
        [
            OutboxItem(
                1, "<id@x>", "oblast@example.gov.ua", "Звіт", "failed", 3, None, "SMTP", now, None
            )
        ]
    )
    cells = model_cells(model, dark)
    assert len(cells) == 2  # the state and the error columns
    assert readable(cells) == []
    # The same text on a light window keeps its dark shade.
    QApplication.setPalette(QApplication.style().standardPalette())
    assert readable(model_cells(model, QApplication.palette())) == []


def test_a_kept_typed_value_and_an_overdue_period(qtbot, demo_db, dark):
    """Issue 13's cells in a dark window: a typed amount kept as an error gets the dark
    text on its pastel, and the overview's overdue days a red readable on a dark table."""
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, "2025-Q1")
    window.editor.add_line_button.click()
    model = window.editor.financing_model
    cash = model.FIELDS.index("cash")
    model.setData(model.index(0, cash), "abc")
    assert model.index(0, cash).data() == "abc"  # kept in its cell as an error
    cells = [cell for cell in model_cells(model, dark) if cell[0].endswith(f",{cash}]")]
    page = window.overview
    page.refresh(date(2025, 4, 25))  # 2024 рік, due 20.01.2025, is overdue
    overdue = page.periods.item(0, 2)
    assert overdue.text().startswith("прострочено")
    ratio = contrast(overdue.foreground().color(), dark.color(QPalette.ColorRole.Base))
    assert readable([*cells, ("overdue", ratio)]) == []
