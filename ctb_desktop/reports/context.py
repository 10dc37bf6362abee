"""What a layout renders from: the program, the units, one period's entries, the
reporting unit, and the clerk's options. Loaded from the database in the caller's
thread; rendering itself touches no database, so it can run on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from ctb_desktop.domain.entries import IndicatorValue, MeasureState, PeriodEntries, StatusEntry
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.fields import COUNT_FIELDS
from ctb_desktop.domain.money import format_report_number
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Program, ProgramLevel
from ctb_desktop.domain.units import ReportingUnit, subtree_codes
from ctb_desktop.domain.wording import genitive_title, signature_name
from ctb_desktop.reports.page import Page
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore

# A line to sign on by hand when no signatory is configured.
BLANK_SIGNATURE = "_" * 30


class ReportError(UserError):
    """A report that cannot be made from what was asked; the message says why."""


@dataclass
class Signatory:
    position: str
    name: str


@dataclass
class ReportOptions:
    """`grif` None means the layout's default; `columns` picks the structure annex
    variant (4 or 8 columns), None chooses by what the program carries. `created`
    dates the file's properties (now when None); `page` is the template's text area
    and column widths, which render() reads from the template."""

    template: Path | None = None
    signatory: Signatory | None = None
    grif: str | None = None
    columns: int | None = None
    today: date = field(default_factory=date.today)
    created: datetime | None = None
    page: Page = field(default_factory=Page)


@dataclass
class ReportData:
    program: Program
    units: list[ReportingUnit]
    period: Period | None = None
    entries: PeriodEntries | None = None
    unit: ReportingUnit | None = None

    def require_period_and_unit(self, document: str) -> None:
        """Refuse to make a report for a period without the period and the unit;
        `document` names the report after «Для» ("звіту про результати виконання")."""
        if self.period is None or self.entries is None:
            raise ReportError(f"Для {document} потрібен звітний період")
        if self.unit is None:
            raise ReportError(f"Для {document} вкажіть звітуючий орган")

    def unit_statuses(self) -> dict[tuple[str, str], StatusEntry]:
        """The reporting unit's statuses by (task number, measure number), with what the
        units under it reported: their texts follow its own, each under the unit's short
        name, as seed 003 prints the oblasts' paragraphs; counts they achieved are added
        up where the unit itself gave none (shares and percentages are not)."""
        own: dict[tuple[str, str], StatusEntry] = {}
        below: dict[tuple[str, str], list[StatusEntry]] = {}
        order = {unit.code: index for index, unit in enumerate(self.units)}
        scope = self.unit_codes_in_scope - {self.unit.code}
        for status in self.entries.statuses:
            key = (status.task_number, status.measure_number)
            if status.unit_code == self.unit.code:
                own[key] = status
            elif status.unit_code in scope:
                below.setdefault(key, []).append(status)
        merged = dict(own)
        for key, statuses in below.items():
            statuses.sort(key=lambda status: order.get(status.unit_code, len(order)))
            base = own.get(key) or StatusEntry(*key, self.unit.code, self.period)
            merged[key] = _with_units_below(base, statuses, self._short_names)
        return merged

    @property
    def _short_names(self) -> dict[str, str]:
        return {unit.code: unit.short_name for unit in self.units}

    @property
    def unit_codes_in_scope(self) -> set[str]:
        """The reporting unit and every unit under it."""
        if self.unit is None:
            return set()
        return subtree_codes(self.units, self.unit.code)


def _with_units_below(
    base: StatusEntry, statuses: list[StatusEntry], names: dict[str, str]
) -> StatusEntry:
    texts = [base.text] if base.text else []
    texts += [f"{names[status.unit_code]}\n{status.text}" for status in statuses if status.text]
    achieved = {value.indicator: value.value for value in base.achieved}
    for status in statuses:
        for value in status.achieved:
            if value.indicator in {v.indicator for v in base.achieved} or _is_share(value):
                continue
            achieved[value.indicator] = achieved.get(value.indicator, 0) + value.value
    counts = {
        field.key: getattr(base, field.key)
        if getattr(base, field.key) is not None
        else _sum(getattr(status, field.key) for status in statuses)
        for field in COUNT_FIELDS
    }
    return replace(
        base,
        text="\n".join(texts),
        achieved=[IndicatorValue(name, value) for name, value in achieved.items()],
        **counts,
    )


def _sum(values) -> int | None:
    given = [value for value in values if value is not None]
    return sum(given) if given else None


def status_text(status: StatusEntry | None, *, counts: bool = False) -> str:
    """The status cell: the text, or «Не виконано» for a measure marked so with none
    (seed 003); with `counts`, the events, people and victims counted follow it, as
    seed 000's texts give them («Проведено заходів: 3. Охоплено осіб: 120.»)."""
    if status is None:
        return ""
    text = status.text.strip()
    if not text and status.state is MeasureState.NOT_DONE:
        text = MeasureState.NOT_DONE.title
    if counts:
        given = [
            f"{field.label}: {format_report_number(getattr(status, field.key))}."
            for field in COUNT_FIELDS
            if getattr(status, field.key) is not None
        ]
        if given:
            text = "\n".join(part for part in (text, " ".join(given)) if part)
    return text


