"""The app's public JSON interchange formats (docs/formats.md), as plain dicts.

`ctb-program` carries a program's structure, `ctb-entries` a period's entries,
`ctb-units` the reporting units. Reading validates everything and says in
Ukrainian where a problem is ("tasks[2].measures[0].title"); writing then
reading gives back equal objects, and reading then writing gives back the same
dict, which is what makes `program show --json` / `program load` a round trip.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import partial
from typing import Any, Literal, TypedDict, TypeVar, overload

from ctb_desktop.domain.entries import (
    FinancingLine,
    IndicatorValue,
    MeasureState,
    PeriodEntries,
    StatusEntry,
    UnitReport,
)
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.limits import (
    MAX_YEAR,
    MIN_YEAR,
    LimitError,
    check_amount,
    check_count,
    check_number,
    check_year,
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

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


_KOPECK = Decimal("0.01")
# Numbers whose form alone keeps them within limits.check_number (15 digits before the
# point, 6 after) and amounts within check_amount (below 10^15, whole kopecks): almost
# every number of a file, read without taking it apart digit by digit.
_PLAIN_NUMBER = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,6})?")
_PLAIN_MONEY = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,2})?")


def _plain(text: str) -> Decimal:
    """A plain number as limits.check_number gives it: any zero as Decimal(0)."""
    return Decimal(text) or Decimal(0)


class FormatError(UserError, ValueError):
    """A document that does not follow the format; the message is Ukrainian."""


class _Node:
    """A JSON object being read, with the path used in error messages."""

    __slots__ = ("_index", "_parent", "_path", "data")

    def __init__(self, data: Any, path: str, parent: _Node | None = None, index: int = 0) -> None:
        # An item of a list gets its path ("entries[12]") only if an error names it.
        self.data = data
        self._path: str | None = path if parent is None else None
        self._parent, self._index = parent, index
        if not isinstance(data, dict):
            raise FormatError(f"{self.path or 'документ'}: очікується об'єкт JSON")

    @property
    def path(self) -> str:
        if self._path is None:
            assert self._parent is not None
            self._path = f"{self._parent.path}[{self._index}]"
        return self._path

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, kind: type | tuple[type, ...], *, optional: bool = False) -> Any:
        if key not in self.data:
            if optional:
                return None
            raise FormatError(f"{self._where(key)}: поле відсутнє")
        value = self.data[key]
        if value is None and optional:
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            raise FormatError(f"{self._where(key)}: неправильний тип значення {value!r}")
        return value

    def text(self, key: str, *, optional: bool = False) -> str:
        """NFC, so a «й» or «ї» written decomposed reads as the one letter."""
        value = self.get(key, str, optional=optional)
        return "" if value is None else unicodedata.normalize("NFC", value)

    def child(self, key: str) -> _Node:
        return _Node(self.get(key, dict), self._where(key))

    def items(self, key: str, read: Callable[[_Node], T]) -> list[T]:
        values = self.get(key, list, optional=True) or []
        parent = _Node({}, self._where(key)) if values else self
        return [read(_Node(item, "", parent, i)) for i, item in enumerate(values)]

    @overload
    def choice(self, key: str, enum: type[E], *, optional: Literal[False] = False) -> E: ...
    @overload
    def choice(self, key: str, enum: type[E], *, optional: bool) -> E | None: ...
    def choice(self, key: str, enum: type[E], *, optional: bool = False) -> E | None:
        value = self.get(key, str, optional=optional)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise FormatError(
                f"{self._where(key)}: невідоме значення «{value}» (можливі: {allowed})"
            ) from None

    @overload
    def decimal(self, key: str, *, optional: Literal[False]) -> Decimal: ...
    @overload
    def decimal(self, key: str, *, optional: bool = True) -> Decimal | None: ...
    def decimal(self, key: str, *, optional: bool = True) -> Decimal | None:
        value = self.get(key, str, optional=optional)
        if value is None:
            return None
        if _PLAIN_NUMBER.fullmatch(value):
            return _plain(value)
        try:
            number = Decimal(value) if len(value) <= 100 else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise FormatError(f"{self._where(key)}: «{value[:40]}» не є числом")
        return self.bounded(check_number, number, key)

    def bounded(self, check: Callable[[T, str], T], value: T, key: str) -> T:
        """`value` passed through one of domain/limits.py's checks; where it is in the
        document is worked out only to word a refusal (hundreds of thousands pass)."""
        try:
            return check(value, "")
        except LimitError:
            pass
        try:
            return check(value, self._where(key))
        except LimitError as exc:
            raise FormatError(str(exc)) from None

    def money(self, key: str) -> Decimal | None:
        text = self.get(key, str, optional=True)
        if text is not None and _PLAIN_MONEY.fullmatch(text):
            return _plain(text)
        amount = self.decimal(key)
        if amount is None:
            return None
        amount = self.bounded(check_amount, amount, key)
        if amount != amount.quantize(_KOPECK):
            raise FormatError(f"{self._where(key)}: сума {amount} має частки копійки")
        return amount

    def count(self, key: str) -> int | None:
        value = self.get(key, int, optional=True)
        return None if value is None else self.bounded(check_count, value, key)

    @overload
    def year(self, key: str, *, optional: Literal[False] = False) -> int: ...
    @overload
    def year(self, key: str, *, optional: bool) -> int | None: ...
    def year(self, key: str, *, optional: bool = False) -> int | None:
        value = self.get(key, int, optional=optional)
        return None if value is None else self.bounded(check_year, value, key)

    def date(self, key: str) -> date | None:
        value = self.get(key, str, optional=True)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise FormatError(f"{self._where(key)}: «{value}» не є датою РРРР-ММ-ДД") from None


def _check_header(data: Any, expected: str) -> _Node:
    root = _Node(data, "")
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
        approval_node = _Node(approval_data, "program.approval")
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


def _grouping_from_node(node: _Node) -> Grouping:
    return Grouping(
        number=node.text("number"),
        title=node.text("title"),
        tasks=node.items("tasks", _task_from_node),
    )


def _task_from_node(node: _Node) -> Task:
    return Task(
        number=node.text("number"),
        title=node.text("title"),
        measures=node.items("measures", _measure_from_node),
    )


def _measure_from_node(node: _Node) -> Measure:
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


def _indicator_from_node(node: _Node) -> Indicator:
    planned_node = _Node(node.get("planned", dict, optional=True) or {}, f"{node.path}.planned")
    planned = {}
    for year in planned_node.data:
        if not (year.isascii() and year.isdigit() and year_in_range(int(year))):
            raise FormatError(
                f"{planned_node.path}: ключ «{year[:40]}» має бути роком "
                f"від {MIN_YEAR} до {MAX_YEAR}"
            )
        planned[int(year)] = planned_node.decimal(year, optional=False)
    return Indicator(name=node.text("name"), unit=node.text("unit", optional=True), planned=planned)


def _plan_from_node(node: _Node) -> PlannedFinancing:
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
            report.status = _status_from_node(_Node(status, f"{node.path}.status"), place)
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


def _status_from_node(node: _Node, place: _Place) -> StatusEntry:
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


def _line_from_node(node: _Node, place: _Place) -> FinancingLine:
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
