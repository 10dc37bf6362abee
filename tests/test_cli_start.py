"""The command line starts without the libraries only some commands need: each command
imports its implementation when it runs (issue 19: a start costs at most four bare
Python starts)."""

import json
import subprocess
import sys
from pathlib import Path

from ctb_desktop.cli.entries import LAYOUT_NAMES
from ctb_desktop.reports.render import LAYOUTS

HEAVY = ("docx", "openpyxl", "lxml", "cryptography", "asn1crypto", "keyring", "email", "ssl",
         "PySide6", "ctb_desktop.operations", "ctb_desktop.reports", "ctb_desktop.importers",
         "ctb_desktop.exchange", "ctb_desktop.gui")  # fmt: skip
CHILD = """
import json, sys
from ctb_desktop.cli.main import _parser, main
_parser().parse_args(["programs"])
code = main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
sys.exit(code)
"""


def _modules(*argv: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *argv],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        check=True,
    )
    return set(json.loads(done.stderr.splitlines()[-1]))


def test_listing_programs_imports_no_command_implementation(tmp_path):
    database = tmp_path / "демо.sqlite"
    _modules("--db", str(database), "demo")
    loaded = _modules("--db", str(database), "programs")
    assert "ctb_desktop.storage.workspace" in loaded
    assert not {name for name in loaded if name.split(".")[0] in HEAVY or name.startswith(HEAVY)}


def test_a_command_still_finds_what_it_needs(tmp_path):
    """The implementation comes in when its command runs."""
    database = tmp_path / "демо.sqlite"
    _modules("--db", str(database), "demo")
    loaded = _modules("--db", str(database), "render", "structure", "-o", str(tmp_path / "s.docx"))
    assert {"docx", "ctb_desktop.reports.render"} <= loaded
    assert (tmp_path / "s.docx").stat().st_size > 0


def test_the_parser_names_every_layout():
    assert tuple(LAYOUTS) == LAYOUT_NAMES
