"""Field validators shared by forms, importers and services.

Each `check_*` returns a Russian message when the value is wrong and None when it is fine
(an empty value is fine: whether a field is required is a separate check).
"""

from __future__ import annotations

import datetime as dt
import re

from desktop.errors import UserError
from desktop.text import clean_chars

MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")
_URL = re.compile(r"^(https?://)?([\w-]+\.)+[\w-]{2,}(/\S*)?$", re.UNICODE)


def clean_text(value: object, max_len: int = 2000, label: str = "Текст", *,
               one_line: bool = False) -> str:
    """Text cleaned by the one rule (`desktop.text.clean_chars`): no control characters or
    bidirectional overrides, trimmed; `one_line` (names, titles, phones — every field shown
    on one line) also turns tabs and line breaks into spaces. Too long is a user error."""
    text = clean_chars(value, one_line=one_line)
    if len(text) > max_len:
        raise UserError(f"{label}: слишком длинный текст ({len(text)} знаков, "
                        f"допустимо {max_len}).")
    return text


def clean_line(value: object, max_len: int = 500, label: str = "Текст") -> str:
    """A one-line field (`clean_text(..., one_line=True)`)."""
    return clean_text(value, max_len, label, one_line=True)


def required(value: object, label: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return f"Поле «{label}» обязательно для заполнения."
    return None


def check_email(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if len(value) > 254 or not _EMAIL.match(value):
        return f"«{value[:60]}» — не адрес электронной почты (пример: school12@mail.ru)."
    return None


def check_phone(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if re.search(r"[^\d\s()+\-.,;доб]", value, re.IGNORECASE):
        return f"«{value[:60]}» — не номер телефона: допустимы цифры, пробелы, скобки, «+» и «-»."
    digits = re.sub(r"\D", "", value)
    if not 5 <= len(digits) <= 15:
        return f"«{value[:60]}» — не номер телефона: в номере должно быть от 5 до 15 цифр."
    return None


def check_url(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if len(value) > 500 or not _URL.match(value):
        return f"«{value[:60]}» — не адрес сайта (пример: https://school12.ru)."
    return None


def check_date_range(day: dt.date | None, label: str = "Дата") -> str | None:
    if day is None:
        return None
    if not MIN_DATE <= day <= MAX_DATE:
        return (f"{label}: {day:%d.%m.%Y} вне допустимого диапазона "
                f"({MIN_DATE.year}–{MAX_DATE.year}).")
    return None


def check_term(start: dt.date | None, end: dt.date | None) -> str | None:
    """A term's end must not precede its start."""
    for day, label in ((start, "Начало срока"), (end, "Окончание срока")):
        msg = check_date_range(day, label)
        if msg:
            return msg
    if start and end and end < start:
        return (f"Окончание срока ({end:%d.%m.%Y}) раньше его начала ({start:%d.%m.%Y}).")
    return None


def parse_date(text: object, label: str = "Дата") -> dt.date | None:
    """A date from 25.12.2026, 2026-12-25, a date/datetime object, or empty (None)."""
    if text is None or text == "":
        return None
    if isinstance(text, dt.datetime):
        day = text.date()
    elif isinstance(text, dt.date):
        day = text
    else:
        raw = str(text).strip()
        if not raw:
            return None
        day = None
        for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y"):
            try:
                day = dt.datetime.strptime(raw, fmt).date()
                break
            except ValueError:
                continue
        if day is None:
            raise UserError(f"{label}: «{raw[:40]}» — не дата (ожидается ДД.ММ.ГГГГ).")
    msg = check_date_range(day, label)
    if msg:
        raise UserError(msg)
    return day


def _digits(value: str | None) -> str:
    return re.sub(r"\s", "", value or "")


def check_inn(value: str | None) -> str | None:
    """The ИНН of an organisation: 10 digits whose last is the check digit."""
    inn = _digits(value)
    if not inn:
        return None
    if not re.fullmatch(r"\d{10}", inn):
        return f"«{inn[:20]}» — не ИНН организации: нужно 10 цифр."
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    if sum(w * int(d) for w, d in zip(weights, inn, strict=False)) % 11 % 10 != int(inn[9]):
        return f"ИНН {inn} с ошибкой: не сходится контрольная цифра (проверьте по выписке)."
    return None


def check_kpp(value: str | None) -> str | None:
    """The КПП: 9 characters, four digits, two digits or capital letters, three digits."""
    kpp = _digits(value)
    if kpp and not re.fullmatch(r"\d{4}[\dA-Z]{2}\d{3}", kpp):
        return f"«{kpp[:20]}» — не КПП: нужно 9 знаков (например, 420501001)."
    return None


def check_ogrn(value: str | None) -> str | None:
    """The ОГРН of an organisation: 13 digits, the last = (the first 12 mod 11) mod 10."""
    ogrn = _digits(value)
    if not ogrn:
        return None
    if not re.fullmatch(r"\d{13}", ogrn):
        return f"«{ogrn[:20]}» — не ОГРН: нужно 13 цифр."
    if int(ogrn[:12]) % 11 % 10 != int(ogrn[12]):
        return f"ОГРН {ogrn} с ошибкой: не сходится контрольная цифра (проверьте по выписке)."
    return None
