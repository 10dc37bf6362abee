"""The container of an imported .docx or .xlsx: the checks every file passes before
anything in it is parsed, each refusal a message in Ukrainian naming the file.

Files come from e-mail and flash drives, so the zip is judged by its central directory
before anything is unpacked, and XML with DTDs is refused: Word and Excel never write
one, and a DTD is how entity expansion and external-entity attacks get in.
"""

from __future__ import annotations

import io
import math
import zipfile
import zlib
from pathlib import Path

from ctb_desktop.domain.system_errors import os_reason
from ctb_desktop.domain.wording import PARTS, TIMES, count
from ctb_desktop.importers.errors import ImportFileError

MB = 1024 * 1024
MAX_FILE_SIZE = 300 * MB
MAX_ENTRIES = 5000
MAX_UNPACKED = 300 * MB
MAX_RATIO = 200
RATIO_CHECKED_FROM = 10 * MB

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
DOCX_MAIN = "word/document.xml"
XLSX_MAIN = "xl/workbook.xml"
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
# What zipfile, zlib and a damaged deflate stream raise for a broken archive.
BROKEN_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError)
# What reading an opened entry raises for damaged data (a bad CRC, a broken stream).
UNPACKING_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)


def open_archive(path: Path) -> tuple[bytes, zipfile.ZipFile]:
    """The file's bytes and the zip they hold, after the checks every imported file
    passes: it is readable, not too big, a zip and no zip bomb. Close the archive."""
    data = _read_bytes(path)
    _refuse_non_zip(path, data)
    archive = _open_zip(path, data)
    try:
        _check_zip_bomb(path, archive)
    except Exception:
        archive.close()
        raise
    return data, archive


def _read_bytes(path: Path) -> bytes:
    """The whole file at once: later checks and parsing then see the same bytes even if
    the file is being replaced on a network share meanwhile."""
    name = path.name
    try:
        if path.is_dir():
            raise ImportFileError(
                path, f"«{name}» — це папка, а не файл. Виберіть файл .docx або .xlsx."
            )
        size = path.stat().st_size
        if size > MAX_FILE_SIZE:
            raise ImportFileError(
                path,
                f"Файл «{name}» завеликий ({size // MB} МБ). Програми та звіти займають "
                "значно менше — перевірте, чи вибрано правильний файл.",
            )
        return path.read_bytes()
    except FileNotFoundError as error:
        raise ImportFileError(
            path, f"Файл «{name}» не знайдено. Можливо, його перемістили чи перейменували."
        ) from error
    except PermissionError as error:
        raise ImportFileError(
            path,
            f"Немає доступу до файлу «{name}». Перевірте права на читання або закрийте "
            "файл в інших програмах.",
        ) from error
    except IsADirectoryError as error:
        raise ImportFileError(path, f"«{name}» — це папка, а не файл.") from error
    except OSError as error:
        raise ImportFileError(
            path,
            f"Не вдалося прочитати файл «{name}» ({os_reason(error)}). Перевірте, чи доступний "
            "диск або мережева папка, і спробуйте ще раз.",
        ) from error


def _refuse_non_zip(path: Path, data: bytes) -> None:
    """.docx and .xlsx are zip archives; say what the file is instead when we can tell."""
    name = path.name
    if not data:
        raise ImportFileError(path, f"Файл «{name}» порожній (0 байтів).")
    if data.startswith((_ZIP, _EMPTY_ZIP)):
        return
    if data.startswith(_OLE2):
        raise ImportFileError(
            path,
            f"Файл «{name}» захищений паролем або збережений у старому форматі Word чи "
            "Excel (.doc, .xls). Відкрийте його в Word чи Excel і збережіть без пароля як "
            "«Документ Word (.docx)» або «Книга Excel (.xlsx)».",
        )
    if data.startswith(b"%PDF"):
        raise ImportFileError(
            path,
            f"Файл «{name}» — це PDF, з нього таблицю не прочитати. Потрібен оригінал у "
            "форматі Word (.docx) або Excel (.xlsx).",
        )
    if data.startswith(b"{\\rtf"):
        raise ImportFileError(
            path,
            f"Файл «{name}» збережений у форматі RTF. Відкрийте його в Word і збережіть як "
            "«Документ Word (.docx)».",
        )
    start = data[:1024].lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n\x00")
    if start.startswith((b"<", b"MIME-Version")):
        # Exports from web systems often are HTML or XML Spreadsheet 2003 named .xls.
        raise ImportFileError(
            path,
            f"Файл «{name}» — це веб-сторінка або таблиця XML, лише названа як документ "
            "Word чи Excel. Відкрийте його в Excel чи Word і збережіть як «Книга Excel "
            "(.xlsx)» або «Документ Word (.docx)».",
        )
    raise ImportFileError(
        path,
        f"Файл «{name}» не є документом Word (.docx) чи книгою Excel (.xlsx). "
        "Виберіть файл у одному з цих форматів.",
    )


