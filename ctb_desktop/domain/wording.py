"""Ukrainian wording that depends on numbers: "1 захід", "3 заходи", "60 заходів"."""

from __future__ import annotations

Forms = tuple[str, str, str]

# The noun after a number, (one, few, many): "1 захід", "3 заходи", "5 заходів". The
# forms are the nominative/accusative ones ("має 3 рядки", "збережено 5 листів"); after a
# preposition that wants the genitive ("з 21 заходу") a message needs its own forms.
TASKS: Forms = ("завдання", "завдання", "завдань")
MEASURES: Forms = ("захід", "заходи", "заходів")
MEASURE_REPORTS: Forms = ("звіт про захід", "звіти про заходи", "звітів про заходи")
STATUS_RECORDS: Forms = (
    "запис про стан виконання",
    "записи про стан виконання",
    "записів про стан виконання",
)
GROUPS: Forms = ("група", "групи", "груп")
CHARACTERS: Forms = ("знак", "знаки", "знаків")
SYMBOLS: Forms = ("символ", "символи", "символів")
PACKAGES: Forms = ("пакет", "пакети", "пакетів")
LETTERS: Forms = ("лист", "листи", "листів")
ROWS: Forms = ("рядок", "рядки", "рядків")
COLUMNS: Forms = ("стовпець", "стовпці", "стовпців")
VALUES: Forms = ("значення", "значення", "значень")
PARTS: Forms = ("частина", "частини", "частин")
SIGNATURES: Forms = ("підпис", "підписи", "підписів")
COPIES: Forms = ("копія", "копії", "копій")
UNITS: Forms = ("орган", "органи", "органів")
TIMES: Forms = ("раз", "рази", "разів")
# Genitive, after "з" (out of) or "не більше": "заповнено 3 з 21 заходу", "з 25 заходів",
# "не більше 21 символу".
OF_MEASURES: Forms = ("заходу", "заходів", "заходів")
OF_SYMBOLS: Forms = ("символу", "символів", "символів")


def plural_form(number: int, forms: Forms) -> str:
    """The one of (one, few, many) that goes after `number`: 1, 21, 101 take the
    first; 2-4, 22-24 the second; 0, 5-20, 25-30, 111-114 the third."""
    if number % 10 == 1 and number % 100 != 11:
        return forms[0]
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return forms[1]
    return forms[2]


def count(number: int, forms: Forms) -> str:
    """`number` with the noun in the form Ukrainian grammar asks for: forms are
    (one, few, many) as in (захід, заходи, заходів)."""
    return f"{number} {plural_form(number, forms)}"


def filled_measures(filled: int, total: int) -> str:
    """How much of a unit's report is filled in: "Заповнено 3 з 21 заходу"."""
    return f"Заповнено {filled} з {count(total, OF_MEASURES)}"


def program_size(tasks: int, measures: int, groups: int = 0) -> str:
    """A program's size: "7 завдань, 60 заходів", and ", 3 групи" when it has groups."""
    size = f"{count(tasks, TASKS)}, {count(measures, MEASURES)}"
    return f"{size}, {count(groups, GROUPS)}" if groups else size


# How the opening words of a program title change in a case: the head nouns' forms,
# and the endings that replace an adjective's «-а» and «-ий/-ій».
_CASES = {
    "genitive": ({"програма": "програми", "план": "плану", "програми": "програми"}, "ої", "ого"),
    "instrumental": (
        {"програма": "програмою", "план": "планом", "програми": "програмами"},
        "ою",
        "им",
    ),
}


def _word_in_case(word: str, case: str) -> str | None:
    """The form of an adjective or head noun that opens a program title, or None when
    the word is neither (the rest of a title is already in the right case)."""
    heads, feminine, masculine = _CASES[case]
    lower = word.lower()
    if lower in heads:
        form = heads[lower]
    elif lower.endswith("а") and len(lower) > 3:  # Державна, цільова, соціальна
        form = lower[:-1] + feminine
    elif lower.endswith(("ий", "ій")) and len(lower) > 3:  # Обласний, Регіональний
        form = lower[:-2] + masculine
    else:
        return None
    return form[:1].upper() + form[1:] if word[:1].isupper() else form


def _title_in_case(title: str, case: str) -> str:
    """Only the words up to the head noun (програма, план) change. A title whose
    opening the rule does not know is returned unchanged rather than mangled."""
    heads = _CASES[case][0]
    words = title.split(" ")
    for position, word in enumerate(words[:6]):
        changed = _word_in_case(word, case)
        if changed is None:
            return title
        words[position] = changed
        if word.lower() in heads:
            return " ".join(words)
    return title


def genitive_title(title: str) -> str:
    """A program title as headings print it after "виконання": "Державна цільова
    соціальна програма протидії …" → "Державної цільової соціальної програми протидії …"."""
    return _title_in_case(title, "genitive")


def instrumental_title(title: str) -> str:
    """A program title after "передбачених": "Державна цільова соціальна програма …" →
    "Державною цільовою соціальною програмою …"."""
    return _title_in_case(title, "instrumental")


def _is_surname_first(words: list[str]) -> bool:
    """ "КОРНІЄНКО Людмила": the surname typed in capitals ahead of the name (not
    initials such as "О.А.")."""
    first = words[0]
    return len(first) > 1 and "." not in first and first.isupper() and not words[1].isupper()


def signature_name(name: str) -> str:
    """ДСТУ 4163 style: власне ім'я and ПРІЗВИЩЕ, no по батькові: "Людмила
    Корнієнко", "Людмила Володимирівна Корнієнко" and "КОРНІЄНКО Людмила
    Володимирівна" all give "Людмила КОРНІЄНКО"; "О.А. Поліщук" gives "О.А. ПОЛІЩУК"
    as seed 000 prints it."""
    words = name.split()
    if len(words) < 2:
        return name.strip()
    if _is_surname_first(words):
        words = [*words[1:], words[0]]
    return f"{words[0]} {words[-1].upper()}"
