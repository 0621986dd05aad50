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
from desktop.services.bulk import insert_rows
from desktop.services.common import audit
from desktop.services.excel_import import Field, Progress, Rejected, read_table
from desktop.services.participant_import import _org_index, _split_fio, org_key
from desktop.services.participants import PersonData, people_index, validate_person
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


def prepare_people(db: Database, path: Path | str, *,
                   progress: Progress | None = None) -> PeopleImport:
    """Read and check the list; nothing is written. Linear in rows (the directory is read
    once); `progress(done, total)` may raise ImportCancelled."""
    table = read_table(path, FIELDS, progress=progress)
    if "fio" not in table.mapping and "last_name" not in table.mapping:
        raise UserError(f"В файле «{Path(path).name}» нет столбца «ФИО» или «Фамилия».")
    out = PeopleImport(rejected=list(table.rejected))
    with db.session() as s:
        orgs = _org_index(s)
        known = {key: found[0] for key, found in people_index(s).items()}
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
                    out.rejected.append(Rejected(
                        row.row_no, f"Организация «{v['organisation'][:80]}» "
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


def commit_people(db: Database, prepared: PeopleImport, *,
                  progress: Progress | None = None) -> tuple[int, int]:
    """Write the accepted rows in one transaction: new people inserted in batches, those
    already in the directory updated. Cancelling (`progress` raising ImportCancelled)
    rolls everything back. → (added, updated)."""
    fresh = [r for r in prepared.rows if not r.existing_id]
    known = [r for r in prepared.rows if r.existing_id]
    total = len(prepared.rows)
    with db.transaction() as s:
        for start in range(0, len(fresh), BATCH):
            insert_rows(s, Person, [
                {"last_name": r.data.last_name, "first_name": r.data.first_name,
                 "middle_name": r.data.middle_name, "position": r.data.position,
                 "organisation_id": r.data.organisation_id, "subject_area": r.subject_area,
                 "phone": r.phone, "email": r.email, "is_expert": r.expert,
                 "is_staff": r.staff} for r in fresh[start:start + BATCH]])
            if progress is not None:
                progress(min(start + BATCH, len(fresh)), total)
        for start in range(0, len(known), 500):  # SQLite's limit on bound parameters
            batch = known[start:start + 500]
            people = {p.id: p for p in s.scalars(select(Person).where(
                Person.id.in_([r.existing_id for r in batch])))}
            for r in batch:
                p = people[r.existing_id]  # type: ignore[index]
                for attr, value in (("position", r.data.position), ("subject_area", r.subject_area),
                                    ("phone", r.phone), ("email", r.email)):
                    if value and not getattr(p, attr):
                        setattr(p, attr, value)
                p.is_expert = p.is_expert or r.expert
                p.is_staff = p.is_staff or r.staff
            s.flush()
            if progress is not None:
                progress(len(fresh) + start + len(batch), total)
        audit(s, "create", "person", None,
              f"Импорт справочника людей: добавлено {len(fresh)}, обновлено {len(known)}")
    return len(fresh), len(known)


BATCH = 1000  # new people per batch of INSERTs between two progress reports
