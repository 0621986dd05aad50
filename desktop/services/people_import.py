"""Import of the people directory (experts, methodologists, leaders) from an .xlsx list.

Columns by their headers: «ФИО» (or «Фамилия», «Имя», «Отчество»), «Организация»,
«Должность», «Предметная область», «Телефон», «Электронная почта», «Роль» / «Эксперт».
`prepare_people` reads and checks without writing (the preview with rejected rows and
their reasons); `commit_people` writes in one transaction. A person already in the
directory (same name and organisation) is updated: empty details filled, roles added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from desktop.errors import UserError
from desktop.models import Person
from desktop.services.common import audit
from desktop.services.excel_import import Field, Rejected, read_table
from desktop.services.participant_import import _org_index, _split_fio, org_key
from desktop.services.participants import PersonData, name_key, validate_person
from desktop.storage import Database
from desktop.text import fold
from desktop.validation import check_email, check_phone

FIELDS = [
    Field("fio", "ФИО", ("Фамилия Имя Отчество", "Ф.И.О.", "ФИО эксперта", "ФИО педагога")),
    Field("last_name", "Фамилия"),
    Field("first_name", "Имя"),
    Field("middle_name", "Отчество"),
    Field("organisation", "Организация", ("ОО", "Место работы", "Образовательная организация",
                                          "Учреждение")),
    Field("position", "Должность"),
    Field("subject_area", "Предметная область", ("Предмет", "Направление", "Специализация")),
    Field("phone", "Телефон", ("Контактный телефон",)),
    Field("email", "Электронная почта", ("E-mail", "Email", "Эл. почта")),
    Field("role", "Роль", ("Эксперт", "Роли")),
]
_YES = {"да", "+", "1", "эксперт", "x", "х", "v"}


@dataclass
class PersonImportRow:
    row_no: int
    data: PersonData
    subject_area: str
    phone: str
    email: str
    expert: bool
    staff: bool
    existing_id: int | None


@dataclass
class PeopleImport:
    rows: list[PersonImportRow] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def _roles(text: str) -> tuple[bool, bool]:
    t = fold(text)
    return (t.strip() in _YES or "эксперт" in t), ("методист" in t)


def prepare_people(db: Database, path: Path | str) -> PeopleImport:
    """Read and check the list; nothing is written."""
    table = read_table(path, FIELDS)
    if "fio" not in table.mapping and "last_name" not in table.mapping:
        raise UserError(f"В файле «{Path(path).name}» нет столбца «ФИО» или «Фамилия».")
    out = PeopleImport(rejected=list(table.rejected))
    with db.session() as s:
        orgs = _org_index(s)
        known = {(name_key(p.last_name, p.first_name, p.middle_name), p.organisation_id): p.id
                 for p in s.scalars(select(Person).where(Person.deleted_at.is_(None)))}
        seen: dict[tuple[str, int | None], int] = {}
        for row in table.rows:
            v = row.values
            last, first, middle = (_split_fio(v["fio"]) if v.get("fio") else
                                   (v.get("last_name") or "", v.get("first_name") or "",
                                    v.get("middle_name") or ""))
            org_id = None
            if v.get("organisation"):
                found = orgs.get(org_key(v["organisation"]))
                if found is None:
                    out.rejected.append(Rejected(row.row_no, f"Организация «{v['organisation'][:80]}» "
                                                 "не найдена в справочнике организаций."))
                    continue
                org_id = found[0]
            data = PersonData(last, first, middle, v.get("position") or "", org_id)
            errors = validate_person(data)
            for name, check in (("phone", check_phone), ("email", check_email)):
                msg = check(v.get(name) or "")
                if msg:
                    errors[name] = msg
            key = data.key()
            if not errors and key in seen:
                errors["last_name"] = f"Человек повторяется в файле (см. строку {seen[key]})."
            if errors:
                out.rejected.append(Rejected(row.row_no, "; ".join(errors.values())))
                continue
            seen[key] = row.row_no
            expert, staff = _roles(v.get("role") or "")
            out.rows.append(PersonImportRow(row.row_no, data, (v.get("subject_area") or "")[:300],
                                            v.get("phone") or "", v.get("email") or "",
                                            expert, staff, known.get(key)))
    out.rejected.sort(key=lambda r: r.row_no)
    return out


def commit_people(db: Database, prepared: PeopleImport) -> tuple[int, int]:
    """Write the accepted rows in one transaction. → (added, updated)."""
    added = updated = 0
    with db.transaction() as s:
        for r in prepared.rows:
            p = s.get(Person, r.existing_id) if r.existing_id else None
            if p is None:
                p = Person(last_name=r.data.last_name, first_name=r.data.first_name,
                           middle_name=r.data.middle_name, position=r.data.position,
                           organisation_id=r.data.organisation_id, subject_area=r.subject_area,
                           phone=r.phone, email=r.email, is_expert=r.expert, is_staff=r.staff)
                s.add(p)
                added += 1
            else:
                for attr, value in (("position", r.data.position), ("subject_area", r.subject_area),
                                    ("phone", r.phone), ("email", r.email)):
                    if value and not getattr(p, attr):
                        setattr(p, attr, value)
                p.is_expert = p.is_expert or r.expert
                p.is_staff = p.is_staff or r.staff
                updated += 1
        s.flush()
        audit(s, "create", "person", None,
              f"Импорт справочника людей: добавлено {added}, обновлено {updated}")
    return added, updated
