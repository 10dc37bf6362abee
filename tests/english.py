"""English sentences in text meant for a Ukrainian user: what the message tests look for.

A run of two or more Latin words counts as English when one of them is a common English
word (`the`, `not`, `file`, `error`, …): command names (`package export`), option values
and product names (`LibreOffice`, `Microsoft Word`) pass, «No such file or directory»
or «show this help message and exit» do not."""

from __future__ import annotations

import re

_RUN = re.compile(r"(?<![\w\-./@:\\%{])[A-Za-z][A-Za-z']*(?:[ ,]+[A-Za-z][A-Za-z']*)+")
ENGLISH_WORDS = frozenset(
    """a an the of is are was were be been not no and or with without to for from such
    this that these it its you your please must should could can cannot can't did does
    do has have had by on at in into as if then than but only too
    file directory folder permission denied space left device read write system name
    long found missing exist exists error errors warning usage help exit
    required allowed argument arguments invalid choice choices expected one unknown
    unrecognized option options positional version number program's failed failure
    could lock get busy timed out timeout connection refused reset broken pipe
    display connect platform plugin initialize application abort aborted
    backend recommended available password""".split()  # noqa: SIM905
)


def english_sentences(text: str) -> list[str]:
    """The runs of Latin words in `text` that read as English."""
    text = re.sub(r"<[^>]*>", " ", text)  # the markup of rich text is no sentence
    return [
        run
        for run in _RUN.findall(text)
        if any(word.lower() in ENGLISH_WORDS for word in re.split(r"[ ,]+", run))
    ]
