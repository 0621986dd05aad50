"""Participation справки: the register of issued numbers, who issues and signs them, and
the names declined for print.

Each справка gets a number «<year>/<seq>» from a per-year counter, kept in the register
(`Spravka`: number, date, person, event) so it can be reissued under the same number and
checked later. Numbers are taken in the same transaction that writes the files: the PDFs
are drawn into temporary files first and the transaction commits only when every one is
written, so a full disk consumes no number. The справка is issued by the organisation on
whose base the site works and signed by its head (Омск, положение 002) or, chosen per
event, by the centre and its head. The name is printed in the dative («выдана Ивановой
Марии Петровне», desktop.services.declension); a corrected form is kept in
`Person.declensions["dative"]` and used from then on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, UserError
from desktop.models import Event, Organisation, Participation, Person, Site, Spravka
from desktop.profiles import get_profile
from desktop.services.centre import REQUIRED, Centre, load_centre, missing_text
from desktop.services.common import audit, next_number
from desktop.services.declension import (
    FEMALE,
    GENDERS,
    dative,
    gender_of,
    initials_first,
    kind_genitive,
)
from desktop.storage import Database
from desktop.text import capital, person_name
from desktop.validation import clean_text

if TYPE_CHECKING:
    from desktop.exports.spravka_pdf import SpravkaData

__all__ = ["SIGNERS", "SpravkaBatch", "batch_file_name", "SpravkaCheck", "SpravkaPreview",
           "check", "dative", "gender_of", "issuer_warning", "name_for_print", "preview",
           "register_rows", "set_dative", "signer_position", "spravki_count", "write"]

# Who issues and signs the справки of an event: the site's organisation or the centre.
SIGNERS = {"organisation": "руководитель организации, на базе которой работает площадка",
           "centre": "руководитель центра"}


def _chosen_gender(person: Person) -> str | None:
    chosen = (person.declensions or {}).get("gender")
    return chosen if chosen in GENDERS else None


def person_gender(person: Person) -> str | None:
    """The gender the user chose for this person, else the one the name tells."""
    return _chosen_gender(person) or gender_of(person.last_name, person.first_name,
                                               person.middle_name)


def name_for_print(person: Person) -> str:
    """The dative form: the user's correction if any, else the declined name."""
    corrected = (person.declensions or {}).get("dative")
    return corrected or dative(person.last_name, person.first_name, person.middle_name,
                               _chosen_gender(person))


def set_dative(db: Database, person_id: int, text: str, gender: str | None = None) -> None:
    """Keep a hand-corrected dative form of a person's name (and, if given, the gender)."""
    text = re.sub(r"\s+", " ", clean_text(text, 300, "ФИО"))
    if not text:
        raise UserError("ФИО в дательном падеже не может быть пустым.")
    if gender not in (None, *GENDERS):
        raise UserError("Пол: мужской или женский.")
    with db.transaction() as s:
        person = s.get(Person, person_id)
        if person is None or person.deleted_at is not None:
            raise NotFoundError("Участник не найден.")
        values = dict(person.declensions or {})
        auto = dative(person.last_name, person.first_name, person.middle_name,
                      gender or _chosen_gender(person))
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
    return None if gender is None else gender == FEMALE


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


@dataclass(frozen=True)
class _Issuer:
    name: str  # heads the page
    details: str  # address, phone, e-mail
    superior: str  # the centre's name above an organisation's, if known
    signer_position: str
    signer_name: str
    missing: tuple[str, ...]  # what the user should fill in first (Russian)


def signer_position(host: Organisation) -> str:
    """The host's head as the signature names them: the position typed in the directory
    with the organisation («Директор МБОУ «СОШ № 5»», «И. о. директора …»), else
    «Руководитель …»."""
    position = " ".join((host.head_position or "").split()) or "руководитель"
    return f"{capital(position)} {host.short_name}".strip()


def _issuer(host: Organisation, centre: Centre, signer: str) -> _Issuer:
    """Who heads the page and signs: the name with the initials first («М. Ю. Андреева»,
    as the certificate and letters print it), or as typed when it is not a name that
    can be split."""
    if signer == "centre":
        missing = tuple(REQUIRED[k] for k in REQUIRED if k in centre.missing)
        return _Issuer(centre.name, centre.city, "", centre.head_position,
                       initials_first(centre.head_name),
                       (missing_text(missing),) if missing else ())
    details = [host.address]
    if host.phone:
        details.append(f"тел. {host.phone}")
    if host.email:
        details.append(f"e-mail: {host.email}")
    missing = () if host.head_name.strip() else (
        f"В карточке организации {host.short_name} не указан руководитель: справка будет "
        "подписана без фамилии. Укажите его на вкладке «Организации» или выберите "
        "подпись руководителя центра.",)
    return _Issuer(host.full_name or host.short_name, ", ".join(d for d in details if d),
                   "" if "name" in centre.missing else centre.name,
                   signer_position(host), initials_first(host.head_name), missing)