def _is_share(value: IndicatorValue) -> bool:
    """A share or a percentage cannot be summed across units."""
    name = value.indicator.casefold()
    return "частка" in name or "відсот" in name or "%" in name


def load_report_data(
    db: Database, program_id: int, period: Period | None = None, unit_code: str | None = None
) -> ReportData:
    """Everything a layout needs, read in one go. Without `unit_code` the report is made
    for the top of the unit hierarchy (the unit nobody is above), if there is one."""
    program = ProgramStore(db).load(program_id)
    units = UnitStore(db).list()
    unit = None
    if unit_code is not None:
        unit = next((candidate for candidate in units if candidate.code == unit_code), None)
        if unit is None:
            known = ", ".join(candidate.code for candidate in units) or "довідник порожній"
            raise ReportError(f"Звітуючого органу «{unit_code}» немає в базі. Відомі: {known}")
    else:
        roots = [candidate for candidate in units if candidate.parent_code is None]
        unit = roots[0] if len(roots) == 1 else None
    entries = None if period is None else EntryStore(db).load(program, period)
    return ReportData(program, units, period, entries, unit)


def program_genitive(program: Program) -> str:
    """The title as it reads mid-sentence ("стан виконання …"): a national program keeps
    its capital ("Державної цільової …"), others are common nouns ("обласної …")."""
    title = genitive_title(program.title)
    if program.level is ProgramLevel.NATIONAL:
        return title
    return title[:1].lower() + title[1:]


def reporting_body(data: ReportData) -> str:
    """Who the document names as the program's customer or executor: the reporting
    unit as seed 003 names executors («Волинська ОВА»), unless it is the customer
    itself (seed 003's ministry). An oblast's own or consolidated report names the
    oblast."""
    unit, customer = data.unit, data.program.customer
    if unit is None or (customer and customer in (unit.name, unit.short_name)):
        return customer
    return unit.short_name or unit.name


def fields(
    data: ReportData, options: ReportOptions, *, grif: str, signature_needed: bool
) -> dict[str, str]:
    """The {{field}} values every template may use."""
    program, period, unit = data.program, data.period, data.unit
    signatory = options.signatory
    if signatory is not None:
        position, name = signatory.position, signature_name(signatory.name)
    elif signature_needed:
        position, name = BLANK_SIGNATURE, BLANK_SIGNATURE
    else:
        position = name = ""
    values = {
        "program_title": program.title,
        "program_title_genitive": program_genitive(program),
        "approval": program.approval.citation if program.approval else "",
        "customer": program.customer,
        "program_term": program.term or f"{program.year_from}–{program.year_to} роки",
        "grif": options.grif if options.grif is not None else grif,
        "signatory_position": position,
        "signatory_name": name,
        "date": f"{options.today:%d.%m.%Y}",
        "unit_name": unit.name if unit else "",
        "unit_short_name": unit.short_name if unit else "",
        "unit_instrumental": (unit.name_instrumental or unit.name) if unit else "",
        "reporting_body": reporting_body(data),
    }
    if period is not None:
        values |= {
            "year": str(period.year),
            "next_year": str(period.year + 1),
            "period_title": period.title,
            "period_for": period.for_phrase,
            "period_in": period.in_phrase,
        }
    return values
