"""A PDF copy of a rendered report: what the oblast opens on a phone or prints without
Word. Optional — without a converter there is no PDF and nothing else changes.

The converter: on Windows Microsoft Word when it is installed (through docx2pdf when
that package is there, else Word's COM automation driven by PowerShell, which every
Windows has), LibreOffice otherwise. LibreOffice is found on PATH, through the
registry's App Paths (where its installer registers soffice.exe, whatever the drive),
or in Program Files on any drive.

The converter's temporary folder is removed whatever happens: after a timeout
LibreOffice's background process (or Word) may still hold its files, and a folder that
cannot be removed then must not turn a missing PDF into an error.

LibreOffice stamps the conversion time and a random document id into the file; both are
replaced by values derived from the content (same length, so the PDF's byte offsets
stay valid), so the same report gives the same PDF.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import logging
import ntpath
import os
import re
import shutil
import string
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

_DATE = re.compile(rb"/(CreationDate|ModDate)\(D:(\d{14})")
# The trailer's document ids and LibreOffice's /DocChecksum: random or time-dependent.
_ID = re.compile(rb"(<|/DocChecksum /)([0-9A-Fa-f]{16,64})")
_PROGRAM_FOLDERS = ("Program Files", "Program Files (x86)")
_SOFFICE = r"LibreOffice\program\soffice.exe"
_APP_PATHS = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe"
WORD = "Microsoft Word"
LIBREOFFICE = "LibreOffice"
# Word through COM, paths given in the environment (no quoting to get wrong); 17 is
# wdExportFormatPDF.
_WORD_SCRIPT = """
$ErrorActionPreference = 'Stop'
$word = New-Object -ComObject Word.Application
try {
    $word.Visible = $false
    $word.DisplayAlerts = 0
    $document = $word.Documents.Open($env:CTB_DOCX, $false, $true)
    try { $document.ExportAsFixedFormat($env:CTB_PDF, 17) } finally { $document.Close($false) }
} finally { $word.Quit() }
"""
log = logging.getLogger(__name__)

if sys.platform == "win32":
    import winreg

    _winreg: Any = winreg
else:
    _winreg = None


def _windows() -> bool:
    return sys.platform == "win32"


def find_office() -> str | None:
    """LibreOffice's soffice: on PATH, then (Windows) the registry's App Paths, then
    Program Files on every drive."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found or not _windows():
        return found
    registered = _registered_soffice()
    if registered:
        return registered
    return next((path for path in _program_files_candidates() if _is_file(path)), None)


def _registered_soffice() -> str | None:
    if _winreg is None:
        return None
    for root in (_winreg.HKEY_LOCAL_MACHINE, _winreg.HKEY_CURRENT_USER):
        try:
            with _winreg.OpenKey(root, _APP_PATHS) as key:
                value = str(_winreg.QueryValue(key, None) or "").strip('"')
        except OSError:
            continue
        if value and _is_file(value):
            return value
    return None


def _program_files_candidates() -> list[str]:
    """soffice.exe in Program Files as Windows names it, then on every drive there is."""
    folders = [os.environ.get(name, "") for name in ("PROGRAMFILES", "PROGRAMW6432")]
    folders.append(os.environ.get("PROGRAMFILES(X86)", ""))
    for letter in string.ascii_uppercase[2:]:  # C: … Z:
        drive = f"{letter}:\\"
        if _drive_exists(drive):
            folders += [ntpath.join(drive, name) for name in _PROGRAM_FOLDERS]
    candidates: list[str] = []
    for folder in folders:
        candidate = ntpath.join(folder, _SOFFICE) if folder else ""
        if candidate and candidate.casefold() not in (c.casefold() for c in candidates):
            candidates.append(candidate)
    return candidates


def _drive_exists(drive: str) -> bool:
    return os.path.isdir(drive)


def _is_file(path: str) -> bool:
    return os.path.isfile(path)


def word_installed() -> bool:
    """Microsoft Word registered for automation (Windows only)."""
    if _winreg is None:
        return False
    try:
        with _winreg.OpenKey(_winreg.HKEY_CLASSES_ROOT, r"Word.Application\CLSID"):
            return True
    except OSError:
        return False


def pdf_tool() -> str | None:
    """What would make the PDF: WORD, LIBREOFFICE, or None (no PDF here)."""
    if _windows() and word_installed():
        return WORD
    return LIBREOFFICE if find_office() else None


def docx_to_pdf(content: bytes, stamp: datetime, timeout: float = 120) -> bytes | None:
    """The PDF of a .docx, dated `stamp`; None when no converter is installed or it
    fails. Word first on Windows when installed, else (or when Word fails) LibreOffice."""
    folder = Path(tempfile.mkdtemp(prefix="ctb-pdf-"))
    try:
        source = folder / "report.docx"
        source.write_bytes(content)
        pdf = None
        if _windows() and word_installed():
            pdf = _through_word(source, folder / "report.pdf", timeout)
        if pdf is None:
            pdf = _through_libreoffice(source, folder, timeout)
    except OSError as exc:
        log.warning("no PDF: %s", exc)
        pdf = None
    finally:
        _remove(folder)
    return _fixed(pdf, stamp) if pdf is not None else None


def _through_libreoffice(source: Path, folder: Path, timeout: float) -> bytes | None:
    office = find_office()
    if office is None:
        return None
    # Its own profile: a LibreOffice the clerk has open must not block or be disturbed.
    profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
    command = [office, profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
    try:
        subprocess.run([*command, str(source)], capture_output=True, timeout=timeout, check=True)
        return (folder / f"{source.stem}.pdf").read_bytes()
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("LibreOffice made no PDF: %s", exc)
        return None


def _through_word(source: Path, target: Path, timeout: float) -> bytes | None:
    try:
        if importlib.util.find_spec("docx2pdf") is not None:
            import docx2pdf  # noqa: PLC0415 (optional, Windows)

            docx2pdf.convert(str(source), str(target))
        else:
            environment = {**os.environ, "CTB_DOCX": str(source), "CTB_PDF": str(target)}
            subprocess.run(
                ["powershell", "-NoProfile", "-NonInteractive", "-Command", _WORD_SCRIPT],
                capture_output=True,
                timeout=timeout,
                check=True,
                env=environment,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        return target.read_bytes()
    except Exception as exc:  # COM and docx2pdf raise anything; LibreOffice is next
        log.warning("Word made no PDF: %s", exc)
        return None


def _remove(folder: Path) -> None:
    """The temporary folder away; what a converter still holds stays for the system's
    own clean-up of its temporary folder."""
    with contextlib.suppress(OSError):
        shutil.rmtree(folder)


def _fixed(pdf: bytes, stamp: datetime) -> bytes:
    digits = f"{stamp:%Y%m%d%H%M%S}".encode()
    pdf = _DATE.sub(lambda m: b"/" + m.group(1) + b"(D:" + digits, pdf)
    trailer = pdf.rfind(b"/ID")
    if trailer < 0:
        return pdf
    digest = hashlib.sha256(pdf[:trailer]).hexdigest().upper().encode()
    head, tail = pdf[:trailer], pdf[trailer:]
    tail = _ID.sub(lambda m: m.group(1) + digest[: len(m.group(2))], tail)
    return head + tail
