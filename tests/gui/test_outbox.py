"""«Черга відправлення» and the background sending, against a real SMTP server on
127.0.0.1: «Надіслати зараз», a letter queued from the send dialog going out by itself,
failures without a modal box, «Повторити», and a password asked once per session."""

import threading
import time
from decimal import Decimal

import pytest
from aiosmtpd.smtp import AuthResult
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from ctb_desktop.exchange.outgoing import export_report, report_letter
from ctb_desktop.exchange.sending import transmit
from ctb_desktop.gui import mail_sender
from ctb_desktop.gui.outbox_model import OutboxModel
from ctb_desktop.storage.config import Config
from ctb_desktop.storage.outbox import Outbox
from ctb_desktop.storage.workspace import Workspace
from tests.exchange.network import (
    PERIOD,
    fill,
    program_id,
)
from tests.gui.conftest import BUG, SMILA, bug_logged, choose, injected, open_window
from tests.mail import LOCAL, free_port

OBLAST_ADDRESS = "oblast@example.gov.ua"
SENDER = "smila.rda@example.gov.ua"


def configure(db, port: int, login: str = "") -> None:
    config = Config(db)
    for key, value in (
        ("recipient", OBLAST_ADDRESS),
        ("smtp.host", LOCAL),
        ("smtp.port", str(port)),
        ("smtp.security", "none"),
        ("smtp.login", login),
        ("smtp.sender", SENDER),
    ):
        config.set(key, value)


def queue_report(db) -> int:
    outgoing = export_report(Workspace(db), program_id(db), PERIOD, SMILA)
    letter = report_letter(Workspace(db), outgoing.content, outgoing.file_name, OBLAST_ADDRESS)
    return Outbox(db).enqueue(letter).id


def states(dock) -> list[str]:
    model = dock.model
    return [model.index(row, OutboxModel.STATE).data() for row in range(model.rowCount())]


def settle(qtbot, window) -> None:
    """Until the start-up run (if any) is over."""
    qtbot.waitUntil(lambda: not window.mail_sender.soon.isActive(), timeout=5000)
    qtbot.waitUntil(lambda: not window.mail_sender.running, timeout=30000)


def press_send_now(qtbot, window) -> None:
    dock = window.outbox_dock
    with qtbot.waitSignal(window.mail_sender.finished, timeout=30000):
        qtbot.mouseClick(dock.send_button, Qt.MouseButton.LeftButton)


def test_send_now_delivers_the_queued_letter(qtbot, district, server):
    mailbox, port = server
    queue_report(district)
    window = open_window(qtbot, district)  # SMTP not set yet: the start-up run waits
    dock = window.outbox_dock
    settle(qtbot, window)
    assert states(dock) == ["у черзі"]
    assert dock.status_label.text() == '<a href="outbox">У черзі: 1</a>'
    configure(district, port)
    dock.refresh()
    assert dock.send_button.isEnabled()

    press_send_now(qtbot, window)

    assert len(mailbox.received) == 1
    sender, recipients, _data = mailbox.received[0]
    assert (sender, recipients) == (SENDER, [OBLAST_ADDRESS])
    assert "Смілянська РДА" in mailbox.letters()[0]["Subject"]
    assert states(dock) == ["надіслано"]
    assert dock.model.index(0, OutboxModel.SENT).data() != ""
    assert dock.model.index(0, OutboxModel.ATTEMPTS).data() == "1"
    assert dock.status_label.text() == "" and not dock.status_label.isVisible()
    assert window.statusBar().currentMessage().startswith("Надіслано: 1;")
    assert not dock.send_button.isEnabled()  # nothing waits any more


