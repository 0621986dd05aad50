"""Applications through the cycle: draft → registration → review → council → order.

Every step checks the workflow's transition, writes a history row and an audit row, and
keeps deadlines in step, all in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, UserError, ValidationError
from desktop.models import (
    Application,
    ApplicationDocument,
    ApplicationPartner,
    Certificate,
    CouncilMeeting,
    Decision,
    Order,
    Organisation,
    Person,
    Review,
    ReviewScore,
    Site,
    SitePartner,
    StatusHistory,
)
from desktop.profiles import Kind, Profile, get_profile
from desktop.services.common import add_history, audit, next_number
from desktop.services.deadlines import recompute
from desktop.services.files import store_file
from desktop.storage import Database
from desktop.validation import check_email, check_phone, check_url, clean_text
from desktop.workflow import (
    OUTCOME_STATE,
    RuleNote,
    WorkflowError,
    active_site_note,
    check_transition,
    compute_term,
    extend_term,
    leader_note,
    reapply_note,
    score_sheet,
    window_note,
)


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
    term_end: dt.date | None = None
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # code → form data
    present: dict[str, bool] = field(default_factory=dict)  # code → marked present
    files: dict[str, Path] = field(default_factory=dict)  # code → file to attach
    page: int = 0


def _app(s: Session, app_id: int) -> Application:
    app = s.get(Application, app_id)
    if app is None or app.deleted_at is not None:
        raise NotFoundError(f"Заявка № {app_id} не найдена.")
    return app


def save_draft(db: Database, d: DraftData) -> int:
    """Create or update a draft (documents with form data and attached files)."""
    if not d.profile_id or not d.kind_code:
        raise ValidationError({"kind_code": "Выберите положение и вид площадки."})
    profile = get_profile(d.profile_id)
    kind = profile.kind(d.kind_code)
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
            doc.present = bool(d.present.get(spec.code) or doc.attachment_id
                               or _filled(doc.form_data))
            if doc.present and doc.received_on is None:
                doc.received_on = dt.date.today()
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
            term_end=app.term_end,
            documents={d.doc_code: dict(d.form_data or {}) for d in app.documents},
            present={d.doc_code: d.present for d in app.documents},
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
        profile = get_profile(app.profile_id)
        kind = profile.kind(app.kind_code)
        docs = {d.doc_code: d for d in app.documents}
        items = []
        for spec in kind.documents:
            doc = docs.get(spec.code)
            if doc is None or not doc.present:
                items.append(CheckItem(spec.code, spec.name, "missing", ["не представлен"],
                                       spec.required))
                continue
            problems = form_problems(profile, spec.form, doc.form_data or {}) \
                if spec.form and not doc.attachment_id else []
            items.append(CheckItem(spec.code, spec.name, "invalid" if problems else "present",
                                   problems, spec.required))
        return items


def rule_notes(db: Database, app_id: int, day: dt.date | None = None) -> list[RuleNote]:
    """The regulation's rules this application breaks (with the rule's text)."""
    day = day or dt.date.today()
    with db.session() as s:
        app = _app(s, app_id)
        profile = get_profile(app.profile_id)
        kind = profile.kind(app.kind_code)
        last_refusal = s.scalar(
            select(func.max(StatusHistory.happened_on))
            .join(Application, Application.id == StatusHistory.application_id)
            .where(Application.organisation_id == app.organisation_id,
                   Application.kind_code == app.kind_code,
                   Application.profile_id == app.profile_id,
                   StatusHistory.to_status == "refused", Application.id != app.id))
        active = s.scalar(select(Site.number).where(
            Site.organisation_id == app.organisation_id, Site.kind_code == app.kind_code,
            Site.profile_id == app.profile_id, Site.status == "active",
            Site.deleted_at.is_(None)))
        category = s.get(Person, app.leader_id).category if app.leader_id else None
        notes = [window_note(profile, app.reg_date or day),
                 reapply_note(profile, last_refusal, day),
                 leader_note(profile, category) if app.leader_id else None,
                 active_site_note(kind, active)]
        return [n for n in notes if n]


def register(db: Database, app_id: int, *, number: str = "", day: dt.date | None = None) -> str:
    """Register a complete application: number and date assigned (editable)."""
    day = day or dt.date.today()
    problems = [i for i in checklist(db, app_id) if i.required and i.state != "present"]
    if problems:
        raise WorkflowError("Пакет документов неполон: " + "; ".join(
            f"{i.title} — {', '.join(i.problems)}" for i in problems))
    blocking = [n.text for n in rule_notes(db, app_id, day) if n.blocking]
    if blocking:
        raise WorkflowError(" ".join(blocking))
    with db.transaction() as s:
        app = _app(s, app_id)
        check_transition(app.state, "registered")
        if not number:
            number = f"{day.year}-{next_number(s, 'application', year=day.year):04d}"
        clash = s.scalar(select(Application.id).where(Application.reg_number == number,
                                                      Application.id != app_id))
        if clash:
            raise ValidationError({"reg_number": f"Номер {number} уже занят."})
        old = app.state
        app.state, app.reg_number, app.reg_date, app.submitted_on = \
            "registered", number, day, day
        add_history(s, event="registered", application_id=app.id, on=day, from_status=old,
                    to_status="registered", note=f"рег. № {number}")
        audit(s, "update", "application", app.id, f"Заявка зарегистрирована, № {number}")
        s.flush()
        recompute(s, site_ids=[], application_ids=[app.id])
        return number


def withdraw(db: Database, app_id: int) -> None:
    with db.transaction() as s:
        app = _app(s, app_id)
        check_transition(app.state, "withdrawn")
        old, app.state = app.state, "withdrawn"
        add_history(s, event="withdrawn", application_id=app.id, from_status=old,
                    to_status="withdrawn")
        recompute(s, site_ids=[], application_ids=[app.id])


# --------------------------------------------------------------------------- review


def assign_experts(db: Database, app_id: int, expert_ids: list[int],
                   day: dt.date | None = None) -> list[int]:
    day = day or dt.date.today()
    if not expert_ids:
        raise ValidationError({"experts": "Выберите хотя бы одного эксперта."})
    with db.transaction() as s:
        app = _app(s, app_id)
        kind = get_profile(app.profile_id).kind(app.kind_code)
        if app.state == "registered":
            check_transition(app.state, "review")
            app.state = "review"
            add_history(s, event="review_assigned", application_id=app.id, on=day,
                        from_status="registered", to_status="review")
        elif app.state != "review":
            check_transition(app.state, "review")
        due = day + dt.timedelta(days=kind.review.days) if kind.review.days else None
        ids = []
        for expert_id in expert_ids:
            exists = s.scalar(select(Review.id).where(Review.application_id == app_id,
                                                      Review.expert_id == expert_id))
            if exists:
                continue
            review = Review(application_id=app_id, expert_id=expert_id, assigned_on=day,
                            due_on=due)
            s.add(review)
            s.flush()
            ids.append(review.id)
        audit(s, "update", "application", app_id, f"Назначено экспертов: {len(ids)}")
        return ids


def prefilled_defects(db: Database, review_id: int) -> dict[str, bool]:
    """Formal defects the forms already show (for the expert to confirm or override)."""
    from desktop.workflow import prefill_defects

    with db.session() as s:
        review = s.get(Review, review_id)
        app = review.application
        profile = get_profile(app.profile_id)
        code = profile.kind(app.kind_code).review.criteria
        if not code:
            return {}
        return prefill_defects({d.doc_code: d.form_data for d in app.documents},
                               profile.criteria[code])


def save_sheet(db: Database, review_id: int, scores: dict[str, int], defects: dict[str, bool],
               conclusion: str, day: dt.date | None = None, *, submit: bool = True) -> int | None:
    """Save an expert's sheet; when every sheet is in, the application is «reviewed»."""
    day = day or dt.date.today()
    with db.transaction() as s:
        review = s.get(Review, review_id)
        if review is None:
            raise NotFoundError("Экспертный лист не найден.")
        app = review.application
        profile = get_profile(app.profile_id)
        code = profile.kind(app.kind_code).review.criteria
        review.scores.clear()
        s.flush()
        if code:
            result = score_sheet(profile.criteria[code], scores, defects)
            for c, v in result.scores.items():
                review.scores.append(ReviewScore(code=c, value=v))
            for d in profile.criteria[code].defects:
                review.scores.append(ReviewScore(code=d.code, is_defect=True,
                                                 value=d.penalty if defects.get(d.code) else 0))
            review.total, review.band = result.total, result.band
        review.conclusion = clean_text(conclusion, 5000, "Заключение")
        if submit:
            review.submitted_on = day
        s.flush()
        pending = s.scalar(select(func.count()).select_from(Review).where(
            Review.application_id == app.id, Review.submitted_on.is_(None)))
        if submit and not pending and app.state == "review":
            app.state = "reviewed"
            add_history(s, event="reviewed", application_id=app.id, on=day,
                        from_status="review", to_status="reviewed")
        return review.total


