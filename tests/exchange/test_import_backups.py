"""Every import starts with a backup of the database: one per batch of received
packages, one per program import; a failed backup stops the import before it starts."""

import sqlite3
from decimal import Decimal

import pytest

from ctb_desktop.exchange.incoming import receive_files
from ctb_desktop.exchange.outgoing import export_report
from ctb_desktop.importers.program_import import apply_import, plan_import
from ctb_desktop.reports.context import ReportData, ReportOptions
from ctb_desktop.reports.render import render, save
from ctb_desktop.storage import backup
from ctb_desktop.storage.backup import BackupError, list_backups
from tests.exchange.network import (
    PERIOD,
    district_database,
    fill,
    program_id,
    program_package,
)


@pytest.fixture
def packages(oblast, tmp_path):
    """Reports of two districts in a folder, as the clerk saves them from the mail."""
    folder = tmp_path / "пошта"
    folder.mkdir()
    for code in ("UA-71-01", "UA-71-02"):
        district = district_database(tmp_path / f"{code}.sqlite", code, program_package(oblast))
        fill(district, code, Decimal(100))
        outgoing = export_report(district, program_id(district), PERIOD, code)
        (folder / outgoing.file_name).write_bytes(outgoing.content)
        district.close()
    return folder


def test_receiving_a_batch_takes_one_backup_first(oblast, packages):
    before = oblast.execute("SELECT count(*) FROM received_package").fetchone()[0]
    results = receive_files(oblast, [packages])
    assert [result.outcome for _, result in results] == ["imported", "imported"]
    [taken] = list_backups(source=oblast.path)
    assert taken.reason == "before-import"
    copy = sqlite3.connect(taken.path)
    assert copy.execute("SELECT count(*) FROM received_package").fetchone()[0] == before
    copy.close()


def test_no_backup_no_import(oblast, packages, monkeypatch):
    def full(*_args, **_kwargs):
        raise BackupError("На диску закінчилося місце: резервну копію «x» не збережено.")

    monkeypatch.setattr(backup, "create_backup", full)
    with pytest.raises(BackupError, match="Дію не виконано, база даних без змін"):
        receive_files(oblast, [packages])
    assert oblast.execute("SELECT count(*) FROM received_package").fetchone()[0] == 0


def test_an_empty_batch_takes_none(oblast, tmp_path):
    (tmp_path / "порожня").mkdir()
    assert receive_files(oblast, [tmp_path / "порожня"]) == []
    assert list_backups(source=oblast.path) == []


def test_a_program_import_takes_a_backup_first(demo_db, demo_program, tmp_path):
    path = tmp_path / "додаток.docx"
    save(render("structure", ReportData(demo_program, []), ReportOptions(columns=4)), path)
    apply_import(demo_db, plan_import(demo_db, path, program_id=demo_program.id))
    assert [info.reason for info in list_backups(source=demo_db.path)] == ["before-import"]
