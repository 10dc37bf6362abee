import keyring
import keyring.errors
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QPushButton, QWidget

from ctb_desktop.gui.main_window import MainWindow
from ctb_desktop.gui.settings_dialog import SettingsDialog
from ctb_desktop.storage.config import Config
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.demo import fill_demo
from tests.gui.conftest import open_window

PASSWORD = "Таємний-пароль-42"


def fill_mail(dialog: SettingsDialog, port: str = "2525") -> None:
    dialog.recipient.setText("oblast@example.gov.ua")
    dialog.host.setText("mail.example.gov.ua")
    dialog.security.setCurrentIndex(dialog.security.findData("ssl"))
    dialog.port.setText(port)
    dialog.login.setText("smila")
    dialog.sender.setText("smila.rda@example.gov.ua")


def test_settings_are_kept_and_used_by_the_next_window(qtbot, demo_db, tmp_path, monkeypatch):
    window = open_window(qtbot, demo_db)
    assert window.unit_combo.currentData() == "mspu"

    def edit(dialog):
        dialog.position.setText("Начальник управління")
        dialog.name.setText("Олена Петренко")
        dialog.unit.setCurrentIndex(dialog.unit.findData("UA-71"))
        dialog.output.setText(str(tmp_path))
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", edit)
    window.edit_settings()
    monkeypatch.undo()
    assert window.settings.signatory_name == "Олена Петренко"
    # The command line signs with what the window saved (issue 16).
    assert Config(demo_db).get("signatory.name") == "Олена Петренко"
    assert Config(demo_db).get("signatory.position") == "Начальник управління"
    assert Config(demo_db).unit == "UA-71"  # the database's own unit, in the database
    assert window.unit_combo.currentData() == "UA-71"

    other = Database.open(tmp_path / "інша.sqlite")
    fill_demo(other)
    Config(other).set("unit", "UA-68")
    fresh = MainWindow(other)  # no remembered choice for this file: its own unit
    qtbot.addWidget(fresh)
    assert fresh.unit_combo.currentData() == "UA-68"
    again = SettingsDialog(fresh.settings, fresh.session.workspace, fresh)
    qtbot.addWidget(again)
    assert (again.position.text(), again.unit.currentData(), again.output.text()) == (
        "Начальник управління",
        "UA-68",
        str(tmp_path),
    )
    fresh.close()
    other.close()


def test_the_unit_kept_by_earlier_versions_is_only_a_fallback(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    window.settings._set("report/unit", "UA-05")  # as the previous version saved it
    assert window.settings.former_reporting_unit() == "UA-05"
    dialog = SettingsDialog(window.settings, window.session.workspace, window)
    qtbot.addWidget(dialog)
    assert dialog.unit.currentData() == "UA-05"
    dialog.accept()
    assert Config(demo_db).unit == "UA-05"
    assert window.settings.former_reporting_unit() == ""
    assert not hasattr(window.settings, "reporting_unit")


def test_mail_settings_are_saved_in_the_database(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    dialog = SettingsDialog(window.settings, window.session.workspace, window)
    qtbot.addWidget(dialog)
    assert dialog.port.text() == "587"  # STARTTLS's port until the clerk says otherwise
    dialog.security.setCurrentIndex(dialog.security.findData("ssl"))
    assert dialog.port.text() == "465"
    fill_mail(dialog)

    dialog.accept()

    assert dialog.result() == QDialog.DialogCode.Accepted
    config = Config(demo_db)
    assert config.recipient == "oblast@example.gov.ua"
    smtp = config.smtp
    assert (smtp.host, smtp.port, smtp.security, smtp.username, smtp.sender) == (
        "mail.example.gov.ua",
        2525,
        "ssl",
        "smila",
        "smila.rda@example.gov.ua",
    )
    again = SettingsDialog(window.settings, window.session.workspace, window)
    qtbot.addWidget(again)
    assert (again.port.text(), again.security.currentData(), again.sender.text()) == (
        "2525",
        "ssl",
        "smila.rda@example.gov.ua",
    )


def test_a_bad_port_is_refused_and_the_dialog_stays_open(qtbot, demo_db, monkeypatch):
    window = open_window(qtbot, demo_db)
    window.settings.signatory_name = "Людмила Корнієнко"
    dialog = SettingsDialog(window.settings, window.session.workspace, window)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_mail(dialog, port="70000")
    dialog.name.setText("Олена Петренко")
    dialog.password.setText(PASSWORD)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))

    dialog.accept()

    assert len(warnings) == 1
    assert "Порт SMTP має бути числом від 1 до 65535, а не «70000»" in warnings[0]
    assert str(demo_db.path) in warnings[0]
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.tabs.currentWidget() is dialog.mail_tab
    # All or nothing: the valid values before the port were not saved either.
    assert Config(demo_db).items() == dict.fromkeys(Config(demo_db).items(), "")
    assert window.settings.signatory_name == "Людмила Корнієнко"

    dialog.port.setText("465")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert Config(demo_db).smtp.port == 465


def test_the_password_goes_to_the_keyring_not_the_database(qtbot, demo_db, memory_keyring):
    window = open_window(qtbot, demo_db)
    dialog = SettingsDialog(window.settings, window.session.workspace, window)
    qtbot.addWidget(dialog)
    assert dialog.password.placeholderText() == "не збережено"
    fill_mail(dialog)
    dialog.password.setText(PASSWORD)

    dialog.accept()

    assert list(memory_keyring.passwords.values()) == [PASSWORD]
    files = [demo_db.path, *demo_db.path.parent.glob(f"{demo_db.path.name}-*")]
    for path in files:
        assert PASSWORD.encode() not in path.read_bytes(), path
    assert PASSWORD not in str(demo_db.execute("SELECT * FROM setting").fetchall())
    again = SettingsDialog(window.settings, window.session.workspace, window)
    qtbot.addWidget(again)
    assert again.password.text() == ""
    assert again.password.placeholderText().startswith("збережено")


def test_without_a_password_store_the_rest_is_kept(qtbot, demo_db, memory_keyring, monkeypatch):
    def refuse(*_args):
        raise keyring.errors.KeyringError("немає сховища")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    window = open_window(qtbot, demo_db)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))

    def edit(dialog):
        fill_mail(dialog)
        dialog.password.setText(PASSWORD)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", edit)
    window.edit_settings()

    assert len(warnings) == 1 and "сховище паролів системи відмовило" in warnings[0]
    assert "немає сховища" not in warnings[0]  # keyring's own text (often English) is left out
    assert Config(demo_db).smtp.host == "mail.example.gov.ua"
    # Kept in memory for this session's sending.
    assert window.mail_sender._password(Config(demo_db).smtp, quiet=True) == PASSWORD


def test_each_tab_has_its_own_access_keys(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    dialog = SettingsDialog(window.settings, window.session.workspace, window)
    qtbot.addWidget(dialog)
    shared = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    shared += ["&Зберегти", "&Скасувати"]
    for tab in (dialog.find(QWidget, "reportsTab"), dialog.mail_tab):
        texts = shared + [button.text() for button in tab.findChildren(QPushButton)]
        texts += [label.text() for label in tab.findChildren(QLabel) if label.buddy()]
        keys = [text[text.index("&") + 1].lower() for text in texts]
        assert len(keys) == len(set(keys)), texts
