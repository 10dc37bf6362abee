from ctb_desktop.gui.main_window import MainWindow
from ctb_desktop.gui.settings_dialog import SettingsDialog
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.demo import fill_demo


def test_settings_are_kept_and_used_by_the_next_window(qtbot, demo_db, tmp_path):
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    dialog = SettingsDialog(window.settings, window.session.units, window)
    qtbot.addWidget(dialog)
    dialog.position.setText("Начальник управління")
    dialog.name.setText("Олена Петренко")
    dialog.unit.setCurrentIndex(dialog.unit.findData("UA-71"))
    dialog.output.setText(str(tmp_path))
    dialog.accept()
    assert window.settings.signatory_name == "Олена Петренко"
    assert window.settings.reporting_unit == "UA-71"

    other = Database.open(tmp_path / "інша.sqlite")
    fill_demo(other)
    fresh = MainWindow(other)  # no remembered choice for this file: the settings' unit
    qtbot.addWidget(fresh)
    assert fresh.unit_combo.currentData() == "UA-71"
    again = SettingsDialog(fresh.settings, fresh.session.units, fresh)
    qtbot.addWidget(again)
    assert (again.position.text(), again.unit.currentData(), again.output.text()) == (
        "Начальник управління",
        "UA-71",
        str(tmp_path),
    )
    other.close()
