"""Every user-facing message source is Ukrainian: the command line's output and errors,
argparse (tests/cli/test_argparse_uk.py runs it), the window's dialogs, labels and menus in
code and in the Designer forms (ui/*.ui). Log lines and the messages of bugs (ValueError,
RuntimeError, … which the crash dialog shows under «Подробиці» for a developer) may be
English; everything a clerk reads may not."""

import ast
from pathlib import Path
from xml.etree import ElementTree

import pytest

from ctb_desktop.cli import argparse_uk
from tests.conftest import REPO
from tests.english import english_sentences

PACKAGE = REPO / "ctb_desktop"
# Calls whose string arguments a user reads: printing, Qt's texts, argparse's help.
USER_FACING = frozenset(
    """print setText setWindowTitle information warning critical question about addButton
    setToolTip setPlaceholderText setStatusTip showMessage setInformativeText setDetailedText
    setLabelText setCancelButtonText setHeaderLabels setHorizontalHeaderLabels setTitle addTab
    setTabText addItem addItems addMenu addAction setWhatsThis setPrefix setSuffix
    setSpecialValueText getOpenFileName getOpenFileNames getSaveFileName getExistingDirectory
    getText getItem getInt QLabel QPushButton QAction QMenu QGroupBox QCheckBox QRadioButton
    QMessageBox QProgressDialog QToolButton add_argument add_parser add_subparsers
    add_mutually_exclusive_group ArgumentParser""".split()  # noqa: SIM905
)
# Exceptions that mean a bug: their text is for a developer.
BUG_TYPES = frozenset(
    """ValueError TypeError AssertionError NotImplementedError KeyError IndexError
    AttributeError LookupError RuntimeError ZeroDivisionError ArithmeticError""".split()  # noqa: SIM905
)
LOGGERS = frozenset({"log", "logger", "logging", "_log"})


def _callee(call: ast.Call) -> tuple[str | None, str | None]:
    """The called name and, for a method, the name of what it is called on."""
    function = call.func
    if isinstance(function, ast.Name):
        return function.id, None
    if isinstance(function, ast.Attribute):
        owner = function.value
        if isinstance(owner, ast.Call):  # logger(__name__).warning(…)
            owner = owner.func
        owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
        return function.attr, owner_name
    return None, None


def _user_facing(call: ast.Call) -> bool:
    name, owner = _callee(call)
    if name is None or owner in LOGGERS:
        return False
    if name in USER_FACING:
        return True
    return name.endswith(("Error", "Problem", "Refused")) and name not in BUG_TYPES


def messages_in_code(path: Path) -> list[tuple[int, str]]:
    """(line, literal text) of every string given to a user-facing call in `path`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and _user_facing(node):
            for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
                found.extend(
                    (part.lineno, part.value)
                    for part in ast.walk(argument)
                    if isinstance(part, ast.Constant) and isinstance(part.value, str)
                )
    return found


def test_the_scan_sees_english_where_it_is(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'print("Готово")\nQMessageBox.warning(None, "ctb-desktop", f"No such file: {x}")\n'
        'log.warning("daily backup failed: %s", x)\nraise ValueError("not a period")\n'
        'logger(__name__).info("no lock file %s", x)\n'
        'raise PackageError(f"Пакет «{x}»: permission denied")\n',
        encoding="utf-8",
    )
    texts = [text for _, text in messages_in_code(sample)]
    assert [english_sentences(text) for text in texts] == [
        [],
        [],
        ["No such file"],
        [],
        ["permission denied"],
    ]


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda path: str(path.relative_to(PACKAGE))
)
def test_messages_in_code_are_ukrainian(path):
    english = [
        (line, sentence)
        for line, text in messages_in_code(path)
        for sentence in english_sentences(text)
    ]
    assert not english


@pytest.mark.parametrize("path", sorted((REPO / "ui").glob("*.ui")), ids=lambda path: path.name)
def test_designer_forms_are_ukrainian(path):
    texts = [
        element.text or ""
        for element in ElementTree.parse(path).iter("string")
        if element.get("notr") != "true"
    ]
    assert texts, "a form with no text at all is not what it seems"
    assert not [sentence for text in texts for sentence in english_sentences(text)]


def test_argparse_catalogue_is_ukrainian():
    assert not [
        sentence for text in argparse_uk.MESSAGES.values() for sentence in english_sentences(text)
    ]
