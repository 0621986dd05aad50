"""The order (приказ) with its appendix: every site the order assigns, extends or removes.

An order covering several applications is recorded once per application with the same
number and date (the way `issue_order` is called for each of them); the appendix gathers
every decision of that number and date.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.models import (
    Application,
    CouncilMeeting,
    Decision,
    Order,
    Organisation,
    Site,
    StatusHistory,
)
from desktop.profiles import get_profile
from desktop.services.declension import genitive
from desktop.services.documents.common import (
    ACTION_TEXT,
    envelope,
    kind_info,
    load_app,
    load_meeting,
)
from desktop.services.documents.data import Document, OrderInfo, OrderRow
from desktop.storage import Database
from desktop.text import long_date

TITLES = {"assign": "О присвоении статуса {genitive}",
          "extend": "О продлении срока деятельности {genitive}",
          "remove": "О прекращении деятельности {genitive}",
          "complete": "О завершении деятельности {genitive}"}


def _find_order(s: Session, *, site_id: int | None, app_id: int | None,
                meeting_id: int | None) -> Order:
    if app_id is not None:
        app = load_app(s, app_id)
        order = s.scalar(select(Order).join(Decision, Decision.order_id == Order.id).where(
            Decision.application_id == app.id).order_by(Order.order_date.desc(), Order.id.desc())
            .limit(1))
        if order is None:
            raise UserError(f"По заявке № {app.reg_number or app.id} приказ ещё не издан.")
        return order
    if site_id is not None:
        site = s.get(Site, site_id)
        if site is None or site.deleted_at is not None:
            raise UserError(f"Площадка № {site_id} не найдена.")
        order = s.scalar(select(Order).join(Decision, Decision.order_id == Order.id).where(
            Decision.site_id == site_id).order_by(Order.order_date.desc(), Order.id.desc())
            .limit(1))
        order = order or s.scalar(select(Order).join(
            StatusHistory, StatusHistory.order_id == Order.id).where(
            StatusHistory.site_id == site_id).order_by(Order.order_date.desc()).limit(1))
        if order is None:
            raise UserError(f"По площадке № {site.number or site_id} приказов нет.")
        return order
    meeting = load_meeting(s, meeting_id or 0)
    orders = list(s.scalars(select(Order).join(Decision, Decision.order_id == Order.id).where(
        Decision.meeting_id == meeting.id).distinct()))
    numbers = sorted({(o.number, o.order_date) for o in orders})
    if not numbers:
        raise UserError(f"По решениям заседания {meeting.meeting_date:%d.%m.%Y} приказ ещё "
                        "не издан.")
    if len(numbers) > 1:
        listed = ", ".join(f"№ {n} от {d:%d.%m.%Y}" for n, d in numbers)
        raise UserError(f"По решениям заседания изданы приказы {listed}: укажите площадку "
                        "или заявку.")
    return orders[0]


def order_data(db: Database, *, site_id: int | None = None, app_id: int | None = None,
               meeting_id: int | None = None) -> Document:
    """The order of a site, an application or a meeting's decisions, with its appendix."""
    with db.session() as s:
        order = _find_order(s, site_id=site_id, app_id=app_id, meeting_id=meeting_id)
        rows = s.execute(
            select(Decision, Site, Organisation.full_name, Order.id)
            .join(Order, Order.id == Decision.order_id)
            .outerjoin(Application, Application.id == Decision.application_id)
            .join(Site, Site.id == Decision.site_id)
            .join(Organisation, Organisation.id == Site.organisation_id)
            .where(Order.number == order.number, Order.order_date == order.order_date)
            .order_by(Site.number, Decision.id)).all()
        if not rows:
            raise UserError(f"В приказе № {order.number} нет площадок: приложение пусто.")
        profile = get_profile(rows[0][1].profile_id)
        kind = profile.kind(rows[0][1].kind_code)
        stage = kind.stage("order")
        doc = envelope(s, "order", "Приказ", profile, stage, kind=kind_info(kind))
        # the regulation names the issuer (Омск: the department); else as recorded
        issuer = (stage.issuer if stage else "") or order.issued_by or doc.centre.name
        actions = []
        for no, (decision, site, org_name, _oid) in enumerate(rows, 1):
            site_kind = profile.kind(site.kind_code)
            action = decision.outcome if decision.outcome in ACTION_TEXT else "assign"
            actions.append(action)
            doc.items.append(OrderRow(no, site.number, org_name, site_kind.name, site.theme,
                                      decision.term_start or site.term_start,
                                      decision.term_end or site.term_end, action,
                                      ACTION_TEXT[action], decision.ground_text))
        first = max(set(actions), key=actions.count)
        by_centre = issuer in (doc.centre.name, doc.centre.short_name)
        body = profile.body_of(stage)
        doc.order = OrderInfo(order.id, order.number, order.order_date, issuer,
                              TITLES[first].format(genitive=kind.genitive or kind.name),
                              doc.centre.founder if by_centre else "",
                              doc.centre.city if by_centre else (
                                  body.city or profile.municipality),
                              draft=body.outside and not by_centre,
                              operative=stage.operative if stage else "ПРИКАЗЫВАЮ:")
        doc.number, doc.date = order.number, order.order_date
        meetings = s.execute(select(CouncilMeeting.body, CouncilMeeting.meeting_date,
                                    CouncilMeeting.protocol_number).join(
            Decision, Decision.meeting_id == CouncilMeeting.id).where(
            Decision.id.in_([r[0].id for r in rows])).distinct()
            .order_by(CouncilMeeting.meeting_date)).all()
        basis = [f"протокола заседания{' ' + genitive(body) if body else ''} от "
                 f"{long_date(day)}" + (f" № {protocol}" if protocol else "")
                 for body, day, protocol in meetings]
        doc.basis = "; ".join(basis)
        doc.links = {"order_id": order.id}
        if site_id is not None:
            doc.links["site_id"] = site_id
        if app_id is not None:
            doc.links["application_id"] = app_id
        return doc
