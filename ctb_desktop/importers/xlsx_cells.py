"""The values of a worksheet's cells taken from its XML as the scan streams it
(xlsx_scan.py), the way openpyxl's read-only parser gives them with cached values
(data_only): numbers, shared and inline strings, booleans, dates by the cell's number
format, errors. openpyxl still reads what the cells refer to (the shared strings, the
styles, the 1900 or 1904 calendar); parsing the cells in C through lxml instead of
openpyxl's per-element Python handlers makes a sheet of 100,000 rows several times
faster to read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils.datetime import from_excel, from_ISO8601

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_V, _IS, _T, _PHONETIC = (f"{{{_MAIN}}}{tag}" for tag in ("v", "is", "t", "rPh"))


class CellValueError(ValueError):
    """A cell whose stored value cannot be what its type says (a number of letters)."""


@dataclass
class CellValues:
    """Turns the <c> elements of one sheet into (value, data type, number format)
    with what the openpyxl workbook `workbook` (opened read-only) knows."""

    workbook: object
    shared_strings: list
    formats: dict[int, str] = field(default_factory=dict)

    def value(self, element) -> tuple[object, str, str]:
        data_type = element.get("t", "n")
        style = _style_id(element.get("s"))
        if data_type == "inlineStr":
            inline = element.find(_IS)
            return (None if inline is None else _inline_text(inline)), "s", "General"
        text = element.findtext(_V) or None
        if text is None:
            return None, data_type, "General"
        try:
            return self._typed(text, data_type, style)
        except (ValueError, IndexError, OverflowError, TypeError) as error:
            raise CellValueError(text) from error

    def _typed(self, text: str, data_type: str, style: int) -> tuple[object, str, str]:
        if data_type == "n":
            number = float(text) if "." in text or "e" in text.lower() else int(text)
            if style in self.workbook._date_formats:  # openpyxl keeps them there
                return self._date(number, style)
            return number, "n", self.number_format(style)
        if data_type == "s":
            value: object = self.shared_strings[int(text)]
        elif data_type == "b":
            value = bool(int(text))
        elif data_type == "d":
            value = from_ISO8601(text)
        else:
            value = text  # "str" (a formula's text result), "e" (the error Excel shows)
        return value, ("s" if data_type == "str" else data_type), "General"

    def _date(self, number: float, style: int) -> tuple[object, str, str]:
        try:
            timedelta = style in self.workbook._timedelta_formats
            return from_excel(number, self.workbook.epoch, timedelta=timedelta), "d", "General"
        except (OverflowError, ValueError):
            return "#VALUE!", "e", "General"  # what openpyxl makes of a date out of range

    def number_format(self, style: int) -> str:
        """The cell's number format, as openpyxl's ReadOnlyCell finds it; an unknown
        style is the general format."""
        if style not in self.formats:
            try:
                format_id = self.workbook._cell_styles[style].numFmtId
                if format_id < BUILTIN_FORMATS_MAX_SIZE:
                    found = BUILTIN_FORMATS.get(format_id, "General")
                else:
                    found = self.workbook._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]
            except (IndexError, AttributeError):
                found = "General"
            self.formats[style] = found
        return self.formats[style]


def _style_id(text: str | None) -> int:
    try:
        return int(text) if text else 0
    except ValueError:
        return 0


def _inline_text(inline) -> str:
    """An inline string's text, rich runs joined, phonetic hints left out."""
    return "".join(t.text or "" for t in inline.iter(_T) if t.getparent().tag != _PHONETIC)
