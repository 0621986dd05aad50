"""Events of sites and their participants; one person record across many events.

A person is matched on folded full name (case, ё/е) plus organisation; likely duplicates
(same folded name, one with no organisation) are offered for merging.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.models import Event, Organisation, Participation, Person, Site, Spravka, utcnow
from desktop.profiles import get_profile
from desktop.services.common import audit
from desktop.storage import Database
from desktop.text import fold
from desktop.validation import check_date_range, clean_text

DEFAULT_FORMS = ("семинар", "мастер-класс", "вебинар", "стажировка", "практикум", "конференция",
                 "открытое занятие", "консультация", "круглый стол", "деловая игра",
                 "педагогическая мастерская")
FORMATS = ("очно", "дистанционно")
ROLES = ("участник", "стажёр", "ведущий")


def event_forms(profile_id: str | None) -> list[str]:
    """The forms the profile lists, then the usual ones."""
    forms: list[str] = []
    if profile_id:
        try:
            forms += list(get_profile(profile_id).forms_of_work)
        except Exception:  # a site of a profile no longer installed
            pass
    return forms + [f for f in DEFAULT_FORMS if f not in forms]


@dataclass
class EventData:
    id: int | None = None
    site_id: int | None = None
    name: str = ""
    form: str = "семинар"
    planned_on: dt.date | None = None
    held_on: dt.date | None = None
    format: str = "очно"
    hours: int = 0
    practice: str = ""
    result: str = ""
    task_no: int | None = None
    status: str = "planned"  # planned | held | cancelled


def validate_event(s: Session, e: EventData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not e.site_id or s.get(Site, e.site_id) is None:
        errors["site_id"] = "Выберите площадку."
    for key, limit in (("name", 1000), ("practice", 4000), ("result", 4000), ("form", 100)):
        try:
            setattr(e, key, clean_text(getattr(e, key), limit, key))
        except Exception as exc:
            errors[key] = str(exc)
    if not e.name:
        errors["name"] = "Укажите название мероприятия."
    if e.format not in FORMATS:
        errors["format"] = "Формат: очно или дистанционно."
    if not 0 <= (e.hours or 0) <= 1000:
        errors["hours"] = "Часы — число от 0 до 1000."
    for key in ("planned_on", "held_on"):
        msg = check_date_range(getattr(e, key), "Дата")
        if msg:
            errors[key] = msg
    if e.status == "held" and e.held_on is None:
        errors["held_on"] = "Укажите дату проведения."
    if e.status == "held" and e.held_on and e.held_on > dt.date.today() + dt.timedelta(days=1):
        errors["held_on"] = "Мероприятие не может быть проведено в будущем."
    if e.status == "planned" and e.planned_on is None:
        errors["planned_on"] = "Укажите планируемую дату."
    return errors


def save_event(db: Database, data: EventData) -> int:
    data = dataclasses.replace(data)
    with db.transaction() as s:
        errors = validate_event(s, data)
        if errors:
            raise ValidationError(errors)
        values = {k: getattr(data, k) for k in ("site_id", "name", "form", "planned_on",
                                                "held_on", "format", "hours", "practice",
                                                "result", "task_no", "status")}
        if data.id is None:
            event = Event(**values)
            s.add(event)
            s.flush()
            audit(s, "create", "event", event.id, f"Мероприятие «{event.name}»",
                  site_id=event.site_id)
            return event.id
        event = s.get(Event, data.id)
        if event is None:
            raise NotFoundError(f"Мероприятие № {data.id} не найдено.")
        for k, v in values.items():
            setattr(event, k, v)
        audit(s, "update", "event", event.id, f"Изменено мероприятие «{event.name}»",
              site_id=event.site_id)
        return event.id


def get_event(db: Database, event_id: int) -> EventData:
    with db.session() as s:
        e = s.get(Event, event_id)
        if e is None or e.deleted_at is not None:
            raise NotFoundError(f"Мероприятие № {event_id} не найдено.")
        return EventData(e.id, e.site_id, e.name, e.form, e.planned_on, e.held_on, e.format,
                         e.hours, e.practice, e.result, e.task_no, e.status)


def delete_event(db: Database, event_id: int) -> None:
    with db.transaction() as s:
        e = s.get(Event, event_id)
        if e is None:
            raise NotFoundError(f"Мероприятие № {event_id} не найдено.")
        e.deleted_at = utcnow()
        audit(s, "delete", "event", e.id, f"Удалено мероприятие «{e.name}»", site_id=e.site_id)


@dataclass(slots=True)
class EventRow:
    id: int
    site_id: int
    site_number: str
    organisation: str
    name: str
    form: str
    day: dt.date | None
    status: str
    participants: int


def list_events(db: Database, site_id: int | None = None) -> list[EventRow]:
    counts = (select(Participation.event_id, func.count().label("n"))
              .group_by(Participation.event_id).subquery())
    stmt = (select(Event.id, Event.site_id, Site.number, Organisation.short_name, Event.name,
                   Event.form, func.coalesce(Event.held_on, Event.planned_on), Event.status,
                   func.coalesce(counts.c.n, 0))
            .join(Site, Site.id == Event.site_id)
            .join(Organisation, Organisation.id == Site.organisation_id)
            .outerjoin(counts, counts.c.event_id == Event.id)
            .where(Event.deleted_at.is_(None), Site.deleted_at.is_(None))
            .order_by(func.coalesce(Event.held_on, Event.planned_on).desc(), Event.id.desc()))
    if site_id:
        stmt = stmt.where(Event.site_id == site_id)
    with db.session() as s:
        return [EventRow(*r) for r in s.execute(stmt)]


# --------------------------------------------------------------------------- people


@dataclass
class PersonData:
    last_name: str
    first_name: str
    middle_name: str = ""
    position: str = ""
    organisation_id: int | None = None

    def key(self) -> tuple[str, int | None]:
        return fold(f"{self.last_name} {self.first_name} {self.middle_name}").strip(), \
            self.organisation_id


def validate_person(p: PersonData) -> dict[str, str]:
    errors = {}
    for key in ("last_name", "first_name", "middle_name", "position"):
        try:
            setattr(p, key, clean_text(getattr(p, key), 300, key))
        except Exception as exc:
            errors[key] = str(exc)
    if not p.last_name:
        errors["last_name"] = "Укажите фамилию."
    if not p.first_name:
        errors["first_name"] = "Укажите имя."
    return errors


def find_person(s: Session, p: PersonData) -> Person | None:
    """The existing record of this person: same folded full name and organisation."""
    name, org = p.key()
    candidates = s.scalars(select(Person).where(
        func.fold(Person.last_name) == fold(p.last_name), Person.deleted_at.is_(None)))
    for c in candidates:
        if fold(c.full_name) == name and c.organisation_id == org:
            return c
    return None


def find_or_create_person(s: Session, p: PersonData) -> Person:
    person = find_person(s, p)
    if person is None:
        person = Person(last_name=p.last_name, first_name=p.first_name,
                        middle_name=p.middle_name, position=p.position,
                        organisation_id=p.organisation_id)
        s.add(person)
        s.flush()
        audit(s, "create", "person", person.id, f"Добавлен {person.full_name}")
    elif p.position and not person.position:
        person.position = p.position
    return person


@dataclass
class ParticipantData:
    person: PersonData
    role: str = "участник"
    programme: str = ""
    hours: int = 0
    attestation: str = ""


def add_participants(db: Database, event_id: int, items: list[ParticipantData]) -> list[int]:
    """Add people to an event (matching existing records); all or nothing."""
    with db.transaction() as s:
        event = s.get(Event, event_id)
        if event is None or event.deleted_at is not None:
            raise NotFoundError(f"Мероприятие № {event_id} не найдено.")
        ids = []
        for i, item in enumerate(items, start=1):
            errors = validate_person(item.person)
            if item.role not in ROLES:
                errors["role"] = "Неизвестная роль участника."
            if errors:
                raise ValidationError({k: f"Участник {i}: {v}" for k, v in errors.items()})
            person = find_or_create_person(s, item.person)
            exists = s.scalar(select(Participation.id).where(
                Participation.event_id == event_id, Participation.person_id == person.id))
            if exists:
                raise ValidationError({"last_name": f"{person.full_name} уже в списке "
                                                    "участников мероприятия."})
            s.add(Participation(event_id=event_id, person_id=person.id, role=item.role,
                                programme=clean_text(item.programme, 1000),
                                hours=max(0, int(item.hours or 0)),
                                attestation=clean_text(item.attestation, 100)))
            ids.append(person.id)
        audit(s, "update", "event", event_id, f"Добавлено участников: {len(ids)}",
              site_id=event.site_id)
        return ids


def remove_participant(db: Database, event_id: int, person_id: int) -> None:
    with db.transaction() as s:
        row = s.scalar(select(Participation).where(Participation.event_id == event_id,
                                                   Participation.person_id == person_id))
        if row is not None:
            s.delete(row)


@dataclass(slots=True)
class ParticipantRow:
    person_id: int
    name: str
    position: str
    organisation: str
    role: str
    hours: int
    attestation: str


def participants(db: Database, event_id: int) -> list[ParticipantRow]:
    with db.session() as s:
        rows = s.execute(
            select(Person, Participation, Organisation.short_name)
            .join(Participation, Participation.person_id == Person.id)
            .outerjoin(Organisation, Organisation.id == Person.organisation_id)
            .where(Participation.event_id == event_id)
            .order_by(Person.last_name, Person.first_name)).all()
        return [ParticipantRow(p.id, p.full_name, p.position, org or "", part.role, part.hours,
                               part.attestation) for p, part, org in rows]


@dataclass
class DuplicateGroup:
    name: str
    people: list[tuple[int, str, str, int]] = field(default_factory=list)  # id, name, org, events


def find_duplicates(db: Database) -> list[DuplicateGroup]:
    """People who are likely the same: same folded full name where the organisations are
    the same or one of them is not given."""
    with db.session() as s:
        counts = dict(s.execute(select(Participation.person_id, func.count())
                                .group_by(Participation.person_id)).all())
        by_name: dict[str, list[Person]] = defaultdict(list)
        for p in s.scalars(select(Person).where(Person.deleted_at.is_(None))):
            by_name[fold(p.full_name)].append(p)
        groups = []
        for people in by_name.values():
            if len(people) < 2:
                continue
            orgs = {p.organisation_id for p in people}
            if len(orgs - {None}) > 1:
                continue  # namesakes in different organisations
            groups.append(DuplicateGroup(people[0].full_name, [
                (p.id, p.full_name, p.organisation.short_name if p.organisation else "",
                 counts.get(p.id, 0)) for p in people]))
        return sorted(groups, key=lambda g: fold(g.name))


def merge_people(db: Database, keep_id: int, drop_ids: list[int]) -> int:
    """Move participations and справки to the kept record; the others are hidden."""
    drop_ids = [i for i in drop_ids if i != keep_id]
    with db.transaction() as s:
        keep = s.get(Person, keep_id)
        if keep is None:
            raise NotFoundError("Запись, которую нужно оставить, не найдена.")
        kept_events = set(s.scalars(select(Participation.event_id).where(
            Participation.person_id == keep_id)))
        moved = 0
        for drop_id in drop_ids:
            drop = s.get(Person, drop_id)
            if drop is None:
                continue
            for part in s.scalars(select(Participation).where(
                    Participation.person_id == drop_id)).all():
                if part.event_id in kept_events:
                    s.delete(part)
                else:
                    part.person_id = keep_id
                    kept_events.add(part.event_id)
                    moved += 1
            s.execute(update(Spravka).where(Spravka.person_id == drop_id)
                      .values(person_id=keep_id))
            if keep.organisation_id is None and drop.organisation_id is not None:
                keep.organisation_id = drop.organisation_id
            if not keep.position and drop.position:
                keep.position = drop.position
            drop.deleted_at = utcnow()
            audit(s, "update", "person", keep_id,
                  f"Объединены записи: {drop.full_name} (№ {drop_id}) → № {keep_id}")
        return moved
