"""`metodist sites edit`: a few fields of a site changed from the command line, on the
version the caller read (`--if-version`), in one transaction with the card's checks."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.models import Person, Site
from desktop.services.common import audit
from desktop.services.participants import PersonData, find_person, validate_person
from desktop.services.people import split_full_name
from desktop.services.sites import SiteData, _data, _save
from desktop.services.versions import check_version, refused_if_stale, serialise_writes
from desktop.storage import Database
from desktop.validation import clean_text


def edit_site(db: Database, site_id: int, *, theme: str | None = None,
              leader: str | None = None, notes: str | None = None,
              if_version: int | None = None) -> SiteData:
    """Change some fields of a site (`metodist sites edit`): the leader by «Фамилия Имя
    Отчество» (found in the directory among the site's organisation's people, or added).
    `if_version`: refused with a ConflictError, nothing written, when the site's version
    is no longer that one. One transaction: a refusal leaves no person added."""
    with refused_if_stale(db, "site", site_id), db.transaction() as s:
        serialise_writes(s)
        site = s.get(Site, site_id)
        if site is None or site.deleted_at is not None:
            raise NotFoundError(f"Площадка № {site_id} не найдена.")
        check_version(s, "site", site, if_version)
        data = _data(site)
        data.theme = data.theme if theme is None else theme
        data.notes = data.notes if notes is None else clean_text(notes, 5000, "Примечание")
        if leader is not None:
            data.leader_id = _person_named(s, leader, site.organisation_id) if leader else None
        saved = _save(s, data)
        s.flush()
        return _data(saved)


def _person_named(s: Session, full_name: str, organisation_id: int) -> int:
    data = PersonData(*split_full_name(full_name), organisation_id=organisation_id)
    errors = validate_person(data)
    if errors:
        raise ValidationError(errors)
    person = find_person(s, data)
    if person is None:
        person = Person(last_name=data.last_name, first_name=data.first_name,
                        middle_name=data.middle_name, organisation_id=organisation_id)
        s.add(person)
        s.flush()
        audit(s, "create", "person", person.id, f"Добавлен {person.full_name}")
    return person.id
