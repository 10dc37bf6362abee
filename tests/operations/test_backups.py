"""Every operation that changes data takes a backup first: one per import, one per batch
of received packages; a failed backup stops the operation before it starts. The same
from the command line: `backup list` grows after each data-changing command."""

import json
import sqlite3
from decimal import Decimal

import pytest

from ctb_desktop.cli import main
from ctb_desktop.domain.interchange import entries_to_dict, program_to_dict
from ctb_desktop.domain.periods import Period
from ctb_desktop.exchange.outgoing import export_report
from ctb_desktop.importers.program_import import plan_import
from ctb_desktop.operations import backups, entries, packages, programs, workbook
from ctb_desktop.operations.render import render_layout
from ctb_desktop.reports.context import ReportData, ReportOptions
from ctb_desktop.reports.render import render, save
from ctb_desktop.storage import backup
from ctb_desktop.storage.backup import BackupError, list_backups
from ctb_desktop.storage.datafiles import builtin_units
from ctb_desktop.storage.demo import clear
from ctb_desktop.storage.workspace import Workspace
from tests.exchange.network import (
    PERIOD,
    district_database,
    fill,
    program_id,
    program_package,
)


@pytest.fixture
def packages_folder(oblast, tmp_path):
    """Reports of two districts in a folder, as the clerk saves them from the mail."""
    folder = tmp_path / "пошта"
    folder.mkdir()
    for code in ("UA-71-01", "UA-71-02"):
        district = district_database(tmp_path / f"{code}.sqlite", code, program_package(oblast))
        fill(district, code, Decimal(100))
        outgoing = export_report(Workspace(district), program_id(district), PERIOD, code)
        (folder / outgoing.file_name).write_bytes(outgoing.content)
        district.close()
    return folder


def test_receiving_a_batch_takes_one_backup_first(oblast, packages_folder):
    before = oblast.execute("SELECT count(*) FROM received_package").fetchone()[0]
    results = packages.receive_packages(Workspace(oblast), [packages_folder])
    assert [result.outcome for _, result in results] == ["imported", "imported"]
    [taken] = list_backups(source=oblast.path)
    assert taken.reason == "before-import"
    copy = sqlite3.connect(taken.path)
    assert copy.execute("SELECT count(*) FROM received_package").fetchone()[0] == before
    copy.close()


def test_no_backup_no_import(oblast, packages_folder, monkeypatch):
    def full(*_args, **_kwargs):
        raise BackupError("На диску закінчилося місце: резервну копію «x» не збережено.")

    monkeypatch.setattr(backup, "create_backup", full)
    with pytest.raises(BackupError, match="Дію не виконано, база даних без змін"):
        packages.receive_packages(Workspace(oblast), [packages_folder])
    assert oblast.execute("SELECT count(*) FROM received_package").fetchone()[0] == 0


def test_an_empty_batch_takes_none(oblast, tmp_path):
    (tmp_path / "порожня").mkdir()
    assert packages.receive_packages(Workspace(oblast), [tmp_path / "порожня"]) == []
    assert list_backups(source=oblast.path) == []


def _annex(ws, tmp_path):
    path = tmp_path / "додаток.docx"
    save(render("structure", ReportData(ws.program(), []), ReportOptions(columns=4)), path)
    programs.apply_annex(ws, plan_import(ws.db, path, program_id=ws.program().id))


def _entries_file(ws, tmp_path):
    program = ws.program()
    path = tmp_path / "entries.json"
    data = entries.unit_entries(ws, program, Period.parse("2024-Y"), "mspu")
    path.write_text(json.dumps(entries_to_dict(data), ensure_ascii=False), encoding="utf-8")
    entries.import_entries_file(ws, path)


def _workbook(ws, tmp_path):
    program = ws.program()
    path = tmp_path / "книга.xlsx"
    workbook.export_workbook(ws, program.id, Period.parse("2024-Y"), path)
    ws.db.execute("DELETE FROM status_entry")  # the workbook brings them back
    assert workbook.apply_workbook(ws, workbook.read_workbook(ws, path))


