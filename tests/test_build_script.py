"""scripts/build_app.py under a Windows console's legacy code page: the children print
UTF-8 Ukrainian, which cp1252 cannot decode (and cp1251 garbles). Simulated by making
cp1252 the locale's encoding, as on an English Windows."""

import importlib.util
import locale
import subprocess
import sys

import pytest

from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("build_app", REPO / "scripts" / "build_app.py")
build_app = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_app)

CLI = [sys.executable, "-m", "ctb_desktop"]


@pytest.fixture
def cp1252(monkeypatch):
    if sys.flags.utf8_mode:
        pytest.skip("Python's UTF-8 mode ignores the locale")
    monkeypatch.setattr(locale, "getencoding", lambda: "cp1252")
    # The simulation is real: reading the same output the default way fails.
    with pytest.raises(UnicodeDecodeError):
        subprocess.run([*CLI, "--help"], capture_output=True, text=True, check=True)


def test_the_smoke_steps_read_ukrainian_under_cp1252(cp1252, tmp_path):
    printed = build_app.run_readme_steps(CLI, CLI, tmp_path / "папка з пробілами", seconds=1)
    assert "Створено демонстраційну базу" in printed[0]
    assert "редакція 1" in printed[4]
    assert printed[-1] == "the window ran for 1 s"


def test_one_command_reads_ukrainian_under_cp1252(cp1252, tmp_path):
    data = tmp_path / "база даних.sqlite"
    assert "Створено демонстраційну базу" in build_app.run_cli(CLI, data, ["demo"])
    assert "Державна цільова соціальна програма" in build_app.run_cli(CLI, data, ["programs"])
