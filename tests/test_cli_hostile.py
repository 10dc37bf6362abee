"""Hostile input and broken environments at the command line (issue 14): each gives one
Ukrainian line and exit 1 (130 for Ctrl+C, 70 for a bug, with the traceback in the log),
never a traceback, and the database is exactly as it was."""

import json
import os
import sqlite3
import stat
import zipfile

import pytest

from ctb_desktop.cli import main
from ctb_desktop.domain.workbook_layout import COUNTS, FINANCING_SHEET, STATUS_SHEET
from ctb_desktop.storage.backup import list_backups
from ctb_desktop.storage.datafiles import DEMO_ENTRIES, resources_dir
from tests.importers.test_workbook_import import CASH, edit


def run(capsys, *argv):
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def dump(path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture
def demo(tmp_path, capsys):
    path = tmp_path / "demo.sqlite"
    assert run(capsys, "--db", path, "demo")[0] == 0
    return path


def _one_line(err: str) -> str:
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def _entries() -> dict:
    return json.loads((resources_dir() / DEMO_ENTRIES).read_text("utf-8"))


def _first_status(data: dict) -> dict:
    return next(entry for entry in data["entries"] if entry["status"])["status"]


def _first_line(data: dict) -> dict:
    return next(entry for entry in data["entries"] if entry["financing"])["financing"][0]


def _period(data, value):
    data["period"] = value


def _amount(value):
    return lambda data: _first_line(data).update(financed=value)


def _status(**fields):
    return lambda data: _first_status(data).update(fields)


def _indicator(value):
    def change(data):
        status = next(
            entry["status"]
            for entry in data["entries"]
            if entry["status"] and entry["status"]["achieved"]
        )
        status["achieved"][0]["value"] = value

    return change


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda d: _period(d, "0000-Y"), "рік 0 поза допустимими межами (2000–2100)"),
        (lambda d: _period(d, "2101-Y"), "рік 2101 поза допустимими межами"),
        (_amount("1" + "0" * 20), "завелике: допустимо не більше 15 цифр до коми"),
        (_amount("9" * 30), "завелике"),
        (_amount("1e9999999"), "завелике"),
        (_amount("Infinity"), "не є числом"),
        (_amount("0.001"), "має частки копійки"),
        (_status(people_reached=-1), "кількість «-1» має бути цілим числом від 0"),
        (_status(events_held=10**20), "має бути цілим числом від 0 до 1 000 000 000"),
        (_status(text="до \ud800 після"), "недопустимий символ U+D800"),
        (_indicator("9" * 30), "завелике"),
        (_indicator("0." + "1" * 30), "забагато знаків після коми"),
    ],
)
def test_hostile_entries_files_are_refused_and_nothing_changes(
    demo, tmp_path, capsys, change, fragment
):
    data = _entries()
    change(data)
    file = tmp_path / "hostile.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    before = dump(demo)
    code, _out, err = run(capsys, "--db", demo, "entries", "import", file)
    assert code == 1
    assert fragment in _one_line(err)
    assert err.startswith(f"ctb-desktop: помилка: Файл «{file}»")
    assert dump(demo) == before


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"format": "ctb-entries", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "вкладеність"),
        ('{"format": "ctb-entries", "format_version": NaN}', "«NaN» не є числом JSON"),
        ('{"format": "ctb-entries", "format_version": 1e400}', "поза допустимими межами"),
        ('{"format": "ctb-entries", "format_version": ' + "7" * 5000 + "}", "завелике"),
        ('{"format": "ctb-entries\\u0000"}', "недопустимий символ U+0000"),
    ],
)
def test_hostile_json_is_refused_in_every_reader(demo, tmp_path, capsys, text, fragment):
    file = tmp_path / "hostile.json"
    file.write_text(text, encoding="utf-8")
    before = dump(demo)
    for command in (["entries", "import"], ["program", "load"]):
        code, _out, err = run(capsys, "--db", demo, *command, file)
        assert code == 1
        assert fragment in _one_line(err)
    assert dump(demo) == before


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda p: p.update(year_from=-5), "рік «-5» поза допустимими межами"),
        (lambda p: p.update(year_to=10**6), "program.year_to: рік «1000000»"),
        (
            lambda p: p["tasks"][0]["measures"][0].update(
                financing_plan=[{"source": "local", "year": 1900, "amount": "1.00"}]
            ),
            "рік «1900»",
        ),
    ],
)
def test_a_program_with_years_out_of_range_is_refused(demo, tmp_path, capsys, change, fragment):
    code, exported, _ = run(capsys, "--db", demo, "program", "show", "1", "--json")
    data = json.loads(exported)
    data["program"]["code"] = "other"
    change(data["program"])
    file = tmp_path / "program.json"
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = dump(demo)
    code, _out, err = run(capsys, "--db", demo, "program", "load", file)
    assert code == 1
    assert fragment in _one_line(err)
    assert dump(demo) == before


