"""Keys and words a Windows clerk expects: Ctrl+S, Ctrl+Q, a settings key that works
outside macOS, «Збережено о 14:05», and no database path or unit codes on the screen."""

import re

from PySide6.QtGui import QKeySequence

from ctb_desktop.domain.periods import Period
from ctb_desktop.storage.editing import ReportEditor, ReportKey
from tests.gui.conftest import choose, open_window, type_text


def test_settings_quit_and_save_have_their_keys(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    keys = [key.toString() for key in window.settings_action.shortcuts()]
    assert "Ctrl+Alt+S" in keys
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert window.save_action.shortcut() == QKeySequence("Ctrl+S")
    assert window.next_unfilled_action.shortcut() == QKeySequence("F8")


def test_ctrl_s_writes_what_is_being_typed_and_says_when(qtbot, demo_db, demo_program):
    window = open_window(qtbot, demo_db)
    choose(window.period_combo, "2025-Q1")
    key = ReportKey(window.editor.measure.id, "mspu", Period.parse("2025-Q1"))
    type_text(window.editor.text, "Набрано щойно")
    assert window.editor.typing
    window.save_action.trigger()
    assert not window.editor.typing
    assert ReportEditor(demo_db).status_value(key, "text") == "Набрано щойно"
    assert re.fullmatch(r"Збережено о \d\d:\d\d", window.saved_label.text())


def test_no_database_path_or_unit_code_where_the_clerk_reads(qtbot, demo_db):
    window = open_window(qtbot, demo_db)
    path = str(demo_db.path)
    assert path not in window.windowTitle() and demo_db.path.name not in window.windowTitle()
    assert window.windowTitle().endswith("— Мінсоцполітики")
    assert path not in window.statusBar().currentMessage()
    assert window.data_file_action.text() == f"Файл даних: {demo_db.path.name}"
    labels = [window.unit_combo.itemText(i) for i in range(window.unit_combo.count())]
    assert "Черкаська ОВА" in labels
    assert not [label for label in labels if re.search(r"\(UA-\d", label)]


def test_f1_opens_the_ukrainian_guide_with_its_screenshots(qtbot, demo_db):
    from ctb_desktop.gui.help import HelpWindow  # noqa: PLC0415
    from ctb_desktop.storage.datafiles import resources_dir  # noqa: PLC0415

    window = open_window(qtbot, demo_db)
    assert window.help_action.shortcut() == QKeySequence("F1")
    window.help_action.trigger()
    guide = window.findChild(HelpWindow)
    assert guide.isVisible()
    text = guide.browser.toPlainText()
    for section in ("Перший запуск", "Заповнення", "Перевірка", "Документи", "Підпис"):
        assert section in text
    for section in ("Надсилання", "Отримання"):
        assert section in text
    html = (resources_dir() / "help" / "guide.html").read_text(encoding="utf-8")
    images = re.findall(r'<img src="([^"]+)"', html)
    assert images and all((resources_dir() / "help" / image).is_file() for image in images)
