"""Ukrainian wording that depends on numbers: "1 захід", "3 заходи", "60 заходів"."""

from __future__ import annotations

TASKS = ("завдання", "завдання", "завдань")
MEASURES = ("захід", "заходи", "заходів")


def count(number: int, forms: tuple[str, str, str]) -> str:
    """`number` with the noun in the form Ukrainian grammar asks for: forms are
    (one, few, many) as in (захід, заходи, заходів)."""
    if number % 10 == 1 and number % 100 != 11:
        form = forms[0]
    elif 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        form = forms[1]
    else:
        form = forms[2]
    return f"{number} {form}"


# Head nouns of program titles and their genitive forms.
_HEAD_NOUNS = {"програма": "програми", "план": "плану", "програми": "програми"}


def _genitive_word(word: str) -> str | None:
    """The genitive of an adjective or head noun that opens a program title, or None
    when the word is neither (the rest of a title is already in the right case)."""
    lower = word.lower()
    if lower in _HEAD_NOUNS:
        form = _HEAD_NOUNS[lower]
    elif lower.endswith("а") and len(lower) > 3:  # Державна, цільова, соціальна
        form = lower[:-1] + "ої"
    elif lower.endswith(("ий", "ій")) and len(lower) > 3:  # Обласний, Регіональний
        form = lower[:-2] + "ого"
    else:
        return None
    return form[:1].upper() + form[1:] if word[:1].isupper() else form


def genitive_title(title: str) -> str:
    """A program title as headings print it after "виконання": "Державна цільова
    соціальна програма протидії …" → "Державної цільової соціальної програми протидії …".

    Only the words up to the head noun (програма, план) change. A title whose
    opening the rule does not know is returned unchanged rather than mangled.
    """
    words = title.split(" ")
    for position, word in enumerate(words[:6]):
        changed = _genitive_word(word)
        if changed is None:
            return title
        words[position] = changed
        if word.lower() in _HEAD_NOUNS:
            return " ".join(words)
    return title


def signature_name(name: str) -> str:
    """ДСТУ 4163 style: "Людмила Корнієнко" → "Людмила КОРНІЄНКО"; a name already
    typed that way stays as it is."""
    parts = name.split()
    if len(parts) < 2:
        return name.strip()
    return " ".join([*parts[:-1], parts[-1].upper()])