def test_a_letter_queued_in_the_send_dialog_goes_out_by_itself(qtbot, district, server, tmp_path):
    mailbox, port = server
    configure(district, port)
    window = open_window(qtbot, district)
    choose(window.period_combo, PERIOD.code)
    window.settings.output_folder = str(tmp_path)
    dialog = window.send_report()
    qtbot.mouseClick(dialog.buttons["make"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.made is not None and dialog.job is None, timeout=30000)

    with qtbot.waitSignal(window.mail_sender.finished, timeout=30000):
        qtbot.mouseClick(dialog.buttons["queue"], Qt.MouseButton.LeftButton)

    assert len(mailbox.received) == 1
    attachments = [part.get_filename() for part in mailbox.letters()[0].iter_attachments()]
    assert attachments[0] == dialog.made.package_path.name
    assert states(window.outbox_dock) == ["надіслано"]


def test_a_background_failure_is_shown_without_a_modal_box(qtbot, district, monkeypatch):
    configure(district, free_port())  # nobody listens there
    queue_report(district)
    monkeypatch.setattr(QMessageBox, "warning", lambda *_args: pytest.fail("modal box"))
    monkeypatch.setattr(QMessageBox, "exec", lambda *_args: pytest.fail("modal box"))
    window = open_window(qtbot, district)

    # The start-up run tries the queue on its own.
    qtbot.waitUntil(lambda: "не надіслано: 0" in window.statusBar().currentMessage(), timeout=30000)
    settle(qtbot, window)

    message = window.statusBar().currentMessage()
    assert message.startswith("Надіслано: 0; буде повторна спроба: 1; не надіслано: 0 — ")
    assert "недоступний" in message
    assert states(window.outbox_dock)[0].startswith("у черзі (повтор о ")
    error = window.outbox_dock.model.index(0, OutboxModel.ERROR).data()
    assert "з'єднання відхилено" in error
    assert window.findChild(QMessageBox, "sendResultBox") is None


def test_send_now_shows_failures_in_a_box_and_retry_sends_again(qtbot, district, server):
    mailbox, port = server
    queue_report(district)
    window = open_window(qtbot, district)
    settle(qtbot, window)
    configure(district, port)
    mailbox.refuse[OBLAST_ADDRESS] = "550 No such user here"
    dock = window.outbox_dock

    press_send_now(qtbot, window)

    box = window.findChild(QMessageBox, "sendResultBox")
    assert box is not None and "не надіслано: 1" in box.text()
    assert "550 No such user here" in box.informativeText()
    box.close()
    assert states(dock) == ["помилка"]
    assert "550 No such user here" in dock.model.index(0, OutboxModel.ERROR).data()
    assert dock.status_label.text() == '<a href="outbox">Не надіслано: 1</a>'
    assert not dock.retry_button.isEnabled()
    dock.view.setCurrentIndex(dock.model.index(0, 0))
    assert dock.retry_button.isEnabled()

    del mailbox.refuse[OBLAST_ADDRESS]  # the oblast fixed its mailbox
    with qtbot.waitSignal(window.mail_sender.finished, timeout=30000):
        qtbot.mouseClick(dock.retry_button, Qt.MouseButton.LeftButton)

    assert len(mailbox.received) == 1
    assert states(dock) == ["надіслано"]
    assert dock.model.index(0, OutboxModel.ATTEMPTS).data() == "2"
    assert not dock.retry_button.isEnabled()


def test_send_now_without_settings_offers_them(qtbot, district, monkeypatch):
    queue_report(district)
    window = open_window(qtbot, district)
    offered = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: offered.append(box.text()) or 0)

    qtbot.mouseClick(window.outbox_dock.send_button, Qt.MouseButton.LeftButton)

    assert len(offered) == 1 and "не налаштовано сервер вихідної пошти" in offered[0]
    assert not window.mail_sender.running
    assert states(window.outbox_dock) == ["у черзі"]


def _authenticator(server, session, envelope, mechanism, auth_data):
    success = (auth_data.login, auth_data.password) == (b"smila", "Пароль-1".encode())
    return AuthResult(success=success, handled=False)


