"""Events of sites (seminars, master classes, internships, ...) and the activity they add up to.

An event may sit in a site's plan (planned, with a planned date) and later be held (the date
it was held and the people who really came, see `desktop.services.participants`).
`site_activity` / `activity_by_site` count events, held events, distinct people and distinct
organisations reached in a period; the annual summary and the report appendix use them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.models import Event, Organisation, Participation, Person, Site, utcnow
from desktop.profiles import get_profile
from desktop.services.common import audit
from desktop.storage import Database
from desktop.validation import check_date_range, clean_text

DEFAULT_FORMS = ("семинар", "мастер-класс", "вебинар", "стажировка", "практикум", "конференция",
                 "открытое занятие", "консультация", "круглый стол", "деловая игра",
                 "педагогическая мастерская")
FORMATS = ("очно", "дистанционно")
STATUSES = {"planned": "запланировано", "held": "проведено", "cancelled": "отменено"}
_FIELDS = ("site_id", "name", "form", "planned_on", "held_on", "format", "hours", "practice",
           "result", "task_no", "status")


def event_forms(profile_id: str | None) -> list[str]:
    """The forms of work the site's regulation lists, then the usual ones."""
    forms: list[str] = []
    if profile_id:
        try:
            forms += [f for f in get_profile(profile_id).forms_of_work if f]
        except Exception:  # a site of a profile no longer installed: the usual forms only
            pass
    return forms + [f for f in DEFAULT_FORMS if f.casefold() not in {x.casefold() for x in forms}]


@dataclass
class EventData:
    """What the event form edits; `id` None for a new event."""

    id: int | None = None
    site_id: int | None = None
    name: str = ""
    form: str = "семинар"
    planned_on: dt.date | None = None
    held_on: dt.date | None = None
    format: str = "очно"
    hours: int = 0
    practice: str = ""  # the practice passed on (транслируемая практика)
    result: str = ""
    task_no: int | None = None  # the plan's task the event serves
    status: str = "planned"  # planned | held | cancelled


