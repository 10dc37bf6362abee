"""Rendered documents as LibreOffice prints them: the PDF's pages as lines of words
with their positions (pdftotext -bbox), for tests of what lands on which page.

Needs LibreOffice and poppler's pdftotext; tests skip without them."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

from ctb_desktop.reports.pdf import docx_to_pdf

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@dataclass
class Word:
    text: str
    x: float
    top: float
    bottom: float


@dataclass
class Page:
    number: int
    height: float
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def bottom(self) -> float:
        """Where the last text on the page ends, in points from the top."""
        return max((word.bottom for word in self.words), default=0)


def pdf_pages(content: bytes) -> list[Page]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) не встановлено")
    from datetime import datetime  # noqa: PLC0415

    pdf = docx_to_pdf(content, datetime(2025, 1, 1))
    if pdf is None:
        pytest.skip("LibreOffice не встановлено")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.pdf"
        source.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", str(source), "-"], capture_output=True, check=True, text=True
        ).stdout
    pages = []
    for number, match in enumerate(_PAGE.finditer(html), start=1):
        words = [
            Word(unescape(text), float(x), float(top), float(bottom))
            for x, top, _, bottom, text in _WORD.findall(match.group(3))
        ]
        pages.append(Page(number, float(match.group(2)), words))
    return pages
