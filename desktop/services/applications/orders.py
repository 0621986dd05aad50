"""Orders: the order that assigns the status (site, term, certificate) and later orders
that extend, remove or complete a site."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from desktop.errors import NotFoundError, ValidationError
from desktop.models import (
    Certificate,
    Decision,
    Order,
    Site,
    SitePartner,
    StatusHistory,
)
from desktop.profiles import get_profile
from desktop.services.applications.common import _app
from desktop.services.common import add_history, audit, next_number
from desktop.services.deadlines import recompute
from desktop.storage import Database
from desktop.validation import clean_text
from desktop.workflow import (
    WorkflowError,
    check_transition,
    compute_term,
    extend_term,
)


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