# --------------------------------------------------------------------------- council, order


def create_meeting(db: Database, profile_id: str, day: dt.date, protocol: str = "",
                   body: str = "") -> int:
    with db.transaction() as s:
        meeting = CouncilMeeting(profile_id=profile_id, meeting_date=day,
                                 protocol_number=clean_text(protocol, 50, "Протокол"),
                                 body=body or get_profile(profile_id).council)
        s.add(meeting)
        s.flush()
        return meeting.id


def put_on_agenda(db: Database, meeting_id: int, app_ids: list[int]) -> None:
    with db.transaction() as s:
        meeting = s.get(CouncilMeeting, meeting_id)
        for app_id in app_ids:
            app = _app(s, app_id)
            kind = get_profile(app.profile_id).kind(app.kind_code)
            check_transition(app.state, "council", kind)
            old, app.state = app.state, "council"
            add_history(s, event="on_agenda", application_id=app.id, on=meeting.meeting_date,
                        from_status=old, to_status="council",
                        note=f"заседание {meeting.meeting_date:%d.%m.%Y}")


def agenda(db: Database, meeting_id: int) -> list[tuple[int, str, str, str]]:
    """(application id, registration number, organisation, theme) on the meeting's agenda."""
    with db.session() as s:
        meeting = s.get(CouncilMeeting, meeting_id)
        rows = s.execute(
            select(Application.id, Application.reg_number, Organisation.short_name,
                   Application.theme)
            .join(Organisation, Organisation.id == Application.organisation_id)
            .join(StatusHistory, StatusHistory.application_id == Application.id)
            .where(StatusHistory.event == "on_agenda",
                   StatusHistory.happened_on == meeting.meeting_date,
                   Application.profile_id == meeting.profile_id)
            .order_by(Application.reg_number)).all()
        return [tuple(r) for r in rows]


