"""The packaged app works: build.spec is built with PyInstaller and the built programs
run from a folder with Cyrillic letters and spaces (scripts/build_app.py)."""

import importlib.util
import zipfile

import pytest

from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("build_app", REPO / "scripts" / "build_app.py")
build_app = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_app)

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("PyInstaller") is None, reason="PyInstaller is not installed"
)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("frozen")
    return build_app.build(folder / "dist", folder / "work")


def test_the_built_app_renders_exports_and_starts(app, tmp_path):
    printed = build_app.smoke_test(app, tmp_path / "папка з пробілами", seconds=3)
    assert "Створено демонстраційну базу" in printed[0]
    report = tmp_path / "папка з пробілами" / "Звіти області" / "Звіт 2024.docx"
    assert "word/document.xml" in zipfile.ZipFile(report).namelist()
    assert "редакція 1" in printed[4]
    assert printed[-1] == "the window ran for 3 s"


def test_the_bundle_carries_its_data_and_only_ukrainian_translations(app):
    internal = app / "_internal"
    for folder in ("resources", "ui", "templates"):
        assert (internal / folder).is_dir(), folder
    translations = {path.name for path in internal.rglob("translations/*.qm")}
    assert "qtbase_uk.qm" in translations
    assert all("_uk." in name for name in translations)
