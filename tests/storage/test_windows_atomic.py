"""Windows conditions for atomic writes, simulated on any system: a file held for a
moment by an antivirus or OneDrive (winerror 5/32/33 from the rename), a temporary that
took a read-only flag, the hidden attribute, and MAX_PATH."""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path

import pytest

from ctb_desktop.storage import atomic, long_paths
from ctb_desktop.storage.atomic import FileWriteError, write_atomically


def windows_error(winerror: int) -> PermissionError:
    """What os.replace raises on Windows for a file another process holds."""
    exc = PermissionError(errno.EACCES, "The process cannot access the file", "x")
    exc.winerror = winerror  # type: ignore[attr-defined]  (POSIX Python has no such slot)
    return exc


@pytest.mark.parametrize("winerror", [5, 32, 33])
def test_a_brief_lock_is_waited_out(tmp_path, monkeypatch, winerror):
    target = tmp_path / "звіт.docx"
    target.write_bytes(b"old")
    real_replace = os.replace
    released = time.monotonic() + 0.5
    attempts = []

    def held_for_a_moment(source, destination):
        attempts.append(time.monotonic())
        if time.monotonic() < released:
            raise windows_error(winerror)
        real_replace(source, destination)

    monkeypatch.setattr(atomic.os, "replace", held_for_a_moment)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert len(attempts) > 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["звіт.docx"]


def test_a_lock_that_persists_gives_up_after_two_seconds_and_blames_word(tmp_path, monkeypatch):
    target = tmp_path / "звіт.docx"
    target.write_bytes(b"old")

    def held(_source, _destination):
        raise windows_error(32)

    monkeypatch.setattr(atomic.os, "replace", held)
    started = time.monotonic()
    with pytest.raises(FileWriteError, match="відкритий в іншій програмі \\(наприклад, у Word\\)"):
        write_atomically(target, b"new")
    assert 1.9 <= time.monotonic() - started < 5
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["звіт.docx"]


def test_a_new_file_held_by_a_scanner_is_not_blamed_on_folder_permissions(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "RETRY_SECONDS", 0.1)

    def held(_source, _destination):
        raise windows_error(32)

    monkeypatch.setattr(atomic.os, "replace", held)
    with pytest.raises(FileWriteError, match="зайнятий іншою програмою \\(антивірусом, OneDrive"):
        write_atomically(tmp_path / "новий.docx", b"new")
    assert list(tmp_path.iterdir()) == []


def test_other_errors_are_not_retried(tmp_path, monkeypatch):
    calls = []

    def refused(_source, _destination):
        calls.append(1)
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refused)
    with pytest.raises(FileWriteError):
        write_atomically(tmp_path / "звіт.docx", b"x")
    assert calls == [1]