def test_a_database_already_holding_a_year_out_of_range_still_opens(demo, capsys):
    connection = sqlite3.connect(demo)
    with connection:
        connection.execute(
            "INSERT INTO status_entry (measure_id, unit_id, year, period, state, text) "
            "SELECT measure_id, unit_id, 0, period, state, text FROM status_entry LIMIT 1"
        )
        connection.execute("UPDATE program SET year_from = -5")
    connection.close()
    for command in (["periods"], ["periods", "--json"], ["program", "show", "1"]):
        code, _out, err = run(capsys, "--db", demo, *command)
        assert (code, err) == (0, "")


# ---------------------------------------------------------------------- -o targets


def _export(capsys, demo, target):
    return run(capsys, "--db", demo, "entries", "export", "--period", "2024-Y", "-o", target)


def test_output_into_a_fifo_or_a_directory_is_refused(demo, tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _out, err = _export(capsys, demo, fifo)
    assert code == 1
    assert f"«{fifo}» є каналом (FIFO), а записати можна лише звичайний файл" in _one_line(err)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _out, err = _export(capsys, demo, folder)
    assert code == 1
    assert "є папкою" in _one_line(err)
    assert folder.is_dir()


def test_output_through_a_symlink_writes_the_file_it_points_to(demo, tmp_path, capsys):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert _export(capsys, demo, link)[0] == 0
    assert link.is_symlink()
    assert json.loads(real.read_text("utf-8"))["period"] == "2024-Y"
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere" / "x.json")
    code, _out, err = _export(capsys, demo, dangling)
    assert code == 1
    assert "посиланням на файл, якого немає" in _one_line(err)
    assert dangling.is_symlink()


def test_output_to_a_device_is_refused(demo, capsys):
    code, _out, err = _export(capsys, demo, "/dev/null")
    assert code == 1
    assert "«/dev/null» є пристроєм" in _one_line(err)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


# ---------------------------------------------------------------------- failures


def _damage(path):
    """Overwrite every page but the first (the header and the schema stay readable)."""
    size = path.stat().st_size
    connection = sqlite3.connect(path)
    page = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with path.open("r+b") as stream:
        stream.seek(page)
        stream.write(b"\xff" * (size - page))
    assert path.stat().st_size == size


def test_a_damaged_database_is_said_with_its_latest_sound_backup(demo, capsys):
    assert run(capsys, "--db", demo, "backup", "create")[0] == 0
    sound = list_backups(None, demo)
    _damage(demo)
    for command in (["programs"], ["program", "show", "1"], ["periods"]):
        code, _out, err = run(capsys, "--db", demo, *command)
        assert code == 1
        line = _one_line(err)
        assert f"файл бази даних «{demo}» пошкоджений" in line.lower() or "пошкоджений" in line
        assert sound[0].path.name in line
    # A change is refused before it starts, and no damaged copy replaces the sound one.
    data = _entries()
    file = demo.parent / "e.json"
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for _ in range(12):
        code, _out, err = run(capsys, "--db", demo, "entries", "import", file)
        assert code == 1
        assert "пошкоджений" in _one_line(err)
    assert list_backups(None, demo) == sound


def test_ctrl_c_ends_a_command_with_one_line_and_130(demo, capsys, monkeypatch):
    from ctb_desktop.storage.workspace import Workspace  # noqa: PLC0415

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Workspace, "open", interrupted)
    code, out, err = run(capsys, "--db", demo, "programs")
    assert code == 130
    assert out == ""
    assert "перервано (Ctrl+C)" in _one_line(err)


