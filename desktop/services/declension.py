"""Russian declension for documents: people's names in the dative («выдана Ивановой Марии
Петровне») with their gender, and phrases in the genitive («методическая лаборатория» →
«методической лаборатории», «Департамент образования …» → «Департамента образования …»).

Names: pytrovich (petrovich's rules, with its own gender rules shipped inside the package,
so detection works on every Python). Phrases: pymorphy3 with the OpenCorpora dictionary,
loaded on first use (about 0.1 s). This module imports nothing of the app, so a test can
load it under another Python with only these two libraries on the path.
"""

from __future__ import annotations

import logging
import re
from functools import cache, lru_cache
from typing import Any, NamedTuple

MALE = "male"
FEMALE = "female"
GENDERS = (MALE, FEMALE)

log = logging.getLogger("metodist")

_FEMALE_PATRONYMIC = ("вна", "чна", "кызы", "гызы")
_MALE_PATRONYMIC = ("вич", "ич", "оглы", "улы", "уулу")


@cache
def _petrovich() -> tuple[Any, Any]:
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker(), PetrovichGenderDetector()


def _norm(word: str) -> str:
    return " ".join((word or "").split())


def gender_of(last: str = "", first: str = "", middle: str = "") -> str | None:
    """MALE / FEMALE, or None when the name does not tell (the user is asked).

    The patronymic decides (-вна/-ична → female, -вич/-ич → male); without one, petrovich's
    gender rules for the first and last names («Иванова Мария» → female)."""
    m = _norm(middle).lower()
    if m.endswith(_FEMALE_PATRONYMIC):
        return FEMALE
    if m.endswith(_MALE_PATRONYMIC):
        return MALE
    parts = {"lastname": _norm(last) or None, "firstname": _norm(first) or None,
             "middlename": m or None}
    if not any(parts.values()):
        return None
    from pytrovich.enums import Gender

    found = _petrovich()[1].detect(**parts)
    return {Gender.MALE: MALE, Gender.FEMALE: FEMALE}.get(found)


def dative(last: str, first: str, middle: str = "", gender: str | None = None) -> str:
    """«Иванова Мария Петровна» → «Ивановой Марии Петровне». A gender given (the user's
    choice) binds; otherwise the detected one is used as a hint only."""
    from pytrovich.enums import Case, Gender, NamePart

    known = gender in GENDERS
    found = gender if known else gender_of(last, first, middle)
    g = {MALE: Gender.MALE, FEMALE: Gender.FEMALE}.get(found or "", Gender.ANDROGYNOUS)
    maker = _petrovich()[0]
    out = []
    for part, word in ((NamePart.LASTNAME, last), (NamePart.FIRSTNAME, first),
                       (NamePart.MIDDLENAME, middle)):
        word = _norm(word)
        if not word:
            continue
        try:
            out.append(" ".join(_as_written(maker.make(part, g, Case.DATIVE, w.capitalize()
                                                       if w.isupper() else w,
                                                       known_gender=known), w)
                                for w in word.split(" ")))
        except Exception:  # an unusual spelling the rules refuse: print it as written
            log.warning("pytrovich could not decline %r", word, exc_info=True)
            out.append(word)
    return " ".join(out)


def _as_written(declined: str, word: str) -> str:
    """«ИВАНОВА» was declined as «Иванова»: give the result back in capitals."""
    return declined.upper() if word.isupper() and len(word) > 1 else declined


# ------------------------------------------------------------------ names as typed

_INITIAL = re.compile(r"^[А-ЯЁA-Z]\.$")
_WORD = re.compile(r"^[А-ЯЁ][а-яё]*(?:-[А-ЯЁ][а-яё]*)*$")
_PATRONYMIC_WORD = ("оглы", "кызы", "гызы", "улы", "уулу")


class Name(NamedTuple):
    """A person's name as typed, split: the last name, the first name and patronymic when
    they are typed in full, the initials («М. Ю.») either way. (A named tuple: a test loads
    this module under another Python without registering it, which a dataclass needs.)"""

    last: str
    first: str = ""
    middle: str = ""
    initials: str = ""


def _patronymic(word: str) -> bool:
    return word.lower().endswith(_FEMALE_PATRONYMIC + _MALE_PATRONYMIC)


def split_name(text: str) -> Name | None:
    """«Андреева Мария Юрьевна», «Мария Юрьевна Андреева», «М. Ю. Андреева», «Андреева
    М.Ю.» → its parts; None when the text is not a Russian name written one of these ways
    (then it is printed as typed)."""
    spaced = re.sub(r"([А-ЯЁA-Z]\.)(?=\S)", r"\1 ", _norm(text))
    tokens = spaced.split(" ") if spaced else []
    initials = [t for t in tokens if _INITIAL.match(t)]
    words = [t for t in tokens if not _INITIAL.match(t)]
    if initials:
        if len(words) != 1 or not _WORD.match(words[0]) or len(initials) > 2:
            return None
        if tokens.index(words[0]) not in (0, len(tokens) - 1):  # «М. Андреева Ю.»
            return None
        return Name(words[0], initials=" ".join(initials))
    if len(words) == 4 and words[3].lower() in _PATRONYMIC_WORD:  # «Алиев Рашид Ахмед оглы»
        words = [words[0], words[1], f"{words[2]} {words[3]}"]
    if not words or len(words) > 3 or not all(_WORD.match(w) for w in words[:2]):
        return None
    if len(words) == 3 and _patronymic(words[1]) and not _patronymic(words[2]):
        words = [words[2], words[0], words[1]]  # «Мария Юрьевна Андреева»
    if len(words) == 2 and _patronymic(words[1]):  # «Мария Юрьевна»: no last name
        return None
    last, first, middle = (words + ["", ""])[:3]
    letters = [w[0] + "." for w in (first, middle) if w]
    return Name(last, first, middle, " ".join(letters))


