"""An application or a site as plain data for `metodist … show/list --json` (and scripts):
every stage that has happened, null where it has not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError
from desktop.models import (
    Application,
    Certificate,
    CouncilMeeting,
    Decision,
    Order,
    Organisation,
    Person,
    Review,
    Site,
    StatusHistory,
)
from desktop.services.applications.common import _app, profile_kind
from desktop.storage import Database
from desktop.workflow import mean_band


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _app_json(s: Session, app: Application, *, full: bool) -> dict[str, Any]:
    profile, kind = profile_kind(app)
    reviews = list(s.scalars(select(Review).where(Review.application_id == app.id)
                             .order_by(Review.id)))
    mean, band = None, ""
    if kind.review and kind.review.criteria:
        mean, band = mean_band(profile.criteria[kind.review.criteria],
                               [r.total for r in reviews if r.submitted_on and r.total is not None])
    row = s.execute(select(Decision, CouncilMeeting).outerjoin(
        CouncilMeeting, CouncilMeeting.id == Decision.meeting_id).where(
        Decision.application_id == app.id).order_by(Decision.id.desc())).first()
    decision = None
    if row is not None:
        d, meeting = row
        decision = {"decision": d.outcome, "date": _iso(meeting.meeting_date if meeting else None),
                    "protocol": meeting.protocol_number if meeting else "",
                    "ground": d.ground_text or None}
    order = None
    site = s.get(Site, app.site_id) if app.site_id else None
    if site is not None:
        o = s.scalar(select(Order).join(Decision, Decision.order_id == Order.id).where(
            Decision.application_id == app.id))
        cert = s.scalar(select(Certificate).where(Certificate.site_id == site.id))
        if o is not None:
            order = {"number": o.number, "date": _iso(o.order_date), "issued_by": o.issued_by}
        elif cert is not None:  # the certificate assigns the status (no order in the profile)
            stage = kind.stage("certificate")
            order = {"number": cert.number, "date": _iso(cert.issued_on),
                     "issued_by": (stage.issuer if stage else "") or None}
    warnings = [h.note for h in s.scalars(select(StatusHistory).where(
        StatusHistory.application_id == app.id,
        StatusHistory.event.in_(("rule_warning", "rule_override"))).order_by(StatusHistory.id))]
    org = s.get(Organisation, app.organisation_id)
    out: dict[str, Any] = {
        "id": app.id, "number": app.reg_number or None, "profile": app.profile_id,
        "kind": app.kind_code, "organisation": org.short_name or org.full_name if org else None,
        "state": app.state, "registered_on": _iso(app.reg_date),
        "stages_done": dict(app.stages_done or {}),
        "mean": mean, "mean_band": band or None, "decision": decision, "order": order,
        "site": site.id if site else None, "warnings": warnings,
    }
    if full:
        out["leader"] = app.leader.full_name if app.leader else None
        out["coleader"] = app.coleader.full_name if app.coleader else None
        out["partners"] = [p.organisation_id for p in app.partners]
        out["documents"] = [{"name": d.title, "present": d.present,
                             "received_on": _iso(d.received_on)} for d in app.documents]
        out["reviews"] = [{"id": r.id, "expert": r.expert.full_name, "total": r.total,
                           "band": r.band or None, "passed": r.passed,
                           "scores": {sc.code: sc.value for sc in r.scores if not sc.is_defect},
                           "submitted_on": _iso(r.submitted_on)} for r in reviews]
    return out


def application_json(db: Database, app_id: int) -> dict[str, Any]:
    with db.session() as s:
        return _app_json(s, _app(s, app_id), full=True)


def applications_json(db: Database, *, profile: str | None = None,
                      state: str | None = None) -> list[dict[str, Any]]:
    stmt = select(Application).where(Application.deleted_at.is_(None)).order_by(Application.id)
    if profile:
        stmt = stmt.where(Application.profile_id == profile)
    if state:
        stmt = stmt.where(Application.state == state)
    with db.session() as s:
        return [_app_json(s, a, full=False) for a in s.scalars(stmt)]


def _site_json(s: Session, site: Site) -> dict[str, Any]:
    org = s.get(Organisation, site.organisation_id)
    leader = s.get(Person, site.leader_id) if site.leader_id else None
    return {"id": site.id, "number": site.number, "organisation": org.short_name or
            org.full_name if org else None, "profile": site.profile_id, "kind": site.kind_code,
            "status": site.status, "term_start": _iso(site.term_start),
            "term_end": _iso(site.term_end), "leader": leader.full_name if leader else None}


def sites_json(db: Database) -> list[dict[str, Any]]:
    with db.session() as s:
        return [_site_json(s, site) for site in s.scalars(
            select(Site).where(Site.deleted_at.is_(None)).order_by(Site.id))]


def site_json(db: Database, site_id: int) -> dict[str, Any]:
    from desktop.services.deadlines import list_deadlines

    with db.session() as s:
        site = s.get(Site, site_id)
        if site is None or site.deleted_at is not None:
            raise NotFoundError(f"Площадка № {site_id} не найдена.")
        out = _site_json(s, site)
        out["version"] = site.version  # `sites edit --if-version` refuses a newer one
        out["history"] = [{"date": _iso(h.happened_on), "event": h.event,
                           "status": h.to_status or None, "note": h.note or None,
                           "ground": h.ground_text or None}
                          for h in s.scalars(select(StatusHistory).where(
                              StatusHistory.site_id == site_id).order_by(StatusHistory.id))]
    out["deadlines"] = [d.to_json() for d in list_deadlines(db, site_id=site_id)]
    return out
