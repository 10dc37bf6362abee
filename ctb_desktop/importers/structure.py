"""A program's structure from the tables of its annex (seeds 001, 002, 004, and our own
rendered annex): groupings → tasks → measures with terms, executors and, in the
8-column form, financing words and expected results.

Nothing is dropped silently: every row either becomes part of the structure or a
warning says where it was and what it held.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ctb_desktop.domain.periods import ReportingRule
from ctb_desktop.domain.program import (
    Executor,
    FundingSource,
    Grouping,
    Measure,
    PlannedFinancing,
    Program,
    ProgramLevel,
    Task,
)
from ctb_desktop.importers.grid import RawCell, RawDocument, RawTable
from ctb_desktop.importers.text import (
    Role,
    amount_or_words,
    clean,
    clean_term,
    header_role,
    is_column_number_row,
    one_line,
    split_executors,
    split_heading,
    split_measures,
)

# What makes a table a program's measures table.
_NEEDED = {Role.MEASURE}
_TASK_COLUMNS = (Role.TASK, Role.DIRECTION)
_YEAR = re.compile(r"\b(20\d\d)\b")


@dataclass
class ImportWarning:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class ColumnMap:
    """Which grid column holds what; `header_rows` rows at the top are titles."""

    roles: dict[int, Role]
    header_rows: int = 1

    def column(self, role: Role) -> int | None:
        return next((index for index, found in self.roles.items() if found is role), None)


@dataclass
class StructureImport:
    program: Program
    warnings: list[ImportWarning] = field(default_factory=list)
    rows: int = 0

    @property
    def counts(self) -> tuple[int, int, int]:
        """(groupings, tasks, measures)."""
        return (
            len(self.program.groupings),
            len(self.program.all_tasks),
            len(self.program.all_measures),
        )


def detect_columns(table: RawTable) -> ColumnMap | None:
    """The header row among the first rows: the one whose cells name a measure column."""
    return find_header(table, lambda roles: roles >= _NEEDED)


def find_header(table: RawTable, enough: Callable[[set[Role]], bool]) -> ColumnMap | None:
    """The first of the top rows whose recognised titles are `enough` to read the table
    by, with the row of column numbers under it, if any, counted among the headers."""
    for row_index, row in enumerate(table.rows[:6]):
        roles = {
            column: role
            for column, cell in enumerate(row)
            if not cell.from_left and (role := header_role(cell.text)) is not None
        }
        if enough(set(roles.values())):
            header_rows = row_index + 1
            if header_rows < len(table.rows) and is_column_number_row(
                [cell.text for cell in table.rows[header_rows]]
            ):
                header_rows += 1
            return ColumnMap(roles, header_rows)
    return None


def columns_from_names(names: list[str]) -> ColumnMap:
    """A mapping the clerk gives when headers are not recognised: one role name a column,
    in order ("task,measure,term,executors"); an empty name skips a column."""
    roles = {}
    for index, given in enumerate(names):
        name = given.strip().upper()
        if name:
            try:
                roles[index] = Role[name]
            except KeyError:
                allowed = ", ".join(role.name.lower() for role in Role)
                raise ValueError(f"Невідома колонка «{name.lower()}». Можливі: {allowed}") from None
    if Role.MEASURE not in roles.values():
        raise ValueError("Серед колонок має бути measure (найменування заходу)")
    # The table still opens with its own (unrecognised) titles; a number row is skipped anyway.
    return ColumnMap(roles, header_rows=1)


class _Builder:
    """Walks the rows in order, keeping the current grouping, task and measures."""

    def __init__(self, eight_columns: bool) -> None:
        self.groupings: list[Grouping] = []
        self.tasks: list[Task] = []  # tasks outside any grouping
        self.grouping: Grouping | None = None
        self.task: Task | None = None
        self.warnings: list[ImportWarning] = []
        self.eight_columns = eight_columns
        # A table repeats its executors row after row: each text is split once.
        self.split: dict[str, list[Executor]] = {}

    def start_grouping(self, number: str, title: str) -> None:
        self.grouping = Grouping(number, title)
        self.groupings.append(self.grouping)
        self.task = None

    def start_task(self, number: str, title: str) -> None:
        self.task = Task(number, title)
        (self.grouping.tasks if self.grouping else self.tasks).append(self.task)

    def executors(self, text: str) -> list[Executor]:
        """The executors of a cell, new objects for each row as if split anew."""
        found = self.split.get(text)
        if found is None:
            found = self.split[text] = split_executors(text)
        return [Executor(executor.name, executor.by_consent) for executor in found]

    def heading(self, text: str, where: str) -> None:
        """A task cell: it may hold a grouping and a task together (seed 002)."""
        for line in clean(text).split("\n"):
            kind, number, title = split_heading(line, numbered_tasks_are_groupings=False)
            if kind == "grouping":
                self.start_grouping(number, title)
            elif title:
                if self.task is not None and not number and not self.task.measures:
                    self.task.title = f"{self.task.title} {title}".strip()  # a title over two lines
                else:
                    self.start_task(number, title)
            elif number:
                self.warnings.append(ImportWarning(where, f"номер «{number}» без назви пропущено"))


def _text(row: list[RawCell], column: int | None) -> str:
    if column is None or column >= len(row) or row[column].from_above or row[column].from_left:
        return ""
    return row[column].text


def _full_width(row: list[RawCell]) -> str | None:
    """The text of a row that is one merged cell across the table (a grouping)."""
    if len(row) > 1 and row[0].text.strip() and all(cell.from_left for cell in row[1:]):
        return row[0].text
    return None


def guess_source(text: str) -> FundingSource:
    """The source kind a printed source names: державний / місцевий бюджет, or other."""
    lowered = text.casefold()
    if "державн" in lowered:
        return (
            FundingSource.STATE_SPECIAL if "спеціальн" in lowered else FundingSource.STATE_GENERAL
        )
    if "місцев" in lowered:
        return FundingSource.LOCAL
    return FundingSource.OTHER


def _financing(sources: str, amounts: str, where: str, builder: _Builder) -> list[PlannedFinancing]:
    source_lines = [line for line in clean(sources).split("\n") if line] or [""]
    amount_lines = [line for line in clean(amounts).split("\n") if line]
    plans = []
    for index, source in enumerate(source_lines):
        amount_text = amount_lines[index] if index < len(amount_lines) else ""
        year = None
        matched = re.match(r"^(20\d\d)\s*р\.?\s*[–-]\s*(.+)$", amount_text)
        if matched:
            year, amount_text = int(matched.group(1)), matched.group(2)
        try:
            amount, words = amount_or_words(amount_text)
        except ValueError:
            amount, words = None, amount_text
            builder.warnings.append(
                ImportWarning(where, f"обсяг фінансування «{amount_text}» збережено як текст")
            )
        if source or amount is not None or words:
            plans.append(
                PlannedFinancing(guess_source(source), one_line(source), year, amount, words)
            )
    return plans


def _table_rows(
    builder: _Builder, table: RawTable, columns: ColumnMap, result: StructureImport
) -> None:
    header = [cell.text for cell in table.rows[0]] if columns.header_rows else []
    task_column = next(
        (columns.column(role) for role in _TASK_COLUMNS if columns.column(role) is not None), None
    )
    number_column = columns.column(Role.NUMBER)
    measure_column = columns.column(Role.MEASURE)
    term_column, executors_column = columns.column(Role.TERM), columns.column(Role.EXECUTORS)
    expected_column = columns.column(Role.EXPECTED_RESULT)
    source_column, amount_column = columns.column(Role.SOURCE), columns.column(Role.AMOUNT)
    for index, row in enumerate(table.rows[columns.header_rows :], start=columns.header_rows + 1):
        where = f"{table.where}, рядок {index}"
        texts = [cell.text for cell in row]
        if not any(text.strip() for text in texts):
            continue
        if is_column_number_row(texts) or (header and texts == header):
            continue  # repeated at a page break
        result.rows += 1
        grouping = _full_width(row)
        if grouping is not None:
            _, number, title = split_heading(clean(grouping), numbered_tasks_are_groupings=True)
            builder.start_grouping(number, title or one_line(grouping))
            continue
        task_text = _text(row, task_column)
        if number_column is not None and task_text:
            task_text = f"{_text(row, number_column)} {task_text}"
        if task_text.strip():
            builder.heading(task_text, where)
        measure_text = _text(row, measure_column)
        if not measure_text.strip():
            if not task_text.strip():
                builder.warnings.append(
                    ImportWarning(
                        where, f"рядок без заходу пропущено: «{one_line(' '.join(texts))[:120]}»"
                    )
                )
            continue
        if builder.task is None:
            builder.start_task("", "")
            builder.warnings.append(
                ImportWarning(where, "захід без завдання віднесено до завдання без назви")
            )
        term = clean_term(_text(row, term_column))
        executors = builder.executors(_text(row, executors_column))
        expected = one_line(_text(row, expected_column))
        plans = []
        if source_column is not None or amount_column is not None:
            plans = _financing(_text(row, source_column), _text(row, amount_column), where, builder)
        for numbered in split_measures(measure_text):
            builder.task.measures.append(
                Measure(
                    number=numbered.number,
                    title=numbered.text,
                    term=term,
                    executors=list(executors),
                    expected_result=expected,
                    financing_plan=list(plans),
                )
            )


def _check_numbering(builder: _Builder) -> None:
    tasks = builder.tasks + [task for grouping in builder.groupings for task in grouping.tasks]
    seen_tasks: set[str] = set()
    for task in tasks:
        if task.number and task.number in seen_tasks:
            builder.warnings.append(
                ImportWarning("", f"номер завдання «{task.number}» повторюється")
            )
        seen_tasks.add(task.number)
        numbers = [
            int(m.number.rstrip(")")) for m in task.measures if m.number.rstrip(")").isdigit()
        ]
        # Counted once: list.count per number was quadratic (100,000 rows took minutes).
        repeated = Counter(numbers)
        for duplicate in sorted(n for n, times in repeated.items() if times > 1):
            builder.warnings.append(
                ImportWarning(
                    "", f"у завданні «{task.number}» номер заходу {duplicate}) повторюється"
                )
            )
        for previous, current in itertools.pairwise(numbers):
            if current > previous + 1:
                missing = ", ".join(f"{n})" for n in range(previous + 1, current))
                builder.warnings.append(
                    ImportWarning(
                        "", f"у завданні «{task.number}» пропущено номери заходів {missing}"
                    )
                )


def parse_structure(
    document: RawDocument,
    *,
    columns: ColumnMap | None = None,
    code: str = "",
    title: str = "",
    level: ProgramLevel = ProgramLevel.OBLAST,
) -> StructureImport:
    """The structure found in `document`. Tables whose headers are not recognised are
    skipped with a warning, unless `columns` says how to read them."""
    tables = [(table, columns or detect_columns(table)) for table in document.tables]
    readable = [(table, found) for table, found in tables if found is not None]
    eight = any(found.column(Role.SOURCE) is not None for _, found in readable)
    builder = _Builder(eight)
    program = Program(
        code=code or "imported",
        title=title or _title_from(document) or document.path.stem,
        level=level,
        approval=None,
        customer="",
        year_from=0,
        year_to=0,
        term="",
        reporting=ReportingRule(),
    )
    result = StructureImport(program)
    for table, found in tables:
        if found is None:
            builder.warnings.append(
                ImportWarning(
                    table.where,
                    "заголовки колонок не розпізнано, таблицю пропущено; вкажіть колонки вручну",
                )
            )
            continue
        _table_rows(builder, table, found, result)
    _check_numbering(builder)
    program.groupings, program.tasks = builder.groupings, builder.tasks
    program.year_from, program.year_to = _years(program)
    result.warnings = builder.warnings
    return result


def _title_from(document: RawDocument) -> str:
    """ "ЗАВДАННЯ І ЗАХОДИ з виконання обласної цільової … програми …" → that program."""
    text = " ".join(document.paragraphs)
    matched = re.search(r"з виконання\s+(.+?)(?:$|\s{2,})", text)
    return one_line(matched.group(1)) if matched else ""


def _years(program: Program) -> tuple[int, int]:
    years = [
        int(year)
        for text in [program.title] + [m.term for m in program.all_measures]
        for year in _YEAR.findall(text)
    ]
    if not years:
        return 2023, 2025
    return min(years), max(years)