def test_a_read_only_temporary_is_still_removed(tmp_path, monkeypatch):
    """The target is read-only, so its temporary gets the read-only flag too; Windows
    then refuses both the rename (access denied) and a plain delete of the temporary."""
    target = tmp_path / "звіт.docx"
    target.write_bytes(b"old")
    target.chmod(0o444)
    monkeypatch.setattr(atomic, "RETRY_SECONDS", 0.1)
    real_unlink = os.unlink

    def windows_unlink(path):
        if not os.stat(path).st_mode & stat.S_IWRITE:
            raise windows_error(5)
        real_unlink(path)

    def read_only_target(_source, _destination):
        raise windows_error(5)

    monkeypatch.setattr(atomic.os, "unlink", windows_unlink)
    monkeypatch.setattr(atomic.os, "replace", read_only_target)
    with pytest.raises(FileWriteError, match="захищений від запису"):
        write_atomically(target, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["звіт.docx"]
    assert target.read_bytes() == b"old"


class FakeKernel32:
    """GetFileAttributesW/SetFileAttributesW over a dict, as Windows keeps them."""

    NORMAL = 0x80

    def __init__(self) -> None:
        self.attributes: dict[str, int] = {}

    def GetFileAttributesW(self, path: str) -> int:  # noqa: N802 (the Windows name)
        if not os.path.exists(path):
            return 0xFFFFFFFF
        return self.attributes.get(os.path.abspath(path), self.NORMAL)

    def SetFileAttributesW(self, path: str, value: int) -> int:  # noqa: N802
        self.attributes[os.path.abspath(path)] = value
        return 1


def test_temporaries_are_hidden_by_attribute_and_the_file_is_not(tmp_path, monkeypatch):
    kernel = FakeKernel32()
    monkeypatch.setattr(atomic, "_kernel32", kernel)
    real_replace, real_write_all = os.replace, atomic.write_all
    seen_while_writing = {}

    def replace_keeping_attributes(source, destination):  # a rename keeps the attributes
        kept = kernel.attributes.pop(os.path.abspath(source), None)
        real_replace(source, destination)
        if kept is not None:
            kernel.attributes[os.path.abspath(destination)] = kept

    def write_all(handle, data):
        for name in os.listdir(tmp_path):
            seen_while_writing[name] = kernel.GetFileAttributesW(str(tmp_path / name))
        real_write_all(handle, data)

    monkeypatch.setattr(atomic.os, "replace", replace_keeping_attributes)
    monkeypatch.setattr(atomic, "write_all", write_all)
    target = tmp_path / "звіт.docx"
    write_atomically(target, b"data")
    [(temporary, attributes)] = seen_while_writing.items()
    assert temporary.endswith(atomic.TEMPORARY_SUFFIX)
    assert attributes & atomic.FILE_ATTRIBUTE_HIDDEN
    assert not kernel.GetFileAttributesW(str(target)) & atomic.FILE_ATTRIBUTE_HIDDEN
    assert target.read_bytes() == b"data"


def deep_folder(base: Path, length: int) -> Path:
    """A folder whose absolute path is exactly `length` characters."""
    folder = base
    while long_paths.path_length(folder) < length - 60:
        folder = folder / ("Спільні документи ОВА " * 2).strip()
    rest = length - long_paths.path_length(folder) - 1
    folder = folder / ("п" * rest)
    folder.mkdir(parents=True)
    assert long_paths.path_length(folder) == length
    return folder


def test_a_path_of_300_characters_is_refused_plainly(tmp_path, monkeypatch):
    monkeypatch.setattr(long_paths, "path_limit", lambda: long_paths.WINDOWS_MAX_PATH)
    folder = deep_folder(tmp_path, 280)
    target = folder / "Звіт_про_результати_виконання.docx"
    assert long_paths.path_length(target) > 300
    with pytest.raises(
        FileWriteError, match=r"задовгий: 315 символів, а Windows дозволяє не більше 259"
    ):
        write_atomically(target, b"x")
    assert list(folder.iterdir()) == []


def test_a_temporary_is_shortened_to_fit_beside_a_file_that_fits(tmp_path, monkeypatch):
    monkeypatch.setattr(long_paths, "path_limit", lambda: long_paths.WINDOWS_MAX_PATH)
    folder = deep_folder(tmp_path, 225)
    target = folder / "Звіт_2024_рік_Смілянська_РДА.docx"  # 33 characters: 259 in all
    assert long_paths.path_length(target) == 259
    real_replace = os.replace
    temporaries = []

    def replace(source, destination):
        temporaries.append(source)
        real_replace(source, destination)

    monkeypatch.setattr(atomic.os, "replace", replace)
    write_atomically(target, b"data")
    write_atomically(target, b"again")
    assert target.read_bytes() == b"again"
    assert all(long_paths.path_length(t) <= 259 for t in temporaries)
    assert all(Path(t).name.startswith(".Звіт") for t in temporaries)
    assert [p.name for p in folder.iterdir()] == [target.name]


def test_a_generated_name_is_shortened_to_fit_its_folder(tmp_path):
    folder = deep_folder(tmp_path, 200)
    name = "Звіт_про_результати_виконання_2024_рік_Виконавчий_комітет_Смілянської_міської_ради.docx"
    fitted = long_paths.fit_name(folder, name, limit=259)
    assert fitted == "Звіт_про_результати_виконання_2024_рік_Виконавчий.docx"  # whole words
    assert long_paths.path_length(folder / fitted) <= 259
    assert long_paths.fit_name(folder, "Звіт" * 30 + ".docx", limit=259) == "Звіт" * 13 + "З.docx"
    assert long_paths.fit_name(folder, "короткий.docx", limit=259) == "короткий.docx"
    # A folder too deep for a readable name: the name stays whole, and writing says why.
    too_deep = deep_folder(tmp_path / "b", 252)
    assert long_paths.fit_name(too_deep, name, limit=259) == name
    # Without a limit (Linux, or Windows with long paths on) nothing changes.
    assert long_paths.fit_name(folder, name) == name
