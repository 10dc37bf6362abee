"""«Надіслати звіт» and «Надіслати програму» through the real widgets: a district forms
its package, signs it, queues the letter or opens a draft; an oblast sends its program."""

from decimal import Decimal
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox, QPushButton

from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.validation import UNFILLED, check_period, completion, readiness_text
from ctb_desktop.exchange.package import read
from ctb_desktop.gui import send_dialog as send_dialog_module
from ctb_desktop.gui.send_dialog import SendDialog
from ctb_desktop.gui.session import ReportSession
from ctb_desktop.gui.settings import Settings
from ctb_desktop.gui.settings_dialog import SettingsDialog
from ctb_desktop.operations.packages import export_report_package
from ctb_desktop.reports.render import TITLES
from ctb_desktop.storage.config import Config
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.outbox import Outbox
from tests.exchange.dstu_signing import dstu_signature
from tests.exchange.network import (
    DISTRICTS,
    OBLAST,
    PERIOD,
    fill,
    oblast_database,
)
from tests.exchange.signing import NAME, ORGANISATION, POSITION, make_signer, sign_detached
from tests.gui.conftest import BUG, SMILA, answer, bug_logged, choose, injected, open_window

OBLAST_ADDRESS = "oblast@example.gov.ua"
SENDER = "smila.rda@example.gov.ua"


def send_dialog(qtbot, db, out: Path):
    window = open_window(qtbot, db)
    choose(window.period_combo, PERIOD.code)
    assert window.session.unit_code == SMILA  # the database's own unit starts the toolbar
    window.settings.output_folder = str(out)
    dialog = window.send_report()
    qtbot.waitExposed(dialog)
    return window, dialog


def make(qtbot, dialog):
    anyway(qtbot, dialog)
    qtbot.mouseClick(dialog.buttons["make"], Qt.MouseButton.LeftButton)
    assert dialog.job is not None
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)
    assert dialog.made is not None
    return dialog.made


def anyway(qtbot, dialog) -> list[str]:
    """The district fills two measures of the oblast's program: making the package asks
    first, and the clerk goes on."""
    assert dialog.missing
    return answer(qtbot, "Усе одно сформувати пакет")


def sign_with(monkeypatch, path: Path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(path), ""))


def test_the_package_and_the_document_to_sign_are_saved(qtbot, district, out):
    _window, dialog = send_dialog(qtbot, district, out)
    assert dialog.labels["unit"].text().startswith(DISTRICTS[SMILA][0])
    assert dialog.labels["period"].text() == "2025 рік"
    assert TITLES["annual"] in dialog.labels["layout"].text()
    assert dialog.folder.text() == str(out)
    assert not dialog.buttons["sign"].isEnabled() and not dialog.buttons["queue"].isEnabled()

    made = make(qtbot, dialog)

    package = out / made.outgoing.file_name
    document = out / made.outgoing.report_name
    assert made.package_path == package and made.document_path == document
    assert read(package.read_bytes(), package.name).revision == 1
    assert document.read_bytes() == read(package.read_bytes(), package.name).files["report.docx"]
    assert dialog.labels["revision"].text().startswith("Редакція 1 — перша редакція")
    assert str(document) in dialog.labels["document"].text()
    assert dialog.buttons["sign"].isEnabled() and dialog.buttons["openFolder"].isEnabled()

    make(qtbot, dialog)
    assert "Редакція 1 — та сама" in dialog.labels["revision"].text()
    fill(district, SMILA, Decimal("2500"))
    made = make(qtbot, dialog)
    assert made.outgoing.revision == 2
    assert "Редакція 2 — нова: дані змінилися після редакції 1" in dialog.labels["revision"].text()
    assert (out / made.outgoing.file_name).is_file()


