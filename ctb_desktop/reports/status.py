"""Status information of one reporting unit for one period (seed 000):
"Інформація про стан виконання … за І квартал 2015 року" with every task and
measure, then the financing from local budgets by region, in hryvnias without
rounding, every region listed even when it has nothing.
"""

from __future__ import annotations

from ctb_desktop.domain.fields import TEXT
from ctb_desktop.domain.money import format_hryvnias
from ctb_desktop.domain.program import FundingSource
from ctb_desktop.domain.progress import Progress
from ctb_desktop.domain.totals import split_by_source
from ctb_desktop.domain.units import UnitLevel, subtree_codes
from ctb_desktop.reports.context import ReportData, ReportOptions, status_text
from ctb_desktop.reports.wordml import MERGE_UP, Cell, Fragment, Table

BLOCKS = ("content", "financing")
# The tables a template may give column widths ({{columns NAME: …}}), and their columns.
TABLES = {"status": 4, "regions": 4}
GRIF = ""
SIGNATURE_NEEDED = True

STATUS_HEADER = (
    "Найменування завдання",
    "Захід",
    "Відповідальні за виконання заходу",
    TEXT.label,  # the seed's title is the field's label
)


def financing_header(data: ReportData) -> tuple[str, ...]:
    period = data.period
    return (
        "Регіон",
        f"Виділено коштів на {period.year} рік (грн.)",
        f"Використано коштів {period.in_phrase} (грн.)",
        f"Заплановано коштів на {period.year + 1} рік (грн.)",
    )


def _status_table(data: ReportData, options: ReportOptions, progress: Progress) -> Table:
    statuses = data.unit_statuses()
    table = Table(len(STATUS_HEADER), name="status", page=options.page)
    table.add([Cell(text) for text in STATUS_HEADER], header=True)
    for task in data.program.all_tasks:
        progress.step(f"Завдання {task.number}")
        if not task.measures:
            table.add([Cell(task.label), Cell(""), Cell(""), Cell("")])
        for index, measure in enumerate(task.measures):
            status = statuses.get((task.number, measure.reference))
            table.add(
                [
                    Cell(task.label) if index == 0 else MERGE_UP,
                    Cell(measure.label),
                    Cell(measure.executors_text),
                    Cell(status_text(status, counts=True)),
                ]
            )
    table.keep_last_rows_with_next()
    return table


def _financing_table(data: ReportData, options: ReportOptions) -> Table:
    """One row per oblast-level unit: what it and the units under it, within the
    reporting unit's reach, have from local budgets."""
    scope = data.unit_codes_in_scope
    local = [
        line
        for line in data.entries.financing
        if line.source is FundingSource.LOCAL and line.unit_code in scope
    ]
    table = Table(4, name="regions", page=options.page)
    table.add([Cell(text) for text in financing_header(data)], header=True)
    regions = [unit for unit in data.units if unit.level is UnitLevel.OBLAST and unit.active]
    for region in regions:
        codes = subtree_codes(data.units, region.code)
        amounts = split_by_source(line for line in local if line.unit_code in codes).total
        table.add(
            [
                Cell(region.territory or region.name),
                *(
                    Cell(format_hryvnias(getattr(amounts, column)), align="right")
                    for column in ("planned_year", "cash", "planned_next_year")
                ),
            ]
        )
    table.keep_last_rows_with_next()
    return table


def build(data: ReportData, options: ReportOptions, progress: Progress) -> dict[str, list]:
    data.require_period_and_unit("інформації про стан виконання")
    progress.start(len(data.program.all_tasks) + 1, "Інформація про стан виконання")
    return {
        "content": Fragment([_status_table(data, options, progress)]),
        "financing": Fragment([_financing_table(data, options)]),
    }
