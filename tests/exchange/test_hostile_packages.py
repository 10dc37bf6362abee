"""Hostile manifests and package data (issue 14): every one is refused with a message
naming the package and the field, and the database is exactly as it was."""

import hashlib
import json
import re

import pytest

from ctb_desktop.domain.errors import UserError
from ctb_desktop.exchange.incoming import receive
from ctb_desktop.operations.packages import receive_packages
from ctb_desktop.storage.workspace import Workspace
from tests.exchange.package_files import NAME, members, packed, state

_REVISION = re.compile(rb'"revision": 1\b')


def _raw_manifest(content: bytes, change) -> bytes:
    """The package with its manifest.json text changed by `change(bytes) -> bytes`."""
    files = members(content)
    files["manifest.json"] = change(files["manifest.json"])
    return packed(files)


def _manifest(content: bytes, change) -> bytes:
    """The package with its manifest changed as a dict (`change(dict)`)."""

    def rewrite(text: bytes) -> bytes:
        manifest = json.loads(text)
        change(manifest)
        return json.dumps(manifest, ensure_ascii=False).encode("utf-8")

    return _raw_manifest(content, rewrite)


def _data(content: bytes, name: str, data: bytes) -> bytes:
    """The package with file `name` replaced and its hash in the manifest updated, so
    only the data itself is wrong."""
    files = members(content)
    files[name] = data
    manifest = json.loads(files["manifest.json"])
    manifest["files"][name] = hashlib.sha256(data).hexdigest()
    files["manifest.json"] = json.dumps(manifest).encode("utf-8")
    return packed(files)


def _refused(db, content, *fragments):
    before = state(db)
    with pytest.raises(UserError) as error:
        receive(Workspace(db), content, NAME)
    assert state(db) == before
    message = str(error.value)
    assert NAME in message
    for fragment in fragments:
        assert fragment in message
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("revision", "fragment"),
    [
        (b"Infinity", "«Infinity» не є числом JSON"),
        (b"-Infinity", "«-Infinity» не є числом JSON"),
        (b"NaN", "«NaN» не є числом JSON"),
        (b"1e400", "«1e400» поза допустимими межами"),
        (b"2.5", "revision: «2.5» не є номером редакції"),
        (b"1" + b"0" * 30, "ціле число з 31 цифр завелике"),
        (b"1" + b"0" * 20, "не є номером редакції"),
        (b'"3"', "revision: «3» не є номером редакції"),
        (b"null", "revision: «відсутнє» не є номером редакції"),
        (b"0", "revision: «0» не є номером редакції"),
        (b"-2", "revision: «-2» не є номером редакції"),
        (b"true", "revision: «True» не є номером редакції"),
    ],
)
def test_a_revision_that_is_not_a_small_positive_integer_is_refused(
    oblast, good, revision, fragment
):
    hostile = _raw_manifest(good, lambda text: _REVISION.sub(b'"revision": ' + revision, text))
    assert hostile != good
    _refused(oblast, hostile, fragment)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda m: m.pop("program"), "поле program: очікується об'єкт"),
        (lambda m: m.pop("revision"), "поле revision"),
        (lambda m: m["program"].update(code=7), "поле program.code"),
        (lambda m: m["program"].update(code=" "), "код програми порожній"),
        (lambda m: m["program"].pop("structure_sha256"), "program.structure_sha256"),
        (lambda m: m.update(unit="UA-99"), "орган «UA-99» (поле unit) відсутній у переліку units"),
        (lambda m: m.update(unit=None), "поле unit"),
        (lambda m: m.update(units=[]), "поле units"),
        (lambda m: m.update(period=None), "поле period: «відсутнє» не є звітним періодом"),
        (lambda m: m.update(period=2025), "поле period: «2025» не є звітним періодом"),
        (lambda m: m.update(period="0000-Y"), "рік 0 поза допустимими межами"),
        (lambda m: m.update(period="2999-Y"), "рік 2999 поза допустимими межами"),
        (lambda m: m.update(created_at="вчора"), "поле created_at"),
        (lambda m: m.update(contact="a@b.ua\r\nBcc: all@x.ua"), "поле contact"),
        (lambda m: m.update(format_version="1"), "поле format_version"),
        (lambda m: m.update(files=["entries.json"]), "немає правильного переліку файлів"),
        (lambda m: m.update(app_version=None), "поле app_version"),
        (lambda m: m.update(kind=None), "невідомий вид"),
    ],
)
def test_a_malformed_manifest_is_refused_naming_the_field(oblast, good, change, fragment):
    _refused(oblast, _manifest(good, change), fragment)


