"""What the clerk reads when the machine, not the file, is at fault: the system's
reasons in Ukrainian (never its English), a full disk and a folder that cannot be
written told apart from a damaged file, long names, an empty -o, an empty file."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from ctb_desktop.cli import main
from ctb_desktop.domain.system_errors import os_reason
from ctb_desktop.storage import database
from ctb_desktop.storage.atomic import FileWriteError, write_atomically
from ctb_desktop.storage.database import Database, DatabaseError

NUMBERS = (
    errno.ENOENT,
    errno.EACCES,
    errno.EPERM,
    errno.ENOSPC,
    errno.EROFS,
    errno.ENAMETOOLONG,
    errno.EISDIR,
    errno.EBUSY,
    errno.ENOTDIR,
)


@pytest.mark.parametrize("number", NUMBERS)
def test_every_common_system_error_is_said_in_ukrainian(number):
    english = os.strerror(number)
    reason = os_reason(OSError(number, english, "файл"))
    assert english not in reason
    assert any("а" <= letter <= "я" for letter in reason), reason
    assert len({os_reason(OSError(n, "x")) for n in NUMBERS}) == len(NUMBERS)


def test_an_unknown_error_is_named_by_its_symbol_not_its_english():
    assert os_reason(OSError(errno.ENXIO, os.strerror(errno.ENXIO))) == "системна помилка ENXIO"
    assert os_reason(FileNotFoundError()) == os_reason(OSError(errno.ENOENT, "x"))


def test_a_valid_249_byte_name_is_written_despite_its_temporary(tmp_path):
    name = "з" * 122 + ".docx"
    assert len(name.encode()) == 249
    write_atomically(tmp_path / name, b"report")
    write_atomically(tmp_path / name, b"report, again")  # a temporary beside it, too
    assert [path.name for path in tmp_path.iterdir()] == [name]
    assert (tmp_path / name).read_bytes() == b"report, again"


def test_a_name_too_long_is_explained_in_ukrainian(tmp_path):
    target = tmp_path / ("я" * 130 + ".docx")
    with pytest.raises(FileWriteError) as raised:
        write_atomically(target, b"x")
    message = str(raised.value)
    assert "назва файлу задовга" in message
    assert "too long" not in message.lower()
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def demo(tmp_path, capsys):
    path = tmp_path / "demo.sqlite"
    assert main(["--db", str(path), "demo"]) == 0
    capsys.readouterr()
    return path


def test_an_empty_output_name_is_a_clear_message(demo, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = sorted(path.name for path in tmp_path.iterdir())
    code = main(["--db", str(demo), "render", "structure", "-o", ""])
    err = capsys.readouterr().err
    assert code == 1
    assert "Не вказано ім'я файлу" in err and "busy" not in err.lower()
    assert sorted(path.name for path in tmp_path.iterdir()) == before


def test_a_read_only_command_leaves_an_empty_file_as_it_is(tmp_path, capsys):
    empty = tmp_path / "порожній.sqlite"
    empty.touch()
    for command in (["periods"], ["programs"], ["entries", "export", "--period", "2024-Y"]):
        code = main(["--db", str(empty), *command])
        err = capsys.readouterr().err
        assert code == 1
        assert f"Файл «{empty}» порожній, це не база даних ctb-desktop" in err
        assert empty.stat().st_size == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == [empty.name]


def test_a_full_disk_at_opening_is_not_called_damage(tmp_path, monkeypatch):
    connect = sqlite3.connect

    def tiny_disk(path, *args, **kwargs):
        connection = connect(path, *args, **kwargs)
        connection.execute("PRAGMA max_page_count = 1")
        return connection

    monkeypatch.setattr(database.sqlite3, "connect", tiny_disk)
    path = tmp_path / "нова.sqlite"
    with pytest.raises(DatabaseError) as raised:
        Database.open(path)
    message = str(raised.value)
    assert f"Не вдалося відкрити базу даних «{path}»: на диску закінчилося місце" in message
    assert "пошкоджен" not in message


def test_a_folder_that_cannot_take_the_file_is_not_called_damage(tmp_path):
    """Permission bits stop no administrator, so the folder here is a file: the system
    refuses to create anything in it, as it would in a folder without rights."""
    not_a_folder = tmp_path / "звіти"
    not_a_folder.write_text("файл, а не папка")
    path = not_a_folder / "база.sqlite"
    with pytest.raises(DatabaseError) as raised:
        Database.open(path)
    message = str(raised.value)
    assert message == (
        f"Не вдалося відкрити базу даних «{path}»: у папці «{not_a_folder}» не вдається "
        "створити файл (частина шляху не є папкою)"
    )
    assert not_a_folder.read_text() == "файл, а не папка"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="Linux /proc")
def test_a_system_folder_is_refused_with_its_reason():
    with pytest.raises(DatabaseError) as raised:
        Database.open("/proc/ctb-test.sqlite")
    message = str(raised.value)
    assert "у папці «/proc» не вдається створити файл" in message
    assert "пошкоджен" not in message and "unable to open" not in message
