"""The directory of people: experts, leaders, co-leaders, participants, one record each.

A person's roles decide where they are offered: experts in «Назначить экспертов», leaders
and co-leaders on applications and sites, participants at events. Matching and merging of
duplicates live in `desktop.services.participants`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.models import Organisation, Person
from desktop.services.common import audit
from desktop.services.participants import PersonData, find_person, validate_person
from desktop.storage import Database


@dataclass(slots=True)
class PersonRow:
    id: int
    full_name: str
    organisation_id: int | None
    organisation: str
    position: str
    expert: bool

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.full_name, "organisation": self.organisation_id,
                "organisation_name": self.organisation, "position": self.position,
                "expert": self.expert}


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """«Иванова Мария Петровна» → (last, first, middle); a double first name stays whole."""
    parts = full_name.split()
    if len(parts) < 2:
        raise ValidationError({"name": "Укажите фамилию и имя: «Фамилия Имя Отчество»."})
    return parts[0], parts[1], " ".join(parts[2:])


def add_person(db: Database, full_name: str, *, organisation_id: int | None = None,
               position: str = "", expert: bool = False) -> int:
    """Add a person from «Фамилия Имя Отчество» (or mark an existing one as an expert)."""
    last, first, middle = split_full_name(full_name)
    data = PersonData(last, first, middle, position, organisation_id)
    errors = validate_person(data)
    if errors:
        raise ValidationError(errors)
    with db.transaction() as s:
        if organisation_id is not None and s.get(Organisation, organisation_id) is None:
            raise ValidationError({"organisation_id":
                                   f"Организация № {organisation_id} не найдена."})
        person = find_person(s, data)
        if person is None:
            person = Person(last_name=data.last_name, first_name=data.first_name,
                            middle_name=data.middle_name, position=data.position,
                            organisation_id=organisation_id, is_expert=expert)
            s.add(person)
            s.flush()
            audit(s, "create", "person", person.id, f"Добавлен {person.full_name}")
        elif expert and not person.is_expert:
            person.is_expert = True
            audit(s, "update", "person", person.id, f"{person.full_name} — эксперт")
        return person.id


def list_people(db: Database, *, experts: bool = False) -> list[PersonRow]:
    stmt = (select(Person, Organisation.short_name)
            .outerjoin(Organisation, Organisation.id == Person.organisation_id)
            .where(Person.deleted_at.is_(None))
            .order_by(Person.last_name, Person.first_name, Person.middle_name))
    if experts:
        stmt = stmt.where(Person.is_expert.is_(True))
    with db.session() as s:
        return [PersonRow(p.id, p.full_name, p.organisation_id, org or "", p.position,
                          p.is_expert) for p, org in s.execute(stmt)]
