"""Participation справки: the register of issued numbers, declension of names, import of
participant lists from registration sheets."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from petrovich.enums import Case, Gender
from petrovich.main import Petrovich
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, UserError
from desktop.models import Event, Organisation, Participation, Person, Site, Spravka
from desktop.profiles import get_profile
from desktop.services.common import audit, next_number
from desktop.services.events import ParticipantData, PersonData, add_participants, find_person
from desktop.services.excel_import import Field, ImportTable, read_table
from desktop.storage import Database
from desktop.text import fold
from desktop.validation import clean_text

if TYPE_CHECKING:
    from desktop.exports.spravka_pdf import SpravkaData

_PETROVICH = Petrovich()


def gender_of(middle: str, first: str = "") -> Gender | None:
    """From the patronymic (-вна/-чна → female, -вич/-ич → male), else the first name."""
    m = (middle or "").lower()
    if m.endswith(("вна", "чна", "кызы")):
        return Gender.FEMALE
    if m.endswith(("вич", "ич", "оглы")):
        return Gender.MALE
    f = (first or "").lower()
    if f.endswith(("а", "я")) and f not in ("никита", "илья", "фома", "кузьма", "лука"):
        return Gender.FEMALE
    if f:
        return Gender.MALE
    return None


def dative(last: str, first: str, middle: str) -> str:
    """«Иванова Мария Петровна» → «Ивановой Марии Петровне» (petrovich's rules)."""
    gender = gender_of(middle, first)
    parts = []
    try:
        if last:
            parts.append(_PETROVICH.lastname(last, Case.DATIVE, gender))
        if first:
            parts.append(_PETROVICH.firstname(first, Case.DATIVE, gender))
        if middle:
            parts.append(_PETROVICH.middlename(middle, Case.DATIVE, gender))
    except Exception:  # petrovich refuses unusual input: print the name as written
        return " ".join(p for p in (last, first, middle) if p)
    return " ".join(parts)


def name_for_print(person: Person) -> str:
    """The dative form: the user's correction if any, else the declined name."""
    corrected = (person.declensions or {}).get("dative")
    return corrected or dative(person.last_name, person.first_name, person.middle_name)


def set_dative(db: Database, person_id: int, text: str) -> None:
    """Keep a hand-corrected dative form of a person's name (used from then on)."""
    text = clean_text(text, 300, "ФИО")
    if not text:
        raise UserError("Склонённое ФИО не может быть пустым.")
    with db.transaction() as s:
        person = s.get(Person, person_id)
        if person is None:
            raise NotFoundError("Участник не найден.")
        person.declensions = {**(person.declensions or {}), "dative": text}
        audit(s, "update", "person", person_id, f"Исправлено ФИО в дательном падеже: {text}")


@dataclass
class SpravkaPreview:
    person_id: int
    name: str
    dative: str
    number: str = ""  # the existing number if one was issued before


def preview(db: Database, event_id: int, person_ids: list[int] | None = None) -> list[SpravkaPreview]:
    """Who gets a справка and how the name will be printed (for correction)."""
    with db.session() as s:
        _event(s, event_id)
        stmt = (select(Person).join(Participation, Participation.person_id == Person.id)
                .where(Participation.event_id == event_id).order_by(Person.last_name))
        if person_ids:
            stmt = stmt.where(Person.id.in_(person_ids))
        issued = dict(s.execute(select(Spravka.person_id, Spravka.number).where(
            Spravka.event_id == event_id, Spravka.annulled.is_(False))).all())
        return [SpravkaPreview(p.id, p.full_name, name_for_print(p), issued.get(p.id, ""))
                for p in s.scalars(stmt)]


def _event(s: Session, event_id: int) -> Event:
    event = s.get(Event, event_id)
    if event is None or event.deleted_at is not None:
        raise NotFoundError(f"Мероприятие № {event_id} не найдено.")
    return event


def issue(db: Database, event_id: int, person_ids: list[int] | None = None,
          issued_on: dt.date | None = None) -> list[SpravkaData]:
    """Register (or reissue, keeping the number) справки for the event's participants."""
    issued_on = issued_on or dt.date.today()
    from desktop.exports.spravka_pdf import SpravkaData  # reportlab loads on first use

    out: list[SpravkaData] = []
    with db.transaction() as s:
        event = _event(s, event_id)
        if event.status != "held":
            raise UserError("Справки выдаются только по проведённому мероприятию "
                            "(отметьте его проведённым и укажите дату).")
        site: Site = event.site
        try:
            kind = get_profile(site.profile_id).kind(site.kind_code)
            site_kind = _genitive_kind(kind.name)
        except UserError:
            site_kind = site.kind_code
        host = site.organisation
        stmt = (select(Participation).join(Person, Person.id == Participation.person_id)
                .where(Participation.event_id == event_id).order_by(Person.last_name))
        if person_ids:
            stmt = stmt.where(Participation.person_id.in_(person_ids))
        parts = s.scalars(stmt).all()
        if not parts:
            raise UserError("У мероприятия нет участников, которым можно выдать справку.")
        for part in parts:
            person = part.person
            register = s.scalar(select(Spravka).where(
                Spravka.event_id == event_id, Spravka.person_id == person.id,
                Spravka.annulled.is_(False)))
            printed = name_for_print(person)
            if register is None:
                seq = next_number(s, "spravka", year=issued_on.year)
                register = Spravka(number=f"{issued_on.year}/{seq}", issued_on=issued_on,
                                   person_id=person.id, event_id=event_id, name_dative=printed)
                s.add(register)
            else:
                register.reissued_count += 1
                register.name_dative = printed
            gender = gender_of(person.middle_name, person.first_name)
            out.append(SpravkaData(
                number=register.number, issued_on=register.issued_on, name_dative=printed,
                position=person.position,
                organisation=person.organisation.short_name if person.organisation else "",
                event_name=event.name, event_form=event.form, event_date=event.held_on,
                hours=part.hours or event.hours, held_by=host.short_name, site_kind=site_kind,
                female=None if gender is None else gender == Gender.FEMALE, role=part.role,
                programme=part.programme, attestation=part.attestation,
                signer_name=host.head_name))
        audit(s, "create", "spravka", event_id, f"Выдано справок: {len(out)}",
              site_id=site.id)
    return out


def _genitive_kind(name: str) -> str:
    """«муниципальная стажировочная площадка» → «муниципальной стажировочной площадки»."""
    words = []
    for token in name.split():
        m = re.fullmatch(r"(\W*)(\w[\w-]*)(\W*)", token)
        if not m:
            words.append(token)
            continue
        head, w, tail = m.groups()
        if w.endswith("ая"):
            w = w[:-2] + "ой"
        elif w.endswith("ка"):
            w = w[:-1] + "и"
        elif w.endswith("а"):
            w = w[:-1] + "ы"
        words.append(head + w + tail)
    return " ".join(words)


def write(db: Database, event_id: int, target: Path | str,
          person_ids: list[int] | None = None) -> list[Path]:
    """Issue and print: one PDF (target ends with .pdf) or one file each in a folder."""
    target = Path(target)
    if target.suffix.lower() == ".pdf":
        from desktop.fileio import ensure_writable

        ensure_writable(target)
    items = issue(db, event_id, person_ids)
    from desktop.exports.certificate_pdf import load_centre
    from desktop.exports.spravka_pdf import write_spravki, write_spravki_each

    centre = load_centre(db)
    if target.suffix.lower() == ".pdf":
        return [write_spravki(target, items, centre)]
    return write_spravki_each(target, items, centre)


def check(db: Database, number: str) -> Spravka | None:
    """Look a справка up by its number (to confirm one presented later)."""
    with db.session() as s:
        return s.scalar(select(Spravka).where(Spravka.number == number.strip()))


# --------------------------------------------------------------------------- import

IMPORT_FIELDS = [
    Field("fio", "ФИО", ("Фамилия Имя Отчество", "Ф.И.О.", "Участник")),
    Field("last_name", "Фамилия"),
    Field("first_name", "Имя"),
    Field("middle_name", "Отчество"),
    Field("position", "Должность"),
    Field("organisation", "Организация", ("ОО", "Образовательная организация", "Место работы")),
    Field("programme", "Программа", ("Программа стажировки",)),
    Field("hours", "Часы", ("Количество часов", "Объём"), kind="int"),
    Field("attestation", "Аттестация", ("Результат аттестации",)),
]


@dataclass
class ParticipantImport:
    table: ImportTable
    accepted: list[ParticipantData] = field(default_factory=list)


def _org_index(s: Session) -> dict[str, int]:
    index: dict[str, int] = {}
    for oid, short, full in s.execute(select(Organisation.id, Organisation.short_name,
                                             Organisation.full_name)
                                      .where(Organisation.deleted_at.is_(None))):
        index[re.sub(r"\s+", " ", fold(short)).strip()] = oid
        index[re.sub(r"\s+", " ", fold(full)).strip()] = oid
    return index


def prepare_import(db: Database, event_id: int, path: Path | str) -> ParticipantImport:
    """Read and check a registration sheet; nothing is written (the preview)."""
    table = read_table(path, IMPORT_FIELDS)
    if "fio" not in table.mapping and "last_name" not in table.mapping:
        raise UserError("В файле нет столбца «ФИО» или «Фамилия».")
    result = ParticipantImport(table)
    with db.session() as s:
        event = _event(s, event_id)
        internship = event.form == "стажировка"
        orgs = _org_index(s)
        seen: set[tuple[str, int | None]] = set()
        present = {(fold(p.full_name), p.organisation_id) for p in s.scalars(
            select(Person).join(Participation, Participation.person_id == Person.id)
            .where(Participation.event_id == event_id))}
        for row in list(table.rows):
            v = row.values
            if v.get("fio"):
                parts = v["fio"].split()
                last, first, middle = (parts + ["", "", ""])[:3]
                if len(parts) > 3:
                    middle = " ".join(parts[2:])
            else:
                last, first, middle = v.get("last_name", ""), v.get("first_name", ""), \
                    v.get("middle_name", "")
            if not last or not first:
                table.reject(row, "Не указаны фамилия и имя участника.")
                continue
            org_id = None
            if v.get("organisation"):
                org_id = orgs.get(re.sub(r"\s+", " ", fold(v["organisation"])).strip())
                if org_id is None:
                    table.reject(row, f"Организация «{v['organisation'][:80]}» не найдена в "
                                      "справочнике организаций.")
                    continue
            person = PersonData(last, first, middle, v.get("position") or "", org_id)
            key = person.key()
            if key in seen:
                table.reject(row, "Участник повторяется в файле.")
                continue
            if key in present:
                table.reject(row, "Участник уже в списке мероприятия.")
                continue
            seen.add(key)
            existing = find_person(s, person)
            del existing  # matched again at commit time, inside the transaction
            result.accepted.append(ParticipantData(
                person, role="стажёр" if internship else "участник",
                programme=v.get("programme") or "", hours=v.get("hours") or 0,
                attestation=v.get("attestation") or ""))
    return result


def commit_import(db: Database, event_id: int, prepared: ParticipantImport) -> int:
    """Add every accepted participant in one transaction (all or nothing)."""
    return len(add_participants(db, event_id, prepared.accepted))


def spravki_count(db: Database, year: int) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Spravka).where(
            Spravka.issued_on >= dt.date(year, 1, 1), Spravka.issued_on <= dt.date(year, 12, 31)))
            or 0)
