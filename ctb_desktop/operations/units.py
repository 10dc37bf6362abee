"""The directory of reporting bodies as the clerk keeps it: a unit added below one's own,
names, kind and e-mail edited, a unit deactivated (never deleted: its reports stay),
and the database's own unit with the address its reports go to.

Every check comes before any write, and a backup before the first write; a refusal is
one Ukrainian line and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ctb_desktop.domain import unit_names
from ctb_desktop.domain.units import ReportingUnit, UnitError, UnitLevel, check_email
from ctb_desktop.storage.workspace import Workspace


@dataclass(frozen=True)
class UnitChanges:
    """What `units edit` changes; None leaves a field as it is. A new kind of body
    makes the names again by rule, unless names are given too."""

    name: str | None = None
    short_name: str | None = None
    name_instrumental: str | None = None
    body: str | None = None
    email: str | None = None


def find_units(ws: Workspace, text: str = "", under: str | None = None) -> list[ReportingUnit]:
    """Units whose code, КАТОТТГ code, names or territory contain `text` (any case),
    below `under` when given, in the directory's order."""
    units = ws.units.list()
    if under:
        top = ws.unit(under)
        below = _below(units, top.code)
        units = [unit for unit in units if unit.code in below]
    needle = text.casefold().strip()
    if not needle:
        return units
    return [unit for unit in units if needle in _haystack(unit)]


def _haystack(unit: ReportingUnit) -> str:
    return " ".join(
        (unit.code, unit.katottg, unit.name, unit.short_name, unit.territory)
    ).casefold()


def _below(units: list[ReportingUnit], code: str) -> set[str]:
    children: dict[str | None, list[str]] = {}
    for unit in units:
        children.setdefault(unit.parent_code, []).append(unit.code)
    found: set[str] = set()
    pending = list(children.get(code, []))
    while pending:
        current = pending.pop()
        found.add(current)
        pending.extend(children.get(current, []))
    return found


def add_unit(ws: Workspace, unit: ReportingUnit) -> ReportingUnit:
    """A unit the codifier does not have (a department, a council's executive body)
    under a unit of a higher level. A code already used is refused."""
    code = unit.code.strip()
    if not code or any(c.isspace() for c in code):
        raise UnitError(f"Код органу «{unit.code}» не може бути порожнім чи містити пропуски")
    existing = ws.units.find(code)
    if existing is not None:
        raise UnitError(f"Код «{code}» уже є в довіднику: {existing.name}. Нічого не змінено")
    if not unit.parent_code:
        raise UnitError("Вкажіть вищий орган нового органу (--parent КОД)")
    parent = ws.unit(unit.parent_code)
    if not unit.name.strip():
        raise UnitError("Вкажіть повну назву органу (--name)")
    unit = replace(
        unit,
        code=code,
        parent_code=parent.code,
        name=unit.name.strip(),
        short_name=unit.short_name.strip() or unit.name.strip(),
        name_instrumental=unit.name_instrumental.strip()
        or unit_names.instrumental(unit.name.strip()),
        email=check_email(unit.email),
    )
    if parent.level.rank <= unit.level.rank:
        raise UnitError(
            f"«{unit.name}» ({unit.level.title}) не може звітувати до «{parent.name}» "
            f"({parent.level.title}). Нічого не змінено"
        )
    ws.backup("before-import")
    ws.units.save([unit])
    return ws.unit(code)


def edit_unit(ws: Workspace, code: str, changes: UnitChanges) -> ReportingUnit:
    """The unit's names, kind of body or e-mail changed as asked."""
    unit = ws.unit(code)
    email = check_email(changes.email) if changes.email is not None else unit.email
    edited = replace(unit, email=email)
    if changes.body is not None and changes.body != unit.body:
        edited = _with_body(edited, changes.body)
    for field in ("name", "short_name", "name_instrumental"):
        value = getattr(changes, field)
        if value is not None:
            if not value.strip() and field != "name_instrumental":
                raise UnitError(f"Назва органу «{unit.code}» не може бути порожньою")
            edited = replace(edited, **{field: value.strip()})
    if changes.name is not None and changes.name_instrumental is None:
        edited = replace(edited, name_instrumental=unit_names.instrumental(edited.name))
    if edited == unit:
        return unit
    ws.backup("before-import")
    ws.units.edit(edited)
    return ws.unit(unit.code)


def _with_body(unit: ReportingUnit, body: str) -> ReportingUnit:
    allowed = _bodies(unit.level)
    if body not in allowed:
        choices = ", ".join(f"{key} ({unit_names.BODIES[key]})" for key in allowed)
        raise UnitError(f"Для органу рівня «{unit.level.title}» вид має бути одним із: {choices}")
    place = unit_names.place_of(unit.level, unit.territory) if unit.territory else ""
    if not place:
        return replace(unit, body=body)
    names = unit_names.derive(unit.level, place, body)
    return replace(
        unit,
        body=body,
        name=names.name,
        short_name=names.short_name,
        name_instrumental=names.name_instrumental,
        territory=unit_names.territory(unit.level, place, body),
    )


def _bodies(level: UnitLevel) -> tuple[str, ...]:
    if level is UnitLevel.COMMUNITY:
        return unit_names.COUNCILS
    if level is UnitLevel.MINISTRY:
        return (unit_names.MINISTRY,)
    return unit_names.ADMINISTRATIONS


def set_active(ws: Workspace, code: str, active: bool) -> ReportingUnit:
    """Deactivate a unit (it stays, with everything it reported, but no longer appears
    among those expected to report), or activate it again. This database's own unit
    cannot be deactivated."""
    unit = ws.unit(code)
    if not active and unit.code == ws.config.unit:
        raise UnitError(f"«{unit.name}» — власний орган цієї бази; його не можна вимкнути")
    if unit.active == active:
        return unit
    ws.backup("before-import")
    ws.units.set_active(unit.code, active)
    return ws.unit(unit.code)


def choose_own_unit(ws: Workspace, code: str, recipient: str = "") -> ReportingUnit:
    """This database's own unit and where its reports go: `recipient`, or, when none
    is set yet, the e-mail the directory has for the unit above."""
    unit = ws.unit(code)
    if not unit.active:
        raise UnitError(f"«{unit.name}» вимкнено в довіднику; спершу увімкніть його")
    recipient = check_email(recipient)
    if not recipient and not ws.config.recipient:
        recipient = report_address(ws, unit)
    ws.config.set("unit", unit.code)
    if recipient:
        ws.config.set("recipient", recipient)
    return unit


def report_address(ws: Workspace, unit: ReportingUnit) -> str:
    """The e-mail of the body `unit` reports to, when the directory has one."""
    if unit.parent_code is None:
        return ""
    parent = ws.units.find(unit.parent_code)
    return parent.email if parent is not None else ""
