"""The centre's details kept in the database's settings: its names, head, city, emblem and
the requisites of its letterhead (бланк) — postal address, phone, e-mail, site, ИНН, КПП,
ОГРН.

They are edited once (Сервис → Сведения о центре) and printed on every certificate,
справка, Word document and workbook title. A detail a document needs and nobody filled in
prints blank and is named before printing (`missing_labels`, `missing_text`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.models import Attachment, Setting
from desktop.services.common import all_settings, audit, set_setting
from desktop.services.files import store_file
from desktop.storage import Database
from desktop.validation import (
    check_email,
    check_inn,
    check_kpp,
    check_ogrn,
    check_phone,
    check_url,
    clean_text,
)


@dataclass(frozen=True)
class Detail:
    """One detail of the form: its key, the form's label, how a warning names it, an
    example shown in the empty field, the check of its value, the form's group."""

    key: str
    label: str
    named: str
    example: str
    check: Callable[[str | None], str | None] | None = None
    group: str = "centre"  # centre | letterhead


DETAILS = (
    Detail("name", "Полное наименование", "полное наименование центра",
           "Муниципальное бюджетное учреждение «Информационно-методический центр»"),
    Detail("short_name", "Краткое наименование", "краткое наименование", "МБУ ИМЦ"),
    Detail("founder", "Учредитель (строка над названием)", "учредитель",
           "Управление образования администрации города Кемерово"),
    Detail("head_position", "Должность руководителя", "должность руководителя", "Директор"),
    Detail("head_name", "Руководитель (И. О. Фамилия)", "ФИО руководителя", "О. А. Иванова"),
    Detail("city", "Населённый пункт", "населённый пункт", "г. Кемерово"),
    Detail("address", "Почтовый адрес", "почтовый адрес",
           "ул. Ленина, д. 5, г. Кемерово, Кемеровская область, 650000", group="letterhead"),
    Detail("phone", "Телефон", "телефон", "8 (3842) 58-12-34", check_phone, "letterhead"),
    Detail("email", "Электронная почта", "электронная почта", "imc@example.ru", check_email,
           "letterhead"),
    Detail("website", "Сайт", "сайт", "https://imc.example.ru", check_url, "letterhead"),
    Detail("inn", "ИНН", "ИНН", "4205012340", check_inn, "letterhead"),
    Detail("kpp", "КПП", "КПП", "420501001", check_kpp, "letterhead"),
    Detail("ogrn", "ОГРН", "ОГРН", "1024200123452", check_ogrn, "letterhead"),
)
BY_KEY = {d.key: d for d in DETAILS}
KEYS = tuple(d.key for d in DETAILS)
# What a certificate or справка cannot do without, as warnings name them.
REQUIRED = {k: BY_KEY[k].named for k in ("name", "head_name", "head_position")}
# What a letter's бланк cannot do without: who writes and how to answer.
LETTERHEAD = ("name", "address", "phone", "email")
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")


@dataclass
class Centre:
    """The centre as printed: names, head, city, emblem image and the letterhead's
    requisites. `missing`: the keys of REQUIRED and LETTERHEAD never filled in — printed
    blank, never guessed."""

    name: str
    head_name: str
    head_position: str
    city: str
    logo: bytes | None = None
    short_name: str = ""
    missing: tuple[str, ...] = ()
    founder: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    inn: str = ""
    kpp: str = ""
    ogrn: str = ""


def get_centre(db: Database) -> dict[str, Any]:
    """The details as plain values for a form (logo: the attachment id or None)."""
    with db.session() as s:
        values = all_settings(s, "centre.")
    out = {k: values.get(f"centre.{k}") or "" for k in KEYS}
    out["logo"] = values.get("centre.logo_attachment_id")
    return out


def centre_name(db: Database) -> str:
    """The centre's full name for the title row of a workbook."""
    return get_centre(db)["name"]


def load_centre(db: Database) -> Centre:
    """The details for printing, with the emblem's image bytes (see `read_centre`)."""
    with db.session() as s:
        return read_centre(s)


def read_centre(s: Session) -> Centre:
    """The details for printing in an open session. A required detail never saved is blank
    here (not the form's example) and its key is listed in `missing`."""
    c = all_settings(s, "centre.")
    saved = set(s.scalars(select(Setting.key).where(Setting.key.startswith("centre."))))
    logo = None
    if c.get("centre.logo_attachment_id"):
        att = s.get(Attachment, c["centre.logo_attachment_id"])
        logo = att.blob.data if att is not None else None
    values = {k: str(c.get(f"centre.{k}") or "").strip() for k in KEYS}
    needed = dict.fromkeys([*REQUIRED, *LETTERHEAD])
    missing = tuple(k for k in needed if f"centre.{k}" not in saved or not values[k])
    for key in missing:
        values[key] = ""
    if "name" in missing and "centre.short_name" not in saved:
        values["short_name"] = ""
    return Centre(logo=logo, missing=missing, **values)


def missing_labels(centre: Centre, keys: Iterable[str]) -> list[str]:
    """How a warning names the details among `keys` that the centre never filled in, in
    the form's order («почтовый адрес», «телефон» …)."""
    wanted = set(keys) & set(centre.missing)
    return [d.named for d in DETAILS if d.key in wanted]


def missing_text(labels: list[str] | tuple[str, ...]) -> str:
    """«Не заполнены сведения о центре: ФИО руководителя, должность руководителя …»."""
    return ("Не заполнены сведения о центре: " + ", ".join(labels) + ". В документе эти "
            "места останутся пустыми; заполните их: Сервис → Сведения о центре.")


def detail_problem(key: str, value: str) -> str | None:
    """What is wrong with a detail's value (a Russian sentence), or None."""
    detail = BY_KEY[key]
    return detail.check(value) if detail.check else None


def save_centre(db: Database, values: dict[str, str], logo: Path | None = None, *,
                remove_logo: bool = False) -> None:
    """Save the form's details (all in one transaction; one not given is saved empty);
    `logo` is a PNG or JPEG file. A wrong e-mail, phone, site, ИНН, КПП or ОГРН is refused
    with its label."""
    given = {k: clean_text(values.get(k, ""), 500, BY_KEY[k].label, one_line=True)
             for k in KEYS}
    if not given["name"]:
        raise UserError("Укажите полное наименование центра: оно печатается в свидетельствах.")
    for key, value in given.items():
        problem = detail_problem(key, value)
        if problem:
            raise UserError(f"{BY_KEY[key].label}: {problem}")
    if logo is not None:
        if logo.suffix.lower() not in LOGO_SUFFIXES:
            raise UserError("Эмблема должна быть изображением PNG или JPEG.")
        _check_image(logo)
    with db.transaction() as s:
        for key, value in given.items():
            set_setting(s, f"centre.{key}", value)
        if logo is not None:
            set_setting(s, "centre.logo_attachment_id", store_file(s, logo).id)
        elif remove_logo:
            set_setting(s, "centre.logo_attachment_id", None)
        audit(s, "update", "settings", None, "Изменены сведения о центре")


def _check_image(path: Path) -> None:
    """Refuse a file that is not a readable image before it is stored."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            img.verify()
    except FileNotFoundError:
        raise UserError(f"Файл «{path.name}» не найден.") from None
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise UserError(f"Файл «{path.name}» не является изображением PNG или JPEG.") from None