def _filled_report(ws, tmp_path):
    program = ws.program()
    path = tmp_path / "звіт.docx"
    render_layout(ws, "annual", path, period=Period.parse("2024-Y"))
    found = entries.read_filled_report(ws, path, program, Period.parse("2024-Y"), "mspu")
    entries.save_entries(ws, program, found.entries)


def _carry(ws, _tmp_path):
    entries.carry(ws, ws.program(), "mspu", Period.parse("2025-Q1"))


def _builtin(ws, _tmp_path):
    clear(ws.db)
    ws.units.save(builtin_units())  # a directory without the program: something to lose
    assert programs.load_builtin(ws).added


def _program_file(ws, tmp_path):
    path = tmp_path / "program.json"
    data = program_to_dict(ws.program())
    data["program"]["code"] = "інша"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    programs.load_program_file(ws, path)


def _demo(ws, _tmp_path):
    programs.load_demo(ws, force=True)


@pytest.mark.parametrize(
    "operation",
    [_annex, _entries_file, _workbook, _filled_report, _carry, _builtin, _program_file, _demo],
)
def test_every_data_changing_operation_leaves_a_backup(demo_db, tmp_path, operation):
    ws = Workspace(demo_db)
    assert list_backups(source=demo_db.path) == []
    operation(ws, tmp_path)
    assert [info.reason for info in list_backups(source=demo_db.path)] == ["before-import"]


def test_a_restore_keeps_the_state_it_replaces(demo_db, tmp_path):
    made = backups.backup_now(Workspace(demo_db))
    path = demo_db.path
    demo_db.close()
    restored = backups.restore(path, made)
    assert restored.kept is not None
    assert {info.reason for info in list_backups(source=path)} == {"manual", "before-restore"}


# ------------------------------------------------------------------ the command line


def _cli(*argv):
    assert main(list(argv)) == 0


@pytest.mark.parametrize(
    "command",
    ["entries import", "entries xlsx-import", "import", "package import", "backup restore"],
)
def test_each_data_changing_command_grows_the_backup_list(tmp_path, capsys, command):
    db = str(tmp_path / "demo.sqlite")
    _cli("--db", db, "demo")
    before = len(list_backups(source=tmp_path / "demo.sqlite"))
    if command == "entries import":
        _cli("--db", db, "entries", "export", "--period", "2024-Y", "-o", str(tmp_path / "e.json"))
        _cli("--db", db, "entries", "import", str(tmp_path / "e.json"))
    elif command == "entries xlsx-import":
        book = str(tmp_path / "книга.xlsx")
        _cli("--db", db, "entries", "xlsx-export", "--period", "2024-Y", "-o", book)
        with sqlite3.connect(db) as connection:  # the workbook brings them back
            connection.execute("DELETE FROM status_entry")
        connection.close()
        _cli("--db", db, "entries", "xlsx-import", book)
    elif command == "import":
        report = str(tmp_path / "звіт.docx")
        _cli("--db", db, "render", "annual", "--period", "2024-Y", "-o", report)
        _cli("--db", db, "import", report, "--period", "2024-Y", "--unit", "mspu")
    elif command == "package import":
        _cli("--db", db, "config", "unit", "mspu")
        package = str(tmp_path / "UA-71.ctbpkg")
        args = ["package", "export", "--period", "2024-Y", "--unit", "UA-71", "-o", package]
        _cli("--db", db, *args)
        _cli("--db", db, "package", "import", package)
    else:
        _cli("--db", db, "backup", "create")
        before += 1
        [made] = list_backups(source=tmp_path / "demo.sqlite")
        _cli("--db", db, "backup", "restore", str(made.path))
    capsys.readouterr()
    assert len(list_backups(source=tmp_path / "demo.sqlite")) == before + 1
