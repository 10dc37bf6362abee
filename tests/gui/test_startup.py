"""Starting on a damaged or locked database: a clear choice, never a crash and never a
loop of the same offer; a restore from the menu opens the database again."""

import sqlite3
from datetime import datetime

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ctb_desktop.gui import app as app_module
from ctb_desktop.gui.app import (
    QUIT,
    RESTORE,
    RETRY,
    StartupProblem,
    ask_about_problem,
    open_database,
    startup_problem,
)
from ctb_desktop.gui.backup_dialog import restore_and_reopen
from ctb_desktop.gui.main_window import MainWindow
from ctb_desktop.storage.backup import create_backup, list_backups
from ctb_desktop.storage.locations import backups_dir
from tests.storage.test_backup import corrupt

YESTERDAY = datetime(2026, 11, 22, 17, 30, 0)


@pytest.fixture
def damaged(demo_db, db_path):
    """A demo database with one good backup from yesterday, then damaged."""
    copy = create_backup(demo_db, "daily", now=YESTERDAY)
    demo_db.close()
    corrupt(db_path)
    return copy


def _measures(path):
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM measure").fetchone()[0]
    finally:
        connection.close()


def test_a_sound_or_new_database_has_no_problem(demo_db, db_path, tmp_path):
    assert startup_problem(db_path) is None
    assert startup_problem(tmp_path / "нова.sqlite") is None


def test_a_damaged_database_is_offered_its_latest_good_backup(damaged, db_path):
    problem = startup_problem(db_path)
    assert problem.kind == "damaged"
    assert f"«{db_path}» пошкоджений" in problem.message
    assert problem.backup.path == damaged


def _answer(button_text, seen):
    """Click `button_text` in the message box that is about to open, noting its texts."""

    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append((box.text(), box.informativeText(), [b.text() for b in box.buttons()]))
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, click)


def test_the_dialog_offers_the_backup_or_quitting(damaged, db_path, qtbot):
    seen = []
    _answer("&Відновити копію і відкрити", seen)
    assert ask_about_problem(startup_problem(db_path)) == RESTORE
    [(text, informative, buttons)] = seen
    assert f"«{db_path}» пошкоджений" in text
    assert "від 22.11.2026 17:30:00 (щоденна)" in informative
    assert sorted(buttons) == ["&Відновити копію і відкрити", "Ви&йти"]
    _answer("Ви&йти", seen)
    assert ask_about_problem(startup_problem(db_path)) == QUIT


def test_without_a_good_backup_only_quitting_is_offered(db_path, qtbot):
    seen = []
    _answer("Ви&йти", seen)
    problem = StartupProblem("damaged", f"Файл бази даних «{db_path}» пошкоджений")
    assert ask_about_problem(problem) == QUIT
    assert seen[0][2] == ["Ви&йти"]
    assert f"«{backups_dir()}» немає" in seen[0][1]


def test_a_locked_database_can_be_tried_again(db_path, qtbot):
    seen = []
    _answer("Спробувати &ще раз", seen)
    assert ask_about_problem(StartupProblem("locked", "Файл зайнятий")) == RETRY
    assert sorted(seen[0][2]) == ["Ви&йти", "Спробувати &ще раз"]


def test_restoring_at_start_opens_the_backup_and_keeps_the_damaged_file(damaged, db_path):
    asked = []
    db = open_database(db_path, ask=lambda problem: asked.append(problem) or RESTORE)
    assert db is not None
    assert db.execute("SELECT count(*) FROM measure").fetchone()[0] == 60
    db.close()
    assert [problem.kind for problem in asked] == ["damaged"]
    [aside] = db_path.parent.glob("test.sqlite.damaged-*")
    assert aside.stat().st_size > 0


def test_quitting_at_start_leaves_the_file_alone(damaged, db_path):
    before = db_path.read_bytes()
    assert open_database(db_path, ask=lambda _problem: QUIT) is None
    assert db_path.read_bytes() == before


def test_a_backup_that_did_not_help_is_not_offered_again(damaged, db_path, monkeypatch):
    monkeypatch.setattr(app_module, "restore_backup", lambda *_args: None)  # changes nothing
    offers = []

    def ask(problem):
        offers.append(problem.backup)
        return RESTORE if problem.backup else QUIT

    assert open_database(db_path, ask=ask) is None
    assert [offer.path if offer else None for offer in offers] == [damaged, None]


def test_a_locked_database_opens_once_it_is_free(db, db_path, monkeypatch):
    with db.transaction() as connection:
        connection.execute("INSERT INTO setting VALUES ('x', '1')")
    db.execute("PRAGMA locking_mode = EXCLUSIVE")
    with db.transaction() as connection:
        connection.execute("INSERT INTO setting VALUES ('y', '2')")  # held by "another program"
    check = app_module.startup_problem
    monkeypatch.setattr(
        app_module, "startup_problem", lambda path, backups=None: check(path, backups, timeout=0.1)
    )
    asked = []

    def ask(problem):
        asked.append(problem.kind)
        db.close()  # the other program lets go
        return RETRY

    opened = open_database(db_path, ask=ask)
    assert asked == ["locked"]
    assert opened.execute("SELECT count(*) FROM setting").fetchone()[0] == 2
    opened.close()


def _close_windows_when_shown(actions):
    """Run actions[i] on the i-th main window once it is shown."""
    seen = []

    def poll():
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        fresh = [w for w in windows if w not in seen]
        if fresh:
            seen.append(fresh[0])
            actions[len(seen) - 1](fresh[0])
        if len(seen) < len(actions) or windows:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def test_run_restores_a_damaged_database_and_opens_the_window(damaged, db_path, monkeypatch):
    monkeypatch.setattr(app_module, "ask_about_problem", lambda _problem, parent=None: RESTORE)
    windows = _close_windows_when_shown([lambda window: window.close()])
    assert app_module.run(db_path) == 0
    assert len(windows) == 1
    assert _measures(db_path) == 60


def test_a_restore_from_the_menu_opens_the_database_again(demo_db, db_path, monkeypatch):
    copy = create_backup(demo_db, "manual")
    with demo_db.transaction() as connection:
        connection.execute("DELETE FROM indicator_result")
        connection.execute("DELETE FROM financing_entry")
        connection.execute("DELETE FROM status_entry")
        connection.execute("DELETE FROM indicator_plan")
        connection.execute("DELETE FROM indicator")
        connection.execute("DELETE FROM financing_plan")
        connection.execute("DELETE FROM executor")
        connection.execute("DELETE FROM measure")
    demo_db.close()
    told = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _parent, _title, text: told.append(text))
    )
    counts = []
    windows = _close_windows_when_shown(
        [
            lambda window: restore_and_reopen(window, copy),
            lambda window: (
                counts.append(window.db.execute("SELECT count(*) FROM measure").fetchone()[0])
                or QTimer.singleShot(50, window.close)
            ),
        ]
    )
    assert app_module.run(db_path) == 0
    assert len(windows) == 2 and windows[0] is not windows[1]
    assert counts == [60]
    assert told and told[0].startswith(f"Базу даних відновлено з резервної копії «{copy.name}»")
    [before] = [i for i in list_backups(source=db_path) if i.reason == "before-restore"]
    assert f"«{before.path}»" in told[0]
    assert _measures(before.path) == 0  # the state before the restore is kept
    assert _measures(db_path) == 60