def test_a_signature_is_attached_and_shown(qtbot, district, out, monkeypatch):
    _window, dialog = send_dialog(qtbot, district, out)
    made = make(qtbot, dialog)
    p7s = out / f"{made.document_path.name}.p7s"
    p7s.write_bytes(sign_detached(made.document_path.read_bytes(), make_signer(NAME)))
    sign_with(monkeypatch, p7s)

    qtbot.mouseClick(dialog.buttons["sign"], Qt.MouseButton.LeftButton)

    assert dialog.labels["verdict"].text() == (
        "Підпис відповідає документу (ланцюжок сертифіката не перевірено)"
    )
    assert dialog.labels["signer"].text() == f"{NAME}, {POSITION} (РНОКПП 1234567890)"
    assert dialog.labels["organisation"].text() == ORGANISATION
    assert dialog.labels["serial"].text() == dialog.check.certificate_serial != ""
    assert dialog.labels["time"].text() not in ("", "не вказано")
    assert "Ланцюжок сертифіката" in dialog.labels["notes"].text()
    signed = read(made.package_path.read_bytes(), made.package_path.name)
    assert signed.signature == ("signature.p7s", p7s.read_bytes())

    # Forming the same revision again keeps the signature in the saved package.
    make(qtbot, dialog)
    again = read(made.package_path.read_bytes(), made.package_path.name)
    assert again.signature == ("signature.p7s", p7s.read_bytes())
    assert dialog.labels["signer"].text().startswith(NAME)
    assert "збережено" in dialog.labels["notes"].text()


@pytest.mark.parametrize(
    ("signature", "reason"),
    [
        (lambda report: sign_detached(b"another document", make_signer(NAME)), "іншого документа"),
        (
            lambda report: dstu_signature(
                report, "1.2.804.2.1.1.1.1.2.2.1", with_certificate=False
            ),
            "немає сертифіката підписувача",
        ),
    ],
    ids=["other-document", "no-certificate"],
)
def test_a_signature_that_cannot_be_verified_is_refused(
    qtbot, district, out, monkeypatch, signature, reason
):
    _window, dialog = send_dialog(qtbot, district, out)
    made = make(qtbot, dialog)
    before = made.package_path.read_bytes()
    wrong = out / "інший.docx.p7s"
    wrong.write_bytes(signature(made.document_path.read_bytes()))
    sign_with(monkeypatch, wrong)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))

    qtbot.mouseClick(dialog.buttons["sign"], Qt.MouseButton.LeftButton)

    assert len(warnings) == 1
    assert "інший.docx.p7s" in warnings[0] and made.package_path.name in warnings[0]
    assert reason in warnings[0]
    assert dialog.labels["verdict"].text().startswith("Підпис не додано")
    assert dialog.labels["signer"].text() == ""
    assert made.package_path.read_bytes() == before
    assert read(before, made.package_path.name).signature is None


def test_the_letter_is_queued_and_listed_in_the_outbox(qtbot, district, out):
    Config(district).set("recipient", OBLAST_ADDRESS)
    Config(district).set("smtp.sender", SENDER)  # no server: the letter waits
    window, dialog = send_dialog(qtbot, district, out)
    assert dialog.recipient.text() == OBLAST_ADDRESS
    make(qtbot, dialog)

    qtbot.mouseClick(dialog.buttons["queue"], Qt.MouseButton.LeftButton)

    model = window.outbox_dock.model
    assert model.rowCount() == 1
    item = model.item_at(0)
    row = [model.index(0, column).data() for column in range(model.columnCount())]
    assert row[model.RECIPIENT] == OBLAST_ADDRESS
    assert row[model.SUBJECT] == "Звіт за 2025 рік — Смілянська РДА"
    assert model.index(0, model.SUBJECT).data(Qt.ItemDataRole.ToolTipRole) == item.subject
    assert item.subject.startswith("Звіт про виконання Державної цільової соціальної програми")
    assert row[model.STATE] == "у черзі"
    assert row[model.SENT] == ""
    assert f"Лист №{item.id}" in dialog.labels["sent"].text()
    assert window.outbox_dock.status_label.text() == '<a href="outbox">У черзі: 1</a>'
    assert [queued.id for queued in Outbox(district).list()] == [item.id]


