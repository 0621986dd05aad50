"""Intake: the draft the wizard fills, the package checklist, registration, withdrawal.

The package's received date is the registration date typed by the methodologist; the
application windows, the waiting period after a refusal and the leader's eligibility are
checked against it, and bind as the profile says (refuse / warn / info).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.models import (
    Application,
    ApplicationDocument,
    ApplicationPartner,
    CouncilMeeting,
    Decision,
    Person,
    Site,
)
from desktop.profiles import Profile, get_profile
from desktop.services.applications.common import _app, profile_kind
from desktop.services.applications.stages import (
    apply_verdicts,
    mark_done,
    next_registry_number,
)
from desktop.services.common import add_history, audit
from desktop.services.deadlines import recompute
from desktop.services.files import store_file
from desktop.services.journal import enter_incoming
from desktop.storage import Database
from desktop.validation import check_email, check_phone, check_url, clean_text
from desktop.workflow import Verdict, WorkflowError, check_transition
from desktop.workflow.rules import (
    active_site_verdict,
    leader_verdict,
    reapply_verdict,
    window_verdict,
)

PAPER = "получен на бумаге"


@dataclass
class DraftData:
    """What the wizard collects; saved as a draft at any step."""

    id: int | None = None
    profile_id: str = ""
    kind_code: str = ""
    organisation_id: int | None = None
    partner_ids: list[int] = field(default_factory=list)
    theme: str = ""
    direction: str = ""
    project_name: str = ""
    leader_id: int | None = None
    coleader_id: int | None = None  # the kinds with a co-leader (Яйский 3.4, Кемерово ОМП)
    term_end: dt.date | None = None
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # code → form data
    present: dict[str, bool] = field(default_factory=dict)  # code → marked present
    files: dict[str, Path] = field(default_factory=dict)  # code → file to attach
    paper: dict[str, bool] = field(default_factory=dict)  # code → received on paper
    page: int = 0


def save_draft(db: Database, d: DraftData) -> int:
    """Create or update a draft (documents with form data and attached files)."""
    if not d.profile_id or not d.kind_code:
        raise ValidationError({"kind_code": "Выберите положение и вид площадки."})
    profile, kind = profile_kind(d)
    if not d.organisation_id:
        raise ValidationError({"organisation_id": "Выберите организацию-заявителя."})
    with db.transaction() as s:
        if d.id is None:
            app = Application(profile_id=d.profile_id, kind_code=d.kind_code,
                              organisation_id=d.organisation_id, state="draft")
            s.add(app)
            s.flush()
            add_history(s, event="created", application_id=app.id, to_status="draft")
            audit(s, "create", "application", app.id, f"Черновик заявки ({kind.code})")
        else:
            app = _app(s, d.id)
            if app.state not in ("draft", "revision"):
                raise WorkflowError("Зарегистрированную заявку нельзя менять как черновик.")
        app.organisation_id = d.organisation_id
        app.theme = clean_text(d.theme, 1000, "Тема")
        app.direction = clean_text(d.direction, 1000, "Направление")
        app.project_name = clean_text(d.project_name, 1000, "Проект")
        app.leader_id = d.leader_id
        if d.coleader_id is not None:
            app.coleader_id = d.coleader_id
        app.term_end = d.term_end
        app.draft = {"page": d.page}
        app.partners.clear()
        s.flush()
        for pid in d.partner_ids:
            if pid != d.organisation_id:
                app.partners.append(ApplicationPartner(organisation_id=pid))
        existing = {doc.doc_code: doc for doc in app.documents}
        for pos, spec in enumerate(kind.documents):
            doc = existing.get(spec.code)
            if doc is None:
                doc = ApplicationDocument(doc_code=spec.code, title=spec.name, position=pos)
                app.documents.append(doc)
            data = d.documents.get(spec.code)
            if data is not None:
                doc.form_data = {k: v for k, v in data.items()}
            if spec.code in d.files:
                doc.attachment_id = store_file(s, d.files[spec.code]).id
            if spec.code in d.paper:
                doc.note = PAPER if d.paper[spec.code] else ""
            doc.present = bool(d.present.get(spec.code) or d.paper.get(spec.code)
                               or doc.attachment_id or _filled(doc.form_data))
            # the received date is the package's: set at registration, not today
        s.flush()
        return app.id


def _filled(data: dict[str, Any] | None) -> bool:
    return any(v not in (None, "", []) for v in (data or {}).values())


def load_draft(db: Database, app_id: int) -> DraftData:
    with db.session() as s:
        app = _app(s, app_id)
        return DraftData(
            id=app.id, profile_id=app.profile_id, kind_code=app.kind_code,
            organisation_id=app.organisation_id,
            partner_ids=[p.organisation_id for p in app.partners], theme=app.theme,
            direction=app.direction, project_name=app.project_name, leader_id=app.leader_id,
            coleader_id=app.coleader_id,
            term_end=app.term_end,
            documents={d.doc_code: dict(d.form_data or {}) for d in app.documents},
            present={d.doc_code: d.present for d in app.documents},
            paper={d.doc_code: d.note == PAPER for d in app.documents},
            page=int((app.draft or {}).get("page", 0)))


@dataclass
class CheckItem:
    code: str
    title: str
    state: str  # present | missing | invalid
    problems: list[str] = field(default_factory=list)
    required: bool = True


def form_problems(profile: Profile, form_code: str, data: dict[str, Any]) -> list[str]:
    """Required fields left empty and malformed e-mail/phone/URL values of one form."""
    problems = []
    for f in profile.form(form_code).fields:
        if f.official:
            continue
        value = data.get(f.code)
        if f.required and (value in (None, "", []) or (isinstance(value, str)
                                                       and not value.strip())):
            problems.append(f"не заполнено: «{f.label[:80]}»")
            continue
        check = {"email": check_email, "phone": check_phone, "url": check_url}.get(f.type)
        if check and isinstance(value, str):
            msg = check(value)
            if msg:
                problems.append(msg)
    return problems


def checklist(db: Database, app_id: int) -> list[CheckItem]:
    with db.session() as s:
        app = _app(s, app_id)
        profile, kind = profile_kind(app)
        docs = {d.doc_code: d for d in app.documents}
        items = []
        for spec in kind.documents:
            doc = docs.get(spec.code)
            if doc is None or not doc.present:
                items.append(CheckItem(spec.code, spec.name, "missing", ["не представлен"],
                                       spec.required))
                continue
            on_paper = doc.attachment_id or doc.note == PAPER
            problems = form_problems(profile, spec.form, doc.form_data or {}) \
                if spec.form and (spec.typed or not on_paper) else []
            items.append(CheckItem(spec.code, spec.name, "invalid" if problems else "present",
                                   problems, spec.required))
        return items


def _verdicts(s: Session, app: Application, profile: Profile,
              received: dt.date) -> list[Verdict | None]:
    kind = profile.kind(app.kind_code)
    refusal_days = _refusal_days(s, app, profile)
    active = s.scalar(select(Site.number).where(
        Site.organisation_id == app.organisation_id, Site.kind_code == app.kind_code,
        Site.profile_id == app.profile_id, Site.status == "active",
        Site.deleted_at.is_(None)))
    leader = s.get(Person, app.leader_id) if app.leader_id else None
    category = leader.category if leader is not None else None
    return [window_verdict(profile, received),
            reapply_verdict(profile, kind, refusal_days, received),
            leader_verdict(profile, category) if app.leader_id else None,
            active_site_verdict(kind, active)]


def _refusal_days(s: Session, app: Application, profile: Profile) -> list[tuple[dt.date, str]]:
    """(date of the refusal decision, kind) of this organisation's refused applications."""
    rows = s.execute(
        select(Application.kind_code, CouncilMeeting.meeting_date)
        .join(Decision, Decision.application_id == Application.id)
        .outerjoin(CouncilMeeting, CouncilMeeting.id == Decision.meeting_id)
        .where(Application.organisation_id == app.organisation_id,
               Application.profile_id == profile.id, Decision.outcome == "refuse",
               Application.id != app.id)).all()
    return [(day, kind) for kind, day in rows if day is not None]


