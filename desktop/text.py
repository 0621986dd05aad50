"""Russian text helpers in one place: search folding and babel formatting.

SQLite's lower() and LIKE fold only ASCII, so search is done on `fold()`: Python's
casefold plus ё→е. The same function is registered in SQLite as `fold(text)` (see
`desktop.storage.db`), so queries and in-memory filters agree.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = Locale.parse("ru_RU")
_PLURAL = LOCALE.plural_form


def fold(value: object) -> str:
    """Case- and ё-insensitive search key of any value ('' for None)."""
    if value is None:
        return ""
    return str(value).casefold().replace("ё", "е")


def long_date(day: dt.date | None) -> str:
    """«25 декабря 2026 г.»"""
    if day is None:
        return ""
    return format_date(day, "d MMMM y 'г.'", locale=LOCALE)


def short_date(day: dt.date | None) -> str:
    """«25.12.2026»"""
    if day is None:
        return ""
    return format_date(day, "dd.MM.y", locale=LOCALE)


def number(value: float | int) -> str:
    """Number with Russian grouping, e.g. «10 000»."""
    return format_decimal(value, locale=LOCALE)


def plural(count: int, one: str, few: str, many: str) -> str:
    """«1 площадка», «3 площадки», «5 площадок» — the form chosen by babel's plural rule."""
    form = _PLURAL(abs(count))
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
    "fold",
    "initials_name",
    "long_date",
    "number",
    "person_name",
    "plural",
    "short_date",
]
