"""What the app remembers between runs, in QSettings (the registry on Windows, an
.ini file under ~/.config on Linux). One typed accessor per setting."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from ctb_desktop import APP_NAME
from ctb_desktop.reports.context import ReportOptions, Signatory


def database_key(database: str | Path) -> str:
    """The settings group of one database file, whatever way its path was typed:
    `./a.sqlite`, `a.sqlite` and its absolute path are one file (on Windows also in any
    letter case); QSettings' separator / is replaced."""
    normalised = os.path.normcase(str(Path(database).expanduser().resolve()))
    return "choice/" + normalised.replace("/", "|").replace("\\", "|")


class _Text:
    """A text setting read and written as an attribute: `settings.output_folder`."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __get__(self, settings: Settings | None, _owner: type | None = None) -> Any:
        return self if settings is None else settings._text(self.key)

    def __set__(self, settings: Settings, value: str) -> None:
        settings._set(self.key, value)


class Settings:
    def __init__(self) -> None:
        self._store = QSettings(APP_NAME, APP_NAME)

    def _text(self, key: str) -> str:
        value = self._store.value(key, "")
        return value if isinstance(value, str) else ""

    def _set(self, key: str, value: object) -> None:
        self._store.setValue(key, value)
        self._store.sync()

    # The clerk's last choice in the toolbar, per database file.
    def choice(self, database: str | Path) -> tuple[int | None, str, str]:
        prefix = database_key(database)
        program = self._text(f"{prefix}/program")
        return (
            int(program) if program.isdigit() else None,
            self._text(f"{prefix}/unit"),
            self._text(f"{prefix}/period"),
        )

    def set_choice(self, database: str | Path, program: int | None, unit: str, period: str) -> None:
        prefix = database_key(database)
        self._set(f"{prefix}/program", "" if program is None else str(program))
        self._set(f"{prefix}/unit", unit)
        self._set(f"{prefix}/period", period)

    def last_measure(self, database: str | Path) -> int | None:
        value = self._text(f"{database_key(database)}/measure")
        return int(value) if value.isdigit() else None

    def set_last_measure(self, database: str | Path, measure_id: int | None) -> None:
        self._set(
            f"{database_key(database)}/measure", "" if measure_id is None else str(measure_id)
        )

    def window(self, name: str) -> QByteArray | None:
        value = self._store.value(f"window/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_window(self, name: str, value: QByteArray) -> None:
        self._set(f"window/{name}", value)

    # Report options and folders (the settings dialog edits these).
    signatory_position = _Text("report/signatory_position")
    signatory_name = _Text("report/signatory_name")
    output_folder = _Text("report/output_folder")
    template_folder = _Text("report/template_folder")

    def former_reporting_unit(self) -> str:
        """The unit earlier versions kept here, for every database at once. The unit is
        now the database's own (storage.config.Config.unit); this is read only as a
        fallback while a database has none."""
        return self._text("report/unit")

    def forget_former_reporting_unit(self) -> None:
        """Once the clerk has saved a database's own unit, the old value is not used."""
        self._store.remove("report/unit")
        self._store.sync()

    def report_options(self, layout: str) -> ReportOptions:
        """The signatory, and the clerk's own template for the layout if the template
        folder holds one (annual.docx, status.docx)."""
        position, name = self.signatory_position.strip(), self.signatory_name.strip()
        signatory = Signatory(position, name) if position or name else None
        folder = self.template_folder
        template = Path(folder) / f"{layout}.docx" if folder else None
        return ReportOptions(
            template=template if template is not None and template.is_file() else None,
            signatory=signatory,
        )