def corrupted(path: Path) -> str:
    return (
        f"Файл «{path.name}» пошкоджений або скопійований не повністю. Відкрийте його в "
        "Word чи Excel, збережіть ще раз і повторіть імпорт."
    )


def _open_zip(path: Path, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except BROKEN_ZIP as error:
        raise ImportFileError(path, corrupted(path)) from error


def _check_zip_bomb(path: Path, archive: zipfile.ZipFile) -> None:
    """Judge the archive by its central directory, before a byte is unpacked. zipfile
    never unpacks more than an entry's declared size, so the declared sizes bound it."""
    entries = archive.infolist()
    suspicious = (
        f"Файл «{path.name}» не відкрито: {{}}. Справжні документи Word і Excel такими не "
        "бувають — файл пошкоджений або навмисно шкідливий."
    )
    if len(entries) > MAX_ENTRIES:
        raise ImportFileError(
            path,
            suspicious.format(
                f"в архіві {count(len(entries), PARTS)} (допустимо до {MAX_ENTRIES})"
            ),
        )
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNPACKED:
        raise ImportFileError(
            path,
            suspicious.format(
                f"після розпакування він зайняв би {total // MB} МБ "
                f"(допустимо до {MAX_UNPACKED // MB} МБ)"
            ),
        )
    for entry in entries:
        ratio = entry.file_size / entry.compress_size if entry.compress_size else math.inf
        if entry.file_size > RATIO_CHECKED_FROM and ratio > MAX_RATIO:
            raise ImportFileError(
                path,
                suspicious.format(
                    f"частина «{entry.filename}» стиснута більш ніж у {count(MAX_RATIO, TIMES)}"
                ),
            )
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise ImportFileError(
            path,
            f"Файл «{path.name}» захищений паролем. Збережіть його без пароля у форматі "
            ".docx або .xlsx і повторіть імпорт.",
        )


def not_office_zip(path: Path, archive: zipfile.ZipFile, names: set[str]) -> str:
    name = path.name
    if "mimetype" in names:
        mimetype = read_entry(path, archive, "mimetype")
        if b"opendocument" in mimetype:
            return (
                f"Файл «{name}» збережений у форматі OpenDocument (.odt, .ods). Відкрийте "
                "його в LibreOffice чи Word і збережіть як .docx або .xlsx."
            )
    if "xl/workbook.bin" in names:
        return (
            f"Файл «{name}» — двійкова книга Excel (.xlsb). Відкрийте її в Excel і збережіть "
            "як «Книга Excel (.xlsx)»."
        )
    return (
        f"Файл «{name}» — архів, але не документ Word (.docx) і не книга Excel (.xlsx). "
        "Виберіть файл у одному з цих форматів."
    )


def read_entry(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except BROKEN_ZIP as error:
        raise ImportFileError(path, corrupted(path)) from error


def open_entry(path: Path, archive: zipfile.ZipFile, name: str) -> DtdRefusingStream:
    """The entry unpacked as it is read, for a parser that reads it in pieces, with the
    same check as refuse_dtd() on every piece before the parser sees it. Its read()
    raises ImportFileError for a DTD; zipfile's errors for a damaged entry are the
    caller's to turn into corrupted() (they come while the parser reads)."""
    try:
        return DtdRefusingStream(path, name, archive.open(name))
    except BROKEN_ZIP as error:
        raise ImportFileError(path, corrupted(path)) from error


_LONGEST_MARKER = max(len(marker) for marker in _DTD_MARKERS)


class DtdRefusingStream:
    """A file-like object over an entry: read() hands on what it unpacked after looking
    for the markers in it, together with the end of the piece before, so a marker cut
    in two between pieces is found too. Nothing is kept but that end."""

    def __init__(self, path: Path, name: str, stream: io.BufferedIOBase) -> None:
        self.path, self.name, self.stream = path, name, stream
        self.tail = b""

    def read(self, size: int = -1) -> bytes:
        piece = self.stream.read(size)
        seen = self.tail + piece[: _LONGEST_MARKER - 1] if self.tail else b""
        if any(marker in piece or marker in seen for marker in _DTD_MARKERS):
            raise ImportFileError(self.path, dtd_message(self.path, self.name))
        self.tail = (self.tail + piece)[-(_LONGEST_MARKER - 1) :]
        return piece

    def close(self) -> None:
        self.stream.close()

    def __enter__(self) -> DtdRefusingStream:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def refuse_dtd(path: Path, name: str, xml: bytes) -> None:
    """A DTD can declare entities that expand to gigabytes or read local files; the
    parsers of docx_tables.py and xlsx_tables.py would not expand them, but would
    silently drop the text instead."""
    if any(marker in xml for marker in _DTD_MARKERS):
        raise ImportFileError(path, dtd_message(path, name))


def dtd_message(path: Path, part: str | None) -> str:
    where = f"його частина «{part}»" if part else "він"
    return (
        f"Файл «{path.name}» не відкрито: {where} містить оголошення DTD чи сутностей XML "
        "(<!DOCTYPE>, <!ENTITY>). Word і Excel таких не створюють — файл змінено іншою "
        "програмою, і він може бути шкідливим."
    )
