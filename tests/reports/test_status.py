"""Status information (seed 000): the status table and the financing table by region."""

from decimal import Decimal

from ctb_desktop.domain.money import format_hryvnias
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import FundingSource
from ctb_desktop.domain.totals import split_by_source
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.units import UnitStore
from tests.conftest import seed_text
from tests.reports.docx_reading import (
    body_texts,
    is_header,
    merge_state,
    normalise,
    rows,
    seed_cells,
)


def _seed_000():
    text = seed_text("000")
    status_header = seed_cells(
        text[text.index("\tНайменування завдання") : text.index("\t1. Удосконалення")]
    )
    financing = text[text.index("\tРегіон") :]
    financing_header = seed_cells(financing[: financing.index("\tВінницька")])
    regions = [
        normalise(line)
        for line in financing.splitlines()
        if line.startswith("\t") and ("область" in line or "м. Київ" in line)
    ]
    title = normalise(text[: text.index("\tНайменування завдання")])
    return status_header, financing_header, regions, title, text


def test_layout_and_headings_are_seed_000s(rendered, demo_db):
    status_header, financing_header, regions, title, seed = _seed_000()
    # The seed is of 2015: the program of that time, the oblast an "облдержадміністрація".
    with demo_db.transaction() as conn:
        conn.execute(
            "UPDATE program SET title = "
            "'Державна цільова соціальна програма протидії торгівлі людьми'"
        )
    units = UnitStore(demo_db)
    luhansk = next(unit for unit in units.list() if unit.code == "UA-09")
    luhansk.name_instrumental = "Луганською облдержадміністрацією"
    units.save([luhansk])
    document, _ = rendered("status", period="2015-Q1", unit="UA-09")
    texts = [normalise(text) for text in body_texts(document) if text.strip()]
    assert " ".join(texts[:3]) == title
    assert [normalise(text) for text in rows(document.tables[0])[0]] == status_header
    assert [normalise(text) for text in rows(document.tables[1])[0]] == financing_header
    assert [row[0] for row in rows(document.tables[1])[1:]] == regions
    assert all(row[1:] == ["", "", ""] for row in rows(document.tables[1])[1:])
    note = next(text for text in texts if text.startswith("Примітка:"))
    assert note == normalise(seed[seed.index("Примітка:") :].split("\n")[0])
    financing_title = normalise(
        seed[seed.index("Інформація про стан фінансування") : seed.index("\tРегіон")]
    )
    at = texts.index(note)
    assert f"{texts[at - 2]} {texts[at - 1]}" == financing_title
    assert (
        texts[-1]
        == texts[at - 3]
        == ("Директор Департаменту соціального захисту населення Людмила КОРНІЄНКО")
    )
    assert all(is_header(table._tbl.tr_lst[0]) for table in document.tables)


def test_every_task_and_measure_with_the_units_status(rendered, demo_program):
    document, _ = rendered("status", unit="mspu")
    table = document.tables[0]
    table_rows = rows(table)
    assert len(table_rows) == 1 + len(demo_program.all_measures)
    first = table_rows[1]
    assert first[0] == "1. Удосконалення нормативно-правової бази у сфері протидії торгівлі людьми"
    assert first[1].startswith("1) розроблення та подання Кабінетові Міністрів України")
    assert first[2] == (
        "Мінсоцполітики, обласні, Київська міська державні адміністрації (військові "
        "адміністрації), органи місцевого самоврядування (за згодою)"
    )
    assert first[3].startswith("Мінсоцполітики на виконання доручення")
    assert merge_state(table._tbl.tr_lst[1].tc_lst[0]) == "restart"
    assert merge_state(table._tbl.tr_lst[2].tc_lst[0]) == "continue"
    assert sum(1 for row in table_rows if row[3] == "Не виконано") == 4


def test_regions_show_local_budget_money_in_hryvnias(rendered, demo_db, demo_program):
    document, _ = rendered("status", unit="mspu")
    by_region = {row[0]: row[1:] for row in rows(document.tables[1])[1:]}
    entries = EntryStore(demo_db).load(demo_program, Period.parse("2024-Y"))
    local = [line for line in entries.financing if line.source is FundingSource.LOCAL]
    kyiv = split_by_source(line for line in local if line.unit_code == "UA-32").total
    assert by_region["Київська область"] == [
        format_hryvnias(kyiv.planned_year),
        format_hryvnias(kyiv.cash),
        "",
    ]
    assert by_region["Київська область"][:2] == ["161900", "0"]
    assert by_region["м. Київ"][:2] == ["266000", "266000"]  # 136,9 + 129,1 тис. грн
    assert by_region["Луганська область"] == ["", "", ""]
    assert len(by_region) == 25
    # Other sources never appear in the local-budget table: Миколаївська has only "other".
    assert by_region["Миколаївська область"] == ["", "", ""]
    assert Decimal(by_region["м. Київ"][0]) == kyiv_total(local, "UA-30")


def kyiv_total(local, code):
    return sum(line.planned_year or 0 for line in local if line.unit_code == code)


def test_an_oblasts_report_fills_only_its_own_row(rendered):
    document, _ = rendered("status", unit="UA-21")
    filled = {row[0] for row in rows(document.tables[1])[1:] if any(row[1:])}
    assert filled == {"Закарпатська область"}
    texts = [normalise(text) for text in body_texts(document) if text.strip()]
    assert texts[2] == "Закарпатською обласною військовою адміністрацією за 2024 рік"
