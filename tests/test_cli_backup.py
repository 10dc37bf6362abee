"""`ctb-desktop backup`: list, create and restore from the command line; restore
refuses while a window has the database open."""

import json

import pytest

from ctb_desktop.storage.backup import list_backups
from ctb_desktop.storage.locations import backups_dir
from ctb_desktop.storage.lock import this_host
from tests.storage.test_backup import corrupt
from tests.test_cli import run


@pytest.fixture
def demo(tmp_path, capsys):
    path = tmp_path / "демо.sqlite"
    assert run(capsys, "--db", path, "demo")[0] == 0
    return path


def test_create_list_and_restore(demo, capsys):
    code, out, err = run(capsys, "--db", demo, "backup", "create")
    assert (code, err) == (0, "")
    [made] = list_backups(source=demo)
    assert out == f"Збережено резервну копію «{made.path}»\n"
    assert made.path.parent == backups_dir()

    code, out, _ = run(capsys, "backup", "list", "--db", demo)
    assert code == 0
    date, reason, size, path = out.rstrip("\n").split("\t")
    assert (reason, path) == ("створена вручну", str(made.path))
    assert size.endswith(("КБ", "МБ")) and date == made.created_text

    _, out, _ = run(capsys, "--db", demo, "backup", "list", "--json")
    [listed] = json.loads(out)
    assert listed["file"] == str(made.path) and listed["source"] == str(demo.resolve())
    assert listed["reason"] == "manual"

    run(capsys, "--db", demo, "config", "unit", "UA-71")
    code, out, err = run(capsys, "--db", demo, "backup", "restore", made.path.name)
    assert (code, err) == (0, "")
    assert out.startswith(f"Базу даних «{demo}» відновлено з резервної копії «{made.path.name}»")
    assert "Стан перед відновленням збережено" in out
    _, out, _ = run(capsys, "--db", demo, "config", "unit")
    assert out == "\n"  # the setting made after the copy is gone with the restore


def test_an_empty_list_says_where_it_looked(demo, capsys):
    code, out, _ = run(capsys, "--db", demo, "backup", "list")
    assert code == 0
    assert out == f"Резервних копій бази «{demo}» ще немає (папка «{backups_dir()}»)\n"


def test_restore_refuses_a_damaged_copy_and_an_open_database(demo, capsys):
    run(capsys, "--db", demo, "backup", "create")
    [made] = list_backups(source=demo)
    from ctb_desktop.gui.instance import InstanceLock  # noqa: PLC0415 (Qt on demand)

    window = InstanceLock(demo)
    assert window.acquire()
    code, out, err = run(capsys, "--db", demo, "backup", "restore", made.path)
    assert (code, out) == (1, "")
    assert f"Базу даних «{demo}» уже відкрито в іншому вікні ctb-desktop" in err
    assert f"на комп’ютері «{this_host()}»" in err  # who holds it, from the lock file
    assert err.rstrip().endswith("Базу даних не змінено")
    window.release()

    corrupt(made.path)
    before = demo.read_bytes()
    code, _, err = run(capsys, "--db", demo, "backup", "restore", made.path)
    assert code == 1
    assert err.startswith("ctb-desktop: помилка: Резервна копія") and "пошкоджена" in err
    assert demo.read_bytes() == before


def test_backup_keep_is_a_setting(demo, capsys):
    code, out, _ = run(capsys, "--db", demo, "config", "backup.keep", "3")
    assert (code, out) == (0, "backup.keep = 3\n")
    for _ in range(5):
        run(capsys, "--db", demo, "backup", "create")
    assert len(list_backups(source=demo)) == 3
    code, _, err = run(capsys, "--db", demo, "config", "backup.keep", "0")
    assert code == 1 and "від 1 до 1000" in err
