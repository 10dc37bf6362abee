"""argparse's own messages in Ukrainian, for every supported Python (3.11 and newer).

argparse builds its texts with gettext (`_()` and `ngettext()`), and Python ships no
Ukrainian catalogue for it, so the catalogue is here: every message argparse of 3.11 to
3.14 can print, keyed by its English original. install() points argparse's `_` and
`ngettext` at it. tests/cli/test_argparse_uk.py checks that every message of the running
Python's argparse is in the catalogue and that help and usage errors print no English.

The help of --version is not translated through gettext before Python 3.14: the parser
gives it explicitly (VERSION_HELP)."""

from __future__ import annotations

import argparse

VERSION_HELP = "показати версію програми та вийти"

MESSAGES: dict[str, str] = {
    # Help
    "usage: ": "використання: ",
    "positional arguments": "аргументи",
    "options": "параметри",
    "optional arguments": "параметри",
    "subcommands": "команди",
    "%(heading)s:": "%(heading)s:",
    "show this help message and exit": "показати цю довідку та вийти",
    "show program's version number and exit": VERSION_HELP,
    " (default: %(default)s)": " (типово: %(default)s)",
    # Errors and warnings
    "%(prog)s: error: %(message)s\n": "%(prog)s: помилка: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: попередження: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "не вказано обов’язкові аргументи: %s",
    "one of the arguments %s is required": "потрібен один з аргументів: %s",
    "not allowed with argument %s": "не можна разом з аргументом %s",
    "unrecognized arguments: %s": "невідомі аргументи: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "невідомий вибір %(value)r (можливі: %(choices)s)"
    ),
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": (
        "невідомий вибір %(value)r; можливо, %(closest)r? (можливі: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "неправильне значення %(value)r",
    "expected one argument": "очікується одне значення",
    "expected at most one argument": "очікується не більше одного значення",
    "expected at least one argument": "очікується хоча б одне значення",
    "expected %s argument": "очікується значень: %s",
    "expected %s arguments": "очікується значень: %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "неоднозначний параметр %(option)s: підходять %(matches)s"
    ),
    "ignored explicit argument %r": "зайве значення %r",
    "unexpected option string: %s": "неочікуваний параметр: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "невідома команда %(parser_name)r (можливі: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "не вдалося відкрити «%(filename)s»: %(error)s",
    'argument "-" with mode %r': "аргумент «-» у режимі %r",
    "option '%(option)s' is deprecated": "параметр «%(option)s» застарів",
    "argument '%(argument_name)s' is deprecated": "аргумент «%(argument_name)s» застарів",
    "command '%(parser_name)s' is deprecated": "команда «%(parser_name)s» застаріла",
    # Mistakes in building a parser: a bug of ours, but said in Ukrainian all the same.
    "conflicting option string: %s": "параметр оголошено двічі: %s",
    "conflicting option strings: %s": "параметри оголошено двічі: %s",
    "conflicting subparser: %s": "команду оголошено двічі: %s",
    "conflicting subparser alias: %s": "псевдонім команди оголошено двічі: %s",
    "cannot have multiple subparser arguments": "команди можна оголосити лише раз",
    "cannot merge actions - two groups are named %r": (
        "не вдалося об’єднати параметри: дві групи названо %r"
    ),
    "invalid conflict_resolution value: %r": "неправильне значення conflict_resolution: %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r": (
        "неправильний параметр %(option)r: має починатися з %(prefix_chars)r"
    ),
    "dest= is required for options like %r": "для параметра %r потрібне dest=",
    "mutually exclusive arguments must be optional": (
        "взаємовиключні аргументи мають бути необов’язковими"
    ),
    "'required' is an invalid argument for positionals": (
        "«required» не можна задати позиційному аргументу"
    ),
    "%r is not callable": "%r не можна викликати",
    ".__call__() not defined": ".__call__() не визначено",
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """argparse speaks Ukrainian from now on (the command line is the whole process)."""
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
