"""«Отримані звіти»: the oblast clerk imports district packages (file dialog, folder,
drag-and-drop), reads the board and the revisions, reviews, compares two revisions and
renders the consolidated report — through the real widgets."""

import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLabel, QMessageBox, QPushButton

from ctb_desktop.exchange.outgoing import export_report
from ctb_desktop.exchange.replies import return_letter
from ctb_desktop.gui import received_jobs
from ctb_desktop.gui.board_model import CellRole, RevisionsModel
from ctb_desktop.gui.received_window import ReceivedWindow, ReturnCommentDialog
from ctb_desktop.operations import review
from ctb_desktop.operations.packages import read_packages
from ctb_desktop.reports.render import file_name
from ctb_desktop.storage.config import Config
from ctb_desktop.storage.packages import ReceivedPackages
from ctb_desktop.storage.units import UnitStore
from ctb_desktop.storage.workspace import Workspace
from tests.exchange.network import (
    DISTRICTS,
    OBLAST,
    PERIOD,
    district_database,
    fill,
    oblast_database,
    program_id,
    program_package,
)
from tests.gui.conftest import BUG, bug_logged, choose, injected, open_window, type_text

TODAY = date(2026, 11, 23)  # the 2025 annual reports were due on 20.01.2026
SMILA, UMAN, ZOLOTONOSHA = DISTRICTS
DUE = date(2026, 1, 20)


@pytest.fixture
def network(tmp_path):
    oblast = oblast_database(tmp_path / "oblast.sqlite")
    package = program_package(oblast)
    districts = {
        code: district_database(tmp_path / f"{code}.sqlite", code, package)
        for code in (SMILA, UMAN)
    }
    yield oblast, districts
    for db in (oblast, *districts.values()):
        db.close()


def send(db, code, folder: Path, amount, text="Проведено") -> Path:
    """The district fills its report and saves the package it would e-mail."""
    fill(db, code, Decimal(amount), text)
    outgoing = export_report(Workspace(db), program_id(db), PERIOD, code)
    folder.mkdir(exist_ok=True)
    path = folder / outgoing.file_name
    path.write_bytes(outgoing.content)
    return path


def received_window(qtbot, oblast) -> tuple:
    main = open_window(qtbot, oblast)
    choose(main.period_combo, PERIOD.code)
    window = ReceivedWindow(main.session, main.settings, main, today=TODAY)
    window.show()
    qtbot.waitExposed(window)
    return main, window


def wait(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.job is None, timeout=30000)


def states(window) -> dict[str, str]:
    model = window.board_model
    column = model.board.periods.index(PERIOD)
    return {
        model.unit_at(row).code: model.index(row, column).data(CellRole).state
        for row in range(model.rowCount())
    }


def select(window, code) -> None:
    window.board_view.setCurrentIndex(window.board_model.index_of(code, PERIOD))


def history(window) -> list[list[str]]:
    model = window.revisions_model
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def arrived() -> str:
    """Packages are stamped with the real clock: late once 20.01.2026 has passed."""
    return "late" if datetime.now(UTC).date() > DUE else "received"


def test_imported_packages_fill_the_board_and_the_history(qtbot, network, tmp_path):
    oblast, districts = network
    paths = [send(districts[code], code, tmp_path / "пошта", 1500) for code in (SMILA, UMAN)]
    main, window = received_window(qtbot, oblast)
    assert window.year.value() == PERIOD.year
    assert window.board_model.rowCount() == 3
    assert [window.board_model.period_at(c).code for c in range(4)] == [
        "2025-Q1",
        "2025-H1",
        "2025-9M",
        "2025-Y",
    ]
    assert set(states(window).values()) == {"missing"}
    assert "Черкаська" in window.own_label.text()

    with qtbot.waitSignal(main.session.reportsChanged, timeout=30000):
        window.import_paths(paths)
    wait(qtbot, window)
    assert states(window) == {SMILA: arrived(), UMAN: arrived(), ZOLOTONOSHA: "missing"}
    model = window.board_model
    smila = model.index_of(SMILA, PERIOD)
    missing = model.index_of(ZOLOTONOSHA, PERIOD)
    assert smila.data().endswith("ред. 1")
    assert missing.data() == "не надійшов"
    tooltip = smila.data(Qt.ItemDataRole.ToolTipRole)
    assert "ред. 1, не розглянуто" in tooltip and "Підпис: без підпису" in tooltip
    assert smila.data(Qt.ItemDataRole.BackgroundRole) != missing.data(
        Qt.ItemDataRole.BackgroundRole
    )
    assert smila.data(Qt.ItemDataRole.DecorationRole) is not None

    box = window.summary_box
    assert box.text() == "Отримано пакетів: 2 з 2."
    lines = box.informativeText().splitlines()
    assert [line.split("»")[0] for line in lines] == [f"«{path.name}" for path in paths]
    assert all(line.endswith("отримано, дані внесено") for line in lines)
    box.close()

    select(window, UMAN)
    assert history(window) == [
        [
            "1",
            history(window)[0][1],
            paths[1].name,
            "без підпису",
            "не розглянуто",
        ]
    ]
    assert "Підпис: без підпису" in window.notes.toPlainText()
    assert not window.buttons["compare"].isEnabled()
    assert window.buttons["accept"].isEnabled()


