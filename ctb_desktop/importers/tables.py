"""The first stage of importing a program or a report: every table of a .docx or every
sheet of an .xlsx as a rectangular grid of raw cells, with merges kept as flags.

Nothing here interprets or cleans text; later stages do. This stage only guarantees
that what comes out has the shape of the table the clerk sees, and that a file which is
wrong, damaged or hostile is refused with a message in Ukrainian naming it.

Files come from e-mail and flash drives, so the zip is checked by its central directory
before anything is unpacked, and XML with DTDs is refused: Word and Excel never write
one, and a DTD is how entity expansion and external-entity attacks get in.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from defusedxml import DefusedXmlException
from docx.oxml.parser import parse_xml
from lxml import etree
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from ctb_desktop.domain.errors import UserError

MB = 1024 * 1024
MAX_FILE_SIZE = 300 * MB
MAX_ENTRIES = 5000
MAX_UNPACKED = 300 * MB
MAX_RATIO = 200
RATIO_CHECKED_FROM = 10 * MB
# Word allows 63 columns; official tables have a few thousand rows. A grid bigger than
# this comes from a stray cell far away or a forged span, and would only eat memory.
MAX_TABLE_CELLS = 1_000_000

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_DOCX_MAIN = "word/document.xml"
_XLSX_MAIN = "xl/workbook.xml"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
# What zipfile, zlib and a damaged deflate stream raise for a broken archive.
_BROKEN_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError)

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def _w(tag: str) -> str:
    return f"{{{_W_NS}}}{tag}"


_DOCUMENT, _BODY, _P, _R, _TBL, _TR, _TC = map(
    _w, ("document", "body", "p", "r", "tbl", "tr", "tc")
)
_SDT, _SDT_CONTENT, _CUSTOM_XML = map(_w, ("sdt", "sdtContent", "customXml"))
_TBL_GRID, _GRID_COL, _TR_PR, _TC_PR = map(_w, ("tblGrid", "gridCol", "trPr", "tcPr"))
_GRID_BEFORE, _GRID_AFTER, _GRID_SPAN = map(_w, ("gridBefore", "gridAfter", "gridSpan"))
_V_MERGE, _H_MERGE, _DEL, _VAL = map(_w, ("vMerge", "hMerge", "del", "val"))
# Containers inside a paragraph whose runs are shown as text; w:del and w:moveFrom
# (tracked deletions) are not among them, nor drawings, whose text boxes float apart.
_RUN_CONTAINERS = frozenset(
    map(_w, ("hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "customXml", "dir", "bdo"))
)
_RUN_TEXT = {_w("tab"): "\t", _w("ptab"): "\t", _w("br"): "\n", _w("cr"): "\n"}
_RUN_TEXT[_w("noBreakHyphen")] = "-"
_T = _w("t")


class ImportFileError(UserError):
    """A file that cannot be imported; the message names it and says what to do."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(problem)
        self.path = path


@dataclass(frozen=True)
class RawCell:
    """One grid cell as stored. Merged cells are kept as flags, not resolved, because
    whether a merge means "same task" or "a heading over columns" is the caller's call."""

    text: str
    from_above: bool = False
    from_left: bool = False


_EMPTY = RawCell("")
_LEFT = RawCell("", from_left=True)
_ABOVE = RawCell("", from_above=True)
_ABOVE_LEFT = RawCell("", from_above=True, from_left=True)


@dataclass
class RawTable:
    """Rows of equal length, one cell per grid column, so columns line up by index."""

    rows: list[list[RawCell]]
    where: str
    # Cells that showed an Excel error (#DIV/0!, #REF!…), read as empty: the caller may
    # warn that a number is missing rather than silently take it as blank.
    error_cells: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    @property
    def errors(self) -> int:
        return len(self.error_cells)


@dataclass
class RawDocument:
    path: Path
    tables: list[RawTable]
    paragraphs: list[str]


def read_document(path: Path) -> RawDocument:
    """Read a .docx or .xlsx, recognised by content, so a misnamed file still opens."""
    path = Path(path)
    data = _read_bytes(path)
    _refuse_non_zip(path, data)
    archive = _open_zip(path, data)
    with archive:
        _check_zip_bomb(path, archive)
        names = set(archive.namelist())
        if _DOCX_MAIN in names:
            return _read_docx(path, archive)
        if _XLSX_MAIN in names:
            return _read_xlsx(path, archive, data)
        raise ImportFileError(path, _not_office_zip(path, archive, names))


# -- the file and its container ------------------------------------------------------


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
            f"Не вдалося прочитати файл «{name}». Перевірте, чи доступний диск або мережева "
            "папка, і спробуйте ще раз.",
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


