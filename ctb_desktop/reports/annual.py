"""The annual report on a program (seed 003): "ЗВІТ про результати виконання …" with
І. Фінансування (nine columns, region sub-rows, task and program sub-totals),
ІІ. Виконання (indicators, expected and achieved values, status texts) and
ІІІ. Пропозиції.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from ctb_desktop.domain.entries import FinancingLine, StatusEntry
from ctb_desktop.domain.fields import CASH, FINANCED, PLANNED_PROGRAM, PLANNED_YEAR, TEXT
from ctb_desktop.domain.money import format_report_amount, format_report_number
from ctb_desktop.domain.program import Measure, Task
from ctb_desktop.domain.progress import Progress
from ctb_desktop.domain.totals import (
    Amounts,
    ProgramTotals,
    SourceSplit,
    planned_by_program,
    program_totals,
)
from ctb_desktop.domain.wording import instrumental_title
from ctb_desktop.reports.context import (
    ReportData,
    ReportOptions,
    status_text,
)
from ctb_desktop.reports.lines import budget_holder, ordered_lines
from ctb_desktop.reports.wordml import (
    MERGE_UP,
    SECTION,
    Cell,
    Fragment,
    Table,
    merge_up,
    paragraph_xml,
)

BLOCKS = ("content",)
# The tables a template may give column widths ({{columns NAME: …}}), and their columns.
TABLES = {"financing": 9, "execution": 7}
GRIF = ""
SIGNATURE_NEEDED = True

SECTION_I = "І. Фінансування завдань та заходів програми"
SECTION_II = "ІІ. Виконання (основних) завдань та заходів програми"
SECTION_III = "ІІІ. Пропозиції щодо подальшого виконання програми"

FINANCING_HEADER = (
    "Найменування завдання",
    "Найменування заходу",
    "Головний розпорядник бюджетних коштів",
    "Джерела фінансування",
    "Річний обсяг фінансування\n(передбачено програмою з державного бюджету, іншими "
    "джерелами фінансування), тис. грн.",
    "Річний обсяг фінансування\n(передбачено з державного бюджету, іншими джерелами "
    "фінансування), тис. грн.",
    "Фактично профінансовано у звітному періоді, тис. грн.",
    "Касові видатки,\nтис. грн.",
    "Код та назва бюджетних програм, у рамках яких фактично здійснювалося фінансування",
)

EXECUTION_HEADER = (
    "Найменування завдання",
    "Найменування заходу",
    "Найменування показника",
    "Очікувані результати",
    "Фактично досягнуто (кількісний показник)",
    "Головний розпорядник бюджетних коштів",
    TEXT.label,  # the seed's title is the field's label
)

# Seed 003 prints four of the money columns: not the next year's plan.
MONEY = tuple(field.key for field in (PLANNED_PROGRAM, PLANNED_YEAR, FINANCED, CASH))
# Sub-total rows under "Усього": (label, attribute of SourceSplit).
TOTAL_ROWS = (
    ("– державний бюджет, у тому числі:", "state"),
    ("загальний фонд", "state_general"),
    ("спеціальний фонд", "state_special"),
    ("– місцевий бюджет", "local"),
    ("– інші", "other"),
)


def _money_cells(amounts: Amounts | FinancingLine, empty: str) -> list[Cell]:
    return [_money_cell(getattr(amounts, column), empty) for column in MONEY]


@lru_cache(maxsize=1 << 12)
def _money_cell(amount: Decimal | None, empty: str) -> Cell:
    """Amounts repeat over the units' lines (and a Cell cannot change): each is
    formatted once. Equal Decimals print alike («1000.0» and «1000.00» both «1,0»)."""
    return Cell(format_report_amount(amount, empty=empty), align="center")


def _planned(amounts: Amounts, plan: Amounts | None) -> Amounts:
    """A sub-total row with «передбачено програмою» from the program's plan."""
    if plan is None:
        return amounts
    return replace(amounts, planned_program=plan.planned_program)


def _total_block(
    table: Table, title: str, total_label: str, split: SourceSplit, plan: SourceSplit | None
) -> None:
    """ "Разом за завданням N" / "Разом по Програмі": Усього, then each source, kept
    on one page with their label. A sum over nothing is a zero here, printed "0,0" as
    the seed does; the planned column is the program's plan when it has one."""
    rows = [(total_label, split.total, plan.total if plan else None)] + [
        (label, getattr(split, key), getattr(plan, key) if plan else None)
        for label, key in TOTAL_ROWS
    ]
    for index, (label, amounts, planned) in enumerate(rows):
        first = Cell(title, span=2, bold=True) if index == 0 else merge_up(2)
        table.add(
            [
                first,
                Cell(label, span=2),
                *_money_cells(_planned(amounts, planned), "0,0"),
                Cell("-", align="center"),
            ]
        )
    table.keep_together(len(rows))


def _task_plan(plan: ProgramTotals | None, task: Task) -> SourceSplit | None:
    if plan is None:
        return None
    return plan.tasks.get(task.number) or _NOTHING_PLANNED


_ZERO = Amounts(planned_program=Decimal(0))
_NOTHING_PLANNED = SourceSplit(_ZERO, _ZERO, _ZERO, _ZERO, _ZERO)


