"""The built wheel works on its own (scripts/wheel_check.py): installed into a fresh virtual
environment, not editable, and run from a folder outside the checkout, it creates the demo,
renders the three documents, exports a report package and opens the window, which finds
its forms (ui/), its reference data (resources/) and its templates (templates/)."""

import importlib.util
import zipfile

import pytest

from ctb_desktop.storage.locations import logs_dir
from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("wheel_check", REPO / "scripts" / "wheel_check.py")
wheel_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wheel_check)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wheel")
    with pytest.MonkeyPatch.context() as patch:
        # The per-test isolated home is not in place yet for a module's fixture.
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "HOME"):
            patch.setenv(variable, str(folder / variable.lower()))
        return folder, wheel_check.check(folder, seconds=3), logs_dir() / "ctb-desktop.log"


def test_the_installed_wheel_runs_the_readme_commands_from_another_folder(checked):
    tmp_path, printed, log = checked

    installed = printed[0].removeprefix("installed: ")
    assert installed.startswith(str(tmp_path / "venv")), installed
    assert "Створено демонстраційну базу" in printed[1]
    assert "7 завдань, 60 заходів" in printed[1]
    documents = tmp_path / "папка користувача" / "Звіти області"
    for name in ("Звіт 2024.docx", "Стан 2024.docx", "Додаток 2.docx"):
        assert "word/document.xml" in zipfile.ZipFile(documents / name).namelist(), name
    assert "редакція 1" in printed[5]
    assert printed[-1] == "the window ran for 3 s"
    logged = log.read_text(encoding="utf-8") if log.exists() else ""
    assert "ERROR" not in logged, logged


def test_the_wheel_carries_the_data_folders(checked):
    (wheel,) = (checked[0] / "wheel").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("resources", "templates", "ui"):
        shipped = {
            f"ctb_desktop/_data/{path.relative_to(REPO).as_posix()}"
            for path in (REPO / folder).rglob("*")
            if path.is_file() and path.suffix != ".md"
        }
        assert shipped and shipped <= names, shipped - names
