"""PDF on Windows, simulated: LibreOffice found through the registry's App Paths or on
another drive, Word preferred when installed (docx2pdf or COM through PowerShell), and
the temporary folder's clean-up never turning a missing PDF into an error."""

from __future__ import annotations

import subprocess
import sys
import types
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ctb_desktop.reports import pdf

STAMP = datetime(2025, 1, 20, 9, 0, tzinfo=UTC)
PDF = (
    b"%PDF-1.7\n/CreationDate(D:20990101000000)\ntrailer /ID [<0123456789ABCDEF0123456789ABCDEF>]\n"
)


class FakeRegistry:
    """winreg's calls the module makes, over a dict {(root, key): default value}."""

    HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT = 1, 2, 3

    def __init__(self, keys: dict[tuple[int, str], str]) -> None:
        self.keys = keys

    def OpenKey(self, root, name):  # noqa: N802 (winreg's names)
        if (root, name) not in self.keys:
            raise FileNotFoundError(name)
        return _Key(self.keys[(root, name)])

    def QueryValue(self, key, _name):  # noqa: N802
        return key.value


class _Key:
    def __init__(self, value: str) -> None:
        self.value = value

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        return False


@pytest.fixture
def windows(monkeypatch):
    """A Windows without LibreOffice on PATH, Word or any registry entry."""
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(pdf.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pdf, "_winreg", FakeRegistry({}))
    monkeypatch.setattr(pdf, "_drive_exists", lambda drive: drive in ("C:\\", "D:\\"))
    for name in ("PROGRAMFILES", "PROGRAMW6432", "PROGRAMFILES(X86)"):
        monkeypatch.delenv(name, raising=False)
    files: set[str] = set()
    monkeypatch.setattr(pdf, "_is_file", lambda path: path in files)
    return files


def test_libreoffice_through_the_registry(windows, monkeypatch):
    registered = r"E:\Офіс\LibreOffice\program\soffice.exe"
    monkeypatch.setattr(
        pdf,
        "_winreg",
        FakeRegistry({(FakeRegistry.HKEY_LOCAL_MACHINE, pdf._APP_PATHS): registered}),
    )
    assert pdf.find_office() is None  # registered, but the file is gone
    windows.add(registered)
    assert pdf.find_office() == registered
    assert pdf.pdf_tool() == pdf.LIBREOFFICE


def test_libreoffice_on_another_drive(windows):
    assert pdf.find_office() is None
    assert pdf.pdf_tool() is None
    windows.add(r"D:\Program Files\LibreOffice\program\soffice.exe")
    assert pdf.find_office() == r"D:\Program Files\LibreOffice\program\soffice.exe"


def word_registered(monkeypatch):
    monkeypatch.setattr(
        pdf,
        "_winreg",
        FakeRegistry({(FakeRegistry.HKEY_CLASSES_ROOT, r"Word.Application\CLSID"): ""}),
    )


def test_word_through_powershell_when_installed(windows, monkeypatch):
    word_registered(monkeypatch)
    monkeypatch.setattr(pdf.importlib.util, "find_spec", lambda _name: None)  # no docx2pdf
    windows.add(r"C:\Program Files\LibreOffice\program\soffice.exe")  # Word still comes first
    commands = []

    def powershell(command, **kwargs):
        commands.append((command, kwargs["env"]))
        assert Path(kwargs["env"]["CTB_DOCX"]).read_bytes() == b"docx"
        Path(kwargs["env"]["CTB_PDF"]).write_bytes(PDF)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(pdf.subprocess, "run", powershell)
    assert pdf.pdf_tool() == pdf.WORD
    made = pdf.docx_to_pdf(b"docx", STAMP)
    assert made is not None and made.startswith(b"%PDF") and b"D:20250120090000" in made
    [(command, environment)] = commands
    assert command[0] == "powershell" and "Word.Application" in command[-1]
    assert "ExportAsFixedFormat($env:CTB_PDF, 17)" in command[-1]
    assert not Path(environment["CTB_DOCX"]).parent.exists()  # the temporary folder is gone


def test_word_through_docx2pdf_when_it_is_there(windows, monkeypatch):
    word_registered(monkeypatch)
    converted = []

    def convert(source, target):
        converted.append(source)
        Path(target).write_bytes(PDF)

    monkeypatch.setitem(sys.modules, "docx2pdf", types.SimpleNamespace(convert=convert))
    monkeypatch.setattr(pdf.importlib.util, "find_spec", lambda name: name == "docx2pdf" or None)
    assert pdf.docx_to_pdf(b"docx", STAMP).startswith(b"%PDF")
    assert converted and converted[0].endswith("report.docx")


def test_word_failing_falls_back_to_libreoffice(windows, monkeypatch):
    word_registered(monkeypatch)
    monkeypatch.setattr(pdf.importlib.util, "find_spec", lambda _name: None)
    office = r"C:\Program Files\LibreOffice\program\soffice.exe"
    windows.add(office)
    ran = []

    def run(command, **kwargs):
        ran.append(command[0])
        if command[0] == "powershell":
            raise subprocess.CalledProcessError(1, command, b"", b"COM error")
        folder = Path(command[command.index("--outdir") + 1])
        (folder / "report.pdf").write_bytes(PDF)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(pdf.subprocess, "run", run)
    assert pdf.docx_to_pdf(b"docx", STAMP).startswith(b"%PDF")
    assert ran == ["powershell", office]


def test_a_timeout_with_files_still_held_gives_no_pdf_and_no_error(windows, monkeypatch):
    """After a timeout LibreOffice's background process may still hold the folder:
    removing it fails on Windows; that must stay inside the error handling."""
    windows.add(r"C:\Program Files\LibreOffice\program\soffice.exe")

    def timeout(command, **kwargs):
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])

    def held(_folder):
        raise PermissionError(32, "The process cannot access the file")

    monkeypatch.setattr(pdf.subprocess, "run", timeout)
    monkeypatch.setattr(pdf.shutil, "rmtree", held)
    assert pdf.docx_to_pdf(b"docx", STAMP, timeout=1) is None


def test_elsewhere_neither_registry_nor_word(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(pdf.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pdf, "_winreg", None)
    assert pdf.find_office() is None
    assert not pdf.word_installed()
    assert pdf.pdf_tool() is None