def test_queueing_without_a_sender_offers_the_settings(qtbot, district, out, monkeypatch):
    window, dialog = send_dialog(qtbot, district, out)
    make(qtbot, dialog)
    dialog.recipient.setText(OBLAST_ADDRESS)
    offered = []

    def answer(box):
        offered.append(box.text())
        next(b for b in box.buttons() if "налаштування" in b.text()).click()
        return 0

    def fill_in(settings_dialog):
        settings_dialog.sender.setText(SENDER)
        settings_dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(SettingsDialog, "exec", fill_in)

    qtbot.mouseClick(dialog.buttons["queue"], Qt.MouseButton.LeftButton)

    assert len(offered) == 1 and "адреса відправника" in offered[0]
    assert Outbox(district).list() == []  # nothing queued on the way
    assert Config(district).smtp.sender == SENDER
    qtbot.mouseClick(dialog.buttons["queue"], Qt.MouseButton.LeftButton)
    assert [item.recipient for item in Outbox(district).list()] == [OBLAST_ADDRESS]
    assert window.outbox_dock.model.rowCount() == 1


def test_a_bad_recipient_is_not_queued(qtbot, district, out, monkeypatch):
    Config(district).set("smtp.sender", SENDER)
    _window, dialog = send_dialog(qtbot, district, out)
    make(qtbot, dialog)
    dialog.recipient.setText("обласна адміністрація")
    offered = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: offered.append(box.text()) or 0)

    qtbot.mouseClick(dialog.buttons["queue"], Qt.MouseButton.LeftButton)

    assert "«обласна адміністрація» не схоже на адресу" in offered[0]
    assert Outbox(district).list() == []


def test_a_draft_opens_in_the_mail_program(qtbot, district, out, monkeypatch):
    _window, dialog = send_dialog(qtbot, district, out)
    made = make(qtbot, dialog)
    dialog.recipient.setText(OBLAST_ADDRESS)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)

    qtbot.mouseClick(dialog.buttons["draft"], Qt.MouseButton.LeftButton)

    eml = made.package_path.with_suffix(".eml")
    assert [url.toLocalFile() for url in opened] == [str(eml)]
    data = eml.read_bytes()
    assert data.startswith(b"X-Unsent: 1\r\n")
    letter = BytesParser(policy=policy.default).parsebytes(data)
    assert letter["To"] == OBLAST_ADDRESS
    names = [part.get_filename() for part in letter.iter_attachments()]
    assert names == [made.package_path.name, made.outgoing.report_name]
    assert str(eml) in dialog.labels["sent"].text()
    assert Outbox(district).list() == []


def test_send_report_is_in_the_report_menu(qtbot, district, out):
    window, dialog = send_dialog(qtbot, district, out)
    assert dialog.isModal() and dialog.windowTitle() == "Надіслати звіт"
    assert window.send_action.shortcut().toString() == "Ctrl+Shift+S"
    assert window.send_action.text() == "&Надіслати звіт…"
    texts = [button.text() for button in dialog.findChildren(QPushButton)]
    texts += [label.text() for label in dialog.findChildren(QLabel) if label.buddy()]
    keys = [text[text.index("&") + 1].lower() for text in texts]
    assert len(keys) == len(set(keys)) == 9, texts
    dialog.close()


def test_the_program_goes_to_the_units_below(qtbot, tmp_path, out, monkeypatch):
    oblast = oblast_database(tmp_path / "oblast.sqlite")
    try:
        window = open_window(qtbot, oblast)
        window.settings.output_folder = str(out)
        suggested = []

        def save_as(_parent, _title, path, _filter):
            suggested.append(path)
            return str(out / "програма"), ""

        monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
        opened = []
        monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)

        window.send_program_action.trigger()

        saved = out / "програма.ctbpkg"
        assert Path(suggested[0]).parent == out
        package = read(saved.read_bytes(), saved.name)
        assert package.kind == "program" and package.unit.code == OBLAST
        assert {unit.code for unit in package.units} >= set(DISTRICTS)
        box = window.findChild(QMessageBox, "programSavedBox")
        assert str(saved) in box.text() and "(3)" in box.informativeText()
        next(button for button in box.buttons() if "лист" in button.text()).click()
        eml = saved.with_suffix(".eml")
        letter = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
        assert letter["To"] is None  # the clerk's mail program fills in the districts
        assert [part.get_filename() for part in letter.iter_attachments()] == [saved.name]
        assert "Отримані звіти" in letter.get_body().get_content()
        assert [url.toLocalFile() for url in opened] == [str(eml)]
        window.close()
    finally:
        oblast.close()


