"""The annex tables of seeds 001, 002 and 004 rebuilt as real .docx and .xlsx files.

The seeds are text extractions of Word tables; these helpers turn the text back
into rows and write them the way Word stored them: a task printed once is a
vertically merged cell, a section row is one cell across the table, a row split
at a page break is one row.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from openpyxl import Workbook

from ctb_desktop.reports.wordml import MERGE_UP, Cell, Table
from tests.conftest import seed_text


def seed_001_rows() -> list[list[str]]:
    """Seed 001: every cell starts a line with a tab; four cells a row."""
    text = seed_text("001")
    table = text[text.index("\tНайменування завдання") :]
    cells = [cell.strip() for cell in re.split(r"\n?\t", table)[1:]]
    return [cells[i : i + 4] for i in range(0, len(cells) - len(cells) % 4, 4)]


def seed_000_rows() -> list[list[str]]:
    """Seed 000's status table: like seed 001, every cell starts a line with a tab, four
    cells a row (task, measure, executors, status); it ends at the signature."""
    text = seed_text("000")
    table = text[text.index("\tНайменування завдання") : text.index("Директор Департаменту")]
    cells = [cell.strip() for cell in re.split(r"\n?\t", table)[1:]]
    return [cells[i : i + 4] for i in range(0, len(cells) - len(cells) % 4, 4)]


def seed_002_rows() -> list[list[str]]:
    """Seed 002: a row a line, cells separated by tabs."""
    text = seed_text("002")
    table = text[text.index("Найменування завдання\t") :]
    rows = []
    for line in table.split("\n"):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 4:
            break  # the table has ended
        rows.append([cell.strip() for cell in cells[:4]])
    return rows


def seed_004_rows() -> list[list[str]]:
    """Seed 004's annex: eight tab-separated columns; a line that continues the row above
    (split at a page break in the extraction) is joined back into it."""
    text = seed_text("004")
    table = text[text.index("№ з/п\t") : text.rindex("Секретар міської ради")]
    rows: list[list[str]] = []
    for line in table.split("\n"):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in (line.split("\t") + [""] * 8)[:8]]
        continuation = rows and not cells[0] and not re.match(r"^\d+\)", cells[2]) and len(rows) > 2
        if continuation:
            rows[-1] = [f"{old} {new}".strip() for old, new in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    return rows


def _is_section(row: list[str]) -> bool:
    return bool(row[0]) and not any(row[1:])


def write_docx(
    rows: list[list[str]], path: Path, *, header_rows: int = 2, merged: tuple[int, ...] = (0,)
) -> Path:
    """A Word table as Word keeps it: the `merged` columns' empty cells continue the
    cell above, section rows span the whole width."""
    width = len(rows[0])
    table = Table([14570 // width] * width)
    started = set()
    for index, row in enumerate(rows):
        if index < header_rows:
            table.add([Cell(text) for text in row], header=True)
            continue
        if _is_section(row):
            table.add([Cell(row[0], span=width, bold=True)])
            started.clear()
            continue
        cells = []
        for column, text in enumerate(row):
            if column in merged and not text and column in started:
                cells.append(MERGE_UP)
            else:
                cells.append(Cell(text))
                if column in merged and text:
                    started.add(column)
        table.add(cells)
    document = Document()
    document.add_paragraph("ЗАВДАННЯ І ЗАХОДИ")
    document.element.body.insert(len(document.element.body) - 1, table.element())
    document.save(str(path))
    return path


def write_xlsx(rows: list[list[str]], path: Path, *, merged: tuple[int, ...] = (0,)) -> Path:
    """The same table in a worksheet; a task's cell is merged down over its measures."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Заходи"
    starts: dict[int, int] = {}
    for row_number, row in enumerate(rows, start=1):
        for column, text in enumerate(row, start=1):
            sheet.cell(row_number, column, text or None)
        for column in merged:
            if row[column] or _is_section(row):
                if column in starts and row_number - 1 > starts[column]:
                    sheet.merge_cells(
                        start_row=starts[column],
                        end_row=row_number - 1,
                        start_column=column + 1,
                        end_column=column + 1,
                    )
                starts[column] = row_number
    last = len(rows)
    for column, start in starts.items():
        if last > start:
            sheet.merge_cells(
                start_row=start, end_row=last, start_column=column + 1, end_column=column + 1
            )
    workbook.save(str(path))
    return path
