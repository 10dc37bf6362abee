"""Every bad package is refused with a message naming the file and the problem, and
nothing is imported: no revision stored, no entry changed."""

import json

import pytest

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.periods import Period
from ctb_desktop.exchange import package as packages
from ctb_desktop.exchange.incoming import receive
from ctb_desktop.exchange.package import Package, PackageError, read
from ctb_desktop.operations.packages import receive_packages
from ctb_desktop.storage.config import Config
from ctb_desktop.storage.workspace import Workspace
from tests.exchange.network import OBLAST
from tests.exchange.package_files import NAME, members, packed, state


def _refused(db, content, message, **options):
    before = state(db)
    with pytest.raises(UserError, match=message) as error:
        receive(Workspace(db), content, NAME, **options)
    assert state(db) == before
    return str(error.value)


def _rewritten(content: bytes, change) -> bytes:
    package = read(content, NAME)
    manifest = json.loads(json.dumps(package.manifest))
    change(manifest)
    return Package(manifest, dict(package.files)).to_bytes()


def test_the_good_package_is_accepted(oblast, good):
    assert receive(Workspace(oblast), good, NAME).outcome == "imported"
    assert state(oblast)[:2] == (1, 2)


@pytest.mark.parametrize("path", ["../../evil.json", "report/../../evil.json", "..\\evil.json"])
def test_zip_slip_paths_are_refused(oblast, good, path):
    message = _refused(oblast, packed([*members(good).items(), (path, b"{}")]), "недопустимий шлях")
    assert NAME in message


@pytest.mark.parametrize("path", ["/etc/passwd", "C:/Windows/win.ini"])
def test_absolute_paths_are_refused(oblast, good, path):
    _refused(oblast, packed([*members(good).items(), (path, b"x")]), "недопустимий шлях")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(oblast, good):
    bomb = members(good)
    bomb["entries.json"] = b"0" * (8 * 2**20)  # 8 MB that compress to a few KB
    _refused(oblast, packed(bomb), "zip-бомба")


def test_an_entry_larger_than_any_real_package_is_refused(oblast, good, monkeypatch):
    monkeypatch.setattr(packages, "MAX_ENTRY", 1000)
    _refused(oblast, good, "завеликий після розпакування")


def test_duplicate_entries_are_refused(oblast, good):
    doubled = [*members(good).items(), ("entries.json", b'{"format": "ctb-entries"}')]
    _refused(oblast, packed(doubled), "«entries.json» у ньому двічі")


def test_a_tampered_file_fails_its_hash(oblast, good):
    contents = members(good)
    entries = json.loads(contents["entries.json"])
    entries["entries"][0]["financing"][0]["cash"] = "999999.00"
    contents["entries.json"] = json.dumps(entries).encode()
    _refused(oblast, packed(contents), "змінено після створення пакета")


def test_a_manifest_from_a_newer_format_is_refused(oblast, good):
    newer = _rewritten(good, lambda manifest: manifest.update(format_version=2))
    _refused(oblast, newer, "новішою версією ctb-desktop")


def test_a_package_of_another_program_is_refused(oblast, good):
    other = _rewritten(good, lambda manifest: manifest["program"].update(code="kyiv-2027"))
    _refused(oblast, other, "належить програмі «kyiv-2027», якої немає в цій базі")


def test_a_package_for_another_period_than_expected_is_refused(oblast, good):
    _refused(oblast, good, "приймаються звіти за І півріччя 2025", period=Period.parse("2025-H1"))


def test_a_period_outside_the_program_is_refused(oblast, good):
    later = _rewritten(good, lambda manifest: manifest.update(period="2031-Y"))
    _refused(oblast, later, "не належить до строку програми")


def test_a_unit_outside_the_oblast_is_refused(oblast, good):
    def move(manifest):
        manifest["units"]["units"] += [
            {"code": "UA-05", "name": "Вінницька область", "short_name": "Вінницька ОВА",
             "level": "oblast", "parent": "mspu"},
            {"code": "UA-05-01", "name": "Вінницька районна державна адміністрація",
             "short_name": "Вінницька РДА", "level": "district", "parent": "UA-05"},
        ]  # fmt: skip
        manifest["unit"] = "UA-05-01"

    message = _refused(
        oblast, _rewritten(good, move), "не звітує до «Черкаська обласна військова адміністрація»"
    )
    assert "UA-05-01" in message


def test_a_truncated_download_is_refused(oblast, good):
    _refused(oblast, good[: len(good) // 2], "пошкоджено")


def test_not_a_package_at_all(oblast):
    _refused(oblast, "Звіт за рік".encode(), "не є пакетом")


def test_one_bad_file_among_several_does_not_stop_the_others(oblast, good, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a_зламаний.ctbpkg").write_bytes(good[:100])
    (tmp_path / "in" / "b_добрий.ctbpkg").write_bytes(good)
    results = receive_packages(Workspace(oblast), [tmp_path / "in"])
    assert [path.name for path, _ in results] == ["a_зламаний.ctbpkg", "b_добрий.ctbpkg"]
    assert isinstance(results[0][1], PackageError)
    assert "a_зламаний.ctbpkg" in str(results[0][1])
    assert results[1][1].outcome == "imported"


def test_the_oblast_needs_to_know_whose_database_it_is(oblast, good):
    Config(oblast).set("unit", "")
    _refused(oblast, good, "Не вказано, чия це база")
    assert receive(Workspace(oblast), good, NAME, own_unit=OBLAST).outcome == "imported"


def test_the_same_revision_with_other_data_is_refused(oblast, good):
    assert receive(Workspace(oblast), good, NAME).outcome == "imported"
    other = _rewritten(
        good, lambda manifest: manifest.update(created_at="2030-01-01T00:00:00.000Z")
    )
    _refused(oblast, other, "редакцію 1 уже отримано з іншими даними")
    assert receive(Workspace(oblast), good, NAME).outcome == "unchanged"
