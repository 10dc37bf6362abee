"""An oblast and its districts, each with a database of its own, as in real life:
the oblast sends its program down, the districts fill and send their reports up."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from ctb_desktop.domain.entries import (
    FinancingLine,
    MeasureState,
    PeriodEntries,
    StatusEntry,
    UnitReport,
)
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource
from ctb_desktop.domain.units import ReportingUnit, UnitLevel, descendants
from ctb_desktop.exchange.incoming import receive
from ctb_desktop.exchange.outgoing import export_program
from ctb_desktop.storage.config import Config
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.demo import fill_demo
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore
from ctb_desktop.storage.workspace import Workspace

OBLAST = "UA-71"
PERIOD = Period.parse("2025-Y")
DISTRICTS = {
    "UA-71-01": ("Смілянська районна державна адміністрація", "Смілянська РДА"),
    "UA-71-02": ("Уманська районна державна адміністрація", "Уманська РДА"),
    "UA-71-03": ("Золотоніська районна державна адміністрація", "Золотоніська РДА"),
}
# Two measures every district reports on: (task, measure).
MEASURES = (("1.", "1)"), ("3.", "2)"))
RECEIVED_AT = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def district_units() -> list[ReportingUnit]:
    return [
        ReportingUnit(code, name, short, UnitLevel.DISTRICT, OBLAST)
        for code, (name, short) in DISTRICTS.items()
    ]


def oblast_database(path: Path) -> Database:
    db = Database.open(path)
    fill_demo(db)
    UnitStore(db).save(district_units())
    # This oblast's directory below it is the three districts: the codifier's raions
    # (and their hromadas) do not report here.
    for unit in descendants(UnitStore(db).list(), OBLAST):
        if unit.code not in DISTRICTS:
            UnitStore(db).set_active(unit.code, False)
    Config(db).set("unit", OBLAST)
    return db


def program_id(db: Database) -> int:
    return ProgramStore(db).list()[0].id


def district_database(path: Path, code: str, program_package: bytes) -> Database:
    db = Database.open(path)
    receive(Workspace(db), program_package, "програма.ctbpkg")
    Config(db).set("unit", code)
    return db


def program_package(oblast: Database) -> bytes:
    return export_program(Workspace(oblast), program_id(oblast), OBLAST).content


def fill(db: Database, code: str, amount: Decimal, text: str = "Проведено") -> None:
    """The district's report: on each measure a status and one local-budget line of
    `amount` hryvnias planned, financed and spent."""
    program = ProgramStore(db).load(program_id(db))
    holder = DISTRICTS[code][1] if code in DISTRICTS else code
    EntryStore(db).save(program, report_entries(program.code, code, amount, text, holder))


def report_entries(
    program_code: str, code: str, amount: Decimal, text: str = "Проведено", holder: str = ""
) -> PeriodEntries:
    """What `fill` stores, as a ctb-entries document would carry it."""
    reports = []
    for task, measure in MEASURES:
        status = StatusEntry(task, measure, code, PERIOD, MeasureState.DONE, f"{text} ({code})")
        line = FinancingLine(
            task,
            measure,
            code,
            PERIOD,
            FundingSource.LOCAL,
            budget_holder=holder,
            planned_year=amount,
            financed=amount,
            cash=amount,
        )
        reports.append(UnitReport(task, measure, code, status, [line]))
    return PeriodEntries(program_code, PERIOD, reports)
