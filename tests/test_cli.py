"""The command line end to end: what a user types and what they read back."""

import json
import subprocess
import sys

import pytest

from ctb_desktop.cli import main
from ctb_desktop.reports.pdf import find_office
from ctb_desktop.reports.render import TITLES
from ctb_desktop.storage.datafiles import BUILTIN_PROGRAM, resources_dir
from tests.domain.test_reference_data import _seed_003_structure
from tests.reports.docx_reading import open_docx


def run(capsys, *argv):
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(tmp_path, capsys):
    path = tmp_path / "demo.sqlite"
    code, out, _ = run(capsys, "--db", path, "demo")
    assert code == 0
    assert "7 завдань, 60 заходів" in out
    return path


def test_program_show_json_prints_every_task_and_measure_of_seed_003(demo, capsys):
    code, out, err = run(capsys, "--db", demo, "program", "show", "1", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    tasks, measures = _seed_003_structure()
    printed = data["program"]["tasks"]
    assert {task["number"]: task["title"] for task in printed} == tasks
    assert {
        (task["number"], m["number"]): m["title"] for task in printed for m in task["measures"]
    } == {key: titles[0] for key, titles in measures.items()}


def test_json_loads_back_identically_into_another_database(demo, tmp_path, capsys):
    _, exported, _ = run(capsys, "--db", demo, "program", "show", "1", "--json")
    file = tmp_path / "програма.json"
    file.write_text(exported, encoding="utf-8")
    other = tmp_path / "інша база.sqlite"
    code, out, _ = run(capsys, "program", "load", file, "--db", other)
    assert code == 0 and "завантажено як 1" in out
    _, again, _ = run(capsys, "program", "show", "1", "--json", "--db", other)
    assert again == exported
    assert json.loads(again) == json.loads((resources_dir() / BUILTIN_PROGRAM).read_text("utf-8"))


def test_programs_units_and_periods(demo, capsys):
    _, out, _ = run(capsys, "--db", demo, "programs", "--json")
    assert json.loads(out) == [
        {
            "id": 1,
            "code": "national-2025",
            "title": (
                "Державна цільова соціальна програма протидії торгівлі людьми "
                "на період до 2025 року"
            ),
            "year_from": 2023,
            "year_to": 2025,
            "tasks": 7,
            "measures": 60,
        }
    ]
    _, out, _ = run(capsys, "--db", demo, "units", "--json")
    units = json.loads(out)["units"]
    assert len(units) == 26 and units[2]["name"] == "Волинська область"
    _, out, _ = run(capsys, "--db", demo, "periods", "--json")
    periods = json.loads(out)
    assert [p["code"] for p in periods][:4] == ["2023-Q1", "2023-H1", "2023-9M", "2023-Y"]
    year = next(p for p in periods if p["code"] == "2024-Y")
    assert year == {
        "code": "2024-Y",
        "title": "2024 рік",
        "start": "2024-01-01",
        "end": "2024-12-31",
        "due": "2025-01-20",
        "has_entries": True,
    }
    _, out, _ = run(capsys, "--db", demo, "periods")
    assert "2024-H1\tІ півріччя 2024 року\tдо 20.07.2024" in out


def test_totals_of_the_demo(demo, capsys):
    code, out, _ = run(capsys, "--db", demo, "totals", "--period", "2024-Y")
    assert code == 0
    assert "Разом по Програмі\n  Усього\t3406,4\t1014,5\t985,6\t608,5" in out
    assert "  місцевий бюджет\t1879,0\t656,0\t573,8\t408,3" in out
    _, out, _ = run(capsys, "--db", demo, "totals", "--period", "2024-Y", "--json")
    data = json.loads(out)
    assert data["program_total"]["other"]["financed"] == "411760.00"
    assert data["tasks"]["7."]["state_general"]["planned_program"] == "142400.00"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["program", "show", "5"], "Програми з id 5 немає в базі"),
        (["program", "load", "{tmp}/немає.json"], "Файл «{tmp}/немає.json» не знайдено"),
        (["program", "load", "{tmp}/bad.json"], "не є правильним JSON: рядок 1, позиція 2"),
        (["program", "load", "{tmp}/wrong.json"], "Це документ формату «ctb-units»"),
        (["demo"], "уже містить дані. Щоб замінити їх демонстраційними, додайте --force"),
        (["totals", "--period", "2024-Q3"], "«2024-Q3» не є звітним періодом"),
    ],
)
def test_user_mistakes_get_one_ukrainian_line_and_exit_1(demo, tmp_path, capsys, argv, message):
    (tmp_path / "bad.json").write_text("{,}", encoding="utf-8")
    (tmp_path / "wrong.json").write_text(
        '{"format": "ctb-units", "format_version": 1}', encoding="utf-8"
    )
    argv = [arg.format(tmp=tmp_path) for arg in argv]
    code, out, err = run(capsys, "--db", demo, *argv)
    assert code == 1
    assert out == ""
    assert err.startswith("ctb-desktop: помилка: ")
    assert message.format(tmp=tmp_path) in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_wrong_database_files(tmp_path, capsys):
    missing = tmp_path / "нема.sqlite"
    code, _, err = run(capsys, "--db", missing, "programs")
    assert code == 1 and f"Бази даних «{missing}» не існує" in err
    assert not missing.exists()
    text = tmp_path / "лист.sqlite"
    text.write_text("Шановні колеги!", encoding="utf-8")
    code, _, err = run(capsys, "--db", text, "units")
    assert code == 1 and "не є базою даних ctb-desktop" in err


