"""The centre's details (name, head, city, emblem) kept in the database's settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.errors import UserError
from desktop.services.common import all_settings, audit, set_setting
from desktop.services.files import store_file
from desktop.storage import Database
from desktop.validation import clean_text

KEYS = ("name", "short_name", "head_name", "head_position", "city")


def get_centre(db: Database) -> dict[str, Any]:
    with db.session() as s:
        values = all_settings(s, "centre.")
    out = {k: values.get(f"centre.{k}", "") for k in KEYS}
    out["logo"] = values.get("centre.logo_attachment_id")
    return out


def save_centre(db: Database, values: dict[str, str], logo: Path | None = None) -> None:
    cleaned = {k: clean_text(values.get(k, ""), 500, k) for k in KEYS}
    if not cleaned["name"]:
        raise UserError("Укажите полное наименование центра: оно печатается в свидетельствах.")
    if logo is not None and logo.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        raise UserError("Эмблема должна быть изображением PNG или JPEG.")
    with db.transaction() as s:
        for key, value in cleaned.items():
            set_setting(s, f"centre.{key}", value)
        if logo is not None:
            set_setting(s, "centre.logo_attachment_id", store_file(s, logo).id)
        audit(s, "update", "settings", None, "Изменены сведения о центре")
