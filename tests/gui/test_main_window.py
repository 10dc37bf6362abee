"""The main window driven like a clerk would: real widgets, offscreen."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from ctb_desktop.domain.program import Measure, Task
from ctb_desktop.gui.locations import default_database_path
from ctb_desktop.gui.main_window import MainWindow
from ctb_desktop.gui.program_model import ProgramTreeModel
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore


def _window(qtbot, db):
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_tree_lists_tasks_and_measures_of_the_demo(qtbot, demo_db):
    window = _window(qtbot, demo_db)
    model = window.tree.model()
    assert model.rowCount() == 7
    first_task = model.index(0, 0)
    assert model.data(first_task) == "1."
    assert model.data(model.index(0, ProgramTreeModel.TITLE)).startswith("Удосконалення")
    assert model.rowCount(first_task) == 9
    measure = model.index(0, ProgramTreeModel.EXECUTORS, first_task)
    assert model.data(measure).splitlines()[-1] == "органи місцевого самоврядування (за згодою)"
    assert isinstance(model.data(model.index(0, 0, first_task), ProgramTreeModel.ItemRole), Measure)
    assert isinstance(model.data(first_task, ProgramTreeModel.ItemRole), Task)
    counted = sum(model.rowCount(model.index(row, 0)) for row in range(model.rowCount()))
    assert counted == 60
    assert "496-р" in window.program_info.text()
    assert window.pages.currentWidget().objectName() == "treePage"


def test_keyboard_moves_through_the_tree(qtbot, demo_db):
    window = _window(qtbot, demo_db)
    assert window.tree.hasFocus() or window.tree.currentIndex().isValid()
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_Down)
    current = window.tree.currentIndex()
    assert current.parent().isValid()
    assert current.data() == "1)"


def test_empty_database_offers_the_national_program(qtbot, db):
    window = _window(qtbot, db)
    assert window.pages.currentWidget().objectName() == "emptyPage"
    button = window.form.findChild(QPushButton, "loadBuiltinButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget().objectName() == "treePage"
    assert window.tree.model().rowCount() == 7
    assert len(ProgramStore(db).list()) == 1
    assert len(UnitStore(db).list()) == 26


def test_window_title_and_menus_are_ukrainian(qtbot, demo_db):
    window = _window(qtbot, demo_db)
    assert window.windowTitle() == f"ctb-desktop — {demo_db.path.name}"
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&Файл", "&Довідка"]


def test_default_database_lives_in_the_users_data_folder(tmp_path):
    # conftest points XDG_DATA_HOME at tmp_path/xdg_data_home.
    assert (
        default_database_path() == tmp_path / "xdg_data_home" / "ctb-desktop" / "ctb-desktop.sqlite"
    )


def test_term_column_shows_only_when_the_program_has_terms(qtbot, demo_db, demo_program):
    window = _window(qtbot, demo_db)
    assert window.tree.isColumnHidden(ProgramTreeModel.TERM)
    with demo_db.transaction() as conn:
        conn.execute("UPDATE measure SET term = '2023-2025 роки' WHERE number = '1)'")
    window.refresh_programs(demo_program.id)
    assert not window.tree.isColumnHidden(ProgramTreeModel.TERM)
    task = window.tree.model().index(0, 0)
    term = window.tree.model().index(0, ProgramTreeModel.TERM, task)
    assert term.data() == "2023-2025 роки"
