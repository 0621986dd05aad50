"""Import of an event's participant list from a registration sheet (.xlsx).

Columns are found by their headers (Фамилия, Имя, Отчество or one «ФИО» column; Должность;
Организация / ОО; for an internship Программа, Часы, Аттестация). `prepare_import` reads and
checks the file without writing anything (the preview, with every rejected row and its
reason); `commit_import` adds the accepted people in one transaction: all or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, UserError
from desktop.models import Event, Organisation, Participation, Person
from desktop.services.excel_import import Field, ImportTable, Progress, read_table
from desktop.services.participants import (
    ParticipantData,
    PersonData,
    add_to_event,
    name_key,
    people_index,
)
from desktop.storage import Database
from desktop.text import fold

FIELDS = [
    Field("fio", "ФИО", ("Фамилия Имя Отчество", "Ф.И.О.", "Ф.И.О. участника", "Участник",
                         "ФИО участника", "ФИО педагога", "ФИО слушателя")),
    Field("last_name", "Фамилия"),
    Field("first_name", "Имя"),
    Field("middle_name", "Отчество"),
    Field("position", "Должность", ("Должность участника",)),
    Field("organisation", "Организация", ("ОО", "Образовательная организация", "Место работы",
                                          "Учреждение", "Наименование ОО")),
    Field("programme", "Программа", ("Программа стажировки",)),
    Field("hours", "Часы", ("Количество часов", "Объём часов", "Кол-во часов"), kind="int"),
    Field("attestation", "Аттестация", ("Результат аттестации",)),
]


@dataclass
class PreparedRow:
    row_no: int
    item: ParticipantData
    organisation: str  # as matched in the directory ('' when the row gives none)
    known: bool  # the person already has a record (matched on name and organisation)


@dataclass
class ParticipantImport:
    """The preview: accepted rows (to be added) and the table with its rejected rows."""

    event_id: int
    table: ImportTable
    rows: list[PreparedRow] = field(default_factory=list)

    @property
    def accepted(self) -> list[ParticipantData]:
        return [r.item for r in self.rows]

    @property
    def rejected(self):
        return self.table.rejected


def org_key(text: str) -> str:
    """Organisation name folded for matching: case, ё/е, quotes and spacing ignored
    («МБОУ "СОШ №12"» matches «мбоу «сош № 12»»)."""
    text = re.sub(r"[«»\"“”„'`]", "", fold(text))
    text = re.sub(r"№\s*", "№ ", text)
    return re.sub(r"\s+", " ", text).strip()


def _org_index(s: Session) -> dict[str, tuple[int, str]]:
    index: dict[str, tuple[int, str]] = {}
    for oid, short, full in s.execute(select(Organisation.id, Organisation.short_name,
                                             Organisation.full_name)
                                      .where(Organisation.deleted_at.is_(None))
                                      .order_by(Organisation.id)):
        for name in (full, short):  # a short name wins over another's identical full name
            if name:
                index[org_key(name)] = (oid, short)
    return index


def _split_fio(text: str) -> tuple[str, str, str]:
    parts = text.split()
    if len(parts) > 3:  # «Мамедов Эльчин Гусейн оглы»
        return parts[0], parts[1], " ".join(parts[2:])
    return tuple((parts + ["", "", ""])[:3])  # type: ignore[return-value]


def prepare_import(db: Database, event_id: int, path: Path | str, *,
                   progress: Progress | None = None) -> ParticipantImport:
    """Read and check a registration sheet; nothing is written (the preview). Linear in
    rows: the directory is read once; `progress(done, total)` may raise ImportCancelled."""
    table = read_table(path, FIELDS, progress=progress)
    if "fio" not in table.mapping and "last_name" not in table.mapping:
        raise UserError(f"В файле «{Path(path).name}» нет столбца «ФИО» или «Фамилия»: "
                        "первая строка таблицы должна содержать заголовки.")
    result = ParticipantImport(event_id, table)
    with db.session() as s:
        event = s.get(Event, event_id)
        if event is None or event.deleted_at is not None:
            raise NotFoundError(f"Мероприятие № {event_id} не найдено.")
        internship = fold(event.form) == "стажировка"
        orgs = _org_index(s)
        present = {(name_key(last, first, middle), org) for last, first, middle, org in s.execute(
            select(Person.last_name, Person.first_name, Person.middle_name,
                   Person.organisation_id)
            .join(Participation, Participation.person_id == Person.id)
            .where(Participation.event_id == event_id))}
        known = people_index(s)
        seen: dict[tuple[str, int | None], int] = {}
        for row in list(table.rows):
            v = row.values
            if v.get("fio"):
                last, first, middle = _split_fio(v["fio"])
            else:
                last, first, middle = (v.get("last_name") or "", v.get("first_name") or "",
                                       v.get("middle_name") or "")
            if not last or not first:
                table.reject(row, "Не указаны фамилия и имя участника.")
                continue
            org_id, org_name = None, ""
            if v.get("organisation"):
                found = orgs.get(org_key(v["organisation"]))
                if found is None:
                    table.reject(row, f"Организация «{v['organisation'][:80]}» не найдена в "
                                      "справочнике организаций (добавьте её или исправьте "
                                      "название).")
                    continue
                org_id, org_name = found
            hours = v.get("hours") or 0
            if not 0 <= hours <= 1000:
                table.reject(row, "Часы — число от 0 до 1000.")
                continue
            person = PersonData(last, first, middle, v.get("position") or "", org_id)
            key = person.key()
            if key in seen:
                table.reject(row, f"Участник повторяется в файле (см. строку {seen[key]}).")
                continue
            if key in present:
                table.reject(row, "Участник уже в списке мероприятия.")
                continue
            seen[key] = row.row_no
            item = ParticipantData(person, role="стажёр" if internship else "участник",
                                   programme=v.get("programme") or "", hours=hours,
                                   attestation=v.get("attestation") or "")
            result.rows.append(PreparedRow(row.row_no, item, org_name, key in known))
    return result


def commit_import(db: Database, prepared: ParticipantImport, *,
                  progress: Progress | None = None) -> int:
    """Add every accepted participant in one transaction (all or nothing): cancelling
    (`progress` raising ImportCancelled) rolls everything back. → added."""
    if not prepared.rows:
        return 0
    with db.transaction() as s:
        return len(add_to_event(s, prepared.event_id, prepared.accepted, progress=progress))