def _check_signer(signer: str) -> None:
    if signer not in SIGNERS:
        raise UserError("Подпись справки: «organisation» (руководитель организации) или "
                        "«centre» (руководитель центра).")


def issuer_warning(db: Database, event_id: int, signer: str = "organisation") -> str:
    """What the справки of the event would print blank (a Russian sentence), or ""."""
    _check_signer(signer)
    centre = load_centre(db)
    with db.session() as s:
        return " ".join(_issuer(_event(s, event_id).site.organisation, centre, signer).missing)


def _issue(s: Session, event_id: int, person_ids: list[int] | None, issued_on: dt.date,
           centre: Centre, signer: str) -> list[SpravkaData]:
    """Register справки for the event's participants (all, or those in `person_ids`): a new
    number each, or for one issued before the same number again with reissued_count + 1.
    → what to print. The caller's transaction commits it only once the files are written."""
    from desktop.exports.spravka_pdf import SpravkaData  # reportlab loads on first use

    event = _event(s, event_id)
    if event.status != "held" or event.held_on is None:
        raise UserError("Справки выдаются только по проведённому мероприятию "
                        "(отметьте его проведённым и укажите дату).")
    if issued_on < event.held_on:
        raise UserError("Дата справки раньше даты мероприятия.")
    site: Site = event.site
    try:
        kind = get_profile(site.profile_id).kind(site.kind_code)
        site_kind = kind_genitive(kind.name, kind.genitive)
    except UserError:  # a profile no longer installed
        site_kind = site.kind_code
    host = site.organisation
    who = _issuer(host, centre, signer)
    parts = _participations(s, event_id, person_ids)
    if not parts:
        raise UserError("У мероприятия нет участников, которым можно выдать справку.")
    out: list[SpravkaData] = []
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
            issuer=who.name, issuer_details=who.details, superior=who.superior,
            signer_position=who.signer_position, signer_name=who.signer_name,
            city=centre.city))
    audit(s, "create", "spravka", event_id,
          f"Справки по мероприятию «{event.name}»: новых {new}, повторно {again}",
          site_id=site.id)
    s.flush()
    return out


def batch_file_name(db: Database, event_id: int) -> str:
    """«Справки 02.07.2024 Ярмарка Робототехника для дошкольников.pdf» for one file of all."""
    from desktop.text import short_date

    with db.session() as s:
        event = _event(s, event_id)
        words = re.sub(r"[^\w\s.-]+", " ", event.name).split()
        return f"Справки {short_date(event.held_on)} {' '.join(words)}"[:100].strip() + ".pdf"


@dataclass
class SpravkaBatch:
    items: list[SpravkaData]
    paths: list[Path]
    warning: str = ""  # details printed blank (see issuer_warning)


def write(db: Database, event_id: int, target: Path | str, person_ids: list[int] | None = None,
          issued_on: dt.date | None = None, signer: str = "organisation") -> SpravkaBatch:
    """Issue and print: one PDF with a page each (target ends with .pdf) or one file each,
    named by the register number, in a folder. The numbers are taken in the transaction
    that writes the files (drawn into temporary files beside the targets, put in place
    after the commit), so a failed write — a full disk — consumes none."""
    from desktop.exports.spravka_pdf import file_name, render_spravki
    from desktop.fileio import atomic_outputs, ensure_writable, os_error_text

    _check_signer(signer)
    issued_on = issued_on or dt.date.today()
    target = Path(target)
    one_file = target.suffix.lower() == ".pdf"
    if one_file:
        ensure_writable(target)
    elif target.exists() and not target.is_dir():
        raise UserError(f"«{target}» — файл, а нужна папка для справок (или имя файла .pdf).")
    else:
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Не удаётся создать папку «{target}»: {os_error_text(exc)}.") \
                from None
    centre = load_centre(db)
    try:
        with contextlib.ExitStack() as files:  # exited after the commit: files put in place
            with db.transaction() as s:
                items = _issue(s, event_id, person_ids, issued_on, centre, signer)
                groups = [(target, items)] if one_file else [(target / file_name(d), [d])
                                                             for d in items]
                temps = files.enter_context(atomic_outputs([path for path, _ in groups]))
                for tmp, (_, group) in zip(temps, groups, strict=True):
                    render_spravki(tmp, group)
    except UserError as exc:
        if "Ничего не записано" in str(exc):
            raise UserError(f"{exc} Номера справок не израсходованы.") from None
        raise
    paths = [path for path, _ in groups]
    with db.session() as s:
        warning = " ".join(_issuer(_event(s, event_id).site.organisation, centre,
                                   signer).missing)
    return SpravkaBatch(items, paths, warning)


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
