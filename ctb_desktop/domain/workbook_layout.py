"""The Excel workbook of a period's entries (docs/formats.md, `ctb-workbook`): the
names its writer (reports/workbook.py) and its reader (importers/workbook_import.py)
must agree on — sheets, key column, headers of the columns that are read back."""

from __future__ import annotations

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

STATE = "Стан"
TEXT = "Стан виконання"
COUNTS = {
    "events_held": "Проведено заходів",
    "people_reached": "Охоплено осіб",
    "victims_identified": "Встановлено постраждалих",
}
ACHIEVED = "Досягнуто"
SOURCE = "Джерело"
HOLDER = "Головний розпорядник"
MONEY = {
    "planned_program": "Передбачено програмою, тис. грн",
    "planned_year": "Передбачено на рік, тис. грн",
    "financed": "Профінансовано, тис. грн",
    "cash": "Касові видатки, тис. грн",
    "planned_next_year": "Передбачено на наступний рік, тис. грн",
}
CODE = "КПКВК"
NAME = "Назва бюджетної програми"
