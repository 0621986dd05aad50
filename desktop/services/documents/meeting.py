"""Documents of a council meeting: its agenda, its protocol (or an extract for one
application) with the decisions and, where the profile scores, each application's totals,
mean and band; the invitation of an applicant to the meeting (Кемерово: the defence)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.models import (
    Application,
    CouncilMeeting,
    Decision,
    Review,
    Site,
    StatusHistory,
)
from desktop.profiles import Kind, Profile, Stage, get_profile
from desktop.services.documents.addressee import addressee
from desktop.services.documents.common import (
    application_info,
    envelope,
    kind_info,
    load_app,
    load_meeting,
    meeting_info,
    meeting_of,
    outcome_text,
)
from desktop.services.documents.data import (
    AgendaItem,
    Document,
    ProtocolItem,
    Sheet,
    Signer,
)
from desktop.storage import Database
from desktop.workflow import mean_band


def _deciding(kind: Kind, body: str) -> Stage | None:
    stages = [s for s in kind.stages if s.type in ("decision", "confirmation")]
    return next((s for s in stages if body and s.actor == body), stages[-1] if stages else None)


def _agenda_apps(s: Session, meeting: CouncilMeeting) -> list[Application]:
    """Applications on the meeting's agenda or decided at it, by registration number."""
    on_agenda = select(StatusHistory.application_id).where(
        StatusHistory.event == "on_agenda", StatusHistory.happened_on == meeting.meeting_date)
    decided = select(Decision.application_id).where(Decision.meeting_id == meeting.id)
    return list(s.scalars(select(Application).where(
        Application.profile_id == meeting.profile_id, Application.deleted_at.is_(None),
        or_(Application.id.in_(decided),
            Application.id.in_(on_agenda))).order_by(Application.reg_number, Application.id)))


def _site_decisions(s: Session, meeting: CouncilMeeting) -> list[tuple[Decision, Site]]:
    """Decisions on existing sites (extension, removal) taken at the meeting."""
    rows = s.execute(select(Decision, Site).join(Site, Site.id == Decision.site_id).where(
        Decision.meeting_id == meeting.id, Decision.application_id.is_(None))
        .order_by(Site.number)).all()
    return [(d, site) for d, site in rows]


def _meeting_doc(s: Session, meeting: CouncilMeeting, code: str, title: str,
                 stage: Stage | None = None) -> tuple[Document, Profile]:
    profile = get_profile(meeting.profile_id)
    kind = profile.kinds[0]
    doc = envelope(s, code, title, profile, stage, meeting=meeting_info(meeting, kind),
                   kind=kind_info(kind))
    doc.date = meeting.meeting_date
    doc.number = meeting.protocol_number
    doc.links = {"meeting_id": meeting.id}
    return doc, profile


def agenda_data(db: Database, meeting_id: int) -> Document:
    """The agenda (повестка): each application with its organisation, theme and speaker."""
    with db.session() as s:
        meeting = load_meeting(s, meeting_id)
        doc, profile = _meeting_doc(s, meeting, "agenda", "Повестка заседания")
        no = 0
        for app in _agenda_apps(s, meeting):
            no += 1
            kind = profile.kind(app.kind_code)
            leader = app.leader
            speaker = f"{leader.full_name}, {leader.position}".strip(", ") if leader else ""
            doc.items.append(AgendaItem(no, app.reg_number, app.organisation.short_name
                                        or app.organisation.full_name, kind.name, app.theme,
                                        speaker))
        for decision, site in _site_decisions(s, meeting):
            no += 1
            kind = profile.kind(site.kind_code)
            doc.items.append(AgendaItem(no, site.number, site.organisation.short_name,
                                        kind.name, f"{outcome_text(decision.outcome, kind)}: "
                                                   f"{site.theme}"))
        if not doc.items:
            raise UserError(f"В повестке заседания {meeting.meeting_date:%d.%m.%Y} нет заявок.")
        return doc


