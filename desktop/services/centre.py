"""The centre's details (name, head, city, emblem) kept in the database's settings.

They are edited once (Сервис → Сведения о центре) and printed on every certificate,
справка and workbook title.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.errors import UserError
from desktop.models import Attachment, Setting
from desktop.services.common import all_settings, audit, set_setting
from desktop.services.files import store_file
from desktop.storage import Database
from desktop.validation import clean_text

KEYS = ("name", "short_name", "head_name", "head_position", "city")
# What a certificate or справка cannot do without, as the form labels them.
REQUIRED = {"name": "полное наименование центра", "head_name": "ФИО руководителя",
            "head_position": "должность руководителя"}
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")


@dataclass
class Centre:
    """The centre as printed: full name, head's name and position, city, emblem image."""

    name: str
    head_name: str
    head_position: str
    city: str
    logo: bytes | None = None
    short_name: str = ""
    missing: tuple[str, ...] = ()  # REQUIRED keys never filled in: printed blank, not guessed


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
    """The details for printing, with the emblem's image bytes. A required detail never
    saved is blank here (not the form's example) and listed in `missing`."""
    with db.session() as s:
        c = all_settings(s, "centre.")
        saved = set(s.scalars(select(Setting.key).where(Setting.key.startswith("centre."))))
        logo = None
        if c.get("centre.logo_attachment_id"):
            att = s.get(Attachment, c["centre.logo_attachment_id"])
            logo = att.blob.data if att is not None else None
    values = {k: str(c.get(f"centre.{k}") or "").strip() for k in KEYS}
    missing = tuple(k for k in REQUIRED if f"centre.{k}" not in saved or not values[k])
    for key in missing:
        values[key] = ""
    if "name" in missing and "centre.short_name" not in saved:
        values["short_name"] = ""
    return Centre(values["name"], values["head_name"], values["head_position"],
                  values["city"], logo, values["short_name"], missing)


def missing_text(labels: list[str] | tuple[str, ...]) -> str:
    """«Не заполнены сведения о центре: ФИО руководителя, должность руководителя …»."""
    return ("Не заполнены сведения о центре: " + ", ".join(labels) + ". В документе эти "
            "места останутся пустыми; заполните их: Сервис → Сведения о центре.")


def save_centre(db: Database, values: dict[str, str], logo: Path | None = None, *,
                remove_logo: bool = False) -> None:
    """Save the details (all in one transaction); `logo` is a PNG or JPEG file."""
    cleaned = {k: clean_text(values.get(k, ""), 500, k) for k in KEYS}
    if not cleaned["name"]:
        raise UserError("Укажите полное наименование центра: оно печатается в свидетельствах.")
    if logo is not None:
        if logo.suffix.lower() not in LOGO_SUFFIXES:
            raise UserError("Эмблема должна быть изображением PNG или JPEG.")
        _check_image(logo)
    with db.transaction() as s:
        for key, value in cleaned.items():
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
