"""A PDF copy of a rendered report, when LibreOffice is on the machine: what the oblast
opens on a phone or prints without Word. Optional — without LibreOffice there is no PDF
and nothing else changes.

LibreOffice stamps the conversion time and a random document id into the file; both are
replaced by values derived from the content (same length, so the PDF's byte offsets
stay valid), so the same report gives the same PDF.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

_DATE = re.compile(rb"/(CreationDate|ModDate)\(D:(\d{14})")
# The trailer's document ids and LibreOffice's /DocChecksum: random or time-dependent.
_ID = re.compile(rb"(<|/DocChecksum /)([0-9A-Fa-f]{16,64})")
_WINDOWS = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_office() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((path for path in _WINDOWS if os.path.isfile(path)), None)


def docx_to_pdf(content: bytes, stamp: datetime, timeout: float = 120) -> bytes | None:
    """The PDF of a .docx, dated `stamp`; None when LibreOffice is missing or fails."""
    office = find_office()
    if office is None:
        return None
    with tempfile.TemporaryDirectory(prefix="ctb-pdf-") as name:
        folder = Path(name)
        source = folder / "report.docx"
        source.write_bytes(content)
        # Its own profile: a LibreOffice the clerk has open must not block or be disturbed.
        profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
        command = [office, profile, "--headless", "--convert-to", "pdf", "--outdir", name]
        try:
            subprocess.run(
                [*command, str(source)], capture_output=True, timeout=timeout, check=True
            )
            pdf = (folder / "report.pdf").read_bytes()
        except (OSError, subprocess.SubprocessError):
            return None
    return _fixed(pdf, stamp)


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
