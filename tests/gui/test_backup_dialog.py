"""«Файл → Відновити з резервної копії…»: the list, «Створити копію зараз», and a
restore that closes the window after asking."""

from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QMessageBox

from ctb_desktop.gui.backup_dialog import BackupDialog, kept_text, restore_and_reopen
from ctb_desktop.gui.main_window import MainWindow
from ctb_desktop.storage.backup import create_backup, list_backups
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.lock import DatabaseLock
from tests.gui.conftest import open_window
from tests.storage.test_backup import corrupt

MORNING = datetime(2025, 3, 10, 9, 5, 12)  # in the past, whatever today is


@pytest.fixture
def copies(demo_db, tmp_path):
    older = create_backup(demo_db, "before-import", now=MORNING)
    newer = create_backup(demo_db, "daily", now=MORNING + timedelta(days=1))
    other = Database.open(tmp_path / "інша.sqlite")
    other.close()
    return older, newer


@pytest.fixture
def dialog(demo_db, copies, qtbot):
    shown = BackupDialog(demo_db)
    qtbot.addWidget(shown)
    return shown


def _rows(dialog):
    tree = dialog.tree
    return [
        [tree.topLevelItem(r).text(c) for c in range(3)] for r in range(tree.topLevelItemCount())
    ]


def test_the_copies_are_listed_newest_first_with_date_reason_and_size(dialog, copies):
    rows = _rows(dialog)
    assert [row[:2] for row in rows] == [
        ["11.03.2025 09:05:12", "щоденна"],
        ["10.03.2025 09:05:12", "перед імпортом"],
    ]
    assert all(row[2].endswith((" КБ", " МБ")) for row in rows)
    assert dialog.current().path == copies[1]
    assert "; зберігаються 10 останніх копій." in dialog.folder_label.text()
    assert dialog.restore_button.isEnabled()


def test_a_copy_made_now_appears_at_the_top(dialog):
    made = dialog.create_now()
    assert made is not None and made.name.endswith("_manual.sqlite")
    assert _rows(dialog)[0][1] == "створена вручну"
    assert dialog.current().path == made


def test_restoring_asks_first(dialog, copies, monkeypatch):
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    questions = []

    def question(_parent, _title, text, *_buttons):
        questions.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(1))
    dialog.restore_button.click()
    assert dialog.chosen is None
    dialog.restore_button.click()
    assert dialog.chosen.path == copies[0]
    assert dialog.result() == BackupDialog.DialogCode.Accepted
    assert questions[0].startswith("Відновити базу даних з копії від 10.03.2025 09:05:12")
    assert "перед відновленням" in questions[0]


def test_a_damaged_copy_is_not_restored(dialog, copies, monkeypatch):
    warnings = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _parent, _title, text: warnings.append(text))
    )
    corrupt(copies[1])
    dialog.restore_button.click()
    assert dialog.chosen is None
    assert "пошкоджена" in warnings[0] and warnings[0].endswith("Оберіть іншу копію.")


def test_the_file_menu_has_the_restore_and_it_reopens(demo_db, db_path, qtbot, copies):
    window = open_window(qtbot, demo_db)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.restore_action in file_menu.actions()
    assert window.restore_action.text() == "&Відновити з резервної копії…"
    restore_and_reopen(window, copies[0])
    assert window.reopen is True and not window.isVisible()
    assert window.reopen_note.startswith(
        f"Базу даних відновлено з резервної копії «{copies[0].name}»"
    )
    with Database.open(db_path) as again:
        assert again.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_failed_restore_leaves_the_database_and_says_so(demo_db, db_path, qtbot, copies):
    window = open_window(qtbot, demo_db)
    corrupt(copies[0])
    restore_and_reopen(window, copies[0])
    assert window.reopen is True
    assert window.reopen_note.startswith("Базу даних не відновлено. Резервна копія")
    with Database.open(db_path) as again:
        assert again.execute("SELECT count(*) FROM measure").fetchone()[0] == 60


def test_the_window_restores_under_its_own_lock_and_keeps_it(demo_db, db_path, qtbot, copies):
    """The restore is the command line's, which takes the database's lock; the window
    holding it hands it over instead of being refused by itself, and still holds it."""
    held = DatabaseLock(db_path)
    assert held.acquire()
    window = MainWindow(demo_db, lock=held)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    before = len(list_backups(source=db_path))
    restore_and_reopen(window, copies[0])
    assert window.reopen_note.startswith("Базу даних відновлено з резервної копії")
    assert held.held and not DatabaseLock(db_path).acquire()
    after = list_backups(source=db_path)
    assert len(after) == before + 1 and after[0].reason == "before-restore"
    held.release()


def test_a_restore_while_another_holds_the_database_is_refused(demo_db, db_path, qtbot, copies):
    window = open_window(qtbot, demo_db)
    with DatabaseLock(db_path) as other:  # a command line or another window
        assert other.acquire()
        restore_and_reopen(window, copies[0])
    assert window.reopen_note.startswith(
        f"Базу даних не відновлено. Базу даних «{db_path}» уже відкрито в іншому вікні"
    )
    assert [info.path for info in list_backups(source=db_path)] == [copies[1], copies[0]]
    with Database.open(db_path) as again:
        assert again.execute("SELECT count(*) FROM measure").fetchone()[0] == 60


@pytest.mark.parametrize(
    ("keep", "text"),
    [
        (1, "зберігається 1 остання копія"),
        (2, "зберігаються 2 останні копії"),
        (5, "зберігаються 5 останніх копій"),
        (11, "зберігаються 11 останніх копій"),
        (21, "зберігається 21 остання копія"),
        (22, "зберігаються 22 останні копії"),
        (25, "зберігаються 25 останніх копій"),
    ],
)
def test_how_many_copies_are_kept_is_said_in_the_right_form(keep, text):
    assert kept_text(keep) == text
