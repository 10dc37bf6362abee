"""The exchange by command line, as an oblast and a district clerk would type it."""

import json
from decimal import Decimal
from email import policy
from email.parser import BytesParser

import pytest

from ctb_desktop.storage.database import Database
from tests.exchange.network import DISTRICTS, OBLAST, fill, oblast_database
from tests.test_cli import run

DISTRICT = "UA-71-01"


@pytest.fixture
def oblast(tmp_path):
    path = tmp_path / "область.sqlite"
    oblast_database(path).close()
    return path


@pytest.fixture
def district(tmp_path, oblast, capsys):
    """A district database that received the oblast's program by package."""
    package = tmp_path / "Програма.ctbpkg"
    code, out, err = run(capsys, "--db", oblast, "package", "program", "-o", package)
    assert (code, err) == (0, ""), err
    path = tmp_path / "район.sqlite"
    code, out, err = run(capsys, "--db", path, "package", "import", package)
    assert (code, err) == (0, "")
    assert "програму додано" in out
    assert run(capsys, "--db", path, "config", "unit", DISTRICT)[0] == 0
    return path


def _export(capsys, district, folder, amount):
    with Database.open(district) as db:
        fill(db, DISTRICT, Decimal(amount))
    package = folder / "звіт.ctbpkg"
    code, out, err = run(
        capsys, "--db", district, "package", "export", "--period", "2025-Y", "--unit", DISTRICT,
        "-o", package,
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    return package, out


def test_a_district_sends_and_the_oblast_consolidates(tmp_path, oblast, district, capsys):
    outbox = tmp_path / "для області"
    outbox.mkdir()
    _, out = _export(capsys, district, outbox, 1200)
    assert "редакція 1" in out
    document = outbox / "Звіт_про_результати_виконання_2025_рік_Смілянська_РДА.docx"
    assert document.is_file()
    assert f"Документ для підпису КЕП: «{document}»" in out

    code, out, err = run(capsys, "--db", oblast, "package", "import", outbox)
    assert (code, err) == (0, "")
    assert "Смілянська РДА, 2025 рік, ред. 1): отримано, дані внесено" in out

    code, out, _ = run(capsys, "--db", oblast, "board", "--year", "2025", "--json")
    cells = {(c["unit"], c["period"]): c for c in json.loads(out)["cells"]}
    assert cells[(DISTRICT, "2025-Y")]["state"] in ("received", "late")
    assert cells[(DISTRICT, "2025-Y")]["revision"] == 1
    assert cells[("UA-71-02", "2025-Y")]["state"] == "missing"

    report = tmp_path / "зведений.docx"
    code, out, err = run(capsys, "--db", oblast, "consolidate", "--period", "2025-Y", "-o", report)
    assert code == 0
    assert report.is_file()
    assert "ще не надійшли від: Уманська РДА, Золотоніська РДА" in err
    assert "Смілянська РДА: використано редакцію 1 без підпису" in err
    code, _, err = run(
        capsys, "--db", oblast, "consolidate", "--period", "2025-Y", "--accepted-only",
        "-o", report,
    )  # fmt: skip
    assert code == 0
    assert "Смілянська РДА: жодної редакції ще не прийнято, дані до звіту не включено" in err


def test_revisions_are_listed_compared_and_reviewed(tmp_path, oblast, district, capsys):
    first, _ = _export(capsys, district, tmp_path, 1200)
    run(capsys, "--db", oblast, "package", "import", first)
    second, out = _export(capsys, district, tmp_path, 1500)
    assert "редакція 2" in out
    assert run(capsys, "--db", oblast, "package", "import", second)[0] == 0

    code, out, _ = run(capsys, "--db", oblast, "package", "history", "--json")
    history = json.loads(out)
    assert [(item["unit"], item["revision"]) for item in history] == [
        (DISTRICT, 2),
        (DISTRICT, 1),
    ]
    new, old = history[0]["id"], history[1]["id"]
    code, out, _ = run(capsys, "--db", oblast, "package", "compare", old, new)
    assert "UA-71-01, захід 1. 1), фінансування, рядок 1, Касові видатки: «1200» → «1500»" in out

    code, _, err = run(capsys, "--db", oblast, "package", "review", new, "--return")
    assert code == 1
    assert "вкажіть причину" in err
    draft = tmp_path / "відповідь.eml"
    code, out, _ = run(
        capsys, "--db", oblast, "package", "review", new, "--return", "--comment",
        "Уточніть КПКВК", "--eml", draft,
    )  # fmt: skip
    assert code == 0
    assert out.splitlines()[0] == f"Пакет №{new}: повернуто на доопрацювання"
    letter = BytesParser(policy=policy.default).parsebytes(draft.read_bytes())
    assert letter["X-Unsent"] == "1"
    assert "Уточніть КПКВК" in letter.get_body().get_content()
    code, out, _ = run(capsys, "--db", oblast, "package", "history", "--json")
    assert json.loads(out)[0]["review_comment"] == "Уточніть КПКВК"


def test_a_bad_file_is_refused_by_name_and_the_rest_imported(tmp_path, oblast, district, capsys):
    good, _ = _export(capsys, district, tmp_path, 700)
    broken = tmp_path / "зламаний.ctbpkg"
    broken.write_bytes(good.read_bytes()[:300])
    code, out, err = run(capsys, "--db", oblast, "package", "import", broken, good)
    assert code == 1
    assert "відхилено" in err
    assert "«зламаний.ctbpkg»" in err
    assert "отримано, дані внесено" in out


def test_package_show_and_config(tmp_path, oblast, district, capsys):
    package, _ = _export(capsys, district, tmp_path, 100)
    code, out, _ = run(capsys, "package", "show", package)
    assert code == 0
    assert "Орган: Смілянська районна державна адміністрація (UA-71-01)" in out
    assert "Період: 2025 рік, редакція 1" in out
    assert "Підпис: без підпису" in out
    code, out, _ = run(capsys, "--db", oblast, "config")
    assert f"unit\t{OBLAST}\t" in out
    code, _, err = run(capsys, "--db", oblast, "config", "password")
    assert code == 1
    assert "Невідомий параметр «password»" in err
    code, _, err = run(capsys, "--db", oblast, "config", "smtp.port", "сто")
    assert code == 1
    assert "Порт SMTP має бути числом" in err
    assert set(DISTRICTS) >= {DISTRICT}


def test_a_missing_package_is_named_in_ukrainian(tmp_path, oblast, capsys):
    from tests.english import english_sentences  # noqa: PLC0415

    missing = tmp_path / "немає.ctbpkg"
    code, _, err = run(capsys, "--db", oblast, "package", "show", missing)
    assert code == 1 and f"Файл «{missing}» не знайдено" in err
    assert not english_sentences(err)