def test_a_unit_with_nothing_below_has_no_program_to_send(qtbot, district, monkeypatch):
    window = open_window(qtbot, district)
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: said.append(text))
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_args: pytest.fail("nothing to save")
    )

    window.send_program_action.trigger()

    assert len(said) == 1 and "нема кому надсилати" in said[0]


def test_a_bug_while_making_the_package_leaves_the_dialog_usable(
    qtbot, district, out, monkeypatch, caplog
):
    _window, dialog = send_dialog(qtbot, district, out)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    monkeypatch.setattr(send_dialog_module, "export_report_package", injected)

    anyway(qtbot, dialog)
    qtbot.mouseClick(dialog.buttons["make"], Qt.MouseButton.LeftButton)
    assert not dialog.buttons["make"].isEnabled()  # busy while the job runs
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)

    assert dialog.buttons["make"].isEnabled() and dialog.buttons["folder"].isEnabled()
    assert dialog.made is None and not dialog.buttons["queue"].isEnabled()
    assert len(warnings) == 1 and f"Пакет не сформовано в папці «{out}»: {BUG}" in warnings[0]
    assert bug_logged(caplog)
    assert list(out.iterdir()) == []
    monkeypatch.setattr(send_dialog_module, "export_report_package", export_report_package)
    assert make(qtbot, dialog).package_path.is_file()  # the bug fixed: it works again


def test_a_report_not_filled_in_says_what_is_missing_and_asks(qtbot, district, out):
    window, dialog = send_dialog(qtbot, district, out)
    check = dialog.labels["check"].text()
    assert check.startswith("Заповнено 2 з ")
    assert "Не заповнено: " in check and dialog.missing[0] in check
    shown = answer(qtbot, "Скасувати")
    qtbot.mouseClick(dialog.buttons["make"], Qt.MouseButton.LeftButton)
    assert any(text.startswith("Звіт ще не готовий: Заповнено 2 з ") for text in shown)
    assert dialog.job is None and dialog.made is None  # nothing built
    assert not list(out.iterdir())
    assert window.problems_summary.text().startswith("Заповнено 2 з ")


def test_enter_does_not_close_the_send_dialog(qtbot, district, out):
    _window, dialog = send_dialog(qtbot, district, out)
    for widget in (dialog.recipient, dialog.folder, dialog.buttons["make"]):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Return)
        assert dialog.isVisible()
    assert not any(button.isDefault() for button in dialog.findChildren(QPushButton))


def test_the_readiness_reads_only_the_chosen_units_reports(
    qtbot, demo_db, demo_program, monkeypatch
):
    """The ministry's desk keeps its own reports; the dialog's check must not read the
    whole period (every unit's reports, seconds at 1,500 units) to say the same."""
    period = Period.parse("2024-Y")
    everyone = EntryStore(demo_db).load(demo_program, period)
    assert {report.unit_code for report in everyone.reports} > {"mspu"}  # others did report
    session = ReportSession(demo_db)
    session.choose(demo_program.id, "mspu", period)
    read: list[str] = []
    real = EntryStore.load

    def load(store, *args, **kwargs):
        entries = real(store, *args, **kwargs)
        read.extend(report.unit_code for report in entries.reports)
        return entries

    monkeypatch.setattr(EntryStore, "load", load)
    dialog = SendDialog(session, Settings())
    qtbot.addWidget(dialog)

    assert read and set(read) == {"mspu"}
    # What it says is what the whole period says of the ministry's report.
    problems = check_period(demo_program, everyone, "mspu")
    filled, total = completion(demo_program, everyone, "mspu")
    assert dialog.labels["check"].text().startswith(readiness_text(filled, total, problems))
    assert dialog.missing == [
        f"{p.task_number} {p.measure_number}" for p in problems if p.message.startswith(UNFILLED)
    ]