def initials_first(text: str) -> str:
    """A name as a signature prints it: «Андреева Мария Юрьевна» → «М. Ю. Андреева»; a name
    not recognised as typed."""
    name = split_name(text)
    if name is None:
        return _norm(text)
    return f"{name.initials} {name.last}" if name.initials else name.last


def dative_initials(text: str) -> str:
    """A name in the dative with the initials first, as a letter is addressed: «Андреева
    Мария Юрьевна» or «М. Ю. Андреева» → «М. Ю. Андреевой». A name not recognised, or
    whose gender neither its patronymic nor its last name tells («Е. Шевчук»), is printed
    as typed: a wrong ending is worse than none."""
    name = split_name(text)
    if name is None:
        return _norm(text)
    gender = gender_of(name.last, name.first, name.middle)
    if gender is None:
        return _norm(text)
    last = dative(name.last, "", "", gender)
    return f"{name.initials} {last}" if name.initials else last


# ----------------------------------------------------------------------------- genitive

@cache
def _morph() -> Any:
    import pymorphy3
    import pymorphy3_dicts_ru

    # The dictionary's path given outright: the package's entry point is not needed (it is
    # missing in a frozen build).
    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")


_TOKEN = re.compile(r"^(\W*)([А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*)(\W*)$")
_DECLINED = {"ADJF", "PRTF", "NOUN"}


def _match_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _nominative(word: str, before_another: bool = False) -> Any:
    """The word's reading in the nominative as an adjective, participle or noun (the most
    likely one), or None when it has none. Before another word an adjective's reading wins
    («старший» of «старший воспитатель» is not the noun «старший»)."""
    found = [p for p in _morph().parse(word)
             if p.tag.case == "nomn" and p.tag.POS in _DECLINED]
    if before_another:
        found.sort(key=lambda p: p.tag.POS == "NOUN")  # stable: the likeliest first
    return found[0] if found else None


def _agrees(parse: Any, previous: Any) -> bool:
    """The word belongs to the phrase its previous (adjective) word began: same number and,
    in the singular, same gender («главный врач»; not «исполняющий обязанности»)."""
    if previous is None:
        return True
    if parse.tag.number != previous.tag.number:
        return False
    return parse.tag.number != "sing" or parse.tag.gender == previous.tag.gender


def _decline_head(phrase: str, case: str) -> str | None:
    """The phrase with its head in `case`: the words up to and including its first noun in
    the nominative are declined, the rest (already in its own case) is kept. None
    when its first word is not such a word (an abbreviation, «и. о.», a word in quotes)."""
    text = _norm(phrase)
    tokens = text.split(" ") if text else []
    out = list(tokens)
    previous = None
    for i, token in enumerate(tokens):
        m = _TOKEN.match(token)
        if m is None or "«" in m.group(1) or m.group(3).startswith("."):
            break
        head, word, tail = m.groups()
        if word.isupper() and len(word) > 1:  # an abbreviation: the head, indeclinable
            break
        parse = _nominative(word.lower(), i + 1 < len(tokens))
        if parse is None or not _agrees(parse, previous):
            break
        form = parse.inflect({case})
        if form is None:
            return None
        out[i] = head + _match_case(form.word, word) + tail
        previous = parse
        if parse.tag.POS == "NOUN":
            break
    return " ".join(out) if previous is not None else None


@lru_cache(maxsize=1024)
def genitive(phrase: str) -> str:
    """The phrase's head in the genitive: «опорная (стажировочная) методическая площадка» →
    «опорной (стажировочной) методической площадки», «Министерство образования … края» →
    «Министерства образования … края». An abbreviation, a word in quotes or a word already
    not in the nominative stops it («МБУ ИМЦ …» stays as written)."""
    return _decline_head(phrase, "gent") or _norm(phrase)


@lru_cache(maxsize=1024)
def dative_phrase(phrase: str) -> str:
    """A position in the dative, as a letter's addressee begins: «директор» → «директору»,
    «заведующая» → «заведующей», «заместитель директора по УВР» → «заместителю директора
    по УВР». A position that does not begin with such a word («и. о. директора», «врио
    директора», «ВРИО») is already what the dative prints and stays as typed."""
    return _decline_head(phrase, "datv") or _norm(phrase)


def kind_genitive(name: str, genitive_field: str = "") -> str:
    """A kind's name in the genitive: the profile's field, else declined."""
    return _norm(genitive_field) or genitive(name)
