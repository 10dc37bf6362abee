"""The first start through the real widgets: a raion's clerk on an empty database picks
the raion from the directory, takes the oblast's program package, gets the oblast's
e-mail prefilled, and lands on the desk with the raion and the current period chosen;
then the report goes up and the oblast receives it through its window (issue 12)."""

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from ctb_desktop.domain.periods import Period
from ctb_desktop.gui import app as app_module
from ctb_desktop.gui import send_dialog
from ctb_desktop.gui.first_start import FirstStartWizard, current_period, first_start_needed
from ctb_desktop.gui.main_window import MainWindow
from ctb_desktop.gui.received_window import ReceivedWindow
from ctb_desktop.operations.units import UnitChanges, edit_unit, set_active
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.workspace import Workspace
from tests.exchange.network import fill, oblast_database, program_package
from tests.gui.conftest import choose, open_window, type_text

CHERKASKYI = "UA71080000000036344"
OBLAST_MAIL = "ctb@ck.gov.ua"


def _next(qtbot, wizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def _oblast_package(tmp_path):
    oblast = oblast_database(tmp_path / "область.sqlite")
    edit_unit(Workspace(oblast), "UA-71", UnitChanges(email=OBLAST_MAIL))
    set_active(Workspace(oblast), CHERKASKYI, True)  # the test oblast's fourth raion
    path = tmp_path / "Програма.ctbpkg"
    path.write_bytes(program_package(oblast))
    return oblast, path


# The completer's popup, offscreen: raising it and grabbing the keyboard are not supported.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_a_raion_is_set_up_from_lists_and_reports_through_the_windows(qtbot, tmp_path, monkeypatch):
    oblast, package = _oblast_package(tmp_path)
    db = Database.open(tmp_path / "район.sqlite")
    assert first_start_needed(db)
    wizard = FirstStartWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)

    who = wizard.who
    who.oblast.lineEdit().selectAll()  # the clerk types over the first oblast's name
    type_text(who.oblast.lineEdit(), "Черкас")
    popup = who.oblast.completer().popup()
    assert popup.isVisible()
    offered = [popup.model().index(row, 0).data() for row in range(popup.model().rowCount())]
    assert offered == ["Черкаська область — Черкаська ОВА"]
    choose(who.oblast, "UA-71")
    choose(who.raion, CHERKASKYI)
    assert who.hromada.itemText(0) == "— районний рівень —"
    assert who.hromada.count() > 10  # the raion's hromadas
    assert "Черкаська районна військова адміністрація" in who.summary.text()
    _next(qtbot, wizard)

    wizard.program.package.setChecked(True)
    wizard.program.file.setText(str(package))
    _next(qtbot, wizard)

    assert wizard.currentPage() is wizard.send
    assert wizard.send.recipient.text() == OBLAST_MAIL  # from the package's directory
    assert "Черкаська обласна військова адміністрація" in wizard.send.above.text()
    type_text(wizard.send.position, "Начальник відділу")
    type_text(wizard.send.name, "Олена ШЕВЧУК")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.result() == QWizard.DialogCode.Accepted

    ws = Workspace(db)
    assert (ws.config.unit, ws.config.recipient) == (CHERKASKYI, OBLAST_MAIL)
    signatory = ws.config.get("signatory.position"), ws.config.get("signatory.name")
    assert signatory == ("Начальник відділу", "Олена ШЕВЧУК")  # what the CLI signs with
    assert wizard.settings.signatory_name == "Олена ШЕВЧУК"  # the report dialog's start
    assert not first_start_needed(db)

    window = open_window(qtbot, db)
    program = ws.program()
    assert window.session.unit_code == CHERKASKYI
    assert window.session.period == current_period(program, date.today())
    # The toolbar: the raion and its hromadas, nothing of other raions.
    codes = [window.unit_combo.itemData(i) for i in range(window.unit_combo.count())]
    assert codes[0] == CHERKASKYI and all(code.startswith("UA7108") for code in codes)

    # The report goes up through the window's «Надіслати звіт», comes in through the
    # oblast's «Отримані звіти».
    fill(db, CHERKASKYI, Decimal(1500))
    choose(window.period_combo, "2025-Y")
    out = tmp_path / "пошта"
    out.mkdir()
    window.settings.output_folder = str(out)
    dialog = window.send_report()
    # Only the money is filled in: the dialog names what is missing and asks first.
    asked = []
    monkeypatch.setattr(send_dialog, "confirm", lambda *args, **_kw: asked.append(args) or True)
    qtbot.mouseClick(dialog.buttons["make"], Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)
    assert dialog.made is not None and dialog.made.package_path.is_file()
    dialog.close()

    main = open_window(qtbot, oblast)
    choose(main.period_combo, "2025-Y")
    received = ReceivedWindow(main.session, main.settings, main)
    received.show()
    qtbot.waitExposed(received)
    with qtbot.waitSignal(main.session.reportsChanged, timeout=30000):
        received.import_paths([dialog.made.package_path])
    qtbot.waitUntil(lambda: received.job is None, timeout=30000)
    assert received.summary_box.text() == "Отримано пакетів: 1 з 1."
    received.summary_box.close()
    model = received.board_model
    names = [model.unit_at(row).short_name for row in range(model.rowCount())]
    assert "Черкаська РВА" in names
    cell = model.index_of(CHERKASKYI, Period.parse("2025-Y"))
    assert cell.data().endswith("ред. 1")