def test_a_missing_password_is_asked_once_and_kept_for_the_session(
    qtbot, district, start_server, memory_keyring, monkeypatch
):
    mailbox, port = start_server(authenticator=_authenticator, auth_require_tls=False)
    configure(district, port, login="smila")
    asked = []

    def ask(_parent, _title, label, echo):
        asked.append((label, echo))
        return "Пароль-1", True

    monkeypatch.setattr(QInputDialog, "getText", ask)
    queue_report(district)
    window = open_window(qtbot, district)
    settle(qtbot, window)
    assert len(mailbox.received) == 1
    fill(district, SMILA, Decimal("2500"))
    queue_report(district)
    window.outbox_dock.refresh()

    press_send_now(qtbot, window)

    assert len(mailbox.received) == 2
    assert len(asked) == 1 and "smila" in asked[0][0]
    assert asked[0][1] == mail_sender.QLineEdit.EchoMode.Password
    assert memory_keyring.passwords == {}  # asked, not stored
    assert states(window.outbox_dock) == ["надіслано", "надіслано"]


def test_outbox_is_a_dock_in_the_view_menu(qtbot, district):
    window = open_window(qtbot, district)
    action = window.outbox_dock.toggleViewAction()
    assert action.text() == "&Черга відправлення"
    assert action in window.view_menu.actions()
    assert not window.outbox_dock.isVisible()
    window.outbox_dock.status_label.linkActivated.emit("outbox")
    assert window.outbox_dock.isVisible()
    assert [
        window.outbox_dock.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)
    ] == [
        "№",
        "Кому",
        "Тема",
        "Стан",
        "Спроб",
        "Помилка",
        "Надіслано",
    ]


def _second_letter(db) -> int:
    fill(db, SMILA, Decimal("2500"))
    return queue_report(db)


def test_a_bug_in_the_sending_ends_the_run_and_leaves_no_letter_half_marked(
    qtbot, district, server, monkeypatch, caplog
):
    mailbox, port = server
    configure(district, port)
    first, second = queue_report(district), _second_letter(district)

    def first_then_bug(smtp, password, letters, report, progress):
        transmit(smtp, password, letters[:1], report)
        injected()

    monkeypatch.setattr(mail_sender, "transmit", first_then_bug)
    monkeypatch.setattr(QMessageBox, "warning", lambda *_args: pytest.fail("modal box"))
    window = open_window(qtbot, district)  # the start-up run, quiet
    settle(qtbot, window)

    assert not window.mail_sender.running and window.mail_sender.job is None
    message = window.statusBar().currentMessage()
    assert message.startswith("Надсилання перервано (Надіслано: 1; буде повторна спроба: 0;")
    assert BUG in message
    assert bug_logged(caplog)
    assert len(mailbox.received) == 1
    outbox = Outbox(district)
    assert outbox.get(first).state == "sent"
    left = outbox.get(second)
    assert (left.state, left.attempts, left.next_attempt_at) == ("queued", 0, None)
    assert sorted(states(window.outbox_dock)) == ["надіслано", "у черзі"]
    assert window.outbox_dock.send_button.isEnabled()

    monkeypatch.setattr(mail_sender, "transmit", transmit)  # the bug fixed
    press_send_now(qtbot, window)
    assert len(mailbox.received) == 2
    assert states(window.outbox_dock) == ["надіслано", "надіслано"]


def test_closing_the_window_mid_run_settles_what_was_sent_and_requeues_the_rest(
    qtbot, district, server, monkeypatch
):
    mailbox, port = server
    configure(district, port)
    first, second = queue_report(district), _second_letter(district)
    go, reached = threading.Event(), threading.Event()

    def slow_line(smtp, password, letters, report, progress):
        go.wait(30)
        transmit(smtp, password, letters[:1], report)
        reached.set()
        while not progress.cancelled:  # the second letter crawls up a poor line
            time.sleep(0.01)
        progress.step()

    monkeypatch.setattr(mail_sender, "transmit", slow_line)
    window = open_window(qtbot, district)
    qtbot.waitUntil(lambda: window.mail_sender.running, timeout=5000)
    go.set()
    assert reached.wait(30)
    # No event processed since: the first letter's outcome has not been settled yet.
    assert Outbox(district).get(first).state == "sending"

    window.close()

    assert not window.mail_sender.running
    outbox = Outbox(district)
    assert outbox.get(first).state == "sent" and outbox.get(first).attempts == 1
    left = outbox.get(second)
    assert (left.state, left.attempts, left.next_attempt_at) == ("queued", 0, None)
    assert len(mailbox.received) == 1
