"""A reported value has one name: the window, the workbook and the comparison of
revisions all take it from the field catalogue (domain/fields.py)."""

import copy
import io

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel

from ctb_desktop.domain import fields
from ctb_desktop.domain.comparison import compare_entries
from ctb_desktop.domain.workbook_layout import FINANCING_SHEET, READ_BACK, STATUS_SHEET
from ctb_desktop.reports.workbook import entries_workbook
from ctb_desktop.storage.entries import EntryStore
from tests.gui.conftest import open_window

HEADINGS = {field.heading for field in fields.ALL_FIELDS}
LABELS = {field.label for field in fields.ALL_FIELDS}


def _window_labels(editor) -> dict[str, str]:
    """What the clerk reads beside each status field, by form widget."""
    find = editor.form.findChild
    labels = {
        name: find(QLabel, name).text().replace("&", "").removesuffix(":")
        for name in ("stateTitle", "eventsTitle", "peopleTitle", "victimsTitle")
    }
    labels["statusGroup"] = find(QGroupBox, "statusGroup").title()
    return labels


def _headers(model) -> list[str]:
    return [
        model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())
    ]


def _workbook_headers(content: bytes) -> dict[str, list[str]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {name: [cell.value for cell in book[name][1]] for name in READ_BACK}


def test_the_window_the_workbook_and_the_comparison_say_the_same(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    session, editor = window.session, window.editor

    shown = _window_labels(editor)
    assert shown == {
        "stateTitle": fields.STATE.label,
        "eventsTitle": fields.EVENTS_HELD.label,
        "peopleTitle": fields.PEOPLE_REACHED.label,
        "victimsTitle": fields.VICTIMS_IDENTIFIED.label,
        "statusGroup": fields.TEXT.label,
    }
    # Wrapped over short lines; money titled by its label, the table's title has тис. грн.
    financing_headers = [title.replace("\n", " ") for title in _headers(editor.financing_model)]
    assert set(financing_headers) <= LABELS
    assert editor.form.findChild(QGroupBox, "financingGroup").title().endswith("тис. грн")
    assert _headers(editor.indicator_model)[-1] == fields.ACHIEVED.heading

    entries = EntryStore(session.db).load(session.program, session.period)
    workbook = _workbook_headers(entries_workbook(session.program, session.units, entries))
    for sheet, read_back in READ_BACK.items():
        assert set(read_back[1:]) <= HEADINGS
        assert set(read_back) <= set(workbook[sheet])

    changed = copy.deepcopy(entries)
    status = next(report.status for report in changed.reports if report.status)
    status.victims_identified = (status.victims_identified or 0) + 1
    line = next(line for line in changed.financing)
    line.budget_program_code = "0611121"
    said = [difference.field for difference in compare_entries(entries, changed)]
    assert set(said) <= LABELS

    # The two names that had drifted ("Встановлено", "КПКВК") now read the same everywhere.
    victims = fields.VICTIMS_IDENTIFIED.label
    assert victims == "Виявлено постраждалих"
    assert shown["victimsTitle"] == victims
    assert victims in workbook[STATUS_SHEET]
    assert victims in said
    code = fields.BUDGET_PROGRAM_CODE.label
    assert code == "Код бюджетної програми"
    assert code in financing_headers
    assert code in workbook[FINANCING_SHEET]
    assert code in said


def test_the_count_labels_keep_their_keyboard_letters(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    find = window.editor.form.findChild
    texts = [find(QLabel, name).text() for name in ("eventsTitle", "peopleTitle", "victimsTitle")]
    assert texts == ["Проведено &заходів:", "Охоплено &осіб:", "Виявлено &постраждалих:"]
    assert find(QLabel, "stateTitle").text() == "&Стан:"
