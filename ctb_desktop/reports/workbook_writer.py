"""A SpreadsheetML (.xlsx) package written as text, the way reports/wordml.py writes
WordprocessingML: rows are joined into strings, each distinct text is stored once in
the shared strings table, each cell style is registered once and referred to by
number, and every part is UTF-8.

openpyxl builds an object per cell and writes strings inline (about 10 µs a cell), and
its worksheet writer gave lxml no encoding, so every Cyrillic letter became a 7-byte
`&#1082;` reference: a 50× program's workbook unpacked to a gigabyte. Here a cell costs
a string format, and the file is about the size of Excel's own for the same cells.

Only what reports/workbook.py needs: string and number cells, cell styles (bold font,
solid fill, alignment, number format, quote prefix), column widths and hidden columns,
row heights, frozen panes, an auto filter, list validations, print titles, landscape
fit-to-width page setup and sheet protection. The bytes depend only on the content.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from ctb_desktop.domain.workbook_layout import column_letter

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE = "application/vnd.openxmlformats-officedocument"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Excel's built-in number formats; others are numbered from 164.
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "@": 49}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
# The Office theme's colours and fonts, which Excel requires a workbook to name.
_COLOURS = (
    ("dk1", '<a:sysClr val="windowText" lastClr="000000"/>'),
    ("lt1", '<a:sysClr val="window" lastClr="FFFFFF"/>'),
    *(
        (name, f'<a:srgbClr val="{rgb}"/>')
        for name, rgb in (
            ("dk2", "44546A"),
            ("lt2", "E7E6E6"),
            ("accent1", "4472C4"),
            ("accent2", "ED7D31"),
            ("accent3", "A5A5A5"),
            ("accent4", "FFC000"),
            ("accent5", "5B9BD5"),
            ("accent6", "70AD47"),
            ("hlink", "0563C1"),
            ("folHlink", "954F72"),
        )
    ),
)
_PHANTOM = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
_LINE = f'<a:ln w="6350">{_PHANTOM}</a:ln>'
_THEME = (
    f'<a:theme xmlns:a="{_DRAWING}" name="Office Theme"><a:themeElements>'
    '<a:clrScheme name="Office">'
    + "".join(f"<a:{name}>{colour}</a:{name}>" for name, colour in _COLOURS)
    + "</a:clrScheme>"
    '<a:fontScheme name="Office">'
    + "".join(
        f'<a:{kind}><a:latin typeface="{face}"/><a:ea typeface=""/><a:cs typeface=""/></a:{kind}>'
        for kind, face in (("majorFont", "Calibri Light"), ("minorFont", "Calibri"))
    )
    + '</a:fontScheme><a:fmtScheme name="Office">'
    f"<a:fillStyleLst>{_PHANTOM * 3}</a:fillStyleLst>"
    f"<a:lnStyleLst>{_LINE * 3}</a:lnStyleLst>"
    f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}</a:effectStyleLst>"
    f"<a:bgFillStyleLst>{_PHANTOM * 3}</a:bgFillStyleLst>"
    "</a:fmtScheme></a:themeElements></a:theme>"
)
# A carriage return would reach a reader as a line feed unless written as a reference.
_TEXT_ENTITIES = {"\r": "&#13;"}
_ATTRIBUTE_ENTITIES = {"\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}


@dataclass(frozen=True)
class Style:
    """How a cell looks. `fill` is an RGB colour ("D9D9D9"); `number_format` an Excel
    format code (None: General); `quote_prefix` keeps a typed text from becoming a formula."""

    bold: bool = False
    fill: str | None = None
    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False
    number_format: str | None = None
    quote_prefix: bool = False


@dataclass(frozen=True)
class ListValidation:
    """A drop-down list over `ref` taking its values from the range `source`."""

    ref: str
    source: str
    error_title: str
    error: str


def _text(text: str) -> str:
    return escape(text, _TEXT_ENTITIES)


def _attribute(text: str) -> str:
    return quoteattr(text, _ATTRIBUTE_ENTITIES)


def _number(value: int | float | Decimal) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    return str(int(value))  # also what derives from int, bool included


@dataclass
class _Column:
    width: float
    hidden: bool = False


@dataclass
class Sheet:
    """One worksheet. Add rows in order with `add_row`; the rest are settings."""

    book: Book
    title: str
    columns: dict[int, _Column] = field(default_factory=dict)
    freeze: str | None = None  # the top-left cell of the scrolling part, e.g. "D2"
    print_title_rows: int = 0  # how many top rows repeat on every printed page
    landscape: bool = False
    fit_to_width: bool = False
    protected: bool = False
    auto_filter: str | None = None
    validations: list[ListValidation] = field(default_factory=list)
    _rows: list[str] = field(default_factory=list)
    _last_row: int = 0
    _last_column: int = 0
    _letters: list[str] = field(default_factory=lambda: [""])
    _done: bool = False

    def set_column(self, number: int, width: float, *, hidden: bool = False) -> None:
        self.columns[number] = _Column(width, hidden)

    def add_row(
        self,
        number: int,
        values: Sequence[object],
        styles: Sequence[int | None],
        height: float | None = None,
    ) -> None:
        """Row `number` (above every row added before): `values[i]` in column i + 1
        with the style `styles[i]` (from Book.style). A str is a text cell, a number a
        number cell, None or "" an empty cell that still carries its style (so what is
        typed into it gets the format); a None style leaves the cell out."""
        if self._done:
            raise ValueError(f"sheet «{self.title}» is finished")
        if number <= self._last_row:
            raise ValueError(f"row {number} after row {self._last_row}")
        if len(values) != len(styles):
            raise ValueError(f"{len(values)} values with {len(styles)} styles")
        letters = self._letters
        while len(letters) <= len(values):
            letters.append(column_letter(len(letters)))
        strings = self.book._strings
        cells: list[str] = []
        append = cells.append
        last = 0
        for column, value, style in zip(range(1, len(values) + 1), values, styles, strict=True):
            if style is None:
                continue
            last = column
            if value is None or value == "":
                append(f'<c r="{letters[column]}{number}" s="{style}"/>')
            elif value.__class__ is str:
                string = strings.get(value)
                if string is None:
                    string = strings[value] = len(strings)
                append(f'<c r="{letters[column]}{number}" s="{style}" t="s"><v>{string}</v></c>')
            else:
                append(
                    f'<c r="{letters[column]}{number}" s="{style}"><v>{_number(value)}</v></c>'  # type: ignore[arg-type]
                )
        self._last_column = max(self._last_column, last)
        size = "" if height is None else f' ht="{height:g}" customHeight="1"'
        self._rows.append(f'<row r="{number}"{size}>{"".join(cells)}</row>')
        self._last_row = number

    def xml(self) -> str:
        parts = [f'<worksheet xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">']
        if self.fit_to_width:
            parts.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
        last = f"{column_letter(max(self._last_column, 1))}{max(self._last_row, 1)}"
        parts.append(f'<dimension ref="{"A1" if last == "A1" else "A1:" + last}"/>')
        parts.append(f"<sheetViews>{self._view()}</sheetViews>")
        parts.append('<sheetFormatPr defaultRowHeight="15"/>')
        if self.columns:
            parts.append("<cols>")
            for number, column in sorted(self.columns.items()):
                hidden = ' hidden="1"' if column.hidden else ""
                parts.append(
                    f'<col min="{number}" max="{number}" width="{column.width:g}"'
                    f' customWidth="1"{hidden}/>'
                )
            parts.append("</cols>")
        parts.append("<sheetData>")
        parts.extend(self._rows)
        parts.append("</sheetData>")
        if self.protected:
            parts.append('<sheetProtection sheet="1" objects="1" scenarios="1"/>')
        if self.auto_filter:
            parts.append(f'<autoFilter ref="{self.auto_filter}"/>')
        if self.validations:
            parts.append(f'<dataValidations count="{len(self.validations)}">')
            for validation in self.validations:
                parts.append(
                    f'<dataValidation type="list" allowBlank="1" showErrorMessage="1"'
                    f" errorTitle={_attribute(validation.error_title)}"
                    f" error={_attribute(validation.error)}"
                    f' sqref="{validation.ref}"><formula1>{_text(validation.source)}</formula1>'
                    "</dataValidation>"
                )
            parts.append("</dataValidations>")
        parts.append(
            '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        )
        if self.landscape or self.fit_to_width:
            orientation = ' orientation="landscape"' if self.landscape else ""
            fit = ' fitToWidth="1" fitToHeight="0"' if self.fit_to_width else ""
            parts.append(f"<pageSetup{orientation}{fit}/>")
        parts.append("</worksheet>")
        return "".join(parts)

    def _view(self) -> str:
        if not self.freeze:
            return '<sheetView workbookViewId="0"/>'
        column, row = _split_reference(self.freeze)
        x_split, y_split = column - 1, row - 1
        if x_split and y_split:
            pane = "bottomRight"
        elif y_split:
            pane = "bottomLeft"
        else:
            pane = "topRight"
        splits = (f' xSplit="{x_split}"' if x_split else "") + (
            f' ySplit="{y_split}"' if y_split else ""
        )
        return (
            f'<sheetView workbookViewId="0"><pane{splits} topLeftCell="{self.freeze}"'
            f' activePane="{pane}" state="frozen"/>'
            f'<selection pane="{pane}" activeCell="{self.freeze}" sqref="{self.freeze}"/>'
            "</sheetView>"
        )

    def defined_names(self, index: int) -> list[str]:
        quoted = "'" + self.title.replace("'", "''") + "'"
        names = []
        if self.auto_filter:
            absolute = ":".join(
                "$" + column_letter(column) + "$" + str(row)
                for column, row in map(_split_reference, self.auto_filter.split(":"))
            )
            names.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}"'
                f' hidden="1">{_text(quoted)}!{absolute}</definedName>'
            )
        if self.print_title_rows:
            names.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                f"{_text(quoted)}!$1:${self.print_title_rows}</definedName>"
            )
        return names


def _split_reference(reference: str) -> tuple[int, int]:
    """ "D2" → (4, 2)."""
    letters = reference.rstrip("0123456789")
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return column, int(reference[len(letters) :])


class Book:
    """A workbook: its sheets, shared strings and cell styles."""

    def __init__(self) -> None:
        self.sheets: list[Sheet] = []
        self._strings: dict[str, int] = {}
        self._styles: dict[Style, int] = {Style(): 0}
        # Parts are compressed into the archive on a thread of their own (zlib lets go
        # of the interpreter meanwhile) while the rest of the book is made, in the order
        # they are handed over; `_written` are those hand-overs.
        self._buffer = io.BytesIO()
        self._archive: zipfile.ZipFile | None = None
        self._writer: ThreadPoolExecutor | None = None
        self._written: list[Future[None]] = []
        self._finished: set[int] = set()

    def sheet(self, title: str) -> Sheet:
        if self._writer is not None:
            raise ValueError("every sheet is added before the first is finished")
        sheet = Sheet(self, title)
        self.sheets.append(sheet)
        return sheet

    def finish(self, sheet: Sheet) -> None:
        """The sheet is complete: its part is compressed into the file while the rest
        of the book is made, and its rows are let go."""
        index = self.sheets.index(sheet)
        if index in self._finished:
            raise ValueError(f"sheet «{sheet.title}» is finished already")
        self._hand_over(f"xl/worksheets/sheet{index + 1}.xml", sheet.xml())
        self._finished.add(index)
        sheet._rows = []
        sheet._done = True

    def _hand_over(self, name: str, xml: str) -> None:
        if self._writer is None:
            self._archive = zipfile.ZipFile(self._buffer, "w", zipfile.ZIP_DEFLATED)
            self._writer = ThreadPoolExecutor(max_workers=1)
            # First, as Excel puts it: what tells a reader the file is a workbook.
            self._hand_over("[Content_Types].xml", self._content_types())
        data = (_DECLARATION + xml).encode("utf-8")
        self._written.append(self._writer.submit(self._write, name, data))

    def _write(self, name: str, data: bytes) -> None:
        info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        assert self._archive is not None
        self._archive.writestr(info, data)

    def style(self, style: Style) -> int:
        """The number cells of this style refer to."""
        number = self._styles.get(style)
        if number is None:
            number = self._styles[style] = len(self._styles)
        return number

    def save(self, *, creator: str, title: str, created: datetime) -> bytes:
        stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
        for index, sheet in enumerate(self.sheets):
            if index not in self._finished:
                self.finish(sheet)
        parts = {
            "_rels/.rels": _relationships(
                [
                    (f"{_DOC_RELS}/officeDocument", "xl/workbook.xml"),
                    (f"{_PACKAGE_RELS}/metadata/core-properties", "docProps/core.xml"),
                    (f"{_DOC_RELS}/extended-properties", "docProps/app.xml"),
                ]
            ),
            "docProps/app.xml": (
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'extended-properties"><Application>{_text(creator)}</Application></Properties>'
            ),
            "docProps/core.xml": (
                '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"'
                ' xmlns:dcterms="http://purl.org/dc/terms/"'
                ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                f"<dc:title>{_text(title)}</dc:title><dc:creator>{_text(creator)}</dc:creator>"
                f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
                "</cp:coreProperties>"
            ),
            "xl/workbook.xml": self._workbook(),
            "xl/_rels/workbook.xml.rels": _relationships(
                [
                    *(
                        (f"{_DOC_RELS}/worksheet", f"worksheets/sheet{index}.xml")
                        for index in range(1, len(self.sheets) + 1)
                    ),
                    (f"{_DOC_RELS}/styles", "styles.xml"),
                    (f"{_DOC_RELS}/theme", "theme/theme1.xml"),
                    (f"{_DOC_RELS}/sharedStrings", "sharedStrings.xml"),
                ]
            ),
            "xl/styles.xml": self._styles_xml(),
            "xl/theme/theme1.xml": _THEME,
        }
        parts["xl/sharedStrings.xml"] = self._shared_strings()
        for name, xml in parts.items():
            self._hand_over(name, xml)
        assert self._writer is not None and self._archive is not None
        self._writer.shutdown()
        for written in self._written:
            written.result()  # what went wrong on the writer's thread is raised here
        self._archive.close()
        return self._buffer.getvalue()

    def _content_types(self) -> str:
        overrides = [
            ("/xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
            *(
                (f"/xl/worksheets/sheet{index}.xml", "spreadsheetml.worksheet+xml")
                for index in range(1, len(self.sheets) + 1)
            ),
            ("/xl/styles.xml", "spreadsheetml.styles+xml"),
            ("/xl/theme/theme1.xml", "theme+xml"),
            ("/xl/sharedStrings.xml", "spreadsheetml.sharedStrings+xml"),
            ("/docProps/app.xml", "extended-properties+xml"),
        ]
        return (
            f'<Types xmlns="{_TYPES}">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(
                f'<Override PartName="{name}" ContentType="{_OFFICE}.{kind}"/>'
                for name, kind in overrides
            )
            + '<Override PartName="/docProps/core.xml" ContentType="application/'
            'vnd.openxmlformats-package.core-properties+xml"/></Types>'
        )

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name={_attribute(sheet.title)} sheetId="{index}" r:id="rId{index}"/>'
            for index, sheet in enumerate(self.sheets, start=1)
        )
        names = [
            name for index, sheet in enumerate(self.sheets) for name in sheet.defined_names(index)
        ]
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><workbookPr/>'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f'<sheets>{sheets}</sheets>{defined}<calcPr calcId="124519" fullCalcOnLoad="1"/>'
            "</workbook>"
        )

    def _shared_strings(self) -> str:
        items = []
        for text in self._strings:
            space = ' xml:space="preserve"' if text != text.strip() else ""
            items.append(f"<si><t{space}>{_text(text)}</t></si>")
        count = len(self._strings)
        return f'<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{count}">{"".join(items)}</sst>'

    def _styles_xml(self) -> str:
        formats: dict[str, int] = {}
        fonts = {False: 0, True: 1}
        fills: dict[str | None, int] = {None: 0}
        for style in self._styles:
            code = style.number_format
            if code is not None and code not in _BUILTIN_FORMATS and code not in formats:
                formats[code] = 164 + len(formats)
            if style.fill not in fills:
                fills[style.fill] = len(fills) + 1  # 1 is Excel's required gray125
        xfs = []
        for style in self._styles:
            code = style.number_format or "General"
            format_id = _BUILTIN_FORMATS.get(code, formats.get(code, 0))
            xfs.append(_xf(style, format_id, fonts[style.bold], fills[style.fill]))
        font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
        solid = "".join(
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{colour}"/>'
            '<bgColor indexed="64"/></patternFill></fill>'
            for colour in fills
            if colour is not None
        )
        number_formats = "".join(
            f'<numFmt numFmtId="{number}" formatCode={_attribute(code)}/>'
            for code, number in formats.items()
        )
        return (
            f'<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(formats)}">{number_formats}</numFmts>' if formats else "")
            + f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
            f'<fills count="{len(fills) + 1}"><fill><patternFill patternType="none"/></fill>'
            f'<fill><patternFill patternType="gray125"/></fill>{solid}</fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0"'
            f' borderId="0"/></cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}'
            '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        )


def _xf(style: Style, format_id: int, font_id: int, fill_id: int) -> str:
    """The cell format (`<xf>`) of a style."""
    attributes = (
        f'numFmtId="{format_id}" fontId="{font_id}" fillId="{fill_id}" borderId="0" xfId="0"'
    )
    if format_id:
        attributes += ' applyNumberFormat="1"'
    if style.bold:
        attributes += ' applyFont="1"'
    if style.fill:
        attributes += ' applyFill="1"'
    if style.quote_prefix:
        attributes += ' quotePrefix="1"'
    alignment = ""
    if style.horizontal:
        alignment += f' horizontal="{style.horizontal}"'
    if style.vertical:
        alignment += f' vertical="{style.vertical}"'
    if style.wrap:
        alignment += ' wrapText="1"'
    if alignment:
        return f'<xf {attributes} applyAlignment="1"><alignment{alignment}/></xf>'
    return f"<xf {attributes}/>"


def _relationships(targets: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<Relationship Id="rId{index}" Type="{kind}" Target="{target}"/>'
        for index, (kind, target) in enumerate(targets, start=1)
    )
    return f'<Relationships xmlns="{_PACKAGE_RELS}">{items}</Relationships>'
