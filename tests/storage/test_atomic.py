import errno
import os
import sys

import pytest

from ctb_desktop.storage import atomic
from ctb_desktop.storage.atomic import FileWriteError, write_atomically


def test_writes_and_replaces(tmp_path):
    target = tmp_path / "Звіт 2024.docx"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["Звіт 2024.docx"]


def test_a_full_disk_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "звіт.docx"
    target.write_bytes(b"signed yesterday")

    def full_disk(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    with pytest.raises(FileWriteError, match=r"На диску закінчилося місце: файл .*звіт\.docx"):
        write_atomically(target, b"half")
    assert target.read_bytes() == b"signed yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["звіт.docx"]


def test_a_file_held_open_by_word_gets_a_clear_message(tmp_path, monkeypatch):
    target = tmp_path / "звіт.docx"
    target.write_bytes(b"old")

    def locked(_source, _target):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(FileWriteError, match="відкритий в іншій програмі"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert len(os.listdir(tmp_path)) == 1


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(FileWriteError, match=r"Папки .*немає.* не існує"):
        write_atomically(tmp_path / "немає" / "звіт.docx", b"x")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_new_file_gets_ordinary_permissions_and_a_replaced_one_keeps_its_own(tmp_path):
    new = tmp_path / "звіт.docx"
    write_atomically(new, b"one")
    umask = os.umask(0)
    os.umask(umask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~umask
    new.chmod(0o640)
    write_atomically(new, b"two")
    assert new.stat().st_mode & 0o777 == 0o640