def test_a_deeply_nested_manifest_is_refused(oblast, good):
    deep = _raw_manifest(
        good, lambda text: text[:-2] + b', "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    )
    _refused(oblast, deep, "вкладеність глибша за 64 рівні")


def _entries(content: bytes) -> dict:
    return json.loads(members(content)["entries.json"])


def _status(content: bytes, **fields) -> bytes:
    entries = _entries(content)
    entries["entries"][0]["status"].update(fields)
    return _data(content, "entries.json", json.dumps(entries).encode("utf-8"))


def _financed(content: bytes, amount: str) -> bytes:
    entries = _entries(content)
    entries["entries"][0]["financing"][0]["financed"] = amount
    return _data(content, "entries.json", json.dumps(entries).encode("utf-8"))


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda c: _financed(c, "1" + "0" * 20), "завелике: допустимо не більше 15 цифр"),
        (lambda c: _financed(c, "9" * 30), "завелике"),
        (lambda c: _financed(c, "1e9999999"), "завелике"),
        (lambda c: _financed(c, "NaN"), "не є числом"),
        (lambda c: _status(c, people_reached=-1), "кількість «-1» має бути цілим числом від 0"),
        (lambda c: _status(c, events_held=10**12), "кількість «1000000000000»"),
        (lambda c: _status(c, text="текст \ud800 далі"), "недопустимий символ U+D800"),
        (lambda c: _status(c, text="a\x00b"), "недопустимий символ U+0000"),
    ],
)
def test_hostile_numbers_and_text_in_the_data_are_refused(oblast, good, make, fragment):
    _refused(oblast, make(good), "не відповідають формату", fragment)


def test_entries_nested_100000_deep_are_refused(oblast, good):
    deep = b'{"x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    _refused(oblast, _data(good, "entries.json", deep), "вкладеність глибша за 64 рівні")


def test_one_malformed_package_in_a_folder_does_not_stop_the_others(oblast, good, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "1-bad.ctbpkg").write_bytes(_manifest(good, lambda m: m.pop("program")))
    (folder / "2-good.ctbpkg").write_bytes(good)
    (folder / "3-deep.ctbpkg").write_bytes(
        _data(good, "entries.json", b"[" * 100_000 + b"]" * 100_000)
    )
    results = receive_packages(Workspace(oblast), [folder])
    outcomes = {path.name: result for path, result in results}
    assert list(outcomes) == ["1-bad.ctbpkg", "2-good.ctbpkg", "3-deep.ctbpkg"]
    assert isinstance(outcomes["1-bad.ctbpkg"], UserError)
    assert outcomes["2-good.ctbpkg"].outcome == "imported"
    assert isinstance(outcomes["3-deep.ctbpkg"], UserError)
    assert oblast.execute("SELECT count(*) FROM received_package").fetchone()[0] == 1


def test_a_bug_while_reading_one_package_is_logged_and_refuses_only_it(
    oblast, good, tmp_path, monkeypatch
):
    from ctb_desktop.operations import packages as operations  # noqa: PLC0415

    real = operations.arrive_file

    def arrive(path):
        if path.name.startswith("1"):
            raise StopIteration  # what a manifest without its unit once raised
        return real(path)

    monkeypatch.setattr(operations, "arrive_file", arrive)
    (tmp_path / "1.ctbpkg").write_bytes(good)
    (tmp_path / "2.ctbpkg").write_bytes(good)
    results = receive_packages(Workspace(oblast), [tmp_path / "1.ctbpkg", tmp_path / "2.ctbpkg"])
    first, second = (result for _path, result in results)
    assert isinstance(first, UserError)
    assert "непередбачену помилку (StopIteration)" in str(first)
    assert "журнал" in str(first)
    assert second.outcome == "imported"


def test_a_return_whose_letter_cannot_be_built_leaves_the_review_as_it_was(oblast, good, tmp_path):
    """Issue 14, finding 8: a contact with CR/LF (stored before manifests were checked)
    crashed the letter after the review had been saved."""
    from ctb_desktop.operations.review import RETURNED, review_package  # noqa: PLC0415

    received = receive(Workspace(oblast), good, NAME)
    row = oblast.execute(
        "SELECT manifest FROM received_package WHERE id = ?", (received.package_id,)
    ).fetchone()
    manifest = json.loads(row[0])
    manifest["contact"] = "rda@example.gov.ua\r\nBcc: everyone@example.gov.ua"
    with oblast.transaction() as conn:
        conn.execute(
            "UPDATE received_package SET manifest = ? WHERE id = ?",
            (json.dumps(manifest), received.package_id),
        )
    eml = tmp_path / "reply.eml"
    with pytest.raises(UserError, match=r"адресата .* неправильна: вона має бути однорядковою"):
        review_package(Workspace(oblast), received.package_id, RETURNED, "Виправте суми", eml)
    review = oblast.execute(
        "SELECT review, review_comment FROM received_package WHERE id = ?",
        (received.package_id,),
    ).fetchone()
    assert review == ("new", "")
    assert not eml.exists()
