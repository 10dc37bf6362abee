"""A report package taken apart and packed again, for the tests that spoil one part of
it (test_bad_packages.py, test_hostile_packages.py), and what receiving must leave as
it was."""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterable, Mapping

from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore
from tests.exchange.network import PERIOD, program_id

NAME = "Звіт_Смілянська.ctbpkg"


def members(content: bytes) -> dict[str, bytes]:
    """The package's files by name, in the archive's order."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {info.filename: archive.read(info) for info in archive.infolist()}


def packed(files: Mapping[str, bytes] | Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of `files`; as (name, data) pairs it may hold one name twice."""
    pairs = files.items() if isinstance(files, Mapping) else files
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate made on purpose
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in pairs:
                archive.writestr(name, data)
    return buffer.getvalue()


def state(db) -> tuple[int, int, int]:
    """(packages received, reports of the period, units): what a refused package must
    leave as it was."""
    program = ProgramStore(db).load(program_id(db))
    entries = EntryStore(db).load(program, PERIOD)
    received = db.execute("SELECT count(*) FROM received_package").fetchone()[0]
    return received, len(entries.reports), len(UnitStore(db).list())
