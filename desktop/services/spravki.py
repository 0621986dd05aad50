"""Participation справки: the register of issued numbers and the names declined for print.

Each справка gets a number «<year>/<seq>» from a per-year counter, kept in the register
(`Spravka`: number, date, person, event) so it can be reissued under the same number and
checked later. The name is printed in the dative («выдана Ивановой Марии Петровне»),
declined by the petrovich library; the gender comes from the patronymic, else from
petrovich's own gender rules, else the user says. A corrected form is kept in
`Person.declensions["dative"]` and used from then on.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from petrovich.enums import Case, Gender
from petrovich.main import Petrovich
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, UserError
from desktop.models import Event, Participation, Person, Site, Spravka
from desktop.profiles import get_profile
from desktop.services.common import audit, next_number
from desktop.storage import Database
from desktop.text import fold, person_name
from desktop.validation import clean_text

if TYPE_CHECKING:
    from desktop.exports.spravka_pdf import SpravkaData

_PETROVICH = Petrovich()


@cache
def _gender_rules() -> dict:
    """petrovich's gender rules (rules/gender.json: endings of first, middle, last names);
    the Python port ships them but does not use them."""
    import petrovich

    path = Path(petrovich.__file__).parent / "rules" / "gender.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))["gender"]
    except (OSError, ValueError, KeyError):  # a bundle without the data file: patronymic only
        return {}


def _by_endings(word: str, rules: dict[str, list[str]]) -> str | None:
    """The gender whose ending matches the word longest ('androgynous' included)."""
    word = fold(word)
    best, best_len = None, 0
    for gender, endings in rules.items():
        for e in endings:
            if len(e) > best_len and word.endswith(e):
                best, best_len = gender, len(e)
    return best


def gender_of(last: str = "", first: str = "", middle: str = "") -> str | None:
    """Gender.MALE / Gender.FEMALE, or None when the name does not tell (ask the user).

    The patronymic decides (-вна/-ична → female, -вич/-ич → male); without one, petrovich's
    rules for the first name, then for the last name."""
    m = fold(middle).strip()
    if m.endswith(("вна", "чна", "кызы", "гызы")):
        return Gender.FEMALE
    if m.endswith(("вич", "ич", "оглы", "улы", "уулу")):
        return Gender.MALE
    rules = _gender_rules()
    for part, word in (("firstname", first), ("lastname", last)):
        if word and part in rules:
            found = _by_endings(word.strip(), rules[part])
            if found in (Gender.MALE, Gender.FEMALE):
                return found
    return None


def _decline(kind: str, word: str, gender: str | None) -> str:
    fn = getattr(_PETROVICH, kind)
    out = fn(word, Case.DATIVE, gender)
    if out == word and gender is not None:  # the port skips the rules common to both genders
        out = fn(word, Case.DATIVE, Gender.ANDRGN)
    return out


def dative(last: str, first: str, middle: str = "", gender: str | None = None) -> str:
    """«Иванова Мария Петровна» → «Ивановой Марии Петровне» (petrovich's rules)."""
    gender = gender or gender_of(last, first, middle)
    try:
        parts = [_decline(kind, word.strip(), gender) for kind, word in
                 (("lastname", last), ("firstname", first), ("middlename", middle))
                 if word and word.strip()]
    except Exception:  # petrovich refuses unusual input: print the name as written
        return person_name(last, first, middle)
    return " ".join(parts)


def person_gender(person: Person) -> str | None:
    """The gender the user chose for this person, else the one the name tells."""
    chosen = (person.declensions or {}).get("gender")
    if chosen in (Gender.MALE, Gender.FEMALE):
        return chosen
    return gender_of(person.last_name, person.first_name, person.middle_name)


def name_for_print(person: Person) -> str:
    """The dative form: the user's correction if any, else the declined name."""
    corrected = (person.declensions or {}).get("dative")
    return corrected or dative(person.last_name, person.first_name, person.middle_name,
                               person_gender(person))


def set_dative(db: Database, person_id: int, text: str, gender: str | None = None) -> None:
    """Keep a hand-corrected dative form of a person's name (and, if given, the gender)."""
    text = re.sub(r"\s+", " ", clean_text(text, 300, "ФИО"))
    if not text:
        raise UserError("ФИО в дательном падеже не может быть пустым.")
    if gender not in (None, Gender.MALE, Gender.FEMALE):
        raise UserError("Пол: мужской или женский.")
    with db.transaction() as s:
        person = s.get(Person, person_id)
        if person is None or person.deleted_at is not None:
            raise NotFoundError("Участник не найден.")
        values = dict(person.declensions or {})
        auto = dative(person.last_name, person.first_name, person.middle_name,
                      gender or person_gender(person))
        if text == auto:
            values.pop("dative", None)  # back to the declined form
        else:
            values["dative"] = text
        if gender:
            values["gender"] = gender
        if values != (person.declensions or {}):
            person.declensions = values
            audit(s, "update", "person", person_id,
                  f"ФИО в дательном падеже для справок: {text}")


@dataclass
class SpravkaPreview:
    """A line of the preview: who gets a справка and how the name will be printed."""

    person_id: int
    name: str
    dative: str
    female: bool | None  # None: the name does not tell, the справка says «принял(а)»
    corrected: bool  # the dative form was corrected by hand
    number: str = ""  # the existing number if one was issued before


def _event(s: Session, event_id: int) -> Event:
    event = s.get(Event, event_id)
    if event is None or event.deleted_at is not None:
        raise NotFoundError(f"Мероприятие № {event_id} не найдено.")
    return event


def _participations(s: Session, event_id: int, person_ids: list[int] | None):
    stmt = (select(Participation).join(Person, Person.id == Participation.person_id)
            .where(Participation.event_id == event_id)
            .order_by(func.fold(Person.last_name), func.fold(Person.first_name), Person.id))
    if person_ids is not None:
        stmt = stmt.where(Participation.person_id.in_(person_ids))
    return s.scalars(stmt).all()


def _female(gender: str | None) -> bool | None:
    return None if gender is None else gender == Gender.FEMALE


def preview(db: Database, event_id: int,
            person_ids: list[int] | None = None) -> list[SpravkaPreview]:
    """Who gets a справка and how the name will be printed (for correction)."""
    with db.session() as s:
        _event(s, event_id)
        issued = dict(s.execute(select(Spravka.person_id, Spravka.number).where(
            Spravka.event_id == event_id, Spravka.annulled.is_(False))).all())
        out = []
        for part in _participations(s, event_id, person_ids):
            p = part.person
            out.append(SpravkaPreview(p.id, p.full_name, name_for_print(p),
                                      _female(person_gender(p)),
                                      bool((p.declensions or {}).get("dative")),
                                      issued.get(p.id, "")))
        return out


def _new_number(s: Session, year: int) -> str:
    """Next «year/seq»; skips numbers already taken (a counter restored from an old copy)."""
    while True:
        number = f"{year}/{next_number(s, 'spravka', year=year)}"
        if s.scalar(select(Spravka.id).where(Spravka.number == number)) is None:
            return number


def issue(db: Database, event_id: int, person_ids: list[int] | None = None,
          issued_on: dt.date | None = None) -> list[SpravkaData]:
    """Register справки for the event's participants (all, or those in `person_ids`) in one
    transaction: a new number each, or for one issued before the same number again with
    reissued_count + 1. → what to print."""
    issued_on = issued_on or dt.date.today()
    from desktop.exports.spravka_pdf import SpravkaData  # reportlab loads on first use

    out: list[SpravkaData] = []
    with db.transaction() as s:
        event = _event(s, event_id)
        if event.status != "held" or event.held_on is None:
            raise UserError("Справки выдаются только по проведённому мероприятию "
                            "(отметьте его проведённым и укажите дату).")
        if issued_on < event.held_on:
            raise UserError("Дата справки раньше даты мероприятия.")
        site: Site = event.site
        try:
            site_kind = genitive_kind(get_profile(site.profile_id).kind(site.kind_code).name)
        except UserError:  # a profile no longer installed
            site_kind = site.kind_code
        host = site.organisation
        parts = _participations(s, event_id, person_ids)
        if not parts:
            raise UserError("У мероприятия нет участников, которым можно выдать справку.")
        new = again = 0
        for part in parts:
            person = part.person
            register = s.scalar(select(Spravka).where(
                Spravka.event_id == event_id, Spravka.person_id == person.id,
                Spravka.annulled.is_(False)))
            printed = name_for_print(person)
            if register is None:
                register = Spravka(number=_new_number(s, issued_on.year), issued_on=issued_on,
                                   person_id=person.id, event_id=event_id, name_dative=printed,
                                   reissued_count=0)
                s.add(register)
                new += 1
            else:
                register.reissued_count += 1
                register.name_dative = printed
                again += 1
            out.append(SpravkaData(
                number=register.number, issued_on=register.issued_on, name_dative=printed,
                position=person.position,
                organisation=person.organisation.short_name if person.organisation else "",
                event_name=event.name, event_form=event.form, event_date=event.held_on,
                hours=part.hours or event.hours, held_by=host.short_name, site_kind=site_kind,
                female=_female(person_gender(person)), role=part.role,
                programme=part.programme, attestation=part.attestation,
                signer_name=host.head_name))
        audit(s, "create", "spravka", event_id,
              f"Справки по мероприятию «{event.name}»: новых {new}, повторно {again}",
              site_id=site.id)
    return out


def genitive_kind(name: str) -> str:
    """«муниципальная стажировочная площадка» → «муниципальной стажировочной площадки»
    (the kinds' names are a fixed set of feminine adjective + «площадка» phrases)."""
    words = []
    for token in name.split():
        m = re.fullmatch(r"(\W*)(\w[\w-]*)(\W*)", token)
        if not m:
            words.append(token)
            continue
        head, w, tail = m.groups()
        if w.endswith("ая"):
            w = w[:-2] + "ой"
        elif w.endswith("яя"):
            w = w[:-2] + "ей"
        elif w.endswith(("ка", "га", "ха")):
            w = w[:-1] + "и"
        elif w.endswith("а"):
            w = w[:-1] + "ы"
        words.append(head + w + tail)
    return " ".join(words)


@dataclass
class SpravkaBatch:
    items: list[SpravkaData]
    paths: list[Path]


def write(db: Database, event_id: int, target: Path | str, person_ids: list[int] | None = None,
          issued_on: dt.date | None = None) -> SpravkaBatch:
    """Issue and print: one PDF with a page each (target ends with .pdf) or one file each in a
    folder. The target is checked before any number is taken."""
    from desktop.exports.spravka_pdf import write_spravki, write_spravki_each
    from desktop.fileio import ensure_writable
    from desktop.services.centre import load_centre

    target = Path(target)
    one_file = target.suffix.lower() == ".pdf"
    if one_file:
        ensure_writable(target)
    elif target.exists() and not target.is_dir():
        raise UserError(f"«{target}» — файл, а нужна папка для справок (или имя файла .pdf).")
    items = issue(db, event_id, person_ids, issued_on)
    centre = load_centre(db)
    paths = [write_spravki(target, items, centre)] if one_file else \
        write_spravki_each(target, items, centre)
    return SpravkaBatch(items, paths)


@dataclass(frozen=True)
class SpravkaCheck:
    """What the register says about a справка number."""

    number: str
    issued_on: dt.date
    person: str
    name_dative: str
    event: str
    event_date: dt.date | None
    site_id: int
    reissued_count: int
    annulled: bool


def check_spravka(s: Session, number: str) -> SpravkaCheck | None:
    """Look a справка up by its number (to confirm one presented later); None if unknown."""
    number = re.sub(r"\s+", "", (number or "").replace("№", ""))
    row = s.scalar(select(Spravka).where(Spravka.number == number))
    if row is None:
        return None
    return SpravkaCheck(row.number, row.issued_on, row.person.full_name, row.name_dative,
                        row.event.name, row.event.held_on, row.event.site_id,
                        row.reissued_count, row.annulled)


def check(db: Database, number: str) -> SpravkaCheck | None:
    with db.session() as s:
        return check_spravka(s, number)


@dataclass(slots=True)
class RegisterRow:
    number: str
    issued_on: dt.date
    person: str
    event: str
    reissued_count: int
    annulled: bool


def register_rows(db: Database, year: int | None = None,
                  event_id: int | None = None) -> list[RegisterRow]:
    """The register of issued справки, newest first."""
    stmt = (select(Spravka.number, Spravka.issued_on, Person.last_name, Person.first_name,
                   Person.middle_name, Event.name, Spravka.reissued_count, Spravka.annulled)
            .join(Person, Person.id == Spravka.person_id)
            .join(Event, Event.id == Spravka.event_id)
            .order_by(Spravka.issued_on.desc(), Spravka.id.desc()))
    if year:
        stmt = stmt.where(Spravka.issued_on >= dt.date(year, 1, 1),
                          Spravka.issued_on <= dt.date(year, 12, 31))
    if event_id:
        stmt = stmt.where(Spravka.event_id == event_id)
    with db.session() as s:
        return [RegisterRow(n, d, person_name(la, fi, mi), ev, r, a)
                for n, d, la, fi, mi, ev, r, a in s.execute(stmt)]


def spravki_count(db: Database, year: int) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Spravka).where(
            Spravka.issued_on >= dt.date(year, 1, 1), Spravka.issued_on <= dt.date(year, 12, 31)))
            or 0)
