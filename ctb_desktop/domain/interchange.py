"""The app's public JSON interchange formats (docs/formats.md), as plain dicts.

`ctb-program` carries a program's structure, `ctb-entries` a period's entries,
`ctb-units` the reporting units. Reading validates everything and says in
Ukrainian where a problem is ("tasks[2].measures[0].title"); writing then
reading gives back equal objects, and reading then writing gives back the same
dict, which is what makes `program show --json` / `program load` a round trip.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any, TypedDict

from ctb_desktop.domain.entries import (
    FinancingLine,
    IndicatorValue,
    MeasureState,
    PeriodEntries,
    StatusEntry,
    UnitReport,
)
from ctb_desktop.domain.json_fields import FormatError, Node
from ctb_desktop.domain.limits import (
    MAX_YEAR,
    MIN_YEAR,
    year_in_range,
)
from ctb_desktop.domain.money import canonical_number
from ctb_desktop.domain.periods import Frequency, Period, PeriodError, ReportingRule
from ctb_desktop.domain.program import (
    Approval,
    Executor,
    FundingSource,
    Grouping,
    Indicator,
    Measure,
    PlannedFinancing,
    Program,
    ProgramLevel,
    Task,
)
from ctb_desktop.domain.units import ReportingUnit, UnitError, UnitLevel, check_hierarchy

FORMAT_VERSION = 1
PROGRAM_FORMAT = "ctb-program"
ENTRIES_FORMAT = "ctb-entries"
UNITS_FORMAT = "ctb-units"


def _check_header(data: Any, expected: str) -> Node:
    root = Node(data, "")
    kind = root.get("format", str)
    if kind != expected:
        raise FormatError(f"Це документ формату «{kind}», а очікується «{expected}»")
    version = root.get("format_version", int)
    if version > FORMAT_VERSION:
        raise FormatError(
            f"Документ має версію формату {version}, а ця версія програми читає лише до "
            f"{FORMAT_VERSION}. Оновіть ctb-desktop"
        )
    return root


def _money_text(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount.quantize(Decimal('0.01')):f}"


# ----------------------------------------------------------------------- program


def program_to_dict(program: Program) -> dict[str, Any]:
    approval = program.approval
    return {
        "format": PROGRAM_FORMAT,
        "format_version": FORMAT_VERSION,
        "program": {
            "code": program.code,
            "title": program.title,
            "level": program.level.value,
            "approval": None
            if approval is None
            else {
                "act": approval.act,
                "body": approval.body,
                "date": approval.date.isoformat() if approval.date else None,
                "number": approval.number,
            },
            "customer": program.customer,
            "year_from": program.year_from,
            "year_to": program.year_to,
            "term": program.term,
            "reporting": {
                "frequency": program.reporting.frequency.value,
                "due_day": program.reporting.due_day,
                "due_month": program.reporting.due_month,
            },
            "groupings": [
                {
                    "number": grouping.number,
                    "title": grouping.title,
                    "tasks": [_task_to_dict(task) for task in grouping.tasks],
                }
                for grouping in program.groupings
            ],
            "tasks": [_task_to_dict(task) for task in program.tasks],
        },
    }


def _task_to_dict(task: Task) -> dict[str, Any]:
    return {
        "number": task.number,
        "title": task.title,
        "measures": [_measure_to_dict(measure) for measure in task.measures],
    }


def _measure_to_dict(measure: Measure) -> dict[str, Any]:
    return {
        "number": measure.number,
        "title": measure.title,
        "term": measure.term,
        "executors": [
            {"name": executor.name, "by_consent": executor.by_consent}
            for executor in measure.executors
        ],
        "expected_result": measure.expected_result,
        "indicators": [
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "planned": {
                    str(year): canonical_number(value)
                    for year, value in sorted(indicator.planned.items())
                },
            }
            for indicator in measure.indicators
        ],
        "financing_plan": [
            {
                "source": plan.source.value,
                "source_text": plan.source_text,
                "year": plan.year,
                "amount": _money_text(plan.amount),
                "note": plan.note,
            }
            for plan in measure.financing_plan
        ],
    }


def program_from_dict(data: Any) -> Program:
    node = _check_header(data, PROGRAM_FORMAT).child("program")
    approval_data = node.get("approval", dict, optional=True)
    approval = None
    if approval_data is not None:
        approval_node = Node(approval_data, "program.approval")
        approval = Approval(
            act=approval_node.text("act"),
            body=approval_node.text("body"),
            date=approval_node.date("date"),
            number=approval_node.text("number"),
        )
    reporting = node.child("reporting")
    try:
        rule = ReportingRule(
            frequency=reporting.choice("frequency", Frequency),
            due_day=reporting.get("due_day", int),
            due_month=reporting.get("due_month", int, optional=True),
        )
    except PeriodError as exc:
        raise FormatError(f"program.reporting: {exc}") from None
    program = Program(
        code=node.text("code"),
        title=node.text("title"),
        level=node.choice("level", ProgramLevel),
        approval=approval,
        customer=node.text("customer"),
        year_from=node.year("year_from"),
        year_to=node.year("year_to"),
        term=node.text("term", optional=True),
        reporting=rule,
        groupings=node.items("groupings", _grouping_from_node),
        tasks=node.items("tasks", _task_from_node),
    )
    _check_program(program)
    return program


def _grouping_from_node(node: Node) -> Grouping:
    return Grouping(
        number=node.text("number"),
        title=node.text("title"),
        tasks=node.items("tasks", _task_from_node),
    )


def _task_from_node(node: Node) -> Task:
    return Task(
        number=node.text("number"),
        title=node.text("title"),
        measures=node.items("measures", _measure_from_node),
    )


def _measure_from_node(node: Node) -> Measure:
    return Measure(
        number=node.text("number"),
        title=node.text("title"),
        term=node.text("term", optional=True),
        executors=node.items(
            "executors",
            lambda item: Executor(
                name=item.text("name"), by_consent=bool(item.get("by_consent", bool))
            ),
        ),
        expected_result=node.text("expected_result", optional=True),
        indicators=node.items("indicators", _indicator_from_node),
        financing_plan=node.items("financing_plan", _plan_from_node),
    )


def _indicator_from_node(node: Node) -> Indicator:
    planned_node = Node(node.get("planned", dict, optional=True) or {}, f"{node.path}.planned")
    planned = {}
    for year in planned_node.data:
        if not (year.isascii() and year.isdigit() and year_in_range(int(year))):
            raise FormatError(
                f"{planned_node.path}: ключ «{year[:40]}» має бути роком "
                f"від {MIN_YEAR} до {MAX_YEAR}"
            )
        planned[int(year)] = planned_node.decimal(year, optional=False)
    return Indicator(name=node.text("name"), unit=node.text("unit", optional=True), planned=planned)


def _plan_from_node(node: Node) -> PlannedFinancing:
    return PlannedFinancing(
        source=node.choice("source", FundingSource),
        source_text=node.text("source_text", optional=True),
        year=node.year("year", optional=True),
        amount=node.money("amount"),
        note=node.text("note", optional=True),
    )


def _check_program(program: Program) -> None:
    if not program.code.strip():
        raise FormatError("program.code: код програми не може бути порожнім")
    if not program.title.strip():
        raise FormatError("program.title: назва програми не може бути порожньою")
    if program.year_from > program.year_to:
        raise FormatError(
            f"program: рік початку {program.year_from} пізніший за рік завершення {program.year_to}"
        )
    seen_tasks: set[str] = set()
    for task in program.all_tasks:
        if task.number in seen_tasks:
            raise FormatError(f"Номер завдання «{task.number}» повторюється")
        seen_tasks.add(task.number)
        seen_measures: set[str] = set()
        for measure in task.measures:
            # Entries name a measure by its number, or an unnumbered one by its title.
            if measure.reference in seen_measures:
                raise FormatError(
                    f"У завданні «{task.number}» номер заходу «{measure.reference}» повторюється"
                )
            seen_measures.add(measure.reference)
            names = [indicator.name for indicator in measure.indicators]
            if len(names) != len(set(names)):
                raise FormatError(
                    f"У заході «{task.number} {measure.number}» назви показників повторюються"
                )


# ----------------------------------------------------------------------- units


def units_to_dict(units: list[ReportingUnit]) -> dict[str, Any]:
    return {
        "format": UNITS_FORMAT,
        "format_version": FORMAT_VERSION,
        "units": [
            {
                "code": unit.code,
                "name": unit.name,
                "short_name": unit.short_name,
                "level": unit.level.value,
                "parent": unit.parent_code,
                "name_instrumental": unit.name_instrumental,
                "katottg": unit.katottg,
                "territory": unit.territory,
                "body": unit.body,
                "email": unit.email,
                "active": unit.active,
            }
            for unit in units
        ],
    }


def units_from_dict(data: Any) -> list[ReportingUnit]:
    root = _check_header(data, UNITS_FORMAT)
    units = root.items(
        "units",
        lambda node: ReportingUnit(
            code=node.text("code"),
            name=node.text("name"),
            short_name=node.text("short_name"),
            level=node.choice("level", UnitLevel),
            parent_code=node.get("parent", str, optional=True),
            name_instrumental=node.text("name_instrumental", optional=True),
            katottg=node.text("katottg", optional=True),
            territory=node.text("territory", optional=True),
            body=node.text("body", optional=True),
            email=node.text("email", optional=True),
            active=node.get("active", bool, optional=True) is not False,
        ),
    )
    try:
        check_hierarchy(units)
    except UnitError as exc:
        raise FormatError(str(exc)) from None
    return units


# ----------------------------------------------------------------------- entries


def entries_to_dict(entries: PeriodEntries) -> dict[str, Any]:
    return {
        "format": ENTRIES_FORMAT,
        "format_version": FORMAT_VERSION,
        "program": entries.program_code,
        "period": entries.period.code,
        "entries": [
            {
                "task": report.task_number,
                "measure": report.measure_number,
                "unit": report.unit_code,
                "status": None if report.status is None else _status_to_dict(report.status),
                "financing": [_line_to_dict(line) for line in report.financing],
            }
            for report in entries.reports
        ],
        "proposals": [{"unit": unit, "text": text} for unit, text in entries.proposals.items()],
    }


def _status_to_dict(status: StatusEntry) -> dict[str, Any]:
    return {
        "state": status.state.value,
        "text": status.text,
        "events_held": status.events_held,
        "people_reached": status.people_reached,
        "victims_identified": status.victims_identified,
        "achieved": [
            {"indicator": value.indicator, "value": canonical_number(value.value)}
            for value in status.achieved
        ],
    }


def _line_to_dict(line: FinancingLine) -> dict[str, Any]:
    return {
        "source": None if line.source is None else line.source.value,
        "source_text": line.source_text,
        "budget_holder": line.budget_holder,
        "planned_program": _money_text(line.planned_program),
        "planned_year": _money_text(line.planned_year),
        "financed": _money_text(line.financed),
        "cash": _money_text(line.cash),
        "planned_next_year": _money_text(line.planned_next_year),
        "budget_program_code": line.budget_program_code,
        "budget_program_name": line.budget_program_name,
    }


def entries_from_dict(data: Any) -> PeriodEntries:
    root = _check_header(data, ENTRIES_FORMAT)
    try:
        period = Period.parse(root.text("period"))
    except PeriodError as exc:
        raise FormatError(f"period: {exc}") from None
    entries = PeriodEntries(root.text("program"), period)
    seen: set[tuple[str, str, str]] = set()
    for node in root.items("entries", lambda node: node):
        report = UnitReport(node.text("task"), node.text("measure"), node.text("unit"))
        key = (report.task_number, report.measure_number, report.unit_code)
        if key in seen:
            raise FormatError(
                f"{node.path}: захід «{key[0]} {key[1]}» для органу «{key[2]}» вказано двічі"
            )
        seen.add(key)
        status = node.get("status", dict, optional=True)
        if status is not None:
            place = _place(report, period)
            report.status = _status_from_node(Node(status, f"{node.path}.status"), place)
        report.financing = node.items(
            "financing", partial(_line_from_node, place=_place(report, period))
        )
        entries.reports.append(report)
    for node in root.items("proposals", lambda node: node):
        entries.proposals[node.text("unit")] = node.text("text")
    return entries


class _Place(TypedDict):
    """Where an entry belongs: what every status and financing line repeats."""

    task_number: str
    measure_number: str
    unit_code: str
    period: Period


def _place(report: UnitReport, period: Period) -> _Place:
    return _Place(
        task_number=report.task_number,
        measure_number=report.measure_number,
        unit_code=report.unit_code,
        period=period,
    )


def _status_from_node(node: Node, place: _Place) -> StatusEntry:
    return StatusEntry(
        **place,
        state=node.choice("state", MeasureState),
        text=node.text("text", optional=True),
        events_held=node.count("events_held"),
        people_reached=node.count("people_reached"),
        victims_identified=node.count("victims_identified"),
        achieved=node.items(
            "achieved",
            lambda item: IndicatorValue(
                indicator=item.text("indicator"), value=item.decimal("value", optional=False)
            ),
        ),
    )


def _line_from_node(node: Node, place: _Place) -> FinancingLine:
    return FinancingLine(
        **place,
        source=node.choice("source", FundingSource, optional=True),
        source_text=node.text("source_text", optional=True),
        budget_holder=node.get("budget_holder", str, optional=True),
        planned_program=node.money("planned_program"),
        planned_year=node.money("planned_year"),
        financed=node.money("financed"),
        cash=node.money("cash"),
        planned_next_year=node.money("planned_next_year"),
        budget_program_code=node.get("budget_program_code", str, optional=True),
        budget_program_name=node.get("budget_program_name", str, optional=True),
    )