def decide(db: Database, meeting_id: int, app_id: int, outcome: str, ground_code: str = "",
           note: str = "") -> int:
    """The council's decision: assign, refuse (with a ground) or send back for revision."""
    if outcome not in OUTCOME_STATE:
        raise WorkflowError("Решение: присвоить, отказать или вернуть на доработку.")
    with db.transaction() as s:
        meeting = s.get(CouncilMeeting, meeting_id)
        if meeting is None:
            raise NotFoundError("Заседание не найдено.")
        app = _app(s, app_id)
        kind = get_profile(app.profile_id).kind(app.kind_code)
        new = OUTCOME_STATE[outcome]
        check_transition(app.state, new, kind)
        ground_text = ""
        if outcome == "refuse":
            grounds = {g.code: g.text for g in kind.refusal_grounds}
            if ground_code not in grounds:
                raise ValidationError({"ground": "Выберите основание отказа из положения."})
            ground_text = grounds[ground_code]
        decision = Decision(meeting_id=meeting_id, application_id=app_id, outcome=outcome,
                            ground_code=ground_code, ground_text=ground_text, notes=note)
        s.add(decision)
        s.flush()
        old, app.state = app.state, new
        add_history(s, event="decided", application_id=app_id, on=meeting.meeting_date,
                    from_status=old, to_status=new, ground_code=ground_code,
                    ground_text=ground_text, decision_id=decision.id,
                    note=f"протокол № {meeting.protocol_number}")
        s.flush()
        recompute(s, site_ids=[], application_ids=[app_id])
        return decision.id


def issue_order(db: Database, app_id: int, number: str, day: dt.date, *,
                term_start: dt.date | None = None, term_end: dt.date | None = None,
                issued_by: str = "") -> int:
    """The order that assigns the status: creates the site, its certificate and history."""
    number = clean_text(number, 50, "Номер приказа")
    if not number:
        raise ValidationError({"number": "Укажите номер приказа."})
    with db.transaction() as s:
        app = _app(s, app_id)
        profile = get_profile(app.profile_id)
        kind = profile.kind(app.kind_code)
        check_transition(app.state, "ordered")
        start, end = compute_term(kind, term_start or day, term_end or app.term_end)
        decision = s.scalar(select(Decision).where(Decision.application_id == app_id,
                                                   Decision.outcome == "assign")
                            .order_by(Decision.id.desc()))
        order = Order(number=number, order_date=day, issued_by=issued_by or profile.operator,
                      title=f"О присвоении статуса «{kind.name}»")
        s.add(order)
        s.flush()
        site = Site(profile_id=app.profile_id, kind_code=app.kind_code,
                    organisation_id=app.organisation_id, theme=app.theme,
                    direction=app.direction, project_name=app.project_name,
                    term_start=start, term_end=end, leader_id=app.leader_id,
                    coleader_id=app.coleader_id, status="active")
        s.add(site)
        s.flush()
        site.number = f"{start.year}-{site.id:05d}"
        for p in app.partners:
            s.add(SitePartner(site_id=site.id, organisation_id=p.organisation_id,
                              functions=p.functions))
        app.site_id = site.id
        app.state = "ordered"
        if decision is not None:
            decision.order_id, decision.site_id = order.id, site.id
            decision.term_start, decision.term_end = start, end
        seq = next_number(s, "certificate", year=day.year)
        cert = Certificate(site_id=site.id, number=f"{day.year}/{seq:04d}", issued_on=day,
                           order_id=order.id)
        s.add(cert)
        add_history(s, event="decided", application_id=app_id, on=day, from_status="approved",
                    to_status="ordered", order_id=order.id, note=f"приказ № {number}")
        add_history(s, event="assigned", site_id=site.id, on=start, to_status="active",
                    decision_id=decision.id if decision else None, order_id=order.id,
                    note=f"приказ № {number} от {day:%d.%m.%Y}")
        add_history(s, event="certificate_issued", site_id=site.id, on=day,
                    note=f"свидетельство № {cert.number}")
        audit(s, "create", "site", site.id, f"Присвоен статус по приказу № {number}",
              site_id=site.id)
        s.flush()
        recompute(s, site_ids=[site.id], application_ids=[app_id])
        return site.id


