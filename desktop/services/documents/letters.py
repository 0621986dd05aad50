"""Letters to the applying organisation: the notice of the decision and the request for
missing or wrongly filled documents of the package."""

from __future__ import annotations

from sqlalchemy import select

from desktop.errors import UserError
from desktop.models import CouncilMeeting, Decision, Order, Site
from desktop.profiles import get_profile
from desktop.services.declension import genitive
from desktop.services.documents.addressee import addressee
from desktop.services.documents.common import (
    application_info,
    envelope,
    kind_info,
    load_app,
    meeting_body,
    outcome_text,
)
from desktop.services.documents.data import DecisionInfo, Document, MissingItem
from desktop.storage import Database

# Said of any document, whatever its gender («Заявка — не представлен» read wrong).
STATE_TEXT = {"missing": "отсутствует в пакете", "invalid": "ошибки в оформлении"}


def notice_data(db: Database, app_id: int) -> Document:
    """The notice of the decision on an application: what was decided, by whom, when, on
    what ground; the order and the site's number and term once the status is assigned."""
    with db.session() as s:
        app = load_app(s, app_id)
        decision = s.scalar(select(Decision).where(Decision.application_id == app.id)
                            .order_by(Decision.id.desc()).limit(1))
        if decision is None:
            raise UserError(f"По заявке № {app.reg_number or app.id} решение ещё не принято: "
                            "уведомлять не о чем.")
        profile = get_profile(app.profile_id)
        kind = profile.kind(app.kind_code)
        meeting = s.get(CouncilMeeting, decision.meeting_id) if decision.meeting_id else None
        order = s.get(Order, decision.order_id) if decision.order_id else None
        site = s.get(Site, app.site_id) if app.site_id else None
        body, of_body = meeting_body(meeting, kind)
        info = DecisionInfo(
            decision.outcome, outcome_text(decision.outcome, kind),
            meeting.meeting_date if meeting else (order.order_date if order else None),
            body, meeting.protocol_number if meeting else "",
            decision.ground_text, decision.term_start or (site.term_start if site else None),
            decision.term_end or (site.term_end if site else None),
            site.number if site else "", order.number if order else "",
            order.order_date if order else None,
            genitive(order.issued_by) if order and order.issued_by else "", of_body)
        doc = envelope(s, "notice", "Уведомление о решении", profile, None,
                       kind=kind_info(kind), addressee=addressee(app.organisation),
                       application=application_info(app, kind), decision=info)
        doc.links = {"application_id": app.id}
        if site is not None:
            doc.links["site_id"] = site.id
        return doc


def missing_data(db: Database, app_id: int) -> Document:
    """The letter listing the package's documents that are missing or filled wrongly."""
    from desktop.services.applications import checklist

    items = [i for i in checklist(db, app_id) if i.state != "present" and i.required]
    with db.session() as s:
        app = load_app(s, app_id)
        if not items:
            raise UserError(f"В пакете заявки № {app.reg_number or app.id} все обязательные "
                            "документы представлены и заполнены: письмо не нужно.")
        profile = get_profile(app.profile_id)
        kind = profile.kind(app.kind_code)
        doc = envelope(s, "missing", "Письмо о недостающих документах", profile, None,
                       kind=kind_info(kind), addressee=addressee(app.organisation),
                       application=application_info(app, kind))
        doc.items = [MissingItem(n, i.title, STATE_TEXT[i.state],
                                 [] if i.state == "missing" else list(i.problems))
                     for n, i in enumerate(items, 1)]
        doc.links = {"application_id": app.id}
        return doc
