"""The JSON a clerk loads (ctb-entries, ctb-program, units) and a package's manifest:
arbitrary documents, and real ones with one value anywhere replaced by anything, give
a value or the project's error."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import zipfile
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.interchange import (
    entries_from_dict,
    entries_to_dict,
    program_from_dict,
    program_to_dict,
    units_from_dict,
    units_to_dict,
)
from ctb_desktop.exchange.package import (
    MANIFEST,
    PackageContent,
    build,
    program_files,
    read,
)
from ctb_desktop.storage.datafiles import (
    builtin_program,
    builtin_units,
    demo_entries,
    read_entries,
    read_program,
)
from tests.property.strategies import json_value

PROGRAM = program_to_dict(builtin_program())
ENTRIES = entries_to_dict(demo_entries())
UNITS = units_to_dict(builtin_units())
READERS = {"program": (program_from_dict, PROGRAM), "entries": (entries_from_dict, ENTRIES)}
READERS["units"] = (units_from_dict, UNITS)


@st.composite
def changed(draw, document: Any) -> Any:
    """`document` with the value at one path (a field, an item) replaced or removed."""
    result = copy.deepcopy(document)
    node = result
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            return result
        key = draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, dict | list) and child and draw(st.booleans()):
            node = child
            continue
        if isinstance(node, dict) and draw(st.integers(0, 5)) == 0:
            del node[key]
        else:
            node[key] = draw(json_value)
        return result


def _value_or_error(parse, data) -> None:
    with contextlib.suppress(UserError):
        parse(data)


@pytest.mark.parametrize("kind", READERS)
@given(data=st.data())
def test_a_real_document_with_one_value_changed(kind, data):
    parse, document = READERS[kind]
    _value_or_error(parse, data.draw(changed(document)))


@pytest.mark.parametrize("kind", READERS)
@given(document=json_value)
def test_any_json_document(kind, document):
    _value_or_error(READERS[kind][0], document)


@given(content=st.one_of(st.binary(max_size=200), json_value.map(json.dumps).map(str.encode)))
def test_any_file_given_to_program_load_or_entries_load(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("json") / "файл.json"
    path.write_bytes(content)
    for reader in (read_entries, read_program):
        _value_or_error(reader, path)


def _program_package() -> bytes:
    program, units = builtin_program(), builtin_units()
    content = PackageContent(
        "program", program, units[0], units, 1, "2025-01-01T00:00:00Z", None, program_files(program)
    )
    return build(content)


PACKAGE = _program_package()


def _with_manifest(manifest: Any) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(PACKAGE)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == MANIFEST:
                data = json.dumps(manifest).encode()
            target.writestr(info.filename, data)
    return output.getvalue()


def _manifest() -> dict:
    with zipfile.ZipFile(io.BytesIO(PACKAGE)) as archive:
        return json.loads(archive.read(MANIFEST))


@given(data=st.data())
def test_a_package_manifest_with_one_value_changed(data):
    content = _with_manifest(data.draw(st.one_of(changed(_manifest()), json_value)))
    try:
        package = read(content, "пакет.ctbpkg")
        for field in ("kind", "program_code", "period", "revision", "units", "unit"):
            getattr(package, field)
    except UserError:
        pass


def test_the_unchanged_documents_are_read():
    """The mutations start from documents the readers take."""
    for parse, document in READERS.values():
        parse(document)
    assert read(_with_manifest(_manifest()), "пакет.ctbpkg").revision == 1