def financing_table(data: ReportData, options: ReportOptions, progress: Progress) -> Table:
    program, unit = data.program, data.unit
    scope = data.unit_codes_in_scope
    lines = [line for line in data.entries.financing if line.unit_code in scope]
    by_measure: dict[tuple[str, str], list[FinancingLine]] = defaultdict(list)
    for line in lines:
        by_measure[(line.task_number, line.measure_number)].append(line)
    short_names = {candidate.code: candidate.short_name for candidate in data.units}
    totals = program_totals(program, lines)
    plan = planned_by_program(program, data.period)

    table = Table(len(FINANCING_HEADER), name="financing", page=options.page)
    table.add([Cell(text) for text in FINANCING_HEADER], header=True)
    for task in program.all_tasks:
        progress.step(f"Фінансування: завдання {task.number}")
        task_rows = 0
        for measure in task.measures:
            measure_lines = ordered_lines(
                by_measure.get((task.number, measure.reference), []), unit.code, data.units
            )
            previous_source: str | None = None
            first_own = True
            for index, line in enumerate(measure_lines):
                own = line.unit_code == unit.code
                holder = budget_holder(
                    line,
                    measure,
                    own_unit=unit.code,
                    first_own_line=first_own,
                    short_names=short_names,
                )
                first_own = first_own and not own
                source = (
                    MERGE_UP
                    if index and line.printed_source == previous_source
                    else Cell(line.printed_source)
                )
                previous_source = line.printed_source
                empty = "-" if own else ""
                table.add(
                    [
                        Cell(task.label) if task_rows == 0 else MERGE_UP,
                        Cell(measure.label) if index == 0 else MERGE_UP,
                        Cell(holder),
                        source,
                        *_money_cells(line, empty),
                        # Seed 003 prints a dash where a row names no budget program.
                        Cell(line.budget_program)
                        if line.budget_program
                        else Cell("-", align="center"),
                    ]
                )
                task_rows += 1
        if task_rows:
            number = task.number.rstrip(".")
            _total_block(
                table,
                f"Разом за завданням {number}",
                "Усього",
                totals.tasks[task.number],
                _task_plan(plan, task),
            )
    whole = plan.program if plan else None
    _total_block(table, "Разом по Програмі", "Разом", totals.program, whole)
    return table


def _execution_rows(
    table: Table, task: Task, measure: Measure, status: StatusEntry | None, year: int
) -> None:
    achieved = {value.indicator: value.value for value in status.achieved} if status else {}
    indicators = measure.indicators or [None]
    executors = "\n".join(executor.label for executor in measure.executors)
    for index, indicator in enumerate(indicators):
        first = index == 0
        table.add(
            [
                Cell(""),
                Cell(measure.label) if first else MERGE_UP,
                Cell(indicator.label if indicator else ""),
                Cell(
                    format_report_number(indicator.planned.get(year)) if indicator else "",
                    align="center",
                ),
                Cell(
                    format_report_number(achieved.get(indicator.name)) if indicator else "",
                    align="center",
                ),
                Cell(executors) if first else MERGE_UP,
                Cell(status_text(status)) if first else MERGE_UP,
            ]
        )


def execution_table(data: ReportData, options: ReportOptions, progress: Progress) -> Table:
    year = data.period.year
    statuses = data.unit_statuses()
    table = Table(len(EXECUTION_HEADER), name="execution", page=options.page)
    table.add([Cell(text) for text in EXECUTION_HEADER], header=True)
    for task in data.program.all_tasks:
        progress.step(f"Виконання: завдання {task.number}")
        shown = [
            measure
            for measure in task.measures
            if (task.number, measure.reference) in statuses
            or any(year in indicator.planned for indicator in measure.indicators)
        ]
        if not shown:
            continue
        table.add([Cell(task.label, span=len(EXECUTION_HEADER), bold=True)])
        table.keep_last_rows_with_next()  # a task's title never ends a page
        for measure in shown:
            _execution_rows(
                table, task, measure, statuses.get((task.number, measure.reference)), year
            )
    return table


def build(data: ReportData, options: ReportOptions, progress: Progress) -> dict[str, list]:
    data.require_period_and_unit("звіту про результати виконання")
    progress.start(2 * len(data.program.all_tasks) + 1, "Звіт про результати виконання")
    financing = financing_table(data, options, progress)
    execution = execution_table(data, options, progress)
    content = Fragment(
        [
            paragraph_xml(SECTION_I, SECTION),
            financing,
            paragraph_xml(SECTION_II, SECTION),
            execution,
            paragraph_xml(SECTION_III, SECTION),
            # The signature follows the last lines of text onto their page.
            paragraph_xml(proposals(data), keep_with_next=True),
        ]
    )
    return {"content": content}


def proposals(data: ReportData) -> str:
    """Section III: the unit's own proposals, then those of the units under it, each
    under its short name (as section II carries their texts). With none at all, the
    sentence seed 003 prints: carry on with what the program plans."""
    names = {unit.code: unit.short_name for unit in data.units}
    scope = data.unit_codes_in_scope
    texts = [data.entries.proposals.get(data.unit.code, "").strip()]
    for unit in data.units:
        text = data.entries.proposals.get(unit.code, "").strip()
        if unit.code != data.unit.code and unit.code in scope and text:
            texts.append(f"{names[unit.code]}\n{text}")
    texts = [text for text in texts if text]
    if texts:
        return "\n".join(texts)
    year, last = data.period.year, data.program.year_to
    years = f"{year} рік" if year >= last else f"{year} - {last} роки"
    return (
        "Пропонується продовжити виконання завдань і заходів, передбачених "
        f"{instrumental_title(data.program.title)}, реалізацію яких заплановано на {years}."
    )
