"""Deadlines in the database: listing, states, dates set by hand, the calendar's
transfers and the centre's own rules. Recomputation lives in `deadline_recompute`
(re-exported here, where callers have always found it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.deadlines import late_days, state_of
from desktop.deadlines.targets import rule_key
from desktop.models import Application, CalendarDay, Deadline, Organisation, Site
from desktop.profiles import SOURCE_NAMES, all_profiles
from desktop.services.deadline_recompute import (  # callers import them from here
    OFF_SETTING,  # noqa: F401
    profiles_by_id,
    recompute,
    recompute_all,  # noqa: F401
    recompute_application,  # noqa: F401
    recompute_site,  # noqa: F401
    switched_off,
    work_calendar,  # noqa: F401
)
from desktop.storage import Database


@dataclass(slots=True)
class DeadlineRow:
    id: int
    site: int | None
    application: int | None
    site_number: str
    organisation: str
    profile: str
    kind: str
    what: str
    due: dt.date | None
    state: str
    done_on: dt.date | None
    rule_code: str
    deadline_kind: str
    manual: bool
    source: str = "regulation"  # regulation | centre (SOURCE_NAMES gives the Russian)
    clause: str = ""  # the regulation's words, or the centre's note
    late_days: int = 0
    centre: bool = False  # the centre's own duty, not a site's or an application's

    def to_json(self) -> dict:
        return {
            "id": self.id, "site": self.site, "application": self.application,
            "site_number": self.site_number, "organisation": self.organisation,
            "profile": self.profile, "kind": self.kind, "what": self.what,
            "due": self.due.isoformat() if self.due else None, "state": self.state,
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "rule": self.rule_code, "type": self.deadline_kind, "manual": self.manual,
            "source": self.source, "source_name": SOURCE_NAMES.get(self.source, ""),
            "clause": self.clause, "late_days": self.late_days, "centre": self.centre,
        }


def list_deadlines(db: Database, *, date_from: dt.date | None = None,
                   date_to: dt.date | None = None, today: dt.date | None = None,
                   profile_id: str | None = None, kind: str | None = None,
                   site_id: int | None = None, state: str | None = None) -> list[DeadlineRow]:
    """Deadlines of sites and open applications, earliest first."""
    today = today or dt.date.today()
    site_org = select(Site.id.label("sid"), Site.number, Site.profile_id, Site.kind_code,
                      Organisation.short_name).join(
        Organisation, Organisation.id == Site.organisation_id).where(
        Site.deleted_at.is_(None)).subquery()
    app_org = select(Application.id.label("aid"), Application.reg_number,
                     Application.profile_id, Application.kind_code,
                     Organisation.short_name).join(
        Organisation, Organisation.id == Application.organisation_id).subquery()
    stmt = (
        select(Deadline, site_org, app_org)
        .outerjoin(site_org, site_org.c.sid == Deadline.site_id)
        .outerjoin(app_org, app_org.c.aid == Deadline.application_id)
        .where((site_org.c.sid.is_not(None)) | (app_org.c.aid.is_not(None))
               | (Deadline.profile_id.is_not(None)))
        .order_by(Deadline.due_on, Deadline.id)
    )
    if date_from:
        stmt = stmt.where(Deadline.due_on >= date_from)
    if date_to:
        stmt = stmt.where(Deadline.due_on <= date_to)
    if site_id:
        stmt = stmt.where(Deadline.site_id == site_id)
    profiles = profiles_by_id()
    out: list[DeadlineRow] = []
    with db.session() as s:
        for row in s.execute(stmt):
            d: Deadline = row[0]
            if d.site_id is not None:
                number, pid, kcode, org = row.number, row.profile_id, row.kind_code, row.short_name
            elif d.application_id is not None:
                number = f"заявка {row.reg_number}"
                pid, kcode, org = row[-3], row[-2], row[-1]
            else:
                number, pid, kcode, org = "", d.profile_id, "", "центр"
            if profile_id and pid != profile_id:
                continue
            if kind and kcode != kind:
                continue
            st = state_of(d.due_on, d.done_on, today)
            if state and st != state:
                continue
            profile = profiles.get(pid or "")
            rule = profile.rule(kcode or None, d.rule_code) if profile else None
            out.append(DeadlineRow(
                id=d.id, site=d.site_id, application=d.application_id, site_number=number or "",
                organisation=org or "", profile=pid or "", kind=kcode or "", what=d.what,
                due=d.due_on, state=st, done_on=d.done_on, rule_code=d.rule_code,
                deadline_kind=d.kind, manual=d.manual,
                source=rule.source if rule else ("centre" if d.manual else "regulation"),
                clause=rule.text if rule else "", late_days=late_days(d.due_on, d.done_on),
                centre=d.site_id is None and d.application_id is None))
    return out


def set_due_date(db: Database, deadline_id: int, due: dt.date) -> None:
    """Set a date by hand (a rule "по запросу"); recomputation keeps it."""
    with db.transaction() as s:
        d = s.get(Deadline, deadline_id)
        if d is None:
            from desktop.errors import NotFoundError

            raise NotFoundError(f"Срок № {deadline_id} не найден.")
        d.due_on = due
        d.manual = True


def summary(db: Database, today: dt.date | None = None) -> tuple[int, int]:
    """(due this week and not done, overdue) for the start-up summary."""
    today = today or dt.date.today()
    week_end = today + dt.timedelta(days=6 - today.weekday())
    with db.session() as s:
        base = select(func.count()).select_from(Deadline).join(
            Site, Site.id == Deadline.site_id).where(Deadline.done_on.is_(None),
                                                    Site.deleted_at.is_(None),
                                                    Site.status == "active")
        this_week = s.scalar(base.where(Deadline.due_on >= today, Deadline.due_on <= week_end))
        overdue = s.scalar(base.where(Deadline.due_on < today))
    return int(this_week or 0), int(overdue or 0)


def list_transfers(db: Database) -> list[tuple[dt.date, bool, str]]:
    with db.session() as s:
        return [(d.day, d.is_working, d.note)
                for d in s.scalars(select(CalendarDay).order_by(CalendarDay.day))]


def set_transfer(db: Database, day: dt.date, is_working: bool, note: str = "") -> None:
    """Record a transferred day off / working day and move every deadline it affects."""
    with db.transaction() as s:
        row = s.get(CalendarDay, day)
        if row is None:
            s.add(CalendarDay(day=day, is_working=is_working, note=note[:200]))
        else:
            row.is_working, row.note = is_working, note[:200]
        s.flush()
        recompute(s)


def remove_transfer(db: Database, day: dt.date) -> None:
    with db.transaction() as s:
        row = s.get(CalendarDay, day)
        if row is not None:
            s.delete(row)
            s.flush()
            recompute(s)


@dataclass(slots=True)
class CentreRule:
    """A deadline the centre adopted (not set by the regulation), which it may switch off."""

    key: str  # "profile/kind/rule" (kind empty for the centre's own duties)
    profile: str
    kind: str
    what: str
    note: str
    enabled: bool


def centre_rules(db: Database) -> list[CentreRule]:
    with db.session() as s:
        off = switched_off(s)
    out = []
    for p in all_profiles():
        for k in p.kinds:
            for r in k.deadlines:
                if r.source == "centre":
                    key = rule_key(p.id, k.code, r.code)
                    out.append(CentreRule(key, p.name, k.code, r.what, r.text, key not in off))
        for r in p.duties:
            if r.source == "centre":
                key = rule_key(p.id, "", r.code)
                out.append(CentreRule(key, p.name, "центр", r.what, r.text, key not in off))
    return out


def set_centre_rules(db: Database, enabled: dict[str, bool]) -> int:
    """Switch centre-adopted deadlines on or off and recompute; returns rows changed."""
    from desktop.services.common import audit, set_setting

    with db.transaction() as s:
        off = switched_off(s)
        for key, on in enabled.items():
            (off.discard if on else off.add)(key)
        set_setting(s, OFF_SETTING, sorted(off))
        audit(s, "update", "setting", None, "Сроки, принятые в центре: "
              + ", ".join(f"{k} — {'вкл.' if v else 'выкл.'}" for k, v in enabled.items()))
        s.flush()
        return recompute(s)
