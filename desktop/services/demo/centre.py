"""The demo centre's details (Сервис → Сведения о центре), so that every printout of the
demo shows a бланк, a head who signs and a name in the workbooks' titles. A detail the
user saved before is kept."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Setting
from desktop.services.common import set_setting

DEMO_CENTRE = {
    "name": "Муниципальное бюджетное учреждение дополнительного профессионального "
            "образования «Информационно-методический центр»",
    "short_name": "МБУ ДПО «ИМЦ»",
    "founder": "Управление образования администрации города Кемерово",
    "head_position": "Директор",
    "head_name": "О. А. Иванова",
    "city": "г. Кемерово",
    "address": "ул. Ленина, д. 5, г. Кемерово, Кемеровская область, 650000",
    "phone": "8 (3842) 58-12-34",
    "email": "imc@example.ru",
    "website": "https://imc.example.ru",
    "inn": "4205012340",
    "kpp": "420501001",
    "ogrn": "1024200123452",
}


def demo_centre(s: Session) -> None:
    """Save the demo centre's details that are not saved yet."""
    saved = set(s.scalars(select(Setting.key).where(Setting.key.startswith("centre."))))
    for key, value in DEMO_CENTRE.items():
        if f"centre.{key}" not in saved:
            set_setting(s, f"centre.{key}", value)
