"""Sites: the card's data, validation, create/update, soft delete and restore.

Every status change is a StatusHistory row (never an overwrite) and every change an
AuditLog row, both in the same transaction as the change itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, UserError, ValidationError
from desktop.models import (
    Application,
    ApplicationDocument,
    Attachment,
    AuditLog,
    Deadline,
    Event,
    Organisation,
    Participation,
    Person,
    Report,
    Site,
    SitePartner,
    StatusHistory,
    utcnow,
)
from desktop.profiles import get_profile
from desktop.services.common import add_history, audit
from desktop.services.deadlines import recompute_site
from desktop.services.versions import check_version, refused_if_stale, serialise_writes
from desktop.storage import Database
from desktop.validation import check_term, clean_text

STATUSES = ("active", "completed", "removed")
EDITABLE = ("number", "profile_id", "kind_code", "organisation_id", "theme", "direction",
            "project_name", "term_start", "term_end", "leader_id", "coleader_id", "status",
            "notes")


@dataclass
class SiteData:
    """The editable fields of a site, as the card shows them."""

    id: int | None = None
    number: str = ""
    profile_id: str = ""
    kind_code: str = ""
    organisation_id: int | None = None
    theme: str = ""
    direction: str = ""
    project_name: str = ""
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    leader_id: int | None = None
    coleader_id: int | None = None
    status: str = "active"
    notes: str = ""
    version: int | None = None  # as read when the card opened; None: a new site

    def changes(self, other: SiteData) -> dict[str, tuple[Any, Any]]:
        return {k: (getattr(other, k), getattr(self, k)) for k in EDITABLE
                if getattr(self, k) != getattr(other, k)}


@dataclass
class SiteDetail:
    """Everything the site card shows (plain values, no ORM objects)."""

    data: SiteData
    organisation: str
    leader: str
    coleader: str
    partners: list[tuple[str, str]] = field(default_factory=list)
    documents: list[tuple[str, bool, dt.date | None, str]] = field(default_factory=list)
    history: list[tuple[dt.date, str, str, str]] = field(default_factory=list)
    # (due, what, done, «опоздание N дн.» when the report came late)
    deadlines: list[tuple[dt.date | None, str, dt.date | None, str]] = field(
        default_factory=list)
    events: list[tuple[dt.date | None, str, str, str, int]] = field(default_factory=list)
    audit: list[tuple[dt.datetime, str, str, str]] = field(default_factory=list)
    deleted: bool = False


HISTORY_NAMES = {
    "created": "создана", "registered": "заявка зарегистрирована",
    "review_assigned": "назначена экспертиза", "reviewed": "экспертиза завершена",
    "on_agenda": "включена в повестку", "decided": "решение совета",
    "assigned": "статус присвоен", "extended": "срок продлён", "removed": "статус снят",
    "completed": "срок завершён", "certificate_issued": "выдано свидетельство",
    "term_changed": "изменён срок", "status_changed": "изменён статус",
    "deleted": "удалена", "restored": "восстановлена",
}


def _full_name(s: Session, person_id: int | None) -> str:
    if person_id is None:
        return ""
    parts = s.execute(select(Person.last_name, Person.first_name, Person.middle_name)
                      .where(Person.id == person_id)).first()
    return " ".join(p for p in parts if p) if parts else ""


def _data(site: Site) -> SiteData:
    return SiteData(**{"id": site.id, "version": site.version,
                       **{k: getattr(site, k) for k in EDITABLE}})


def get_detail(db: Database, site_id: int) -> SiteDetail:
    """The card's data in a dozen queries, each by an indexed column of this site (no lazy
    loads, nothing that grows with the database: the card opens as fast at 100 000 sites)."""
    with db.session() as s:
        site = s.get(Site, site_id)
        if site is None:
            raise NotFoundError(f"Площадка № {site_id} не найдена.")
        detail = SiteDetail(
            data=_data(site),
            organisation=s.scalar(select(Organisation.short_name).where(
                Organisation.id == site.organisation_id)) or "",
            leader=_full_name(s, site.leader_id), coleader=_full_name(s, site.coleader_id),
            deleted=site.deleted_at is not None,
        )
        detail.partners = [(name, functions) for name, functions in s.execute(
            select(Organisation.short_name, SitePartner.functions)
            .join(Organisation, Organisation.id == SitePartner.organisation_id)
            .where(SitePartner.site_id == site_id).order_by(SitePartner.id))]
        app_id = s.scalar(select(Application.id).where(Application.site_id == site_id,
                                                       Application.purpose == "assign"))
        if app_id is not None:
            detail.documents = [(title, present, received, file_name or "")
                                for title, present, received, file_name in s.execute(
                select(ApplicationDocument.title, ApplicationDocument.present,
                       ApplicationDocument.received_on, Attachment.file_name)
                .outerjoin(Attachment, Attachment.id == ApplicationDocument.attachment_id)
                .where(ApplicationDocument.application_id == app_id)
                .order_by(ApplicationDocument.position, ApplicationDocument.id))]
        detail.history = [(day, HISTORY_NAMES.get(event, event), ground, note)
                          for day, event, ground, note in s.execute(
            select(StatusHistory.happened_on, StatusHistory.event, StatusHistory.ground_text,
                   StatusHistory.note).where(StatusHistory.site_id == site_id)
            .order_by(StatusHistory.happened_on, StatusHistory.id))]
        late = dict(s.execute(select(Report.deadline_id, Report.days_late).where(
            Report.site_id == site_id, Report.days_late > 0)).all())
        detail.deadlines = [(due, what, done, f"опоздание {late[i]} дн." if i in late else "")
                            for i, due, what, done in s.execute(
            select(Deadline.id, Deadline.due_on, Deadline.what, Deadline.done_on)
            .where(Deadline.site_id == site_id).order_by(Deadline.due_on))]
        people = (select(func.count()).where(Participation.event_id == Event.id)
                  .correlate(Event).scalar_subquery())
        detail.events = [(held or planned, name, form, status, n)
                         for held, planned, name, form, status, n in s.execute(
            select(Event.held_on, Event.planned_on, Event.name, Event.form, Event.status,
                   people).where(Event.site_id == site_id, Event.deleted_at.is_(None))
            .order_by(Event.planned_on))]
        detail.audit = [(at, user, action, summary) for at, user, action, summary in s.execute(
            select(AuditLog.at, AuditLog.os_user, AuditLog.action, AuditLog.summary)
            .where(AuditLog.site_id == site_id).order_by(AuditLog.at.desc()))]
        return detail


def validate(s: Session, data: SiteData) -> dict[str, str]:
    """Russian messages per field; empty when the data can be saved."""
    errors: dict[str, str] = {}
    if not data.profile_id:
        errors["profile_id"] = "Выберите профиль (положение)."
    else:
        try:
            profile = get_profile(data.profile_id)
            if data.kind_code not in {k.code for k in profile.kinds}:
                errors["kind_code"] = "Выберите вид площадки из положения."
        except Exception as exc:  # unknown profile id
            errors["profile_id"] = str(exc)
    if not data.organisation_id or s.get(Organisation, data.organisation_id) is None:
        errors["organisation_id"] = "Выберите организацию."
    try:
        data.theme = clean_text(data.theme, 1000, "Тема")
    except Exception as exc:
        errors["theme"] = str(exc)
    if not data.theme:
        errors["theme"] = "Укажите тему площадки."
    term = check_term(data.term_start, data.term_end)
    if term:
        errors["term_end" if "Окончание" in term else "term_start"] = term
    elif data.term_start is None:
        errors["term_start"] = "Укажите начало срока."
    if data.status not in STATUSES:
        errors["status"] = "Неизвестный статус."
    if (data.status == "active" and data.organisation_id and data.kind_code
            and "organisation_id" not in errors):
        clash = s.scalar(select(Site.number).where(
            Site.organisation_id == data.organisation_id, Site.kind_code == data.kind_code,
            Site.profile_id == data.profile_id, Site.status == "active",
            Site.deleted_at.is_(None), Site.id != (data.id or 0)))
        if clash is not None:
            errors["kind_code"] = (f"У этой организации уже есть действующая площадка того же "
                                   f"вида (№ {clash}). Одна организация — одна действующая "
                                   f"площадка вида.")
    return errors


def save_site(db: Database, data: SiteData) -> int:
    """Create or update a site; raises ValidationError with messages per field."""
    saved = save_site_data(db, data).id
    assert saved is not None
    return saved


def save_site_data(db: Database, data: SiteData) -> SiteData:
    """Create or update a site and return it as saved (its id and new version).

    An edit names the version it was made on (`data.version`, None: not checked): a site
    changed meanwhile by another user is refused with a ConflictError and nothing is
    written. The checks and the write are one transaction no other connection writes
    into (`serialise_writes`), and the unique number index stands behind the number check.
    """
    with refused_if_stale(db, "site", data.id), db.transaction() as s:
        serialise_writes(s)
        saved = _save(s, dataclasses.replace(data))
        s.flush()
        return _data(saved)


def _number_clash(s: Session, data: SiteData) -> dict[str, str]:
    if not data.number:
        return {}
    clash = s.scalar(select(Site.id).where(Site.number == data.number,
                                           Site.deleted_at.is_(None),
                                           Site.id != (data.id or 0)))
    return {} if clash is None else {"number": f"Номер {data.number} уже занят площадкой "
                                               f"(код {clash})."}


def _save(s: Session, data: SiteData) -> Site:
    found: Site | None = None
    if data.id is not None:
        found = s.get(Site, data.id)
        if found is None:
            raise NotFoundError(f"Площадка № {data.id} не найдена.")
        check_version(s, "site", found, data.version)
    errors = validate(s, data) | _number_clash(s, data)
    if errors:
        raise ValidationError(errors)
    if found is None:
        site = Site(**{k: getattr(data, k) for k in EDITABLE})
        s.add(site)
        s.flush()
        if not site.number:
            site.number = f"{(data.term_start or dt.date.today()).year}-{site.id:05d}"
        add_history(s, event="created", site_id=site.id, to_status=site.status)
        audit(s, "create", "site", site.id, f"Создана площадка № {site.number}",
              site_id=site.id)
        recompute_site(s, site.id)
        return site
    site = found
    old = _data(site)
    changes = data.changes(old)
    for key, (_, new) in changes.items():
        setattr(site, key, new)
    if "status" in changes:
        add_history(s, event="status_changed", site_id=site.id,
                    from_status=old.status, to_status=data.status)
    if "term_start" in changes or "term_end" in changes:
        add_history(s, event="term_changed", site_id=site.id,
                    note=f"{old.term_start or '—'}–{old.term_end or '—'} → "
                         f"{data.term_start or '—'}–{data.term_end or '—'}")
    if changes.keys() & {"term_start", "term_end", "status", "kind_code", "profile_id"}:
        s.flush()
        recompute_site(s, site.id)
    if changes:
        audit(s, "update", "site", site.id,
              "Изменены поля: " + ", ".join(FIELD_NAMES.get(k, k) for k in changes),
              {k: [str(a), str(b)] for k, (a, b) in changes.items()}, site_id=site.id)
    return site


def set_deleted(db: Database, site_id: int, deleted: bool, version: int | None = None) -> int:
    """Soft delete (or restore) a site; history and all its rows stay in the database.
    `version`: the one the caller last saw (refused if changed since). Returns the new one.
    A site whose number a live site took meanwhile (an import) is not restored."""
    with refused_if_stale(db, "site", site_id), db.transaction() as s:
        serialise_writes(s)
        site = s.get(Site, site_id)
        if site is None:
            raise NotFoundError(f"Площадка № {site_id} не найдена.")
        check_version(s, "site", site, version)
        if not deleted and site.deleted_at is not None:
            clash = _number_clash(s, _data(site)).get("number")
            if clash:
                raise UserError(f"Площадку не восстановить: {clash[0].lower()}{clash[1:]}")
        if deleted and site.deleted_at is None:
            site.deleted_at = utcnow()
            add_history(s, event="deleted", site_id=site_id)
            audit(s, "delete", "site", site_id, f"Удалена площадка № {site.number}",
                  site_id=site_id)
        elif not deleted and site.deleted_at is not None:
            site.deleted_at = None
            add_history(s, event="restored", site_id=site_id)
            audit(s, "restore", "site", site_id, f"Восстановлена площадка № {site.number}",
                  site_id=site_id)
        s.flush()
        return site.version


FIELD_NAMES = {
    "number": "№", "profile_id": "профиль", "kind_code": "вид", "organisation_id": "организация",
    "theme": "тема", "direction": "направление", "project_name": "проект (программа)",
    "term_start": "начало срока", "term_end": "окончание срока", "leader_id": "руководитель",
    "coleader_id": "соруководитель", "status": "статус", "notes": "примечание",
}


_CHOICES: dict[tuple, tuple[list[tuple[int, str]], list[tuple[int, str]]]] = {}
_CHOICES_LOCK = threading.Lock()


def choices(db: Database) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(organisations, people) for the card's pickers: (id, display name).

    Kept between cards while the directory is unchanged: its largest ids and latest
    `updated_at` (both indexed, so the test does not grow with the directory) are the
    fingerprint. Rows are never removed, only marked deleted, which changes `updated_at`.
    Reading 10 000 names for every card cost ~0.15 s, counting 634 000 people 0.2 s.
    The people are the directory's: everyone but those known only as event participants
    (the bulk of the table), so a leader typed by name in the wizard is offered next time.
    One read at a time: a card opened while the window reads the names ahead (2–3 s at
    100 000 sites, most of it SQLite scanning the people) waits for that read instead of
    making a second one beside it. The rows come as DB-API tuples (SQLAlchemy's rows cost
    another 0.3 s there).
    """
    with _CHOICES_LOCK, db.session() as s:
        key = (str(db.path), *(s.scalar(select(func.max(column))) for column in (
            Organisation.id, Organisation.updated_at, Person.id, Person.updated_at)))
        if key in _CHOICES:
            return _CHOICES[key]
        conn = s.connection().connection.driver_connection
        assert conn is not None  # an open session's DB-API connection
        orgs = conn.execute("SELECT id, short_name FROM organisation WHERE deleted_at IS NULL"
                            " ORDER BY short_name").fetchall()
        people = [(i, f"{a} {b} {c}".strip()) for i, a, b, c in conn.execute(
            "SELECT id, last_name, first_name, middle_name FROM person"
            " WHERE deleted_at IS NULL AND (category != '' OR is_staff OR is_expert"
            " OR id NOT IN (SELECT person_id FROM participation)"
            " OR id IN (SELECT leader_id FROM site UNION SELECT leader_id FROM application))"
            " ORDER BY last_name, first_name")]
        _CHOICES.clear()
        _CHOICES[key] = (orgs, people)
        return orgs, people
