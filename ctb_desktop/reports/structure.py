"""The program structure annex: "Додаток 2 до Програми — ЗАВДАННЯ І ЗАХОДИ …".

Four columns as seeds 001 and 002 print it (task · measure · term · executors, with
the column-number row 1 2 3 4 repeated on every page), or the eight columns of
seed 004 when the program carries planned financing and expected results. Tasks
stand once beside their measures; groupings are full-width rows.
"""

from __future__ import annotations

from ctb_desktop.domain.money import format_report_amount
from ctb_desktop.domain.program import Measure, Program, Task
from ctb_desktop.domain.progress import Progress
from ctb_desktop.reports.context import ReportData, ReportError, ReportOptions
from ctb_desktop.reports.wordml import MERGE_UP, Cell, Fragment, Table

BLOCKS = ("content",)
# The tables a template may give column widths ({{columns NAME: …}}), and their columns.
TABLES = {"short": 4, "full": 8}
GRIF = "Додаток 2\nдо Програми"
SIGNATURE_NEEDED = False

SHORT_HEADER = ("Найменування завдання", "Найменування заходу", "Термін виконання", "Виконавці")
FULL_HEADER = (
    "№ з/п",
    "Назва напрямку діяльності (пріоритетні завдання)",
    "Найменування заходу",
    "Термін виконання",
    "Виконавці",
    "Джерело фінансування",
    "Орієнтовні обсяги фінансування, тис. грн.",
    "Очікуваний результат",
)


def columns_for(program: Program, requested: int | None) -> int:
    """8 columns when the program has both planned financing and expected results."""
    if requested is not None:
        if requested not in (4, 8):
            raise ReportError(f"Додаток може мати 4 або 8 колонок, а не {requested}")
        return requested
    measures = program.all_measures
    has_money = any(measure.financing_plan for measure in measures)
    has_results = any(measure.expected_result for measure in measures)
    return 8 if has_money and has_results else 4


def _financing(program: Program, measure: Measure) -> tuple[str, str]:
    """Source and amount cells; a sum in тис. грн or the program's words for it."""
    several_years = program.year_from != program.year_to
    sources, amounts = [], []
    for plan in measure.financing_plan:
        sources.append(plan.source_text)
        amount = plan.note if plan.amount is None else format_report_amount(plan.amount)
        if plan.year is not None and several_years and plan.amount is not None:
            amount = f"{plan.year} р. – {amount}"
        amounts.append(amount)
    return "\n".join(sources), "\n".join(amounts)


def _short_rows(table: Table, task: Task) -> None:
    if not task.measures:
        table.add([Cell(task.label), Cell(""), Cell(""), Cell("")])
    for index, measure in enumerate(task.measures):
        table.add(
            [
                Cell(task.label) if index == 0 else MERGE_UP,
                Cell(measure.label),
                Cell(measure.term, align="center"),
                Cell(measure.executors_text),
            ]
        )


def _full_rows(table: Table, program: Program, task: Task) -> None:
    if not task.measures:
        table.add([Cell(task.number), Cell(task.title)] + [Cell("")] * 6)
    for index, measure in enumerate(task.measures):
        first = index == 0
        source, amount = _financing(program, measure)
        table.add(
            [
                Cell(task.number) if first else MERGE_UP,
                Cell(task.title) if first else MERGE_UP,
                Cell(measure.label),
                Cell(measure.term, align="center"),
                Cell(measure.executors_text),
                Cell(source),
                Cell(amount, align="center"),
                Cell(measure.expected_result),
            ]
        )


def build(data: ReportData, options: ReportOptions, progress: Progress) -> dict[str, list]:
    program = data.program
    columns = columns_for(program, options.columns)
    header, name = (FULL_HEADER, "full") if columns == 8 else (SHORT_HEADER, "short")
    progress.start(len(program.all_tasks) + 1, "Завдання і заходи")
    table = Table(columns, name=name, page=options.page)
    table.add([Cell(text) for text in header], header=True)
    table.add([Cell(str(number)) for number in range(1, columns + 1)], header=True)

    def add_task(task: Task) -> None:
        progress.step(f"Завдання {task.number}")
        if columns == 8:
            _full_rows(table, program, task)
        else:
            _short_rows(table, task)

    for task in program.tasks:
        add_task(task)
    for grouping in program.groupings:
        table.add([Cell(grouping.label, span=columns, bold=True)])
        table.keep_last_rows_with_next()  # a grouping's title never ends a page
        for task in grouping.tasks:
            add_task(task)
    return {"content": Fragment([table])}
