"""Orders: the order that assigns the status (site, term, certificate) and later orders
that extend, remove or complete a site."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.models import (
    Certificate,
    Decision,
    Order,
    Site,
    SitePartner,
    StatusHistory,
)
from desktop.profiles import Stage
from desktop.services.applications.common import _app, profile_kind
from desktop.services.applications.stages import (
    apply_verdicts,
    done_map,
    late_verdicts,
    mark_done,
    next_registry_number,
)
from desktop.services.common import add_history, audit, get_setting
from desktop.services.deadlines import recompute
from desktop.storage import Database
from desktop.validation import clean_text
from desktop.workflow import (
    FINAL,
    WorkflowError,
    assigning_stage,
    check_transition,
    compute_term,
    extend_term,
    require_before,
)


def _issuer(s: Session, stage: Stage | None) -> str:
    """Who issues a document of this stage: the profile's issuer, else the centre."""
    return (stage.issuer if stage and stage.issuer else "") or str(
        get_setting(s, "centre.name", "") or "")


def issue_order(db: Database, app_id: int, number: str, day: dt.date, *,
                term_start: dt.date | None = None, term_end: dt.date | None = None,
                issued_by: str = "", override: str = "") -> int:
    """The document that assigns the status — the order, or the certificate where the
    regulation has no order — creates the site with its term, the certificate and history.
    Checked against the stage's deadline (Омск: приказ не позднее 25 декабря)."""
    number = clean_text(number, 50, "Номер приказа")
    if not number:
        raise ValidationError({"number": "Укажите номер приказа."})
    with db.transaction() as s:
        app = _app(s, app_id)
        profile, kind = profile_kind(app)
        stage = assigning_stage(kind)
        require_before(kind, stage, done_map(app))
        if app.state in FINAL:
            check_transition(app.state, "ordered")
        start, end = compute_term(kind, term_start or day, term_end or app.term_end)
        apply_verdicts(s, app, late_verdicts(s, profile, kind, app, stage, day), override, day,
                       stage.name)
        decision = s.scalar(select(Decision).where(Decision.application_id == app_id,
                                                   Decision.outcome == "assign")
                            .order_by(Decision.id.desc()))
        if decision is None:  # intake → act (Выселки): the act itself is the decision
            decision = Decision(meeting_id=None, application_id=app_id, outcome="assign")
            s.add(decision)
            s.flush()
        order = None
        if stage.type == "order":
            order = Order(number=number, order_date=day,
                          issued_by=issued_by or _issuer(s, stage),
                          title=f"О присвоении статуса {kind.genitive or kind.name}")
            s.add(order)
            s.flush()
        site_number = app.reg_number
        if not site_number or s.scalar(select(Site.id).where(Site.number == site_number)):
            site_number = next_registry_number(s, day.year)
        site = Site(profile_id=app.profile_id, kind_code=app.kind_code, number=site_number,
                    organisation_id=app.organisation_id, theme=app.theme,
                    direction=app.direction, project_name=app.project_name,
                    term_start=start, term_end=end, leader_id=app.leader_id,
                    coleader_id=app.coleader_id, status="active")
        s.add(site)
        s.flush()
        for p in app.partners:
            s.add(SitePartner(site_id=site.id, organisation_id=p.organisation_id,
                              functions=p.functions))
        old = app.state
        app.site_id, app.state = site.id, "ordered"
        mark_done(app, stage, day)
        if decision is not None:
            decision.order_id = order.id if order else None
            decision.site_id = site.id
            decision.term_start, decision.term_end = start, end
        basis = (f"приказ № {number} от {day:%d.%m.%Y}" if order else
                 f"свидетельство № {number} от {day:%d.%m.%Y}")
        add_history(s, event="decided", application_id=app_id, on=day, from_status=old,
                    to_status="ordered", order_id=order.id if order else None,
                    note=f"{stage.name}: {basis}")
        add_history(s, event="assigned", site_id=site.id, on=start, to_status="active",
                    decision_id=decision.id if decision else None,
                    order_id=order.id if order else None, note=basis)
        cert_stage = kind.stage("certificate")
        if cert_stage is not None:
            cert = Certificate(site_id=site.id, number=number if not order else site.number,
                               issued_on=day, order_id=order.id if order else None)
            s.add(cert)
            mark_done(app, cert_stage, day)
            add_history(s, event="certificate_issued", site_id=site.id, on=day,
                        note=f"свидетельство № {cert.number}")
        audit(s, "create", "site", site.id, f"Присвоен статус: {basis}", site_id=site.id)
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
        _, kind = profile_kind(site)
        order = Order(number=clean_text(order_number, 50, "Номер приказа"), order_date=day,
                      issued_by=_issuer(s, kind.stage("order")))
        s.add(order)
        s.flush()
        if action == "extend":
            if site.term_end is None:  # an imported registry may leave it empty
                raise WorkflowError("У площадки не указано окончание срока — продлевать нечего. "
                                    "Укажите его в карточке площадки.")
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