def rule_notes(db: Database, app_id: int, day: dt.date | None = None) -> list[Verdict]:
    """What the profile's rules say of registering this package received on `day`."""
    day = day or dt.date.today()
    with db.session() as s:
        app = _app(s, app_id)
        profile = get_profile(app.profile_id)
        return [v for v in _verdicts(s, app, profile, app.reg_date or day) if v is not None]


@dataclass
class Registered:
    number: str
    day: dt.date
    warnings: list[Verdict]


def register_application(db: Database, app_id: int, *, number: str = "",
                         day: dt.date | None = None, override: str = "") -> Registered:
    """Register a complete package received on `day`: number and date (editable). A rule
    that refuses stops it unless `override` gives the reason (kept in the history)."""
    day = day or dt.date.today()
    problems = [i for i in checklist(db, app_id) if i.required and i.state != "present"]
    if problems:
        raise WorkflowError("Пакет документов неполон: " + "; ".join(
            f"{i.title} — {', '.join(i.problems)}" for i in problems))
    with db.transaction() as s:
        app = _app(s, app_id)
        profile, kind = profile_kind(app)
        check_transition(app.state, "registered")
        kept = apply_verdicts(s, app, _verdicts(s, app, profile, day), override, day,
                              "Регистрация")
        number = clean_text(number, 50, "Номер") or next_registry_number(s, day.year)
        clash = s.scalar(select(Application.id).where(Application.reg_number == number,
                                                      Application.id != app_id))
        clash = clash or s.scalar(select(Site.id).where(Site.number == number,
                                                        Site.id != app.site_id))
        if clash:
            raise ValidationError({"reg_number": f"Номер {number} уже занят."})
        old = app.state
        app.state, app.reg_number, app.reg_date, app.submitted_on = \
            "registered", number, day, day
        app.stages_done = {}
        mark_done(app, kind.stages[0], day)
        for doc in app.documents:
            if doc.present:
                doc.received_on = day  # the package's received date
        add_history(s, event="registered", application_id=app.id, on=day, from_status=old,
                    to_status="registered", note=f"рег. № {number}")
        enter_incoming(s, app, day)  # the package in the incoming journal (входящие)
        audit(s, "update", "application", app.id, f"Заявка зарегистрирована, № {number}")
        s.flush()
        recompute(s, site_ids=[], application_ids=[app.id])
        return Registered(number, day, kept)


def register(db: Database, app_id: int, *, number: str = "", day: dt.date | None = None,
             override: str = "") -> str:
    """Register and return the number (see `register_application`)."""
    return register_application(db, app_id, number=number, day=day, override=override).number


def withdraw(db: Database, app_id: int, day: dt.date | None = None) -> None:
    with db.transaction() as s:
        app = _app(s, app_id)
        check_transition(app.state, "withdrawn")
        old, app.state = app.state, "withdrawn"
        add_history(s, event="withdrawn", application_id=app.id, on=day, from_status=old,
                    to_status="withdrawn")
        recompute(s, site_ids=[], application_ids=[app.id])