def test_a_dropped_folder_is_imported_and_other_files_are_refused(qtbot, network, tmp_path):
    oblast, districts = network
    folder = tmp_path / "від районів"
    send(districts[SMILA], SMILA, folder, 100)
    send(districts[UMAN], UMAN, folder, 200)
    letter = tmp_path / "лист.txt"
    letter.write_text("Надсилаємо звіт", encoding="utf-8")
    _main, window = received_window(qtbot, oblast)

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(letter))])
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        QPoint(50, 50), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(50, 50), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: window.summary_box is not None, timeout=30000)
    wait(qtbot, window)
    assert states(window)[SMILA] == states(window)[UMAN] == arrived()
    box = window.summary_box
    assert box.text() == "Отримано пакетів: 2 з 3. Відхилено: 1."
    assert box.informativeText().splitlines()[-1] == "«лист.txt»: не пакет .ctbpkg, пропущено"
    box.close()


def test_a_drop_without_packages_is_refused_with_a_message(qtbot, network, tmp_path, monkeypatch):
    oblast, _ = network
    letter = tmp_path / "звіт.docx"
    letter.write_bytes(b"PK")
    _main, window = received_window(qtbot, oblast)
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(letter))])
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    assert not drop.isAccepted()
    qtbot.waitUntil(lambda: bool(messages))
    assert "«звіт.docx»" in messages[0] and ".ctbpkg" in messages[0]
    assert window.job is None


def test_a_broken_package_is_refused_by_name_and_changes_nothing(qtbot, network, tmp_path):
    oblast, _ = network
    broken = tmp_path / "Звіт_Сміла.ctbpkg"
    broken.write_bytes(b"this is not a zip archive")
    main, window = received_window(qtbot, oblast)
    with qtbot.assertNotEmitted(main.session.reportsChanged):
        window.import_paths([broken])
        wait(qtbot, window)
    box = window.summary_box
    assert box.text() == "Отримано пакетів: 0 з 1. Відхилено: 1."
    assert box.icon() == QMessageBox.Icon.Warning
    [line] = box.informativeText().splitlines()
    assert "Звіт_Сміла.ctbpkg" in line and "відхилено" in line.lower()
    assert ReceivedPackages(oblast).list(program_id(oblast)) == []
    assert set(states(window).values()) == {"missing"}
    box.close()


def test_accepting_and_returning_a_revision(qtbot, network, tmp_path, monkeypatch):
    oblast, districts = network
    path = send(districts[SMILA], SMILA, tmp_path / "пошта", 700)
    _main, window = received_window(qtbot, oblast)
    window.import_paths([path])
    wait(qtbot, window)
    window.summary_box.close()
    select(window, SMILA)

    qtbot.mouseClick(window.buttons["accept"], Qt.MouseButton.LeftButton)
    assert history(window)[0][RevisionsModel.REVIEW] == "прийнято"
    assert window.board_model.index_of(SMILA, PERIOD).data().endswith("ред. 1, прийнято")
    assert not window.buttons["accept"].isEnabled()

    def cancel(dialog):
        type_text(dialog.edit, "щось")
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ReturnCommentDialog, "exec", cancel)
    qtbot.mouseClick(window.buttons["return"], Qt.MouseButton.LeftButton)
    assert history(window)[0][RevisionsModel.REVIEW] == "прийнято"

    def write_reason(dialog):
        assert not dialog.ok.isEnabled()  # the comment is required
        type_text(dialog.edit, "Уточніть касові видатки")
        assert dialog.ok.isEnabled()
        dialog.ok.click()
        return dialog.result()

    monkeypatch.setattr(ReturnCommentDialog, "exec", write_reason)
    # Asked whether to prepare the reply: yes; the draft opens in the mail program.
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    letters = []  # the reply is built once, by the review itself

    def counted(*args):
        letters.append(return_letter(*args))
        return letters[-1]

    monkeypatch.setattr(review, "return_letter", counted)
    window.settings.output_folder = str(tmp_path)
    qtbot.mouseClick(window.buttons["return"], Qt.MouseButton.LeftButton)
    [draft] = opened
    assert len(letters) == 1
    letter = BytesParser(policy=policy.default).parsebytes(Path(draft).read_bytes())
    assert letter["X-Unsent"] == "1"
    assert "Уточніть касові видатки" in letter.get_body().get_content()
    assert history(window)[0][RevisionsModel.REVIEW] == "повернуто на доопрацювання"
    assert "Коментар: Уточніть касові видатки" in window.notes.toPlainText()
    [stored] = ReceivedPackages(oblast).list(program_id(oblast), PERIOD, SMILA)
    assert (stored.review, stored.review_comment) == ("returned", "Уточніть касові видатки")
    assert window.board_model.index_of(SMILA, PERIOD).data().endswith("повернуто")
    assert window.buttons["accept"].isEnabled()


