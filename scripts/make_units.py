"""Build resources/units.json, the app's directory of reporting bodies, from the official
КАТОТТГ codifier (../shared/data/kodifikator-16-05-2025.csv by default).

    python scripts/make_units.py [CSV] [-o resources/units.json]

The directory holds the ministry, every oblast (the Autonomous Republic of Crimea and
Севастополь too, inactive while occupied), Київ, all 136 raions and every territorial
hromada, each with its КАТОТТГ code, parent and kind of body, and its names made by the
rules of ctb_desktop/domain/unit_names.py. Oblasts keep the ISO 3166-2 codes (`UA-71`)
that databases and packages already use, with the КАТОТТГ code beside them; raions and
hromadas are coded by КАТОТТГ. tests/storage/test_directory.py checks that the shipped
file is what this script makes. The app itself never reads the CSV.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ctb_desktop.domain import unit_names  # noqa: E402
from ctb_desktop.domain.units import UnitLevel  # noqa: E402

CSV = ROOT.parent / "shared" / "data" / "kodifikator-16-05-2025.csv"
OUTPUT = ROOT / "resources" / "units.json"
EDITION = "КАТОТТГ 16.05.2025"

MINISTRY = {
    "code": "mspu",
    "katottg": "",
    "name": "Міністерство соціальної політики України",
    "short_name": "Мінсоцполітики",
    "level": "ministry",
    "parent": None,
    "name_instrumental": "Міністерством соціальної політики України",
    "territory": "Україна",
    "body": unit_names.MINISTRY,
    "email": "",
    "active": True,
}

# The ISO 3166-2 code of each first-level unit, by the first two digits of its КАТОТТГ code.
ISO = {
    "01": "UA-43", "05": "UA-05", "07": "UA-07", "12": "UA-12", "14": "UA-14", "18": "UA-18",
    "21": "UA-21", "23": "UA-23", "26": "UA-26", "32": "UA-32", "35": "UA-35", "44": "UA-09",
    "46": "UA-46", "48": "UA-48", "51": "UA-51", "53": "UA-53", "56": "UA-56", "59": "UA-59",
    "61": "UA-61", "63": "UA-63", "65": "UA-65", "68": "UA-68", "71": "UA-71", "73": "UA-77",
    "74": "UA-74", "80": "UA-30", "85": "UA-40",
}  # fmt: skip
# Temporarily occupied since 2014: in the directory, but not reporting.
OCCUPIED = ("UA01", "UA85")
# The council of a hromada is of the kind of its centre: city, settlement or village.
COUNCIL_BY_CATEGORY = {
    "M": unit_names.CITY,
    "X": unit_names.SETTLEMENT,
    "C": unit_names.VILLAGE,
}
RANK = {"M": 3, "X": 2, "C": 1}


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    return [[cell.strip() for cell in row] for row in rows[1:] if row]


def _key(settlement: str) -> str:
    """A settlement's name as it begins its hromada's adjective: «Нова Ушиця» →
    «новоушиця» (Новоушицька), «Біла Церква» → «білоцерква» (Білоцерківська)."""
    words = settlement.casefold().replace("’", "").replace("-", " ").split()
    if len(words) > 1:
        first = words[0]
        for ending in ("ий", "ій", "а", "е", "і", "я"):
            if first.endswith(ending):
                first = first[: -len(ending)] + "о"
                break
        words[0] = first
    return "".join(words)


def _common(left: str, right: str) -> int:
    size = 0
    for a, b in zip(left, right, strict=False):
        if a != b:
            break
        size += 1
    return size


def council(hromada: str, settlements: list[tuple[str, str]]) -> str:
    """The kind of council, from the settlement whose name the hromada's adjective is
    made of (all but its last two letters shared); of equal matches the larger place
    (city, then settlement, then village) is the centre. "" when no settlement fits:
    renamed centres («Первомайська» of Златопіль) are left for the clerk to say."""
    name = hromada.casefold().replace("’", "").replace("-", "")
    best, found = 0, ""
    for category, settlement in settlements:
        key = _key(settlement)
        size = _common(name, key)
        if size < 3 or size < len(key) - 2:
            continue
        if size > best or (size == best and RANK[category] > RANK.get(found, 0)):
            best, found = size, category
    return COUNCIL_BY_CATEGORY.get(found, "")


def unit(level: UnitLevel, code: str, katottg: str, place: str, parent: str, body: str) -> dict:
    names = unit_names.derive(level, place, body)
    return {
        "code": code,
        "katottg": katottg,
        "name": names.name,
        "short_name": names.short_name,
        "level": level.value,
        "parent": parent,
        "name_instrumental": names.name_instrumental,
        "territory": unit_names.territory(level, place, body),
        "body": body,
        "email": "",
        "active": not katottg.startswith(OCCUPIED),
    }


def build(rows: list[list[str]]) -> list[dict]:
    settlements: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        if row[5] in COUNCIL_BY_CATEGORY:
            settlements[row[2]].append((row[5], row[6]))
    regions, below = [], []
    for row in rows:
        first, second, third, category, place = row[0], row[1], row[2], row[5], row[6]
        if category in ("O", "K"):
            occupied = first.startswith(OCCUPIED)
            body = "" if occupied else unit_names.MILITARY
            regions.append(unit(UnitLevel.OBLAST, ISO[first[2:4]], first, place, "mspu", body))
        elif category == "P":
            parent = ISO[first[2:4]]
            below.append(
                unit(UnitLevel.DISTRICT, second, second, place, parent, unit_names.MILITARY)
            )
        elif category == "H":
            body = council(place, settlements[third])
            below.append(unit(UnitLevel.COMMUNITY, third, third, place, second, body))
    return [MINISTRY, *regions, *below]


def render(units: list[dict]) -> str:
    """One unit a line: a diff of two editions shows what changed."""
    lines = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in units)
    header = f'"format": "ctb-units",\n  "format_version": 1,\n  "edition": "{EDITION}"'
    return f'{{\n  {header},\n  "units": [\n{lines}\n  ]\n}}\n'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=CSV)
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    units = build(read_rows(args.csv))
    args.output.write_text(render(units), encoding="utf-8")
    counts = defaultdict(int)
    for item in units:
        counts[item["level"]] += 1
    print(f"{args.output}: {len(units)} units {dict(counts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
