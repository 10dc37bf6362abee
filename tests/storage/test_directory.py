"""The shipped directory (resources/units.json) is what scripts/make_units.py makes from
the КАТОТТГ codifier, holds every raion and hromada, and reaches every database: new
ones when created, older ones (schema 3) through migration V5 and the completion."""

import importlib.util
import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from ctb_desktop.storage import migrations
from ctb_desktop.storage.database import DatabaseError
from ctb_desktop.storage.datafiles import (
    BUILTIN_UNITS,
    builtin_units,
    directory_edition,
    resources_dir,
)
from ctb_desktop.storage.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("make_units", ROOT / "scripts" / "make_units.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_directory_is_up_to_date_with_the_codifier():
    make_units = _generator()
    if not make_units.CSV.is_file():
        pytest.skip(f"{make_units.CSV} is not here (../shared missing)")
    made = make_units.render(make_units.build(make_units.read_rows(make_units.CSV)))
    shipped = (resources_dir() / BUILTIN_UNITS).read_text(encoding="utf-8")
    assert made == shipped, "run: python scripts/make_units.py"


def test_every_raion_and_hromada_with_its_katottg_code_parent_and_kind():
    units = builtin_units()
    levels = Counter(unit.level.value for unit in units)
    assert levels == {"ministry": 1, "oblast": 27, "district": 136, "community": 1772}
    by_code = {unit.code: unit for unit in units}
    raion = by_code["UA71080000000036344"]
    assert (raion.territory, raion.parent_code, raion.body) == (
        "Черкаський район",
        "UA-71",
        "military",
    )
    assert raion.name_instrumental == "Черкаською районною військовою адміністрацією"
    city = by_code["UA71080490000022110"]
    assert (city.name, city.short_name, city.parent_code) == (
        "Черкаська міська рада", "Черкаська міськрада", raion.code,
    )  # fmt: skip
    assert by_code["UA-71"].katottg == "UA71000000000010357"
    assert all(
        unit.katottg == unit.code for unit in units if unit.level.value in ("district", "community")
    )
    # Crimea and Севастополь are there, but do not report while occupied.
    assert not by_code["UA-43"].active and not by_code["UA-40"].active
    assert not any(u.active for u in units if u.katottg.startswith("UA01"))
    # A council whose kind the codifier cannot tell is not guessed: flagged by its name.
    vatutine = by_code["UA71020030000059581"]
    assert (vatutine.body, vatutine.short_name) == ("", "Ватутінська ТГ")


def test_a_schema_3_database_keeps_its_codes_and_gains_the_directory(tmp_path, monkeypatch):
    monkeypatch.setattr("ctb_desktop.storage.locations.backups_dir", lambda: tmp_path / "копії")
    path = tmp_path / "стара.sqlite"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    migrations.migrate(connection, None, migrations.STEPS[:3])
    connection.executescript(
        """INSERT INTO unit (code, name, short_name, level, position, name_instrumental)
           VALUES ('mspu', 'Міністерство соціальної політики України', 'Мінсоцполітики',
                   'ministry', 0, ''),
                  ('UA-71', 'Черкаська область', 'Черкаська ОВА', 'oblast', 1, '');
           UPDATE unit SET parent_id = 1 WHERE code = 'UA-71';
           INSERT INTO unit (code, name, short_name, level, position, parent_id)
           VALUES ('UA-71-01', 'Смілянська районна державна адміністрація', 'Смілянська РДА',
                   'district', 2, 2);"""
    )
    connection.close()
    with Workspace.open(path, read_only=False) as ws:
        oblast = ws.unit("UA-71")
        assert (oblast.katottg, oblast.territory, oblast.name) == (
            "UA71000000000010357",
            "Черкаська область",
            "Черкаська обласна військова адміністрація",
        )
        assert ws.unit("UA71000000000010357").code == "UA-71"  # found by КАТОТТГ too
        assert ws.unit("UA-71-01").parent_code == "UA-71"  # a unit added by hand stays
        assert len(ws.units.list()) == len(builtin_units()) + 1
        assert ws.complete_directory() == 0  # once per edition


def test_ids_of_the_whole_directory_at_once_and_an_unknown_code_named(tmp_path):
    """More codes than one SQLite statement takes (its oldest limit is 999 parameters)."""
    with Workspace.open(tmp_path / "довідник.sqlite", create=True) as ws:
        codes = {unit.code for unit in ws.units.list()}
        assert len(codes) > 1_000
        ids = ws.units.require_ids(codes)
        assert ids.keys() == codes and len(set(ids.values())) == len(codes)
        with pytest.raises(DatabaseError, match="немає: UA-99-невідомий"):
            ws.units.require_ids({"UA-99-невідомий", *list(codes)[:3]})


def test_the_edition_read_from_the_files_head_is_the_documents_own():
    """Every database open asks the edition; it is read without parsing the units."""
    data = json.loads((resources_dir() / BUILTIN_UNITS).read_text(encoding="utf-8"))
    assert directory_edition() == data["edition"] != ""