def validate_event(s: Session, e: EventData, today: dt.date | None = None) -> dict[str, str]:
    """Field → Russian message; cleans the text fields of `e` in place."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    site = s.get(Site, e.site_id) if e.site_id else None
    if site is None or site.deleted_at is not None:
        errors["site_id"] = "Выберите площадку."
    for key, limit, label in (("name", 1000, "Название"), ("practice", 4000, "Практика"),
                              ("result", 4000, "Результат"), ("form", 100, "Форма")):
        try:
            setattr(e, key, clean_text(getattr(e, key), limit, label))
        except Exception as exc:
            errors[key] = str(exc)
    if not errors.get("name") and not e.name:
        errors["name"] = "Укажите название мероприятия."
    if not errors.get("form") and not e.form:
        errors["form"] = "Укажите форму мероприятия (семинар, мастер-класс, …)."
    if e.format not in FORMATS:
        errors["format"] = "Формат: очно или дистанционно."
    if e.status not in STATUSES:
        errors["status"] = "Неизвестное состояние мероприятия."
    if not isinstance(e.hours, int) or not 0 <= e.hours <= 1000:
        errors["hours"] = "Часы — целое число от 0 до 1000."
    if e.task_no is not None and not 1 <= e.task_no <= 100:
        errors["task_no"] = "Номер задачи — число от 1 до 100."
    for key, label in (("planned_on", "Дата по плану"), ("held_on", "Дата проведения")):
        msg = check_date_range(getattr(e, key), label)
        if msg:
            errors[key] = msg
    if e.status == "held":
        if e.held_on is None:
            errors.setdefault("held_on", "Укажите дату проведения.")
        elif e.held_on > today:
            errors.setdefault("held_on", "Дата проведения ещё не наступила: мероприятие "
                                         "пока можно только запланировать.")
    elif e.status == "planned" and e.planned_on is None:
        errors.setdefault("planned_on", "Укажите планируемую дату.")
    return errors


def save_event(db: Database, data: EventData, today: dt.date | None = None) -> int:
    """Create (id None) or update an event; ValidationError with every bad field."""
    data = dataclasses.replace(data)
    with db.transaction() as s:
        errors = validate_event(s, data, today)
        if errors:
            raise ValidationError(errors)
        values = {k: getattr(data, k) for k in _FIELDS}
        if data.status == "held" and data.planned_on is None:
            values["planned_on"] = data.held_on
        if data.id is None:
            event = Event(**values)
            s.add(event)
            s.flush()
            audit(s, "create", "event", event.id, f"Мероприятие «{event.name}»",
                  site_id=event.site_id)
            return event.id
        event = _live(s, data.id)
        changes = {k: [str(getattr(event, k)), str(v)] for k, v in values.items()
                   if getattr(event, k) != v}
        for k, v in values.items():
            setattr(event, k, v)
        if changes:
            audit(s, "update", "event", event.id, f"Изменено мероприятие «{event.name}»",
                  changes=changes, site_id=event.site_id)
        return event.id


def mark_held(db: Database, event_id: int, held_on: dt.date,
              today: dt.date | None = None) -> None:
    """A planned event took place on `held_on` (its participants are added separately)."""
    data = get_event(db, event_id)
    data.status, data.held_on = "held", held_on
    save_event(db, data, today)


def _live(s: Session, event_id: int) -> Event:
    event = s.get(Event, event_id)
    if event is None or event.deleted_at is not None:
        raise NotFoundError(f"Мероприятие № {event_id} не найдено.")
    return event


def get_event(db: Database, event_id: int) -> EventData:
    with db.session() as s:
        e = _live(s, event_id)
        return EventData(**{"id": e.id, **{k: getattr(e, k) for k in _FIELDS}})


def delete_event(db: Database, event_id: int) -> None:
    """Soft delete: the event disappears from lists and counts; справки keep pointing at it."""
    with db.transaction() as s:
        e = _live(s, event_id)
        e.deleted_at = utcnow()
        audit(s, "delete", "event", e.id, f"Удалено мероприятие «{e.name}»", site_id=e.site_id)


def restore_event(db: Database, event_id: int) -> None:
    with db.transaction() as s:
        e = s.get(Event, event_id)
        if e is None:
            raise NotFoundError(f"Мероприятие № {event_id} не найдено.")
        e.deleted_at = None
        audit(s, "restore", "event", e.id, f"Восстановлено мероприятие «{e.name}»",
              site_id=e.site_id)


@dataclass(slots=True)
class EventRow:
    """One line of the events table."""

    id: int
    site_id: int
    site_number: str
    organisation: str
    name: str
    form: str
    day: dt.date | None  # held, else planned
    status: str
    participants: int


def list_events(db: Database, site_id: int | None = None) -> list[EventRow]:
    """Events of one site (or of all), newest first, with their participant counts."""
    counts = (select(Participation.event_id, func.count().label("n"))
              .group_by(Participation.event_id).subquery())
    day = func.coalesce(Event.held_on, Event.planned_on)
    stmt = (select(Event.id, Event.site_id, Site.number, Organisation.short_name, Event.name,
                   Event.form, day, Event.status, func.coalesce(counts.c.n, 0))
            .join(Site, Site.id == Event.site_id)
            .join(Organisation, Organisation.id == Site.organisation_id)
            .outerjoin(counts, counts.c.event_id == Event.id)
            .where(Event.deleted_at.is_(None), Site.deleted_at.is_(None))
            .order_by(day.desc(), Event.id.desc()))
    if site_id:
        stmt = stmt.where(Event.site_id == site_id)
    with db.session() as s:
        return [EventRow(*r) for r in s.execute(stmt)]


# --------------------------------------------------------------------------- activity


@dataclass(frozen=True, slots=True)
class Activity:
    """What a site did in a period: events (planned or held, not cancelled, dated in the
    period), of them held, distinct people at the held ones and their distinct organisations."""

    events: int = 0
    held_events: int = 0
    participants: int = 0
    organisations: int = 0


def _activity_query(date_from: dt.date, date_to: dt.date):
    day = func.coalesce(Event.held_on, Event.planned_on)
    held = (Event.status == "held") & (Event.held_on >= date_from) & (Event.held_on <= date_to)
    return (select(Event.site_id,
                   func.count(distinct(Event.id)),
                   func.count(distinct(case((held, Event.id)))),
                   func.count(distinct(case((held, Participation.person_id)))),
                   func.count(distinct(case((held, Person.organisation_id)))))
            .outerjoin(Participation, Participation.event_id == Event.id)
            .outerjoin(Person, Person.id == Participation.person_id)
            .where(Event.deleted_at.is_(None), Event.status != "cancelled",
                   day >= date_from, day <= date_to)
            .group_by(Event.site_id))


def activity_by_site(s: Session, date_from: dt.date, date_to: dt.date) -> dict[int, Activity]:
    """site id → Activity in [date_from, date_to], one grouped query; sites without events
    in the period are absent (treat as `Activity()`)."""
    return {sid: Activity(*figures) for sid, *figures in s.execute(
        _activity_query(date_from, date_to))}


def site_activity(s: Session, site_id: int, date_from: dt.date, date_to: dt.date) -> Activity:
    row = s.execute(_activity_query(date_from, date_to).where(Event.site_id == site_id)).first()
    return Activity(*row[1:]) if row else Activity()


@dataclass(slots=True)
class SiteChoice:
    id: int
    label: str  # «12 — МБОУ СОШ № 5»
    profile_id: str


def site_choices(db: Database) -> list[SiteChoice]:
    """Sites an event can belong to (not deleted; active ones first), for the pickers."""
    stmt = (select(Site.id, Site.number, Organisation.short_name, Site.profile_id, Site.status)
            .join(Organisation, Organisation.id == Site.organisation_id)
            .where(Site.deleted_at.is_(None))
            .order_by(Site.status != "active", Organisation.short_name, Site.id))
    with db.session() as s:
        return [SiteChoice(i, f"{n} — {o}" if n else o, p) for i, n, o, p, _st in s.execute(stmt)]
