"""argparse speaks Ukrainian (cli/argparse_uk.py): its every message of the running Python
is translated, and --help of every command and the usage errors print no English."""

import argparse
import ast
import inspect
import re

import pytest

from ctb_desktop.cli import argparse_uk
from ctb_desktop.cli.main import _parser, main
from tests.english import english_sentences


def argparse_messages() -> set[str]:
    """What the running Python's argparse passes to `_()` and `ngettext()`."""
    tree = ast.parse(inspect.getsource(argparse))
    return {
        argument.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"_", "ngettext"}
        for argument in node.args
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str)
    }


def test_every_message_of_this_pythons_argparse_is_translated():
    messages = argparse_messages()
    assert "usage: " in messages and len(messages) > 30
    missing = sorted(messages - argparse_uk.MESSAGES.keys())
    assert not missing
    for english, ukrainian in argparse_uk.MESSAGES.items():
        assert not english_sentences(ukrainian), (english, ukrainian)
        # Placeholders the original has, or formatting the message fails at the worst moment.
        assert set(_placeholders(ukrainian)) <= set(_placeholders(english)), english
        assert _placeholders(ukrainian).count("%s") == _placeholders(english).count("%s")


def _placeholders(text: str) -> list[str]:
    return re.findall(r"%(?:\(\w+\))?[rsd]", text)


def parsers(parser, path=()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from parsers(sub, (*path, name))


def test_help_of_every_command_is_ukrainian(capsys):
    seen = 0
    for path, _parser_of_command in parsers(_parser()):
        with pytest.raises(SystemExit) as exit_info:
            main([*path, "--help"])
        assert exit_info.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("використання: "), path
        assert not english_sentences(out), (path, english_sentences(out))
        seen += 1
    assert seen > 30


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["package", "review", "3"], "потрібен один з аргументів: --accept --return"),
        (
            ["package", "review", "3", "--accept", "--return"],
            "аргумент --return: не можна разом з аргументом --accept",
        ),
        (["program", "show"], "не вказано обов’язкові аргументи: ID"),
        (["program", "show", "два"], "аргумент ID: неправильне значення 'два'"),
        (["render", "letter"], "невідомий вибір 'letter'"),
        (["programs", "--zzz"], "невідомі аргументи: --zzz"),
        (["totals", "--period"], "аргумент --period: очікується одне значення"),
        (["nosuch"], "невідомий вибір 'nosuch'"),
        (["package", "import"], "не вказано обов’язкові аргументи: ФАЙЛ"),
        (["backup", "list", "--al", "--zz"], "невідомі аргументи: --zz"),
    ],
)
def test_usage_errors_are_ukrainian(capsys, argv, expected):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("використання: ctb-desktop")
    assert expected in err
    assert not english_sentences(err), english_sentences(err)


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("ctb-desktop ")
