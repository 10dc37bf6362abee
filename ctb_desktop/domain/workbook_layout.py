"""The Excel workbook of a period's entries (docs/formats.md, `ctb-workbook`): the
names its writer (reports/workbook.py) and its reader (importers/workbook_import.py)
must agree on — sheets, key column, headers of the columns that are read back.

The headers of reported values are their headings in the field catalogue
(domain/fields.py), so the workbook says what the window says.
"""

from __future__ import annotations

from ctb_desktop.domain import fields

WORKBOOK_FORMAT = "ctb-workbook"
WORKBOOK_VERSION = 1

STATUS_SHEET = "Стан виконання"
INDICATOR_SHEET = "Показники"
FINANCING_SHEET = "Фінансування"
INFO_SHEET = "Відомості"

KEY = "ключ"
TOTAL_KEY = "разом"
NO_SOURCE = "-"
ALL_UNITS = "усі"

STATE = fields.STATE.heading
TEXT = fields.TEXT.heading
COUNTS = {field.key: field.heading for field in fields.COUNT_FIELDS}
ACHIEVED = fields.ACHIEVED.heading
SOURCE = fields.SOURCE.heading
HOLDER = fields.BUDGET_HOLDER.heading
MONEY = {field.key: field.heading for field in fields.MONEY_FIELDS}
CODE = fields.BUDGET_PROGRAM_CODE.heading
NAME = fields.BUDGET_PROGRAM_NAME.heading

# The headers of the columns imported back, sheet by sheet.
READ_BACK = {
    STATUS_SHEET: (KEY, STATE, TEXT, *COUNTS.values()),
    INDICATOR_SHEET: (KEY, ACHIEVED),
    FINANCING_SHEET: (KEY, SOURCE, HOLDER, *MONEY.values(), CODE, NAME),
}

# Headers that workbooks exported by earlier versions carry, and the header each is now.
# A reader that meets one takes it as the new header (the column holds the same values).
FORMER_HEADERS = {
    "Встановлено постраждалих": COUNTS["victims_identified"],
    "КПКВК": CODE,
}


def column_letter(number: int) -> str:
    """A sheet's column as Excel names it: 1 → A, 27 → AA."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
