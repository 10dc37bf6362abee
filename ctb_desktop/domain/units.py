"""Reporting units: the bodies that report, from a community up to the ministry."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from ctb_desktop.domain.errors import UserError


class UnitLevel(Enum):
    """Ordered bottom-up: a unit reports to a unit of a higher level."""

    COMMUNITY = "community"
    DISTRICT = "district"
    OBLAST = "oblast"
    MINISTRY = "ministry"

    @property
    def rank(self) -> int:
        return list(UnitLevel).index(self)

    @property
    def title(self) -> str:
        return {
            UnitLevel.COMMUNITY: "громада",
            UnitLevel.DISTRICT: "район",
            UnitLevel.OBLAST: "область",
            UnitLevel.MINISTRY: "міністерство",
        }[self]


class UnitError(UserError, ValueError):
    """An inconsistent unit hierarchy; the message is Ukrainian."""


@dataclass
class ReportingUnit:
    """`code` is stable across databases (ISO 3166-2 for oblasts: "UA-07");
    `short_name` is what report sub-rows print ("Волинська ОВА");
    `name_instrumental` is how headings name the unit as the one reporting
    ("Волинською обласною військовою адміністрацією"). `katottg` is the official
    КАТОТТГ code of its territory (for raions and hromadas also the `code` itself);
    `territory` the territory as written («Волинська область»); `body` what kind of
    body it is (domain/unit_names.py: state or military administration, city,
    settlement or village council); `email` where its reports and packages go. An
    inactive unit stays with its data but no longer reports."""

    code: str
    name: str
    short_name: str
    level: UnitLevel
    parent_code: str | None = None
    name_instrumental: str = ""
    id: int | None = field(default=None, compare=False)
    katottg: str = ""
    territory: str = ""
    body: str = ""
    email: str = ""
    active: bool = True


def check_hierarchy(units: list[ReportingUnit]) -> None:
    """Every parent exists and sits on a higher level; codes are unique."""
    by_code: dict[str, ReportingUnit] = {}
    for unit in units:
        if unit.code in by_code:
            raise UnitError(f"Код звітуючого органу «{unit.code}» повторюється")
        by_code[unit.code] = unit
    for unit in units:
        if unit.parent_code is None:
            continue
        parent = by_code.get(unit.parent_code)
        if parent is None:
            raise UnitError(
                f"Для «{unit.name}» вказано вищий орган «{unit.parent_code}», "
                "якого немає в довіднику"
            )
        if parent.level.rank <= unit.level.rank:
            raise UnitError(
                f"«{unit.name}» ({unit.level.title}) не може звітувати до «{parent.name}» "
                f"({parent.level.title})"
            )


def descendants(units: list[ReportingUnit], code: str) -> list[ReportingUnit]:
    """The units reporting to `code`, directly or through others, in list order."""
    children: dict[str | None, list[ReportingUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_code, []).append(unit)
    found: list[ReportingUnit] = []
    pending = list(children.get(code, []))
    while pending:
        unit = pending.pop(0)
        found.append(unit)
        pending.extend(children.get(unit.code, []))
    order = {unit.code: i for i, unit in enumerate(units)}
    return sorted(found, key=lambda unit: order[unit.code])


# How executor lists name whole levels of administration: "обласні, Київська міська
# державні адміністрації", "районні державні адміністрації", "органи місцевого
# самоврядування".
_LEVEL_WORDS = {
    UnitLevel.OBLAST: ("обласн", "облдерж", "київська міська"),
    UnitLevel.DISTRICT: ("районн", "райдерж", "райвійськ"),
    UnitLevel.COMMUNITY: ("органи місцевого самоврядування",),
    UnitLevel.MINISTRY: (),
}


def ancestors(units: list[ReportingUnit], code: str) -> list[ReportingUnit]:
    """The units `code` reports to, from the top down."""
    by_code = {unit.code: unit for unit in units}
    chain: list[ReportingUnit] = []
    parent = by_code[code].parent_code if code in by_code else None
    while parent is not None and parent in by_code and len(chain) < len(units):
        chain.insert(0, by_code[parent])
        parent = by_code[parent].parent_code
    return chain


def subtree_codes(units: list[ReportingUnit], code: str) -> set[str]:
    """`code` and every unit below it: whose entries a unit's report covers."""
    return {code} | {unit.code for unit in descendants(units, code)}


def family(units: list[ReportingUnit], code: str) -> list[ReportingUnit]:
    """`code` with the units above and below it: a consistent directory of its own."""
    unit = next(unit for unit in units if unit.code == code)
    return [*ancestors(units, code), unit, *descendants(units, code)]


def is_executor(unit: ReportingUnit, executors: list[str]) -> bool:
    """Whether `unit` is among a measure's executors: named itself, or covered by the
    words executor lists use for its whole level."""
    names = [name.casefold() for name in executors]
    own = {unit.name.casefold(), unit.short_name.casefold()}
    if any(candidate in name for name in names for candidate in own if candidate):
        return True
    return any(word in name for name in names for word in _LEVEL_WORDS[unit.level])


def looks_like_address(value: str) -> bool:
    """An e-mail address in the shape mail programs accept: «name@domain.ua»."""
    local, _, domain = value.rpartition("@")
    return (
        bool(local)
        and "." in domain.strip(".")
        and "@" not in local
        and not any(c.isspace() for c in value)
    )


def check_email(value: str) -> str:
    """The address stripped, or UnitError naming it; an empty one clears the field."""
    value = value.strip()
    if value and not looks_like_address(value):
        raise UnitError(f"«{value}» не схоже на адресу електронної пошти")
    return value


def desk_units(units: list[ReportingUnit], own_code: str = "") -> list[ReportingUnit]:
    """The units a database works for, as its toolbar lists them: its own unit and the
    active ones below it, or, before the own unit is chosen, every active one."""
    own = next((unit for unit in units if unit.code == own_code), None)
    if own is None:
        return [unit for unit in units if unit.active]
    return [own, *(unit for unit in descendants(units, own.code) if unit.active)]
