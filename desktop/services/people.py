"""The directory of people: experts, leaders, co-leaders, participants, one record each.

A person's roles decide where they are offered: experts in «Назначить экспертов», leaders
and co-leaders on applications and sites, participants at events. «Эксперт» and «методист
центра» are marked by hand; «руководитель», «соруководитель» and «участник» follow from
what the person is linked to. Matching and merging of duplicates live in
`desktop.services.participants`; the Excel import in `desktop.services.people_import`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, UserError, ValidationError
from desktop.models import Application, Organisation, Participation, Person, Site
from desktop.services.common import audit
from desktop.services.participants import PersonData, find_person, merge, validate_person
from desktop.storage import Database
from desktop.text import fold
from desktop.validation import check_email, check_phone, clean_text

ROLE_NAMES = {"expert": "эксперт", "staff": "методист центра", "leader": "руководитель",
              "coleader": "соруководитель", "participant": "участник"}
CATEGORIES = {"": "—", "administration": "администрация ОО",
              "highest": "высшая категория", "first": "первая категория", "none": "без категории"}

__all__ = ["CATEGORIES", "PersonForm", "PersonRow", "ROLE_NAMES", "add_person", "get_person",
           "list_people", "merge", "save_person", "set_deleted", "split_full_name"]


@dataclass(slots=True)
class PersonRow:
    """One line of the directory: ids plus what the table shows and searches."""

    id: int
    full_name: str
    organisation_id: int | None
    organisation: str
    position: str
    expert: bool
    subject_area: str = ""
    phone: str = ""
    email: str = ""
    roles: tuple[str, ...] = ()
    key: str = ""  # folded text the search looks in

    @property
    def roles_text(self) -> str:
        return ", ".join(ROLE_NAMES[r] for r in self.roles)

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.full_name, "organisation": self.organisation_id,
                "organisation_name": self.organisation, "position": self.position,
                "expert": self.expert, "subject_area": self.subject_area,
                "phone": self.phone, "email": self.email, "roles": list(self.roles)}


@dataclass
class PersonForm:
    """The fields of the person card."""

    id: int | None = None
    last_name: str = ""
    first_name: str = ""
    middle_name: str = ""
    organisation_id: int | None = None
    position: str = ""
    subject_area: str = ""
    category: str = ""
    phone: str = ""
    email: str = ""
    is_expert: bool = False
    is_staff: bool = False
    linked: list[str] = field(default_factory=list)  # read-only: where the person appears


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


def _linked_ids(s: Session) -> dict[str, set[int]]:
    """Person ids per derived role, from sites, applications and events (three queries)."""
    out: dict[str, set[int]] = {}
    for role, column in (("leader", "leader_id"), ("coleader", "coleader_id")):
        q = union(select(getattr(Site, column)).where(Site.deleted_at.is_(None)),
                  select(getattr(Application, column)).where(Application.deleted_at.is_(None)))
        out[role] = {i for (i,) in s.execute(q) if i is not None}
    out["participant"] = set(s.scalars(select(Participation.person_id).distinct()))
    return out


def list_people(db: Database, *, experts: bool = False, role: str = "",
                search: str = "") -> list[PersonRow]:
    """People sorted by name; `role` one of ROLE_NAMES; `search` looks in the name,
    organisation, position, subject area and contacts (case and ё ignored)."""
    if role and role not in ROLE_NAMES:
        raise UserError(f"Неизвестная роль «{role}».")
    stmt = (select(Person, Organisation.short_name)
            .outerjoin(Organisation, Organisation.id == Person.organisation_id)
            .where(Person.deleted_at.is_(None))
            .order_by(Person.last_name, Person.first_name, Person.middle_name))
    if experts or role == "expert":
        stmt = stmt.where(Person.is_expert.is_(True))
    if role == "staff":
        stmt = stmt.where(Person.is_staff.is_(True))
    needle = fold(search.strip())
    with db.session() as s:
        linked = _linked_ids(s)
        rows = []
        for p, org in s.execute(stmt):
            roles = tuple(r for r, on in (
                ("expert", p.is_expert), ("staff", p.is_staff),
                ("leader", p.id in linked["leader"]), ("coleader", p.id in linked["coleader"]),
                ("participant", p.id in linked["participant"])) if on)
            if role and role not in roles:
                continue
            key = fold(" ".join((p.full_name, org or "", p.position, p.subject_area, p.phone,
                                 p.email)))
            if needle and needle not in key:
                continue
            rows.append(PersonRow(p.id, p.full_name, p.organisation_id, org or "", p.position,
                                  p.is_expert, p.subject_area, p.phone, p.email, roles, key))
        return rows


def get_person(db: Database, person_id: int) -> PersonForm:
    with db.session() as s:
        p = s.get(Person, person_id)
        if p is None or p.deleted_at is not None:
            raise NotFoundError(f"Человек № {person_id} не найден в справочнике.")
        linked = _linked_ids(s)
        return PersonForm(p.id, p.last_name, p.first_name, p.middle_name, p.organisation_id,
                          p.position, p.subject_area, p.category, p.phone, p.email,
                          p.is_expert, p.is_staff,
                          [ROLE_NAMES[r] for r in ("leader", "coleader", "participant")
                           if p.id in linked[r]])


_FIELDS = ("last_name", "first_name", "middle_name", "organisation_id", "position",
           "subject_area", "category", "phone", "email", "is_expert", "is_staff")


def _validate(s: Session, f: PersonForm) -> dict[str, str]:
    data = PersonData(f.last_name, f.first_name, f.middle_name, f.position, f.organisation_id)
    errors = validate_person(data)
    f.last_name, f.first_name, f.middle_name, f.position = (
        data.last_name, data.first_name, data.middle_name, data.position)
    for name, label, size in (("subject_area", "Предметная область", 300),
                              ("phone", "Телефон", 100), ("email", "Электронная почта", 200)):
        try:
            setattr(f, name, clean_text(getattr(f, name), size, label))
        except UserError as exc:
            errors[name] = str(exc)
    for name, check in (("phone", check_phone), ("email", check_email)):
        msg = check(getattr(f, name))
        if msg and name not in errors:
            errors[name] = msg
    if f.category not in CATEGORIES:
        errors["category"] = "Неизвестная квалификационная категория."
    if f.organisation_id is not None:
        org = s.get(Organisation, f.organisation_id)
        if org is None or org.deleted_at is not None:
            errors["organisation_id"] = "Организация не найдена в справочнике."
    if not errors:
        same = find_person(s, data)
        if same is not None and same.id != f.id:
            errors["last_name"] = (f"{same.full_name} из этой организации уже есть в "
                                   f"справочнике (№ {same.id}).")
    return errors


def save_person(db: Database, f: PersonForm) -> int:
    """Create (id None) or update a person; a duplicate of name and organisation is refused."""
    with db.transaction() as s:
        errors = _validate(s, f)
        if errors:
            raise ValidationError(errors)
        if f.id is None:
            created = Person(**{k: getattr(f, k) for k in _FIELDS})
            s.add(created)
            s.flush()
            audit(s, "create", "person", created.id, f"Добавлен {created.full_name}")
            return created.id
        p = s.get(Person, f.id)
        if p is None or p.deleted_at is not None:
            raise NotFoundError(f"Человек № {f.id} не найден в справочнике.")
        changes = {k: [getattr(p, k), getattr(f, k)] for k in _FIELDS
                   if getattr(p, k) != getattr(f, k)}
        for k in changes:
            setattr(p, k, getattr(f, k))
        if changes:
            audit(s, "update", "person", p.id, f"Изменена запись {p.full_name}",
                  changes={k: [str(a), str(b)] for k, (a, b) in changes.items()})
        return p.id


def set_deleted(db: Database, person_id: int) -> None:
    """Remove a person from the directory (soft delete); refused while they lead an active
    site or have an expert sheet, which must keep pointing at a real record."""
    from desktop.models import Review, utcnow

    with db.transaction() as s:
        p = s.get(Person, person_id)
        if p is None or p.deleted_at is not None:
            raise NotFoundError(f"Человек № {person_id} не найден в справочнике.")
        site = s.scalar(select(Site.number).where(
            (Site.leader_id == person_id) | (Site.coleader_id == person_id),
            Site.deleted_at.is_(None), Site.status == "active").limit(1))
        if site is not None:
            raise UserError(f"{p.full_name} руководит действующей площадкой № {site}: "
                            "сначала назначьте другого руководителя.")
        if s.scalar(select(Review.id).where(Review.expert_id == person_id).limit(1)):
            raise UserError(f"У {p.full_name} есть экспертные листы: запись нельзя удалить.")
        p.deleted_at = utcnow()
        audit(s, "delete", "person", p.id, f"Удалён из справочника {p.full_name}")