def _corrupted(path: Path) -> str:
    return (
        f"Файл «{path.name}» пошкоджений або скопійований не повністю. Відкрийте його в "
        "Word чи Excel, збережіть ще раз і повторіть імпорт."
    )


def _open_zip(path: Path, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _BROKEN_ZIP as error:
        raise ImportFileError(path, _corrupted(path)) from error


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
            path, suspicious.format(f"в архіві {len(entries)} частин (допустимо до {MAX_ENTRIES})")
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
                    f"частина «{entry.filename}» стиснута більш ніж у {MAX_RATIO} разів"
                ),
            )
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise ImportFileError(
            path,
            f"Файл «{path.name}» захищений паролем. Збережіть його без пароля у форматі "
            ".docx або .xlsx і повторіть імпорт.",
        )


def _not_office_zip(path: Path, archive: zipfile.ZipFile, names: set[str]) -> str:
    name = path.name
    if "mimetype" in names:
        mimetype = _read_entry(path, archive, "mimetype")
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


def _read_entry(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except _BROKEN_ZIP as error:
        raise ImportFileError(path, _corrupted(path)) from error


def _refuse_dtd(path: Path, name: str, xml: bytes) -> None:
    """A DTD can declare entities that expand to gigabytes or read local files; the
    parsers below would not expand them, but would silently drop the text instead."""
    if any(marker in xml for marker in _DTD_MARKERS):
        raise ImportFileError(path, _dtd_message(path, name))


def _dtd_message(path: Path, part: str | None) -> str:
    where = f"його частина «{part}»" if part else "він"
    return (
        f"Файл «{path.name}» не відкрито: {where} містить оголошення DTD чи сутностей XML "
        "(<!DOCTYPE>, <!ENTITY>). Word і Excel таких не створюють — файл змінено іншою "
        "програмою, і він може бути шкідливим."
    )


# -- Word ---------------------------------------------------------------------------


def _read_docx(path: Path, archive: zipfile.ZipFile) -> RawDocument:
    xml = _read_entry(path, archive, _DOCX_MAIN)
    _refuse_dtd(path, _DOCX_MAIN, xml)
    try:
        # python-docx's parser: resolve_entities=False, no network, no huge trees.
        root = parse_xml(xml)
    except etree.XMLSyntaxError as error:
        raise ImportFileError(path, _corrupted(path)) from error
    if root.getroottree().docinfo.doctype:
        raise ImportFileError(path, _dtd_message(path, _DOCX_MAIN))
    if root.tag != _DOCUMENT:
        if root.tag.startswith(f"{{{_W_STRICT_NS}}}"):
            raise ImportFileError(
                path,
                f"Файл «{path.name}» збережений у форматі «Strict Open XML». Відкрийте його "
                "у Word і збережіть як звичайний «Документ Word (.docx)».",
            )
        raise ImportFileError(path, _corrupted(path))
    tables: list[RawTable] = []
    paragraphs: list[str] = []
    body = root.find(_BODY)
    for block in _blocks(body) if body is not None else ():
        if block.tag == _TBL:
            tables.append(_docx_table(path, block, f"таблиця {len(tables) + 1}"))
        else:
            text = _paragraph_text(block)
            if text.strip():
                paragraphs.append(text)
    return RawDocument(path, tables, paragraphs)


def _unwrapped(element, tags: tuple[str, ...]) -> Iterator:
    """Children with one of `tags`, looking through content controls and custom XML,
    which Word wraps around paragraphs, tables, rows and cells alike."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _unwrapped(content, tags)
        elif child.tag == _CUSTOM_XML:
            yield from _unwrapped(child, tags)


def _blocks(container) -> Iterator:
    return _unwrapped(container, (_P, _TBL))


def _paragraph_text(paragraph) -> str:
    parts: list[str] = []
    _collect_runs(paragraph, parts)
    return "".join(parts)


def _collect_runs(container, parts: list[str]) -> None:
    for child in container:
        tag = child.tag
        if tag == _R:
            for item in child:
                if item.tag == _T:
                    parts.append(item.text or "")
                elif item.tag in _RUN_TEXT:
                    parts.append(_RUN_TEXT[item.tag])
        elif tag in _RUN_CONTAINERS:
            _collect_runs(child, parts)
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _collect_runs(content, parts)


def _cell_text(tc) -> str:
    """Paragraphs joined by line breaks; a table nested in the cell is read as its
    paragraphs, so no text is lost though its layout is."""
    return "\n".join(_paragraph_text(p) for p in _cell_paragraphs(tc))


def _cell_paragraphs(container) -> Iterator:
    for block in _blocks(container):
        if block.tag == _P:
            yield block
        else:
            for row in _unwrapped(block, (_TR,)):
                for cell in _unwrapped(row, (_TC,)):
                    yield from _cell_paragraphs(cell)


def _int_val(element, default: int) -> int:
    if element is None:
        return default
    try:
        return max(0, int(element.get(_VAL, default)))
    except ValueError:
        return default


@dataclass
class _CellSpec:
    tc: object
    span: int
    from_above: bool
    from_left: bool


def _docx_table(path: Path, tbl, where: str) -> RawTable:
    """The grid by w:tblGrid and w:gridSpan, in two passes: first the shape, so a forged
    span is refused before memory is spent on it, then the cells."""
    grid = tbl.find(_TBL_GRID)
    width = len(grid.findall(_GRID_COL)) if grid is not None else 0
    shapes: list[tuple[int, list[_CellSpec], int]] = []
    for tr in _unwrapped(tbl, (_TR,)):
        properties = tr.find(_TR_PR)
        if properties is not None and properties.find(_DEL) is not None:
            continue  # a row deleted with tracked changes on
        before = _int_val(properties.find(_GRID_BEFORE) if properties is not None else None, 0)
        after = _int_val(properties.find(_GRID_AFTER) if properties is not None else None, 0)
        specs = []
        for tc in _unwrapped(tr, (_TC,)):
            tc_properties = tc.find(_TC_PR)
            span, vertical, horizontal = 1, None, None
            if tc_properties is not None:
                span = max(1, _int_val(tc_properties.find(_GRID_SPAN), 1))
                vertical = tc_properties.find(_V_MERGE)
                horizontal = tc_properties.find(_H_MERGE)
            specs.append(
                _CellSpec(
                    tc,
                    span,
                    from_above=bool(shapes) and _continues(vertical),
                    from_left=_continues(horizontal),
                )
            )
        shapes.append((before, specs, after))
        width = max(width, before + sum(spec.span for spec in specs) + after)
        _check_size(path, where, len(shapes), width)
    rows = []
    for before, specs, _after in shapes:
        row = [_EMPTY] * before
        for spec in specs:
            if spec.from_above:
                row.append(_ABOVE_LEFT if spec.from_left and row else _ABOVE)
            elif spec.from_left and row:
                row.append(_LEFT)
            else:
                row.append(RawCell(_cell_text(spec.tc)))
            row.extend([_ABOVE_LEFT if spec.from_above else _LEFT] * (spec.span - 1))
        row.extend([_EMPTY] * (width - len(row)))
        rows.append(row)
    return RawTable(rows, where)


def _continues(merge) -> bool:
    """w:vMerge / w:hMerge without a value, or "continue", carries on a merge."""
    return merge is not None and merge.get(_VAL, "continue") == "continue"


def _check_size(path: Path, where: str, rows: int, columns: int) -> None:
    if rows * columns > MAX_TABLE_CELLS:
        raise ImportFileError(
            path,
            f"Файл «{path.name}», {where}: забагато клітинок ({rows} рядків × {columns} "
            "стовпців). Перевірте, чи немає далеко за таблицею випадкових значень "
            "або об'єднаних клітинок.",
        )


# -- Excel --------------------------------------------------------------------------


def open_workbook(path: Path, *, read_only: bool = False):
    """An .xlsx after the checks every imported file passes (size, zip bomb, DTD), read
    with cached values and no external links; for readers of our own workbooks."""
    path = Path(path)
    data = _read_bytes(path)
    _refuse_non_zip(path, data)
    with _open_zip(path, data) as archive:
        _check_zip_bomb(path, archive)
        names = set(archive.namelist())
        if _XLSX_MAIN not in names:
            if _DOCX_MAIN in names:
                raise ImportFileError(
                    path, f"Файл «{path.name}» — документ Word, а не книга Excel (.xlsx)."
                )
            raise ImportFileError(path, _not_office_zip(path, archive, names))
        return _load_workbook(path, archive, data, read_only=read_only)


def _load_workbook(path: Path, archive: zipfile.ZipFile, data: bytes, *, read_only: bool):
    for entry in archive.infolist():
        if entry.filename.lower().endswith(_XML_SUFFIXES):
            _refuse_dtd(path, entry.filename, _read_entry(path, archive, entry.filename))
    try:
        return load_workbook(
            io.BytesIO(data), read_only=read_only, data_only=True, keep_links=False
        )
    except Exception as error:  # openpyxl fails on damaged parts in many unrelated ways
        # openpyxl wraps what defusedxml raises for a worksheet in a ValueError.
        if _caused_by(error, DefusedXmlException):
            raise ImportFileError(path, _dtd_message(path, None)) from error
        raise ImportFileError(
            path,
            f"Не вдалося прочитати книгу Excel «{path.name}»: вона пошкоджена або має "
            "нестандартну будову. Відкрийте її в Excel, збережіть ще раз як «Книга Excel "
            "(.xlsx)» і повторіть імпорт.",
        ) from error


def _read_xlsx(path: Path, archive: zipfile.ZipFile, data: bytes) -> RawDocument:
    # read_only=False: read-only worksheets do not know their merged cells.
    workbook = _load_workbook(path, archive, data, read_only=False)
    try:
        tables = [
            table
            for sheet in workbook.worksheets
            if (table := _sheet_table(path, sheet)) is not None
        ]
    finally:
        workbook.close()
    return RawDocument(path, tables, [])


def _caused_by(error: BaseException | None, kind: type[BaseException]) -> bool:
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kind):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _sheet_table(path: Path, sheet) -> RawTable | None:
    """The sheet's used range: the box around cells with a value, widened by merges
    that start in it. Cells that only carry formatting are left out, since one styled
    cell at XFD1048576 would otherwise make a grid of 17 billion cells."""
    texts, shown, errors = _sheet_values(sheet)
    if not shown:
        return None
    top = min(row for row, _ in shown)
    left = min(column for _, column in shown)
    bottom = max(row for row, _ in shown)
    right = max(column for _, column in shown)
    merges = [
        (merged.min_row, merged.min_col, merged.max_row, merged.max_col)
        for merged in sheet.merged_cells.ranges
    ]
    for first_row, first_column, last_row, last_column in merges:
        if texts.get((first_row, first_column), "").strip():
            bottom = max(bottom, last_row)
            right = max(right, last_column)
    where = f"аркуш «{sheet.title}»"
    height, width = bottom - top + 1, right - left + 1
    _check_size(path, where, height, width)
    rows = [[_EMPTY] * width for _ in range(height)]
    for (row, column), text in texts.items():
        if text and top <= row <= bottom and left <= column <= right:
            rows[row - top][column - left] = RawCell(text)
    for merge_top, merge_left, merge_bottom, merge_right in merges:
        # Clipped to the box, so the first row and column never continue a merge.
        first_row, first_column = max(merge_top, top), max(merge_left, left)
        last_row, last_column = min(merge_bottom, bottom), min(merge_right, right)
        for row in range(first_row, last_row + 1):
            for column in range(first_column, last_column + 1):
                above, from_left = row > first_row, column > first_column
                if above or from_left:
                    rows[row - top][column - left] = _merged(above, from_left)
    error_cells = [coordinate for _, _, coordinate in sorted(errors)]
    return RawTable(rows, where, error_cells)


def _sheet_values(sheet) -> tuple[dict[tuple[int, int], str], list[tuple[int, int]], list]:
    """Texts by (row, column); the cells to draw the box around (not blank); errors."""
    texts: dict[tuple[int, int], str] = {}
    shown: list[tuple[int, int]] = []
    errors: list[tuple[int, int, str]] = []
    # _cells holds only the cells present in the file; iter_rows would create every
    # cell of the (possibly huge) dimension.
    for (row, column), cell in sheet._cells.items():
        if isinstance(cell, MergedCell) or cell.value is None:
            continue
        if cell.data_type == "e":
            errors.append((row, column, cell.coordinate))
            shown.append((row, column))
            continue
        text = _excel_text(cell.value, cell.number_format)
        texts[row, column] = text
        if text.strip():
            shown.append((row, column))
    return texts, shown, errors


def _merged(from_above: bool, from_left: bool) -> RawCell:
    if from_above:
        return _ABOVE_LEFT if from_left else _ABOVE
    return _LEFT


def _excel_text(value: object, number_format: str) -> str:
    """The value as the clerk sees it, except that the decimal separator stays "." and
    the cell's number format is ignored (bar percentages): the caller parses numbers."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "ІСТИНА" if value else "ХИБНІСТЬ"
    if isinstance(value, int | float):
        return _number_text(value * 100) + "%" if "%" in number_format else _number_text(value)
    if isinstance(value, dt.date | dt.time):
        return _date_text(value)
    return str(value)


def _date_text(value: dt.date | dt.time) -> str:
    """DD.MM.YYYY; a time of day only when there is one, as a date cell would show it."""
    clock = "%H:%M:%S" if getattr(value, "second", 0) else "%H:%M"
    if isinstance(value, dt.time):
        return value.strftime(clock)
    if isinstance(value, dt.datetime) and value.time() != dt.time(0, 0):
        return value.strftime(f"%d.%m.%Y {clock}")
    return value.strftime("%d.%m.%Y")


def _number_text(value: float) -> str:
    """15 significant digits, as Excel shows them (0.1 + 0.2 is "0.3"), never in
    exponent form, without trailing zeros: 3406.0 is "3406", 14.80 is "14.8"."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    return format(Decimal(f"{value:.15g}"), "f")