def test_a_wrong_package_and_a_wrong_address_keep_the_wizard_on_its_page(
    qtbot, tmp_path, monkeypatch
):
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    db = Database.open(tmp_path / "район.sqlite")
    wizard = FirstStartWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    choose(wizard.who.oblast, "UA-71")
    _next(qtbot, wizard)
    wizard.program.package.setChecked(True)
    wizard.program.file.setText(str(tmp_path / "немає.ctbpkg"))
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.program
    assert "немає.ctbpkg" in said[-1]
    wizard.program.builtin.setChecked(True)
    _next(qtbot, wizard)
    wizard.send.recipient.setText("не адреса")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert said[-1] == "«не адреса» не схоже на адресу електронної пошти"
    assert wizard.isVisible()
    assert Workspace(db).config.unit == ""  # nothing written
    assert not db.has_reports()


def test_the_ministry_is_one_click(qtbot, tmp_path):
    db = Database.open(tmp_path / "мін.sqlite")
    wizard = FirstStartWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.who.ministry_radio.setChecked(True)
    assert not wizard.who.oblast.isEnabled()
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    assert "найвищий" in wizard.send.above.text()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert Workspace(db).config.unit == "mspu"
    assert len(Workspace(db).programs.list()) == 1


def test_the_app_on_a_new_database_starts_with_the_wizard_then_the_desk(tmp_path):
    """`ctb-desktop` (or `--db new.sqlite`) on a file that does not exist yet: the wizard
    comes first, then the window on the own unit with the built-in program."""
    db_path = tmp_path / "нова.sqlite"
    wizards: list[FirstStartWizard] = []
    desk: list[tuple[str, int]] = []

    def poll():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, FirstStartWizard) and not wizards:
            wizards.append(modal)
            modal.who.ministry_radio.setChecked(True)
            modal.next()
            modal.next()  # the built-in program is the default source
            modal.button(QWizard.WizardButton.FinishButton).click()
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        shown = [w for w in windows if w.isVisible()]
        if shown:
            window = shown[0]
            desk.append((window.session.unit_code, window.program_combo.count()))
            window.close()
            return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    assert app_module.run(db_path) == 0
    assert len(wizards) == 1
    assert desk == [("mspu", 1)]
    with Database.open(db_path) as db:
        assert Workspace(db).config.unit == "mspu"
        assert not first_start_needed(db)