def test_a_bug_is_one_line_naming_the_log_and_70(demo, tmp_path, capsys, monkeypatch):
    from ctb_desktop.storage.workspace import Workspace  # noqa: PLC0415

    def broken(*_args, **_kwargs):
        raise RuntimeError("щось зламалося")

    monkeypatch.setattr(Workspace, "program", broken)
    before = dump(demo)
    code, _out, err = run(capsys, "--db", demo, "periods")
    assert code == 70
    line = _one_line(err)
    assert "непередбачена помилка (RuntimeError)" in line
    log = tmp_path / "xdg_data_home" / "ctb-desktop" / "logs" / "ctb-desktop.log"
    assert f"журналу «{log}»" in line
    assert "RuntimeError: щось зламалося" in log.read_text("utf-8")
    assert dump(demo) == before


# ---------------------------------------------------------------------- workbooks


def _replace_in_zip(path, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    assert sum(data.count(old) for _info, data in members) == 1
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            target.writestr(info, data.replace(old, new))


@pytest.mark.parametrize(
    ("sheet", "key", "header", "value", "fragment"),
    [
        (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CASH, 1e300, "завелике"),
        (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CASH, b"NaN", "«NaN» чи «INF» замість числа"),
        (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CASH, b"INF", "«NaN» чи «INF» замість числа"),
        (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CASH, b"-1e309", "очікується сума"),
        (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CASH, "9" * 30, "завелике"),
        (FINANCING_SHEET, ["2.", "1)", "UA-07", 1], CASH, 10**17, "завелике"),
        (STATUS_SHEET, ["1.", "1)", "mspu"], COUNTS["people_reached"], -3, "невід’ємне"),
        (STATUS_SHEET, ["1.", "1)", "mspu"], COUNTS["people_reached"], 10**12, "від 0 до"),
    ],
)
def test_hostile_workbook_cells_are_refused(
    demo, tmp_path, capsys, sheet, key, header, value, fragment
):
    book = tmp_path / "книга.xlsx"
    argv = ["--db", demo, "entries", "xlsx-export", "--period", "2024-Y", "-o", book]
    assert run(capsys, *argv)[0] == 0
    if isinstance(value, bytes):  # a numeric cell openpyxl would not write: put it in the XML
        edit(book, (sheet, key, header, 123456.25))
        _replace_in_zip(book, b"<v>123456.25</v>", b"<v>" + value + b"</v>")
    else:
        edit(book, (sheet, key, header, value))
    before = dump(demo)
    code, _out, err = run(capsys, "--db", demo, "entries", "xlsx-import", book)
    assert code == 1
    assert fragment in _one_line(err)
    assert dump(demo) == before


def test_xlsx_export_under_a_file_size_limit_is_one_line(demo, tmp_path):
    """The workbook is made in memory; writing it hits the limit (the database, smaller
    than the limit, still opens)."""
    import resource  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    def limited():
        resource.setrlimit(resource.RLIMIT_FSIZE, (44 * 1024, 44 * 1024))

    target = tmp_path / "книга.xlsx"
    repo = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ctb_desktop",
            "--db",
            str(demo),
            "entries",
            "xlsx-export",
            "--period",
            "2024-Y",
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        cwd=repo,
        preexec_fn=limited,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "Не вдалося записати файл «книга.xlsx»" in _one_line(done.stderr).replace(
        str(tmp_path) + "/", ""
    )
    assert not target.exists()