def test_a_second_revision_is_compared_with_the_first(qtbot, network, tmp_path):
    oblast, districts = network
    db = districts[UMAN]
    first = send(db, UMAN, tmp_path / "1", 1000)
    _main, window = received_window(qtbot, oblast)
    window.import_paths([first])
    wait(qtbot, window)
    window.summary_box.close()
    second = send(db, UMAN, tmp_path / "2", 3000, text="Уточнено")
    window.import_paths([second])
    wait(qtbot, window)
    assert "нова редакція замінила попередню" in window.summary_box.informativeText()
    window.summary_box.close()

    select(window, UMAN)
    assert [row[0] for row in history(window)] == ["2", "1"]
    assert window.board_model.index_of(UMAN, PERIOD).data().endswith("ред. 2")
    window.history_view.setCurrentIndex(window.revisions_model.index(1, 0))
    assert not window.buttons["compare"].isEnabled()  # revision 1 has nothing before it
    window.history_view.setCurrentIndex(window.revisions_model.index(0, 0))
    assert window.buttons["compare"].isEnabled()

    qtbot.mouseClick(window.buttons["compare"], Qt.MouseButton.LeftButton)
    dialog = window.compare_dialog
    assert dialog.isVisible()
    model = dialog.model
    rows = [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Орган",
        "Місце",
        "Поле",
        "Було",
        "Стало",
    ]
    assert [
        "Уманська РДА",
        "захід 1. 1)",
        "Стан виконання",
        "Проведено (UA-71-02)",
        "Уточнено (UA-71-02)",
    ] in rows
    assert [
        "Уманська РДА",
        "захід 3. 2), фінансування, рядок 1",
        "Касові видатки",
        "1000",
        "3000",
    ] in rows
    assert len(rows) == 8  # per measure: the text, and planned, financed and spent
    assert "редакція 2 порівняно з редакцією 1" in dialog.summary.text()
    dialog.close()


def test_the_consolidated_report_is_saved_with_the_missing_units_named(
    qtbot, network, tmp_path, monkeypatch
):
    oblast, districts = network
    paths = [send(districts[code], code, tmp_path / "пошта", 500) for code in (SMILA, UMAN)]
    main, window = received_window(qtbot, oblast)
    window.import_paths(paths)
    wait(qtbot, window)
    window.summary_box.close()
    main.settings.output_folder = str(tmp_path)
    output = tmp_path / "зведений"
    suggested = []

    def save_as(_parent, _title, start, _filter):
        suggested.append(start)
        return str(output), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    window.board_view.setCurrentIndex(window.board_model.index_of(SMILA, PERIOD))
    assert window.buttons["consolidate"].text() == "&Зведений звіт за 2025 рік…"
    qtbot.mouseClick(window.buttons["consolidate"], Qt.MouseButton.LeftButton)
    wait(qtbot, window)
    own = next(unit for unit in UnitStore(oblast).list() if unit.code == OBLAST).short_name
    assert suggested == [str(tmp_path / file_name("annual", PERIOD.title, own))]
    document = output.with_suffix(".docx")
    assert document.is_file()
    with zipfile.ZipFile(document) as archive:
        assert "word/document.xml" in archive.namelist()
    box = window.findChild(QMessageBox, "renderDoneBox")
    assert str(document) in box.text()
    missing = next(line for line in box.informativeText().splitlines() if "ще не надійшли" in line)
    assert "Золотоніська РДА" in missing and "Смілянська" not in missing
    # Unsigned packages were used: said, not silent.
    assert "Смілянська РДА: використано редакцію 1 без підпису" in box.informativeText()
    box.close()

    # «Лише прийняті редакції»: nothing is accepted yet, so the districts' data stay out.
    window.accepted_only.setChecked(True)
    qtbot.mouseClick(window.buttons["consolidate"], Qt.MouseButton.LeftButton)
    wait(qtbot, window)
    [box] = [b for b in window.findChildren(QMessageBox, "renderDoneBox") if b.isVisible()]
    assert "Смілянська РДА: жодної редакції ще не прийнято" in box.informativeText()
    box.close()


