"""A site's card gathered for printing from the window: plain label/value pairs and the
tables under them (partners, deadlines, events, history); the printer renders them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.errors import UserError
from desktop.profiles import all_profiles
from desktop.services.centre import centre_name
from desktop.services.events import STATUSES as EVENT_STATUSES
from desktop.services.registry import STATUS_NAMES
from desktop.services.sites import get_detail
from desktop.storage import Database
from desktop.text import long_date, short_date


@dataclass
class SiteCardPrint:
    """The printed card: title, (label, value) pairs and (title, headers, rows) tables."""

    title: str
    centre: str
    printed_on: str
    fields: list[tuple[str, str]]
    sections: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)


def site_card_print(db: Database, site_id: int, today: dt.date | None = None) -> SiteCardPrint:
    """Everything the card shows that belongs on paper (not the audit log)."""
    d = get_detail(db, site_id)
    s = d.data
    profile = next((p for p in all_profiles() if p.id == s.profile_id), None)
    kind = s.kind_code
    if profile is not None:
        try:
            kind = f"{s.kind_code} — {profile.kind(s.kind_code).name}"
        except UserError:  # a kind no longer in the profile
            pass
    term = (f"{long_date(s.term_start)} – {long_date(s.term_end)}" if s.term_start else "")
    fields = [("Организация", d.organisation), ("Вид площадки", kind),
              ("Положение (профиль)", profile.municipality if profile else s.profile_id),
              ("Тема", s.theme), ("Направление", s.direction), ("Проект (программа)",
                                                               s.project_name),
              ("Срок", term), ("Статус", STATUS_NAMES.get(s.status, s.status)),
              ("Руководитель", d.leader), ("Соруководитель", d.coleader),
              ("Примечание", s.notes)]
    card = SiteCardPrint(f"Площадка № {s.number}", centre_name(db),
                         long_date(today or dt.date.today()), fields)
    card.sections = [
        ("Партнёры сети", ["Организация", "Функции"],
         [[name, functions] for name, functions in d.partners]),
        ("Сроки отчётов и процедур", ["Срок", "Что сдать или сделать", "Выполнено"],
         [[short_date(due), what, ", ".join(x for x in (short_date(done), late) if x)]
          for due, what, done, late in d.deadlines]),
        ("Мероприятия", ["Дата", "Мероприятие", "Форма", "Состояние", "Участников"],
         [[short_date(day), name, form, EVENT_STATUSES.get(status, status), str(count)]
          for day, name, form, status, count in d.events]),
        ("История", ["Дата", "Событие", "Основание", "Примечание"],
         [[short_date(day), event, ground, note] for day, event, ground, note in d.history]),
    ]
    return card