def _protocol_item(s: Session, profile: Profile, meeting: CouncilMeeting, app: Application,
                   no: int) -> ProtocolItem:
    kind = profile.kind(app.kind_code)
    decision = s.scalar(select(Decision).where(Decision.meeting_id == meeting.id,
                                               Decision.application_id == app.id)
                        .order_by(Decision.id.desc()).limit(1))
    reviews = [r for r in s.scalars(select(Review).where(Review.application_id == app.id)
                                    .order_by(Review.id)) if r.submitted_on is not None]
    item = ProtocolItem(no, app.reg_number, app.organisation.full_name, kind.name, app.theme,
                        outcome_text(decision.outcome, kind) if decision else "решение не принято",
                        decision.outcome if decision else "",
                        decision.ground_text if decision else "",
                        [Sheet(r.expert.full_name, r.total, r.band, r.passed,
                               (r.conclusion or "").strip()) for r in reviews],
                        kind_genitive=kind.genitive or kind.name)
    if kind.review and kind.review.criteria:
        crit = profile.criteria[kind.review.criteria]
        item.mean, item.band = mean_band(crit, [r.total for r in reviews if r.total is not None])
        item.max_total = crit.max_total
    return item


def protocol_data(db: Database, meeting_id: int | None = None,
                  app_id: int | None = None) -> Document:
    """The protocol of a meeting, or the extract (выписка) for one application."""
    with db.session() as s:
        if app_id is not None:
            app = load_app(s, app_id)
            meeting = meeting_of(s, app)
            if meeting is None:
                raise UserError(f"Заявка № {app.reg_number or app.id} ещё не рассматривалась "
                                "на заседании: выписки из протокола нет.")
            apps = [app]
        else:
            meeting = load_meeting(s, meeting_id or 0)
            apps = _agenda_apps(s, meeting)
        title = "Выписка из протокола" if app_id is not None else "Протокол заседания"
        profile = get_profile(meeting.profile_id)
        stage = _deciding(profile.kind(apps[0].kind_code) if apps else profile.kinds[0],
                          meeting.body)
        doc, profile = _meeting_doc(s, meeting, "protocol", title, stage)
        doc.extract = app_id is not None
        if apps:
            doc.kind = kind_info(profile.kind(apps[0].kind_code))
        doc.items = [_protocol_item(s, profile, meeting, a, i) for i, a in enumerate(apps, 1)]
        if app_id is None:
            for decision, site in _site_decisions(s, meeting):
                kind = profile.kind(site.kind_code)
                doc.items.append(ProtocolItem(len(doc.items) + 1, site.number,
                                              site.organisation.full_name, kind.name, site.theme,
                                              outcome_text(decision.outcome, kind),
                                              decision.outcome, decision.ground_text,
                                              kind_genitive=kind.genitive or kind.name))
        if not doc.items:
            raise UserError(f"На заседании {meeting.meeting_date:%d.%m.%Y} не рассматривалось "
                            "ни одной заявки: протокол пуст.")
        doc.scored = any(i.max_total for i in doc.items)
        doc.signer = Signer("Председатель", stage.signer_name if stage and stage.signer_name
                            else doc.centre.head_name)
        doc.secretary = Signer("Секретарь", "")
        return doc


def invitation_data(db: Database, app_id: int) -> Document:
    """The invitation of the applicant to the meeting that hears (Кемерово: defends) it."""
    with db.session() as s:
        app = load_app(s, app_id)
        meeting = meeting_of(s, app)
        if meeting is None:
            raise UserError(f"Заявка № {app.reg_number or app.id} не включена в повестку "
                            "заседания: приглашать пока некуда.")
        profile = get_profile(app.profile_id)
        kind = profile.kind(app.kind_code)
        doc = envelope(s, "invitation", "Приглашение на заседание", profile, None,
                       kind=kind_info(kind), addressee=addressee(app.organisation),
                       application=application_info(app, kind),
                       meeting=meeting_info(meeting, kind))
        doc.links = {"application_id": app.id, "meeting_id": meeting.id}
        return doc


def list_meetings(db: Database) -> list[tuple[int, str]]:
    """(id, «17.10.2026 — НМС, протокол № 10») of every meeting, the latest first."""
    with db.session() as s:
        rows = s.execute(select(CouncilMeeting.id, CouncilMeeting.meeting_date,
                                CouncilMeeting.body, CouncilMeeting.protocol_number)
                         .order_by(CouncilMeeting.meeting_date.desc(), CouncilMeeting.id.desc()))
        return [(i, f"{day:%d.%m.%Y} — {body or 'заседание'}"
                 + (f", протокол № {protocol}" if protocol else ""))
                for i, day, body, protocol in rows]
