"""Russian text helpers in one place: search folding, cleaning, babel formatting.

SQLite's lower() and LIKE fold only ASCII, so search is done on `fold()`: Python's
casefold plus ё→е. The same function is registered in SQLite as `fold(text)` (see
`desktop.storage.db`), so queries and in-memory filters agree.

`clean_chars` is the one cleaning rule for text typed or imported: NFC form (a «й» typed
as и + breve is found by search), no control characters, no bidirectional overrides or
invisible marks (U+202E turns «report.pdf\u202egpj.exe» into what looks like a picture);
a one-line value has its tabs and line breaks turned into single spaces.
`unescape_excel` decodes the `_xHHHH_` escapes Excel writes for such characters.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale


@cache
def _locale() -> Locale:
    """Babel's Russian locale, loaded on first use: not needed to paint the first window."""
    from babel import Locale

    return Locale.parse("ru_RU")


def fold(value: object) -> str:
    """Case- and ё-insensitive search key of any value ('' for None)."""
    if value is None:
        return ""
    return str(value).casefold().replace("ё", "е")


# Bidirectional embeddings/overrides/isolates and marks, zero-width and other invisible
# characters (soft hyphen, word joiner, BOM): removed everywhere.
_INVISIBLE = "\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# Control characters other than tab and line breaks: removed everywhere.
_CONTROL = re.compile(f"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f{_INVISIBLE}]")
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_SPACES = re.compile(r"\s+")
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape_excel(text: str) -> str:
    """Excel's `_xHHHH_` escapes back to characters (`_x005F_` is a literal «_»)."""
    if "_x" not in text:
        return text
    return _EXCEL_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)


def clean_chars(value: object, *, one_line: bool) -> str:
    """The cleaning rule: NFC, no control or invisible characters, trimmed; `one_line`
    also turns tabs and line breaks into spaces and collapses runs of spaces."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    if one_line:
        return _SPACES.sub(" ", _CONTROL.sub("", text)).strip()
    text = _LINE_BREAKS.sub("\n", text)
    return _CONTROL.sub("", text).strip()


def file_size(size: int) -> str:
    """«850 КБ», «12,3 МБ», «1,4 ГБ»."""
    for unit, scale in (("ГБ", 1 << 30), ("МБ", 1 << 20), ("КБ", 1 << 10)):
        if size >= scale:
            value = size / scale
            return f"{number(round(value, 1 if value < 100 else 0))} {unit}"
    return f"{size} байт"


def capital(text: str | None) -> str:
    """Spaces collapsed and the first letter capitalised, the rest as typed
    («и. о. директора по УВР» → «И. о. директора по УВР»)."""
    text = " ".join((text or "").split())
    return text[:1].upper() + text[1:]


def long_date(day: dt.date | None) -> str:
    """«25 декабря 2026 г.»"""
    if day is None:
        return ""
    from babel.dates import format_date

    return format_date(day, "d MMMM y 'г.'", locale=_locale())


def short_date(day: dt.date | None) -> str:
    """«25.12.2026»"""
    if day is None:
        return ""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"  # babel's «dd.MM.y», without babel


def number(value: float | int) -> str:
    """Number with Russian grouping, e.g. «10 000»."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_locale())


def plural(count: int, one: str, few: str, many: str) -> str:
    """«1 площадка», «3 площадки», «5 площадок» — the form chosen by babel's plural rule."""
    form = _locale().plural_form(abs(count))
    word = {"one": one, "few": few}.get(form, many)
    return f"{number(count)} {word}"


def academic_year(day: dt.date) -> str:
    """«2026/2027» for a day in the academic year that starts on 1 September."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}/{start + 1}"


def academic_year_bounds(start_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of the academic year start_year/start_year+1."""
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


def person_name(last: str | None, first: str | None, middle: str | None) -> str:
    """«Иванова Мария Петровна» from its parts (empty parts left out)."""
    return " ".join(p for p in (last, first, middle) if p)


def initials_name(last: str | None, first: str | None, middle: str | None) -> str:
    """«Иванова М. П.»"""
    tail = " ".join(f"{p[0]}." for p in (first, middle) if p)
    return f"{last or ''} {tail}".strip()


__all__ = [
    "academic_year",
    "academic_year_bounds",
    "clean_chars",
    "file_size",
    "fold",
    "initials_name",
    "long_date",
    "number",
    "person_name",
    "plural",
    "short_date",
    "unescape_excel",
]
