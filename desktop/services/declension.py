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
from typing import Any

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


def _nominative(word: str) -> Any:
    """The word's reading in the nominative as an adjective, participle or noun (the most
    likely one), or None when it has none."""
    for parse in _morph().parse(word):
        if parse.tag.case == "nomn" and parse.tag.POS in _DECLINED:
            return parse
    return None


@lru_cache(maxsize=1024)
def genitive(phrase: str) -> str:
    """The phrase's head in the genitive: the words up to and including its first noun in
    the nominative are declined, the rest (already in its own case) is kept — «опорная
    (стажировочная) методическая площадка» → «опорной (стажировочной) методической
    площадки», «Министерство образования … края» → «Министерства образования … края».
    An abbreviation, a word in quotes or a word already not in the nominative stops it
    («МБУ ИМЦ …» stays as written)."""
    text = _norm(phrase)
    if not text:
        return ""
    tokens = text.split(" ")
    out = list(tokens)
    for i, token in enumerate(tokens):
        m = _TOKEN.match(token)
        if m is None or "«" in m.group(1):
            break
        head, word, tail = m.groups()
        if word.isupper() and len(word) > 1:  # an abbreviation: the head, indeclinable
            break
        parse = _nominative(word.lower())
        if parse is None:
            break
        form = parse.inflect({"gent"})
        if form is None:
            break
        out[i] = head + _match_case(form.word, word) + tail
        if parse.tag.POS == "NOUN":
            break
    return " ".join(out)


def kind_genitive(name: str, genitive_field: str = "") -> str:
    """A kind's name in the genitive: the profile's field, else declined."""
    return _norm(genitive_field) or genitive(name)
