"""`units` on the command line: the whole directory in a new database, search, show,
add, edit, deactivate; bad input is one Ukrainian line and changes nothing."""

import json

import pytest

from tests.test_cli import run

RAION = "UA71080000000036344"


@pytest.fixture
def db(tmp_path):
    return tmp_path / "new.sqlite"


def _units(capsys, db):
    code, out, err = run(capsys, "--db", db, "units", "--json")
    assert (code, err) == (0, "")
    return json.loads(out)["units"]


def test_a_new_database_lists_every_raion_and_hromada(db, capsys):
    units = _units(capsys, db)
    assert sum(u["level"] == "district" for u in units) == 136
    assert sum(u["level"] == "community" for u in units) == 1772
    assert all(u["katottg"] for u in units if u["level"] != "ministry")
    _code, out, _ = run(capsys, "--db", db, "units", "--find", "черкаська рва")
    assert out == f"{RAION}\tрайон\tЧеркаська РВА\tЧеркаська районна військова адміністрація\n"
    _code, out, _ = run(capsys, "--db", db, "units", "show", "UA71000000000010357")
    assert "Код: UA-71" in out and "Територія: Черкаська область" in out


def test_edit_add_and_deactivate(db, capsys):
    _units(capsys, db)
    code, out, err = run(
        capsys, "--db", db, "units", "edit", RAION, "--kind", "state", "--email", "rda@ck.gov.ua"
    )
    assert code == 0, err
    assert "Повна назва: Черкаська районна державна адміністрація" in out
    assert "Скорочена назва: Черкаська РДА" in out
    assert "В орудному відмінку: Черкаською районною державною адміністрацією" in out
    code, out, err = run(
        capsys, "--db", db, "units", "add", "ck-ssd", "--name", "Управління соціального захисту",
        "--level", "district", "--parent", "UA-71",
    )  # fmt: skip
    assert code == 0, err
    units = {u["code"]: u for u in _units(capsys, db)}
    assert (
        units["ck-ssd"]["name_instrumental"] == "Управлінням соціального захисту"
        or units["ck-ssd"]["name_instrumental"] == ""
    )  # not a feminine phrase: left for the clerk
    assert run(capsys, "--db", db, "units", "deactivate", RAION)[0] == 0
    assert not {u["code"]: u for u in _units(capsys, db)}[RAION]["active"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["units", "add", "UA-71", "--name", "X", "--level", "district", "--parent", "mspu"],
         "Код «UA-71» уже є в довіднику: Черкаська обласна військова адміністрація. "
         "Нічого не змінено"),
        (["units", "edit", RAION, "--email", "rda.gov.ua"],
         "«rda.gov.ua» не схоже на адресу електронної пошти"),
        (["units", "show", "UA99000000000000000"],
         "Звітуючого органу «UA99000000000000000» немає в довіднику"),
        (["units", "add", "x", "--name", "X", "--level", "oblast", "--parent", RAION],
         "не може звітувати до"),
        (["config", "unit", "UA-99"], "Звітуючого органу «UA-99» немає в довіднику"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_changes_nothing(db, capsys, argv, message):
    before = _units(capsys, db)
    code, out, err = run(capsys, "--db", db, *argv)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err
    assert _units(capsys, db) == before
