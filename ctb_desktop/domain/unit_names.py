"""The names of reporting bodies, made by rule from the territory they serve.

A raion «Черкаський» is served by «Черкаська районна військова адміністрація» («Черкаська
РВА»), or, outside martial law, «Черкаська районна державна адміністрація» («Черкаська
РДА»); a hromada «Андріївська» by «Андріївська сільська рада». Headings name the body in
the instrumental case («… Черкаською районною військовою адміністрацією»), which the
rule forms word by word. Where a form cannot be made by rule (a word that is not a
feminine adjective or noun, a hromada whose council type is unknown), `derive` says so
and the name stays editable rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctb_desktop.domain.units import UnitLevel

# The body serving a territory. Oblasts and raions: a state or, under martial law, a
# military administration; hromadas: a city, settlement or village council.
MINISTRY, STATE, MILITARY = "ministry", "state", "military"
CITY, SETTLEMENT, VILLAGE = "city", "settlement", "village"
BODIES = {
    MINISTRY: "міністерство",
    STATE: "державна адміністрація",
    MILITARY: "військова адміністрація",
    CITY: "міська рада",
    SETTLEMENT: "селищна рада",
    VILLAGE: "сільська рада",
    "": "не визначено",
}
ADMINISTRATIONS = (STATE, MILITARY)
COUNCILS = (CITY, SETTLEMENT, VILLAGE)

_COUNCIL_SHORT = {CITY: "міськрада", SETTLEMENT: "селищрада", VILLAGE: "сільрада"}
_LEVEL_WORD = {UnitLevel.OBLAST: "обласна", UnitLevel.DISTRICT: "районна"}
_LEVEL_LETTER = {UnitLevel.OBLAST: "О", UnitLevel.DISTRICT: "Р"}
KYIV = "м. Київ"
# Cities with special status, on the oblasts' level.
CITIES = ("Київ", "Севастополь")


@dataclass(frozen=True)
class Names:
    """What a body is called: in full, in short, and in the instrumental case (empty
    when the rule cannot form it). `derived` is False when the full name is only the
    territory's, because the body's kind is unknown."""

    name: str
    short_name: str
    name_instrumental: str
    derived: bool = True


def feminine(adjective: str) -> str:
    """A raion's masculine adjective as the administration's: «Черкаський» → «Черкаська»,
    «Верхній» → «Верхня»."""
    if adjective.endswith("ій"):
        return adjective[:-2] + "я"
    if adjective.endswith("ий"):
        return adjective[:-2] + "а"
    return adjective


def instrumental(phrase: str) -> str:
    """The instrumental case of a feminine phrase in the nominative, or "" when a word
    does not end as a feminine adjective or noun does: «Черкаська районна військова
    адміністрація» → «Черкаською районною військовою адміністрацією»."""
    words = []
    for word in phrase.split(" "):
        head, _, last = word.rpartition("-")
        if last.endswith("ія"):
            last = last[:-1] + "єю"
        elif last.endswith("я") and len(last) > 1 and last[-2] in "нь":
            last = last[:-1] + "ьою" if last[-2] != "ь" else last[:-1] + "ою"
        elif last.endswith("а"):
            last = last[:-1] + "ою"
        else:
            return ""
        words.append(f"{head}-{last}" if head else last)
    return " ".join(words)


def territory(level: UnitLevel, name: str, body: str = "") -> str:
    """The territory as people write it: «Черкаська область», «Черкаський район»,
    «Андріївська сільська територіальна громада»."""
    if level is UnitLevel.OBLAST:
        if name in CITIES:
            return f"м. {name}"
        return name if name.startswith("Автономна") else f"{name} область"
    if level is UnitLevel.DISTRICT:
        return f"{name} район"
    if level is UnitLevel.COMMUNITY:
        kind = {CITY: "міська ", SETTLEMENT: "селищна ", VILLAGE: "сільська "}.get(body, "")
        return f"{name} {kind}територіальна громада"
    return name


def place_of(level: UnitLevel, territory_name: str) -> str:
    """The codifier's own name back from the territory as written: «Черкаський район» →
    «Черкаський», «Андріївська сільська територіальна громада» → «Андріївська»."""
    if territory_name.startswith("м. "):
        return territory_name[3:]
    for ending in (" область", " район", " територіальна громада"):
        if territory_name.endswith(ending):
            territory_name = territory_name.removesuffix(ending)
            break
    for kind in (" міська", " селищна", " сільська"):
        if level is UnitLevel.COMMUNITY and territory_name.endswith(kind):
            return territory_name.removesuffix(kind)
    return territory_name


def derive(level: UnitLevel, place: str, body: str) -> Names:
    """The body's names from the territory's own name as the codifier writes it
    («Черкаська» oblast, «Черкаський» raion, «Андріївська» hromada, «Київ»)."""
    if place == "Київ" and level is UnitLevel.OBLAST and body in ADMINISTRATIONS:
        kind = "військова" if body == MILITARY else "державна"
        name = f"Київська міська {kind} адміністрація"
        return Names(name, KYIV, instrumental(name))
    if level in _LEVEL_WORD and body in ADMINISTRATIONS:
        adjective = feminine(place)
        kind = "військова" if body == MILITARY else "державна"
        name = f"{adjective} {_LEVEL_WORD[level]} {kind} адміністрація"
        letters = f"{_LEVEL_LETTER[level]}{'В' if body == MILITARY else 'Д'}А"
        return Names(name, f"{adjective} {letters}", instrumental(name))
    if level is UnitLevel.COMMUNITY and body in COUNCILS:
        name = f"{place} {BODIES[body]}"
        return Names(name, f"{place} {_COUNCIL_SHORT[body]}", instrumental(name))
    if level is UnitLevel.COMMUNITY:
        name = territory(level, place)
        return Names(name, f"{place} ТГ", instrumental(name), derived=False)
    name = territory(level, place)
    return Names(name, name, instrumental(name), derived=False)
