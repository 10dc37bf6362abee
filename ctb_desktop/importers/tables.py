"""The first stage of importing a program or a report: every table of a .docx or every
sheet of an .xlsx as a rectangular grid of raw cells (grid.py), with merges kept as flags.

Nothing here interprets or cleans text; later stages do. This stage only guarantees
that what comes out has the shape of the table the clerk sees, and that a file which is
wrong, damaged or hostile is refused with a message in Ukrainian naming it: the checks
of the file and its zip are in archive.py, the readers in docx_tables.py and
xlsx_tables.py.
"""

from __future__ import annotations

from pathlib import Path

from ctb_desktop.importers.archive import DOCX_MAIN, XLSX_MAIN, not_office_zip, open_archive
from ctb_desktop.importers.docx_tables import read_docx
from ctb_desktop.importers.errors import ImportFileError
from ctb_desktop.importers.grid import RawDocument
from ctb_desktop.importers.xlsx_tables import read_xlsx


def read_document(path: Path) -> RawDocument:
    """Read a .docx or .xlsx, recognised by content, so a misnamed file still opens."""
    path = Path(path)
    data, archive = open_archive(path)
    with archive:
        names = set(archive.namelist())
        if DOCX_MAIN in names:
            return read_docx(path, archive)
        if XLSX_MAIN in names:
            return read_xlsx(path, archive, data)
        raise ImportFileError(path, not_office_zip(path, archive, names))
