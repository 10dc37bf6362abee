"""Rendering from the GUI: the dialog's defaults, the worker job, the offer to open."""

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from ctb_desktop.gui import render_dialog
from ctb_desktop.gui.app import create_application
from ctb_desktop.gui.render_dialog import RenderDialog, start_render
from ctb_desktop.reports.context import ReportOptions, Signatory
from tests.gui.conftest import BUG, bug_logged, injected, open_window
from tests.reports.docx_reading import open_docx, rows


def test_dialog_suggests_a_name_and_remembers_the_signatory(qtbot, demo_db, tmp_path):
    window = open_window(qtbot, demo_db)
    window.settings.output_folder = str(tmp_path)
    dialog = RenderDialog(window.session, window.settings, "annual", window)
    qtbot.addWidget(dialog)
    assert dialog.output.text() == str(
        tmp_path / "Звіт_про_результати_виконання_2024_рік_Мінсоцполітики.docx"
    )
    assert "2024 рік" in dialog.scope.text()
    dialog.layout_combo.setCurrentIndex(dialog.layout_combo.findData("structure"))
    assert Path(dialog.output.text()).name == "Завдання_і_заходи_2024_рік.docx"
    dialog.position.setText("Директор Департаменту")
    dialog.name.setText("Людмила Корнієнко")
    assert dialog.options().signatory == Signatory("Директор Департаменту", "Людмила Корнієнко")
    dialog.accept()
    assert (window.settings.signatory_position, window.settings.signatory_name) == (
        "Директор Департаменту",
        "Людмила Корнієнко",
    )
    again = RenderDialog(window.session, window.settings, "status", window)
    qtbot.addWidget(again)
    assert again.name.text() == "Людмила Корнієнко"


def test_render_runs_on_a_worker_and_offers_to_open(qtbot, demo_db, tmp_path):
    window = open_window(qtbot, demo_db)
    output = tmp_path / "звіт.docx"
    options = ReportOptions(signatory=Signatory("Директор", "Людмила Корнієнко"))
    job = start_render(window, window.session, "annual", options, output)
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert output.exists()
    program_row = next(
        row
        for row in rows(open_docx(output.read_bytes()).tables[0])
        if row[0] == "Разом по Програмі"
    )
    assert program_row[2:6] == ["3406,4", "1014,5", "985,56", "608,5"]
    box = window.findChild(QMessageBox, "renderDoneBox")
    assert box is not None and str(output) in box.text()
    assert {button.text() for button in box.buttons()} == {
        "Відкрити &документ",
        "Відкрити &папку",
        "&Закрити",
    }
    box.close()


def test_a_failed_render_says_why_and_writes_nothing(qtbot, demo_db, tmp_path, monkeypatch):
    window = open_window(qtbot, demo_db)
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: messages.append(text))
    output = tmp_path / "немає такої папки" / "звіт.docx"
    job = start_render(window, window.session, "status", ReportOptions(), output)
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert not output.exists()
    assert messages and "не існує" in messages[0]


def test_report_menu_lists_the_three_documents(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    assert [a.shortcut().toString() for a in window.render_actions.values()] == [
        "Ctrl+1",
        "Ctrl+2",
        "Ctrl+3",
    ]


def test_a_template_folder_supplies_the_clerks_own_template(qtbot, demo_db, tmp_path):
    window = open_window(qtbot, demo_db)
    (tmp_path / "status.docx").write_bytes(b"PK")
    window.settings.template_folder = str(tmp_path)
    dialog = RenderDialog(window.session, window.settings, "status", window)
    qtbot.addWidget(dialog)
    assert dialog.template.text() == str(tmp_path / "status.docx")
    assert dialog.options().template == tmp_path / "status.docx"
    dialog.layout_combo.setCurrentIndex(dialog.layout_combo.findData("annual"))
    assert dialog.template.text() == ""


def test_render_from_the_menu_produces_a_valid_docx(qtbot, demo_db, tmp_path, monkeypatch):
    window = open_window(qtbot, demo_db)
    output = tmp_path / "Інформація.docx"

    def accept(dialog):
        dialog.output.setText(str(output))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RenderDialog, "exec", accept)
    window.render_actions["status"].trigger()
    with qtbot.waitSignal(window.job.finished, timeout=20000):
        pass
    document = open_docx(output.read_bytes())
    assert rows(document.tables[0])[0][3] == "Стан виконання"
    window.findChild(QMessageBox, "renderDoneBox").close()


def test_qt_dialogs_speak_ukrainian(qtbot):
    create_application()
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save
    )
    qtbot.addWidget(buttons)
    texts = {button.text().replace("&", "") for button in buttons.buttons()}
    assert texts == {"Скасувати", "Зберегти"}


def test_a_bug_in_rendering_ends_the_job_says_so_and_is_logged(
    qtbot, demo_db, tmp_path, monkeypatch, caplog
):
    window = open_window(qtbot, demo_db)
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: messages.append(text))
    monkeypatch.setattr(render_dialog, "render", injected)
    output = tmp_path / "звіт.docx"

    job = start_render(window, window.session, "status", ReportOptions(), output)
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass

    assert not job.running and not job.thread.isRunning() and not job.dialog.isVisible()
    assert len(messages) == 1 and messages[0].startswith(BUG)
    assert bug_logged(caplog)
    assert not output.exists()
    monkeypatch.undo()  # the bug fixed: rendering works again
    job = start_render(window, window.session, "status", ReportOptions(), output)
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert output.is_file()
    window.findChild(QMessageBox, "renderDoneBox").close()