def test_the_own_unit_is_asked_for_when_not_set(qtbot, network, tmp_path, monkeypatch):
    oblast, districts = network
    Config(oblast).set("unit", "")
    path = send(districts[SMILA], SMILA, tmp_path / "пошта", 10)
    _main, window = received_window(qtbot, oblast)
    asked = []

    def refuse(_parent, _title, text, items, _current, _editable):
        asked.append(text)
        return "", False

    monkeypatch.setattr(QInputDialog, "getItem", refuse)
    assert window.import_paths([path]) is None
    assert "Не вказано, чия це база даних" in asked[0]
    assert Config(oblast).unit == ""

    oblast_unit = next(u for u in UnitStore(oblast).list() if u.code == OBLAST)
    label = f"{oblast_unit.short_name} ({OBLAST})"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_args: (label, True))
    assert window.import_paths([path]) is not None
    wait(qtbot, window)
    assert Config(oblast).unit == OBLAST
    assert window.board_model.board.own.code == OBLAST
    assert states(window)[SMILA] == arrived()
    window.summary_box.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_window_is_reached_and_worked_from_the_keyboard(qtbot, network, tmp_path, monkeypatch):
    oblast, districts = network
    path = send(districts[SMILA], SMILA, tmp_path / "пошта", 10)
    main = open_window(qtbot, oblast)
    choose(main.period_combo, PERIOD.code)
    assert main.received_action.shortcut().toString() == "Ctrl+Shift+R"
    main.received_action.trigger()
    window = main.findChild(ReceivedWindow)
    qtbot.waitExposed(window)
    assert window.year.value() == 2025
    assert window.focusWidget() is window.board_view
    main.received_action.trigger()
    assert main.findChildren(ReceivedWindow) == [window]

    texts = [button.text() for button in window.findChildren(QPushButton)]
    texts += [label.text() for label in window.findChildren(QLabel) if label.buddy()]
    keys = [text[text.index("&") + 1].lower() for text in texts]
    assert len(keys) == len(set(keys)) == 12, texts

    opened = []

    def open_files(*_args):
        opened.append(True)
        return [str(path)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", open_files)
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.board_view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert opened
    wait(qtbot, window)
    window.summary_box.close()
    assert states(window)[SMILA] == arrived()
    qtbot.keyClick(window.board_view, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_a_bug_while_receiving_leaves_the_window_usable(
    qtbot, network, tmp_path, monkeypatch, caplog
):
    oblast, districts = network
    path = send(districts[SMILA], SMILA, tmp_path / "пошта", 1500)
    _main, window = received_window(qtbot, oblast)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    monkeypatch.setattr(received_jobs, "read_packages", injected)

    assert window.import_paths([path]) is not None
    assert window.job is not None
    wait(qtbot, window)

    assert len(warnings) == 1
    assert warnings[0].startswith(f"Пакети не отримано: {BUG}")
    assert bug_logged(caplog)
    assert set(states(window).values()) == {"missing"}
    monkeypatch.setattr(received_jobs, "read_packages", read_packages)
    window.import_paths([path])  # the window takes packages again
    wait(qtbot, window)
    window.summary_box.close()
    assert states(window)[SMILA] == arrived()


def test_a_bug_in_the_consolidated_report_leaves_the_window_usable(
    qtbot, network, tmp_path, monkeypatch, caplog
):
    oblast, districts = network
    paths = [send(districts[code], code, tmp_path / "пошта", 500) for code in (SMILA, UMAN)]
    main, window = received_window(qtbot, oblast)
    window.import_paths(paths)
    wait(qtbot, window)
    window.summary_box.close()
    main.settings.output_folder = str(tmp_path)
    output = tmp_path / "зведений.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(output), ""))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    monkeypatch.setattr(received_jobs, "consolidate_report", injected)
    select(window, SMILA)

    qtbot.mouseClick(window.buttons["consolidate"], Qt.MouseButton.LeftButton)
    assert window.job is not None and not window.buttons["consolidate"].isEnabled()
    wait(qtbot, window)

    assert window.buttons["consolidate"].isEnabled()
    assert len(warnings) == 1
    assert warnings[0].startswith(f"Зведений звіт не збережено у «{output}»: {BUG}")
    assert bug_logged(caplog)
    assert not output.exists()
    window.close()
    assert not window.isVisible()  # not held open by a job that never ended