def test_usage_errors_are_ukrainian_and_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["program", "show"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "використання: ctb-desktop program show" in err
    assert "помилка: не вказано обов’язкові аргументи: ID" in err


def test_help_is_ukrainian(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "команди:" in out and "параметри:" in out and "показати цю довідку" in out


def test_python_m_runs_the_same_cli(tmp_path):
    path = tmp_path / "демо база.sqlite"
    result = subprocess.run(
        [sys.executable, "-m", "ctb_desktop", "--db", str(path), "demo"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "ctb_desktop", "--db", str(path), "program", "show", "9"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"ctb-desktop: помилка: Програми з id 9 немає в базі «{path}». Наявні програми: 1"
    )


def test_render_writes_each_layout(demo, tmp_path, capsys):
    for layout in ("structure", "status", "annual"):
        output = tmp_path / f"Звіт {layout}.docx"
        code, out, err = run(
            capsys,
            "--db",
            demo,
            "render",
            layout,
            "--period",
            "2024-Y",
            "--unit",
            "mspu",
            "-o",
            output,
            "--signatory-position",
            "Директор Департаменту",
            "--signatory-name",
            "Людмила Корнієнко",
        )
        assert (code, err) == (0, "")
        assert out == f"Збережено «{output}» ({TITLES[layout]})\n"
        assert output.read_bytes()[:2] == b"PK"


def test_render_signs_with_the_database_signatory_unless_one_is_given(demo, tmp_path, capsys):
    """Without --signatory-* the settings' signatory signs, as in the window; the name
    prints as ДСТУ 4163 asks: власне ім'я and ПРІЗВИЩЕ, no по батькові."""
    from docx import Document  # noqa: PLC0415

    run(capsys, "--db", demo, "config", "signatory.position", "Директор Департаменту")
    run(capsys, "--db", demo, "config", "signatory.name", "Людмила Володимирівна Корнієнко")
    output = tmp_path / "звіт.docx"
    argv = ["--db", demo, "render", "status", "--period", "2024-Y", "--unit", "mspu", "-o", output]
    assert run(capsys, *argv)[0] == 0
    signatures = [
        p.text for p in Document(str(output)).paragraphs if p.style.style_id == "CtbSignature"
    ]
    assert signatures == ["Директор Департаменту\tЛюдмила КОРНІЄНКО"] * 2
    assert run(capsys, *argv, "--signatory-name", "Олена Петренко")[0] == 0
    signatures = [
        p.text for p in Document(str(output)).paragraphs if p.style.style_id == "CtbSignature"
    ]
    assert signatures == ["\tОлена ПЕТРЕНКО"] * 2


def test_render_problems_are_explained_and_keep_earlier_files(demo, tmp_path, capsys):
    earlier = tmp_path / "звіт.docx"
    earlier.write_bytes(b"signed earlier")
    code, _, err = run(capsys, "--db", demo, "render", "annual", "-o", earlier)
    assert code == 1 and "вкажіть звітний період, наприклад 2024-Y" in err
    code, _, err = run(
        capsys,
        "--db",
        demo,
        "render",
        "status",
        "--period",
        "2024-Y",
        "--unit",
        "UA-99",
        "-o",
        earlier,
    )
    assert code == 1 and "Звітуючого органу «UA-99» немає в базі" in err
    assert earlier.read_bytes() == b"signed earlier"
    code, _, err = run(
        capsys,
        "--db",
        demo,
        "render",
        "status",
        "--period",
        "2024-Y",
        "--unit",
        "UA-07",
        "-o",
        tmp_path / "немає" / "x.docx",
    )
    assert code == 1 and "Папки" in err and "не існує" in err


def test_render_with_a_broken_template_warns_and_uses_the_shipped_one(demo, tmp_path, capsys):
    broken = tmp_path / "мій.docx"
    broken.write_text("не docx", encoding="utf-8")
    output = tmp_path / "звіт.docx"
    code, _, err = run(
        capsys, "--db", demo, "render", "structure", "--template", broken, "-o", output
    )
    assert code == 0
    assert err == (
        f"ctb-desktop: увага: Шаблон «{broken}» не вдалося відкрити: це не документ .docx або "
        "файл пошкоджено. Використано стандартний шаблон.\n"
    )
    assert output.exists()


def test_check_carry_and_entries_round_trip(demo, tmp_path, capsys):
    code, out, _ = run(
        capsys, "--db", demo, "check", "--period", "2024-Y", "--unit", "UA-68", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["filled"] == 0 and data["measures"] == 60
    assert [(p["severity"], p["task"], p["measure"]) for p in data["problems"]] == [
        ("warning", "2.", "6)"),
        ("warning", "4.", "1)"),
    ]
    code, out, _ = run(
        capsys, "--db", demo, "carry", "--period", "2025-Q1", "--unit", "mspu", "--measure", "2. 6)"
    )
    assert code == 0 and out.startswith(
        "Скопійовано з періоду «2024 рік»: станів 1, значень показників 2"
    )
    exported = tmp_path / "мої дані.json"
    code, out, _ = run(
        capsys,
        "--db",
        demo,
        "entries",
        "export",
        "--period",
        "2025-Q1",
        "--unit",
        "mspu",
        "-o",
        exported,
    )
    assert code == 0 and ": 1 звіт про захід\n" in out
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["entries"][0]["status"]["state"] = "done"
    data["entries"][0]["status"]["text"] = ""
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "--db", demo, "entries", "import", exported)
    assert code == 0 and "І квартал 2025 року" in out
    # The same validation and the same lines as xlsx-import (tests/test_cli_spreadsheet.py).
    assert "  помилка: 2. 6): Захід позначено виконаним, але стан виконання не описано" in out
    code, out, _ = run(capsys, "--db", demo, "check", "--period", "2025-Q1", "--unit", "mspu")
    assert code == 1  # an error: done without text
    assert "Помилка\t2. 6)\tЗахід позначено виконаним, але стан виконання не описано" in out


def test_check_names_an_unknown_unit(demo, capsys):
    code, _, err = run(capsys, "--db", demo, "check", "--period", "2024-Y", "--unit", "UA-99")
    assert code == 1 and "Звітуючого органу «UA-99» немає в базі" in err


def test_import_previews_then_applies_a_program(tmp_path, capsys):
    from tests.importers.seed_tables import seed_001_rows, write_docx  # noqa: PLC0415

    annex = write_docx(seed_001_rows(), tmp_path / "Додаток 2 до Програми.docx")
    database = tmp_path / "область.sqlite"
    code, out, err = run(capsys, "--db", database, "import", annex, "--dry-run", "--json")
    assert (code, err) == (0, "")
    preview = json.loads(out)
    assert (preview["tasks"], preview["measures"], preview["applied"]) == (7, 28, False)
    assert not database.exists()  # a preview writes nothing, not even an empty file
    code, out, _ = run(capsys, "--db", database, "import", annex, "--code", "cherkasy-2025")
    assert code == 0 and "Збережено як програму 1" in out
    code, out, _ = run(capsys, "--db", database, "program", "show", "1", "--json")
    assert json.loads(out)["program"]["code"] == "cherkasy-2025"
    code, out, _ = run(capsys, "--db", database, "import", annex, "--program", "1", "--dry-run")
    assert "оновлення програми 1" in out


def test_import_of_a_report_into_a_period(demo, tmp_path, capsys):
    report = tmp_path / "Звіт 2024.docx"
    run(capsys, "--db", demo, "render", "annual", "--period", "2024-Y", "-o", report)
    code, out, _ = run(
        capsys, "--db", demo, "import", report, "--period", "2025-Y", "--unit", "mspu"
    )
    assert code == 0 and "станів виконання 60" in out and "Збережено за 2025 рік" in out
    _, out, _ = run(capsys, "--db", demo, "totals", "--period", "2025-Y")
    assert "Разом по Програмі\n  Усього\t3406,4\t1014,5\t985,6\t608,5" in out


def test_check_names_a_printed_subtotal_that_differs_from_its_lines(demo, tmp_path, capsys):
    """Seed 003 prints 3406,0 «Разом по Програмі» over lines that add up to 3406,4: the
    import keeps the lines (and the true sum), `check` names both figures."""
    from docx import Document  # noqa: PLC0415

    report = tmp_path / "Звіт 2024.docx"
    run(capsys, "--db", demo, "render", "annual", "--period", "2024-Y", "-o", report)
    document = Document(str(report))
    total = next(r for r in document.tables[0].rows if r.cells[0].text == "Разом по Програмі")
    total.cells[4].paragraphs[0].runs[0].text = "3406,0"  # «передбачено програмою»
    document.save(str(report))
    code, _, _ = run(capsys, "--db", demo, "import", report, "--period", "2025-Y", "--unit", "mspu")
    assert code == 0
    _, out, _ = run(capsys, "--db", demo, "check", "--period", "2025-Y", "--unit", "mspu")
    assert (
        "«Разом по Програмі», передбачено програмою: у звіті надруковано 3406,0 тис. грн, а "
        "сума рядків — 3406,4 тис. грн; у звіті стоїть сума рядків" in out
    )
    assert "Разом за завданням" not in out  # the other printed sub-totals agree
    _, out, _ = run(capsys, "--db", demo, "totals", "--period", "2025-Y")
    assert "Разом по Програмі\n  Усього\t3406,4" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just text", "не є документом Word"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "паролем"),
    ],
)
def test_import_of_a_bad_file_names_it(tmp_path, capsys, content, message):
    bad = tmp_path / "план.docx"
    bad.write_bytes(content)
    code, out, err = run(capsys, "--db", tmp_path / "x.sqlite", "import", bad, "--dry-run")
    assert code == 1 and out == ""
    assert "план.docx" in err and message in err


def test_render_to_pdf_without_libreoffice_is_refused_with_what_to_do(
    demo, tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr("ctb_desktop.reports.render.find_office", lambda: None)
    output = tmp_path / "a.pdf"
    code, out, err = run(
        capsys, "--db", demo, "render", "annual", "--period", "2024-Y", "-o", output
    )
    assert code == 1 and out == ""
    assert "потрібен LibreOffice" in err and "Зберегти як → PDF" in err
    assert not output.exists()
    code, _, err = run(capsys, "--db", demo, "render", "structure", "-o", tmp_path / "a.odt")
    assert code == 1 and "лише як .docx (Word) або .pdf" in err
    assert not (tmp_path / "a.odt").exists()


@pytest.mark.skipif(find_office() is None, reason="LibreOffice is not installed")
def test_render_to_pdf_writes_a_pdf(demo, tmp_path, capsys):
    output = tmp_path / "Звіт 2024.pdf"
    code, out, err = run(
        capsys, "--db", demo, "render", "annual", "--period", "2024-Y", "-o", output
    )
    assert code == 0, err
    assert f"Збережено «{output}»" in out
    assert output.read_bytes().startswith(b"%PDF")


def test_entries_import_names_a_negative_amount_as_xlsx_import_does(demo, tmp_path, capsys):
    exported = tmp_path / "дані.json"
    args = ["entries", "export", "--period", "2024-Y", "--unit", "UA-07", "-o", exported]
    assert run(capsys, "--db", demo, *args)[0] == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    line = next(entry for entry in data["entries"] if entry.get("financing"))["financing"][0]
    line["cash"] = "-1000"
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "--db", demo, "entries", "import", exported)
    assert code == 0
    assert "  помилка: 2. 1): Сума «Касові видатки» (-1,0 тис. грн) від’ємна у рядку 1" in out


def test_render_status_uses_the_own_unit_or_asks_for_one(demo, tmp_path, capsys):
    output = tmp_path / "стан.docx"
    args = ["render", "status", "--period", "2024-Y", "-o", output]
    code, _, err = run(capsys, "--db", demo, *args)
    assert code == 1 and "вкажіть звітуючий орган (--unit КОД)" in err
    assert "config unit КОД" in err and not output.exists()
    assert run(capsys, "--db", demo, "config", "unit", "UA-07")[0] == 0
    code, _, err = run(capsys, "--db", demo, *args)
    assert code == 0, err
    text = "\n".join(paragraph.text for paragraph in open_docx(output.read_bytes()).paragraphs)
    assert "Волинськ" in text


def test_the_readme_first_command_can_be_run_again(tmp_path, capsys):
    """`demo --if-new` creates the demo in a new database and leaves data alone after."""
    path = tmp_path / "demo.sqlite"
    code, out, _ = run(capsys, "--db", path, "demo", "--if-new")
    assert code == 0 and "Створено демонстраційну базу" in out
    assert run(capsys, "--db", path, "config", "unit", "UA-07")[0] == 0
    code, out, err = run(capsys, "--db", path, "demo", "--if-new")
    assert (code, err) == (0, "")
    assert out == f"База «{path}» уже містить дані: залишено як є\n"
    assert run(capsys, "--db", path, "config", "unit")[1].strip().endswith("UA-07")