def change_site(db: Database, site_id: int, action: str, order_number: str, day: dt.date, *,
                months: int = 0, ground_code: str = "", meeting_id: int | None = None) -> None:
    """Extension, early removal or completion of a site through decision → order."""
    with db.transaction() as s:
        site = s.get(Site, site_id)
        if site is None:
            raise NotFoundError(f"Площадка № {site_id} не найдена.")
        if site.status != "active":
            raise WorkflowError("Изменить можно только действующую площадку.")
        kind = get_profile(site.profile_id).kind(site.kind_code)
        order = Order(number=clean_text(order_number, 50, "Номер приказа"), order_date=day)
        s.add(order)
        s.flush()
        if action == "extend":
            done = s.scalar(select(func.count()).select_from(StatusHistory).where(
                StatusHistory.site_id == site_id, StatusHistory.event == "extended")) or 0
            new_end = extend_term(kind, site.term_end, months, done)
            decision = Decision(meeting_id=meeting_id, site_id=site_id, outcome="extend",
                                term_start=site.term_start, term_end=new_end, order_id=order.id)
            s.add(decision)
            s.flush()
            add_history(s, event="extended", site_id=site_id, on=day, from_status="active",
                        to_status="active", decision_id=decision.id, order_id=order.id,
                        note=f"до {new_end:%d.%m.%Y}")
            site.term_end = new_end
        elif action in ("remove", "complete"):
            grounds = {g.code: g.text for g in kind.removal_grounds}
            if action == "remove" and ground_code not in grounds:
                raise ValidationError({"ground": "Выберите основание снятия статуса из положения."})
            new = "removed" if action == "remove" else "completed"
            decision = Decision(meeting_id=meeting_id, site_id=site_id, outcome=action,
                                ground_code=ground_code, ground_text=grounds.get(ground_code, ""),
                                order_id=order.id)
            s.add(decision)
            s.flush()
            add_history(s, event="removed" if action == "remove" else "completed",
                        site_id=site_id, on=day, from_status="active", to_status=new,
                        ground_code=ground_code, ground_text=grounds.get(ground_code, ""),
                        decision_id=decision.id, order_id=order.id)
            site.status = new
        else:
            raise WorkflowError("Неизвестное действие с площадкой.")
        audit(s, "update", "site", site_id, f"Приказ № {order.number}: {action}",
              site_id=site_id)
        s.flush()
        recompute(s, site_ids=[site_id], application_ids=[])


@dataclass(slots=True)
class ApplicationRow:
    id: int
    reg_number: str
    reg_date: dt.date | None
    organisation: str
    profile_id: str
    kind: str
    theme: str
    state: str


def list_applications(db: Database) -> list[ApplicationRow]:
    with db.session() as s:
        return [ApplicationRow(*r) for r in s.execute(
            select(Application.id, Application.reg_number, Application.reg_date,
                   Organisation.short_name, Application.profile_id, Application.kind_code,
                   Application.theme, Application.state)
            .join(Organisation, Organisation.id == Application.organisation_id)
            .where(Application.deleted_at.is_(None))
            .order_by(Application.id.desc()))]


def experts(db: Database) -> list[tuple[int, str]]:
    with db.session() as s:
        return [(p.id, p.full_name) for p in s.scalars(
            select(Person).where(Person.is_expert.is_(True), Person.deleted_at.is_(None))
            .order_by(Person.last_name))]


def reviews_of(db: Database, app_id: int) -> list[tuple[int, str, int | None, str, bool]]:
    """(review id, expert, total, band, submitted) of an application."""
    with db.session() as s:
        return [(r.id, r.expert.full_name, r.total, r.band, r.submitted_on is not None)
                for r in s.scalars(select(Review).where(Review.application_id == app_id))]


def kind_of(db: Database, app_id: int) -> tuple[Profile, Kind]:
    with db.session() as s:
        app = _app(s, app_id)
        profile = get_profile(app.profile_id)
        return profile, profile.kind(app.kind_code)


def ensure(condition: bool, message: str) -> None:
    if not condition:
        raise UserError(message)
