"""The text rules of importing: what a cell of a real annex table means.

Cells come from Word, Excel and from HTML pasted into Word (seed 002), so they carry
remnants (<p>, &nbsp;, bookmarks), several measures in one cell, executors split by
commas, semicolons or lines, and headers spelled every which way. Each rule here is
taken from the seeds in ../shared/seeds; the official wording itself is never changed,
only the clutter around it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from itertools import pairwise

from ctb_desktop.domain.money import AmountError, parse_thousands
from ctb_desktop.domain.program import Executor

# ---------------------------------------------------------------------------- cleaning

# Word's bookmarks survive text extraction as "[bookmark: id.2et92p0]" (seeds 001, 003).
_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]", re.IGNORECASE)
# Tags that end a paragraph: what was two paragraphs in HTML stays two lines.
_BLOCK_TAG = re.compile(r"</?(?:p|br|div|li|tr|h[1-6])\b[^<>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\v\f\x85]")
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# An apostrophe between two letters (Мін'юст, сім`ї, обʼєкт) is the Ukrainian
# apostrophe, which the official texts print as U+2019.
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['ʼ`‘′](?=[^\W\d_])")
_SPACE_RUN = re.compile(r" {2,}")
# Anything the rules of clean() act on: "[bookmark", tags, entities, odd spaces and line
# breaks, invisible characters, apostrophes, spaces at a line's ends, double spaces and
# empty lines.
_UNCLEAN = re.compile(
    r"[\[<&'ʼ`‘′\u00ad\u200b\u200c\u200d\u2060\ufeff]|[^\S \n]|\A\s|\s\Z|\s\n|\n\s| {2}"
)


def clean(text: str) -> str:
    """The cell's text as printed: remnants of HTML and Word removed, spaces and
    apostrophes made uniform, paragraphs kept one a line, empty lines dropped.

    Quotes („…”, «…», ,,…“) are left as written: they are part of the official text.
    """
    if not text or not _UNCLEAN.search(text):
        return text or ""  # most cells: nothing below would change them
    core = text.strip(" ")
    if core != text and not _UNCLEAN.search(core):
        return core  # only spaces around a clean text: what the lines' strip() leaves
    text = _BOOKMARK.sub("", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = html.unescape(text)  # after the tags: "&lt;p&gt;" is text, not a tag
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _APOSTROPHE.sub("’", text)
    lines = (_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# A word broken at a line end with a hyphen ("інформаційно-\nпросвітницької").
_HYPHEN_WRAP = re.compile(r"(?<=[^\W\d_]-)\n(?=[^\W\d_])")


def one_line(text: str) -> str:
    """`clean` with the paragraphs joined by spaces: titles, terms and names are one line."""
    cleaned = clean(text)
    if "\n" not in cleaned:
        return cleaned
    return _HYPHEN_WRAP.sub("", cleaned).replace("\n", " ")


# ---------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class Numbered:
    """A piece of a cell with the number it was printed with ("1)", "13)"), or ""."""

    number: str  # as printed
    text: str  # the rest, one_line-cleaned


_MEASURE_NUMBER = re.compile(r"(?<!\S)(\d{1,3}\))(?=\s|$)")
_SENTENCE_END = ".;!?…"


def _ends_sentence(line: str, end: int) -> bool:
    """Whether `line[:end]` ends a sentence (a mark, then spaces), looking back from
    `end` only, so a line of many numbers is read in linear time."""
    index = end - 1
    while index >= 0 and line[index].isspace():
        index -= 1
    return index >= 0 and line[index] in _SENTENCE_END


def _measure_starts(line: str) -> list[re.Match[str]]:
    """The "N)" in a line that start a measure: at the line's start, or after the end of
    a sentence outside parentheses. The ")" of an accepted number opens nothing."""
    starts = []
    depth = 0
    position = 0
    for match in _MEASURE_NUMBER.finditer(line):
        for char in line[position : match.start()]:
            if char == "(":
                depth += 1
            elif char == ")":
                depth = max(0, depth - 1)
        if match.start() == 0 or (depth == 0 and _ends_sentence(line, match.start())):
            starts.append(match)
            position = match.end()
        else:
            position = match.start()
    return starts


def split_measures(text: str) -> list[Numbered]:
    """The measures of a cell that may hold several ("1) …\\n2) …" or "1) …. 2) …").

    A new measure starts where "N)" opens a line, or follows the end of a sentence
    (". ", "; ") outside any parentheses: "(2 грудня)" and "18 жовтня)" close a
    parenthesis and never start a measure. A line without a number continues the
    measure above (a wrapped line, or a paragraph of the same measure in seed 002);
    text before the first number is an unnumbered measure or sub-item (seed 000).
    An empty cell gives an empty list.
    """
    pieces: list[tuple[str, list[str]]] = []  # (number, text parts)
    for line in clean(text).split("\n"):
        if not line:
            continue
        starts = _measure_starts(line)
        if not starts or starts[0].start() > 0:
            head = line[: starts[0].start()] if starts else line
            if pieces:
                pieces[-1][1].append(head)
            else:
                pieces.append(("", [head]))
        for index, match in enumerate(starts):
            end = starts[index + 1].start() if index + 1 < len(starts) else len(line)
            pieces.append((match.group(1), [line[match.end() : end]]))
    # A ";" or "," that separated two measures is list punctuation, not measure text.
    return [Numbered(number, one_line("\n".join(parts)).rstrip(" ;,")) for number, parts in pieces]


# ---------------------------------------------------------------------------- headings

_GOAL = re.compile(r"^((?:оперативна|стратегічна)\s+ціль\s+\d{1,3}\.?)(?=\s|$)", re.IGNORECASE)
# Latin I, V, X, L, C and the Cyrillic І and Х that Ukrainian documents type for them.
_ROMAN = re.compile(r"^([IVXLCІХ]{1,7}\.)(?=\s|$)")
_ROMAN_VALID = re.compile(r"^(?=[IVXLC])(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_TASK_DOT = re.compile(r"^((?:завдання\s+)?\d{1,3}(?:\.\d{1,3})*\.)(?=\s|[^\W\d_]|«|„|$)", re.I)
_TASK_PAREN = re.compile(r"^(\d{1,3}\))(?=\s|[^\W\d_]|$)")


def split_heading(text: str, numbered_tasks_are_groupings: bool = False) -> tuple[str, str, str]:
    """(kind, number, title) of a task or grouping cell, the number kept as printed.

    "Оперативна ціль 1. …" and Roman "I. …", "ІІ. …" are groupings; "1. …", "12. …" and
    "1) …" (seed 002's tasks under an operational goal) are tasks. A section row such
    as seed 004's "2. Протидія торгівлі людьми" looks like a task; only the caller knows
    it spans the table, so it says so with `numbered_tasks_are_groupings` (which turns
    "N." into a grouping, never "N)"). Without a number: ("", "", text).
    """
    line = one_line(text)
    goal = _GOAL.match(line)
    if goal:
        return "grouping", goal.group(1), line[goal.end() :].strip()
    roman = _ROMAN.match(line)
    if roman:
        latin = roman.group(1)[:-1].replace("І", "I").replace("Х", "X")
        if _ROMAN_VALID.match(latin):
            return "grouping", roman.group(1), line[roman.end() :].strip()
    dotted = _TASK_DOT.match(line)
    if dotted:
        kind = "grouping" if numbered_tasks_are_groupings else "task"
        return kind, dotted.group(1), line[dotted.end() :].strip()
    paren = _TASK_PAREN.match(line)
    if paren:
        return "task", paren.group(1), line[paren.end() :].strip()
    return "", "", line


# ---------------------------------------------------------------------------- executors

_CONSENT = re.compile(r"\(\s*за\s+згодою\s*\)", re.IGNORECASE)
_CONSENT_AT_END = re.compile(r"\(\s*за\s+згодою\s*\)\W*$", re.IGNORECASE)
_CONSENT_TAIL = 200  # characters before a ")" that may hold "(за згодою"
_AFTER_SPACES = re.compile(r" +([^ ])")
# What the cutter looks at: separators, parentheses and quotes (opening and closing).
_CUT_AT = re.compile(r',,|[,;\n()«»„“”"]')
_OPENING_QUOTES = {"«": "»", "„": '“”"', "“": "”“", '"': '"'}
_SEPARATORS = ",;\n"
_CONJUNCTIONS = {"та", "і", "й", "або", "та/або", "і/або"}
# A plural or feminine adjective without its noun: "обласні," + "Київська міська" + …
_ADJECTIVE = re.compile(r"(?:ні|ські|цькі|зькі|ська|цька|зька|на|ний|ській)$")
# The areas of a department named after a comma or semicolon: "Управління у справах
# сім’ї, молоді та спорту …", "Департаменти соціального захисту населення; освіти і
# науки; …", "Відділи міської ради: культури та туризму; освіти, молоді та спорту".
# These words are genitive: they continue a name, they never start an executor.
_AREA_WORDS = frozenset(
    """
    молоді спорту освіти науки культури туризму охорони здоров’я інформаційної
    інформаційно-комунікаційної соціального соціальної економіки економічного фінансів
    праці сім’ї комунікацій комунікації містобудування архітектури інфраструктури
    екології юстиції цивільного цивільної житлово-комунального агропромислового розвитку
    регіонального міжнародного міжнародних внутрішньої внутрішніх зовнішніх
    капітального будівництва оборонної мобілізаційної дорожнього господарства транспорту
    зв’язку торгівлі промисловості енергетики захисту цифрової цифрового фізичної
    персоналу документального забезпечення
    """.split()  # noqa: SIM905 - a word list reads better as words
)
_PREPOSITIONS = {"в", "у", "з", "із", "зі", "при", "для", "на", "до", "від", "щодо", "та", "і"}
_GENITIVE_ADJECTIVE = re.compile(r"^[^\W\d_]+(?:ої|ого|их)$")
_LEADING_BULLET = re.compile(r"^[-–—•·]+\s*")
# The one-word short names of central bodies, as the annexes print them. Seed 003 lost
# the line break between two of them ("Мінсоцполітики Нацсоцслужба"); a capitalised
# word after one of these starts the next executor (but "МВС України" stays whole).
_SHORT_NAMES = frozenset(
    """
    мінсоцполітики нацсоцслужба мвс мон моз мзс мін’юст мінцифри мінекономіки
    мінекономрозвитку мінінфраструктури мінкультури мкіп міноборони мінмолодьспорт
    мінфін міносвіти мінрегіон мінреінтеграції мінвет мінстратегпром дмс надс сбу
    держпраці держстат держкомтелерадіо нацдержслужба нпу огп нацполіція
    """.split()  # noqa: SIM905 - a word list reads better as words
)


@dataclass
class _Fragment:
    text: str
    separator: str  # what separated it from the fragment before: ",", ";", "\n" or ""
    closed: bool = False  # ended by "(за згодою)": nothing is joined after it


class _Cutter:
    """Cuts executor text at separators outside parentheses and quotes; "(за згодою)"
    and a closing parenthesis followed by a capital letter also end a name (seed 003
    lost a line break there: "… (військові адміністрації) Нацсоцслужба")."""

    _ORDER = ("", "\n", ",", ";")

    def __init__(self, text: str, *, per_line: bool) -> None:
        self.text = text
        self.per_line = per_line
        self.fragments: list[_Fragment] = []
        self.buffer: list[str] = []
        self.pending = ""
        self.closers = ""  # the closing quotes awaited, if inside a quote
        self.depth = 0

    def finish(self, separator_after: str, *, closed: bool = False) -> None:
        piece = "".join(self.buffer).strip()
        self.buffer.clear()
        if piece:
            self.fragments.append(_Fragment(piece, self.pending, closed))
            self.pending = separator_after
        else:  # ", \n" or ";;": the strongest separator counts
            self.pending = max(self.pending, separator_after, key=self._ORDER.index)

    def closing_parenthesis(self, index: int) -> None:
        self.depth = max(0, self.depth - 1)
        self.buffer.append(")")
        if self.depth:
            return
        # Only the buffer's end and the next word are looked at: a cell of thousands of
        # parentheses is then read in linear time.
        if _CONSENT_AT_END.search("".join(self.buffer[-_CONSENT_TAIL:])):
            self.finish("", closed=True)
        elif (after := _AFTER_SPACES.match(self.text, index + 1)) and after[1].isupper():
            self.finish("\n")

    def cut(self) -> tuple[list[_Fragment], bool]:
        """The fragments, and whether a parenthesis or quote was left open at the end.
        Text between the characters that matter is taken in one piece."""
        text = self.text
        position = 0
        for match in _CUT_AT.finditer(text):
            if match.start() > position:
                self.buffer.append(text[position : match.start()])
            position = match.end()
            self.take(match[0], match.start())
        if position < len(text):
            self.buffer.append(text[position:])
        self.finish("")
        return self.fragments, bool(self.depth or self.closers)

    def take(self, char: str, index: int) -> None:
        if char == "\n" and self.per_line:
            self.closers, self.depth = "", 0
        if self.closers:
            self.buffer.append(char)
            self.closers = "" if char in self.closers else self.closers
        elif char == ",,":
            self.buffer.append(char)
            if not self.depth:
                self.closers = '“”"'  # ,,Назва“ is an opening quote, not two commas
        elif char in _OPENING_QUOTES:
            self.buffer.append(char)
            self.closers = _OPENING_QUOTES[char]
        elif char == "(":
            self.depth += 1
            self.buffer.append(char)
        elif char == ")":
            self.closing_parenthesis(index)
        elif char in _SEPARATORS and not self.depth:
            self.finish(char)
        else:
            self.buffer.append(char)


def _unglue(fragment: _Fragment) -> list[_Fragment]:
    """ "Мінсоцполітики Нацсоцслужба" → two fragments, the second separated by a line:
    short names at the start are split off one by one while a capital word follows."""
    words = fragment.text.split(" ")
    pieces: list[_Fragment] = []
    separator, start = fragment.separator, 0
    while start < len(words) - 1:
        word, following = words[start], words[start + 1]
        if word.casefold() not in _SHORT_NAMES or not following[:1].isupper():
            break
        if following.casefold() == "україни":
            break
        pieces.append(_Fragment(word, separator))
        separator, start = "\n", start + 1
    if not pieces:
        return [fragment]
    return [*pieces, _Fragment(" ".join(words[start:]), "\n", fragment.closed)]


def _name(text: str) -> str:
    name = _LEADING_BULLET.sub("", one_line(text))
    return name.rstrip(" ,;:.").strip()


def _joiner(separator: str) -> str:
    return {",": ", ", ";": "; "}.get(separator, " ")


@dataclass
class _Name:
    """An executor's name as it grows from fragments; its words are counted as they
    come and only the last few kept, so a cell of thousands of fragments stays linear."""

    parts: list[str]
    by_consent: bool
    words: list[str] = field(default_factory=list)  # the last four, stripped of ",;:"
    count: int = 0

    def add(self, joiner: str, text: str) -> None:
        if self.parts:
            self.parts += [joiner, text]
        else:
            self.parts.append(text)
        words = [word.strip(",;:") for word in text.split()]
        self.words = (self.words + words[-4:])[-4:]
        self.count += len(words)

    def executor(self) -> Executor:
        name = self.parts[0] if len(self.parts) == 1 else _name("".join(self.parts))
        return Executor(name, self.by_consent)


def _continues(previous: _Name, fragment: _Fragment) -> str | None:
    """How `fragment` joins the executor before it, or None when it is a new one."""
    words = previous.words
    first = fragment.text.split()[0]
    if words and words[-1].casefold() in _CONJUNCTIONS:
        return " "  # "Обласні та, Київська міська …": the comma after "та" is a slip
    if first.casefold() in _CONJUNCTIONS and fragment.separator == "\n":
        return " "  # "… населення\nта охорони здоров’я": no name starts with "та"
    if previous.count <= 3 and all(_ADJECTIVE.search(word.casefold()) for word in words):
        return _joiner(fragment.separator)  # "обласні," + "Київська міська …"
    if first.casefold().rstrip(":") in _AREA_WORDS and first[:1].islower():
        return _joiner(fragment.separator)
    if fragment.separator == "\n" and first[:1].islower():
        wrapped = _GENITIVE_ADJECTIVE.match(first) or words[-1].casefold() in _PREPOSITIONS
        if wrapped:
            return " "  # a long name wrapped onto the next line
    return None


def split_executors(text: str) -> list[Executor]:
    """The executors of a cell, one a line (seed 003), comma- or semicolon-separated
    (seeds 000–002, 004) or mixed; "(за згодою)" at the end of a name or alone on the
    next line sets `by_consent` and leaves the name.

    Separators inside parentheses and quotes do not count, and fragments that belong
    together are joined again with their printed separator: a lone adjective ("обласні,"
    + "Київська міська" + "державні адміністрації …"), a name ending in "та", and the
    genitive areas of a department. Seed 002's "Департаменти соціального захисту
    населення; освіти і науки; … обласної військової адміністрації" stays one executor
    as printed: the fragments ("освіти і науки") name nobody on their own, and splitting
    them into "Департамент освіти і науки обласної …" would rewrite the official text.
    """
    cleaned = clean(text)
    fragments, unclosed = _Cutter(cleaned, per_line=False).cut()
    if unclosed:  # an unclosed parenthesis or quote must not swallow the rest of the cell
        fragments, _ = _Cutter(cleaned, per_line=True).cut()
    names: list[_Name] = []
    closed = True
    for fragment in (piece for glued in fragments for piece in _unglue(glued)):
        consent = bool(_CONSENT_AT_END.search(fragment.text))
        name = _name(_CONSENT.sub("", fragment.text)) if consent else _name(fragment.text)
        if not name:
            if consent and names:
                names[-1].by_consent = True  # "(за згодою)" on its own line
            closed = True
            continue
        joiner = None if closed or not names else _continues(names[-1], fragment)
        if joiner is None:
            names.append(_Name([], consent))
            joiner = ""
        names[-1].add(joiner, name)
        names[-1].by_consent = names[-1].by_consent or consent
        closed = fragment.closed or consent
    return [name.executor() for name in names]


# ---------------------------------------------------------------------------- terms, money


def clean_term(text: str) -> str:
    """A term as printed ("2023-2025", "Постійно", "Протягом 2021-2023 років"): it is
    free text in the official tables, so it is only cleaned, never interpreted."""
    return one_line(text)


_THOUSANDS_UNIT = re.compile(r"\s*тис\.?\s*грн\.?$", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")


def amount_or_words(text: str) -> tuple[Decimal | None, str]:
    """An amount in тис. грн as exact hryvnias ("565,0" → 565000.00), or the words a
    program gives instead ("У межах фінансових можливостей", "Не потребує коштів").

    An empty cell or a dash gives (None, ""). Text without letters that is still not a
    number ("1,2,3") raises AmountError: a mistyped sum must not pass as words.
    """
    line = one_line(text)
    number = _THOUSANDS_UNIT.sub("", line)
    try:
        return parse_thousands(number), ""
    except AmountError:
        if _LETTER.search(number):
            return None, line
        raise


# ---------------------------------------------------------------------------- headers


class Role(Enum):
    """What a column of an official table holds, recognised from its header."""

    TASK = "task"
    MEASURE = "measure"
    TERM = "term"
    EXECUTORS = "executors"
    NUMBER = "number"
    DIRECTION = "direction"
    SOURCE = "source"
    AMOUNT = "amount"
    EXPECTED_RESULT = "expected_result"
    INDICATOR = "indicator"
    EXPECTED_VALUE = "expected_value"
    ACHIEVED = "achieved"
    BUDGET_HOLDER = "budget_holder"
    STATUS = "status"
    PLANNED_PROGRAM = "planned_program"
    PLANNED_YEAR = "planned_year"
    FINANCED = "financed"
    CASH = "cash"
    BUDGET_PROGRAM = "budget_program"
    REGION = "region"
    ALLOCATED = "allocated"
    USED = "used"
    PLANNED_NEXT_YEAR = "planned_next_year"


# Checked in order: the more specific titles first ("Річний обсяг фінансування
# (передбачено програмою …)" before any "обсяг фінансування", "Фактично досягнуто
# (кількісний показник)" before "показник", "напрямку … (пріоритетні завдання)"
# before "завдання").
_NAMING = r"(?:найменування|назва|зміст|перелік)\s+"
# A header may add a word or two ("Найменування заходу програми"); a sentence is data.
_SHORT_TAIL = r"(?:\s+\S+){0,2}$"
_VOLUME = r"(?:(?:орієнтовн|річн|прогнозн)\w*\s+)?обсяг\w*\s+(?:фінансування|коштів)"
_HEADERS: tuple[tuple[Role, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern))
    for role, pattern in (
        (Role.NUMBER, r"^(?:№|номер)\s*(?:з/п|п/п|з\.п|п\.п)?$|^з/п$|^п/п$"),
        (Role.DIRECTION, r"^(?:назва\s+)?напрям\w*(?:\s+діяльності)?|^пріоритетні завдання$"),
        (Role.PLANNED_PROGRAM, rf"^{_VOLUME}.*передбачено програмою"),
        (Role.PLANNED_YEAR, rf"^{_VOLUME}.*передбачено"),
        (Role.FINANCED, r"^(?:фактично\s+)?профінансовано"),
        (Role.CASH, r"^касов\w* видатк"),
        (
            Role.BUDGET_PROGRAM,
            r"^код\b.*бюджетн\w* програм|^(?:назва\s+)?бюджетн\w* програм|^кпквк$",
        ),
        (Role.BUDGET_HOLDER, r"^(?:головн\w*\s+)?розпорядник"),
        (Role.ACHIEVED, r"^(?:фактично\s+)?досягнут|^фактичн\w* значення"),
        (Role.INDICATOR, rf"^(?:{_NAMING})?показник"),
        (Role.EXPECTED_RESULT, r"^очікуван\w* результат(?!и)"),
        (Role.EXPECTED_VALUE, r"^очікувані результати|^очікуван\w* значення|^планов\w* значення"),
        (Role.STATUS, rf"^(?:стан |хід |інформація про (?:стан |хід )?)виконання{_SHORT_TAIL}"),
        (Role.TERM, r"^(?:термін|строк|срок)"),
        (Role.EXECUTORS, r"^виконав(?:ці|ець)\b|^відповідальн\w*(?: виконав\w*| за виконання)"),
        (Role.SOURCE, r"^джерел\w* фінансування"),
        (Role.AMOUNT, rf"^{_VOLUME}|^сума\b"),
        (Role.TASK, rf"^(?:{_NAMING})?завдан\w*{_SHORT_TAIL}"),
        (Role.MEASURE, rf"^(?:{_NAMING})?(?:заход\w*|захід){_SHORT_TAIL}"),
        (Role.REGION, r"^(?:регіон|назва регіону|область|адміністративно-територіальна одиниця)\b"),
        (Role.ALLOCATED, r"^виділено"),
        (Role.USED, r"^використано"),
        (Role.PLANNED_NEXT_YEAR, r"^заплановано"),
    )
)


def header_role(text: str) -> Role | None:
    """The role of a column from its header text, in any case and spacing and with the
    misspellings the seeds have ("Сроки виконання,"); None for a header we do not know."""
    key = one_line(text).casefold().strip(" ,.;:")
    if not key:
        return None
    return next((role for role, pattern in _HEADERS if pattern.search(key)), None)


def is_column_number_row(cells: list[str]) -> bool:
    """The "1 2 3 4" row under a header, repeated after every page break (seed 002).

    Cells empty at merges are ignored; the numbers left must count up from 1 and there
    must be at least three (or two in a two-column table), so a data row of two small
    values is not mistaken for one.
    """
    values = []
    for cell in cells:
        text = one_line(cell).rstrip(".")
        if not text:
            continue
        # isdecimal, not isdigit: "²" is a digit that int() refuses. A column number
        # has a few digits; a data row fails here at its first word.
        if not (text.isdecimal() and len(text) <= 3):
            return False
        values.append(int(text))
    if len(values) < min(3, len(cells)) or len(values) < 2:
        return False
    return values[0] == 1 and all(b > a for a, b in pairwise(values))
