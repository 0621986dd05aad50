"""Deadlines in the database: recomputation from the profiles, listing, states.

`recompute(s, ...)` is idempotent: an occurrence is identified by (site or application,
rule code, occurrence key), so a term change moves the due date of the rows it touches,
new occurrences are added, occurrences no longer produced are removed unless done or set
by hand, and what was done stays done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from desktop.deadlines import (
    Anchors,
    WorkCalendar,
    add_months,
    late_days,
    occurrences,
    state_of,
)
from desktop.errors import ProfileError
from desktop.models import Application, CalendarDay, Certificate, Deadline, Organisation, Site
from desktop.profiles import SOURCE_NAMES, DeadlineRule, Profile, all_profiles
from desktop.services.common import get_setting
from desktop.storage import Database

HORIZON_YEARS = 2
CLOSED_APPLICATION_STATES = ("refused", "withdrawn")
OFF_SETTING = "deadlines.off"  # centre-adopted rules the centre switched off: "profile/kind/rule"


def work_calendar(s: Session) -> WorkCalendar:
    """The one working-day calendar: public holidays plus the user's transfers."""
    return WorkCalendar({d.day: d.is_working for d in s.scalars(select(CalendarDay))})


def _profiles() -> dict[str, Profile]:
    return {p.id: p for p in all_profiles()}


def rule_key(profile_id: str, kind_code: str, rule_code: str) -> str:
    """How a centre-adopted rule is named in the switched-off setting ("" kind: a duty)."""
    return f"{profile_id}/{kind_code}/{rule_code}"


def switched_off(s: Session) -> set[str]:
    """The centre-adopted deadline rules the centre switched off in the settings."""
    return set(get_setting(s, OFF_SETTING, []) or [])


def _rules(profile: Profile, kind_code: str, applies_to: str,
           off: set[str]) -> list[DeadlineRule]:
    try:
        kind = profile.kind(kind_code)
    except ProfileError:  # a kind removed from a user's profile: keep what exists
        return []
    return [r for r in kind.deadlines if r.applies_to == applies_to
            and not (r.source == "centre" and rule_key(profile.id, kind_code, r.code) in off)]


# site_id, application_id, profile_id (centre duties only), rule, occurrence
Key = tuple[int | None, int | None, str | None, str, str]


def _site_targets(profiles: dict[str, Profile], cal: WorkCalendar, today: dt.date,
                  sites: Iterable[tuple], certs: dict[int, dt.date],
                  off: set[str]) -> dict[Key, tuple]:
    out: dict[Key, tuple] = {}
    horizon = add_months(today, 12 * HORIZON_YEARS)
    for site_id, profile_id, kind_code, start, end, status in sites:
        profile = profiles.get(profile_id)
        if profile is None:
            continue
        stop = horizon if status == "active" else min(horizon, end or today, today)
        anchors = Anchors(term_start=start, term_end=end, certificate_issue=certs.get(site_id),
                          horizon=stop)
        for rule in _rules(profile, kind_code, "site", off):
            for key, due in occurrences(rule, profile, anchors, cal):
                out[(site_id, None, None, rule.code, key)] = (rule.what, rule.kind, due, None)
    return out


def _application_targets(profiles: dict[str, Profile], cal: WorkCalendar,
                         apps: Iterable[tuple], off: set[str]) -> dict[Key, tuple]:
    """A procedure deadline lives until its stage is done and then keeps the date it was
    done (late or not); an application refused or withdrawn drops what was not done."""
    out: dict[Key, tuple] = {}
    for app_id, profile_id, kind_code, reg_date, state, stages_done in apps:
        profile = profiles.get(profile_id)
        if profile is None or reg_date is None:
            continue
        done_map = stages_done or {}
        closed = state in CLOSED_APPLICATION_STATES
        for rule in _rules(profile, kind_code, "application", off):
            for key, due in occurrences(rule, profile, Anchors(registration=reg_date), cal):
                if rule.stage:
                    done = done_map.get(rule.stage)
                    done = dt.date.fromisoformat(done) if done else None
                elif rule.anchor == "window":  # received within the window: met
                    done = reg_date if reg_date <= due else None
                else:
                    done = None
                if done is None and (closed or state == "ordered"):
                    continue
                out[(None, app_id, None, rule.code, key)] = (rule.what, rule.kind, due, done)
    return out


def _centre_targets(profiles: dict[str, Profile], cal: WorkCalendar, today: dt.date,
                    used: dict[str, dt.date], off: set[str]) -> dict[Key, tuple]:
    """The centre's own duties (Дубна: the annual registry), once a year for each profile
    in use, from the first year it was used to the horizon."""
    out: dict[Key, tuple] = {}
    horizon = add_months(today, 12 * HORIZON_YEARS)
    for profile_id, first in used.items():
        profile = profiles.get(profile_id)
        if profile is None:
            continue
        anchors = Anchors(term_start=first, horizon=min(horizon, dt.date(today.year, 12, 31)))
        for rule in profile.duties:
            if rule.source == "centre" and rule_key(profile.id, "", rule.code) in off:
                continue
            for key, due in occurrences(rule, profile, anchors, cal):
                out[(None, None, profile_id, rule.code, key)] = (rule.what, rule.kind, due, None)
    return out


def recompute(s: Session, *, site_ids: list[int] | None = None,
              application_ids: list[int] | None = None, today: dt.date | None = None) -> int:
    """Bring deadline rows in line with the rules; None ids mean "all" (and then the
    centre's own duties too). Returns the number of rows changed."""
    today = today or dt.date.today()
    profiles = _profiles()
    cal = work_calendar(s)
    off = switched_off(s)
    site_q = select(Site.id, Site.profile_id, Site.kind_code, Site.term_start, Site.term_end,
                    Site.status).where(Site.deleted_at.is_(None))
    cert_q = select(Certificate.site_id, func.min(Certificate.issued_on)).where(
        Certificate.annulled.is_(False)).group_by(Certificate.site_id)
    app_q = select(Application.id, Application.profile_id, Application.kind_code,
                   Application.reg_date, Application.state, Application.stages_done).where(
        Application.state != "draft", Application.deleted_at.is_(None))
    existing_q = select(Deadline.id, Deadline.site_id, Deadline.application_id,
                        Deadline.profile_id, Deadline.rule_code, Deadline.due_key,
                        Deadline.due_on, Deadline.done_on, Deadline.manual, Deadline.what)
    targets: dict[Key, tuple] = {}
    queries = []
    if site_ids is None or site_ids:
        if site_ids is not None:
            site_q = site_q.where(Site.id.in_(site_ids))
            cert_q = cert_q.where(Certificate.site_id.in_(site_ids))
            queries.append(existing_q.where(Deadline.site_id.in_(site_ids)))
        else:
            queries.append(existing_q.where(Deadline.site_id.is_not(None)))
        certs = dict(s.execute(cert_q).all())
        targets.update(_site_targets(profiles, cal, today, s.execute(site_q).all(), certs, off))
    if application_ids is None or application_ids:
        if application_ids is not None:
            app_q = app_q.where(Application.id.in_(application_ids))
            queries.append(existing_q.where(Deadline.application_id.in_(application_ids)))
        else:
            queries.append(existing_q.where(Deadline.application_id.is_not(None)))
        targets.update(_application_targets(profiles, cal, s.execute(app_q).all(), off))
    if site_ids is None and application_ids is None:
        used: dict[str, dt.date] = {}
        for q in (select(Site.profile_id, func.min(Site.term_start)).where(
                      Site.deleted_at.is_(None)).group_by(Site.profile_id),
                  select(Application.profile_id, func.min(Application.reg_date)).where(
                      Application.deleted_at.is_(None)).group_by(Application.profile_id)):
            for pid, first in s.execute(q):
                if first is not None:
                    used[pid] = min(first, used.get(pid, first))
        targets.update(_centre_targets(profiles, cal, today, used, off))
        queries.append(existing_q.where(Deadline.profile_id.is_not(None)))
    existing = [row for q in queries for row in s.execute(q)]
    changes = 0
    seen: set[Key] = set()
    to_delete: list[int] = []
    for row in existing:
        key = (row.site_id, row.application_id, row.profile_id, row.rule_code, row.due_key)
        target = targets.get(key)
        seen.add(key)
        if target is None:
            if row.done_on is None and not row.manual:
                to_delete.append(row.id)
            continue
        what, _kind, due, done = target
        values: dict = {}
        if not row.manual and row.done_on is None and (row.due_on != due or row.what != what):
            values.update(due_on=due, what=what)
        if done is not None and row.done_on != done:
            values["done_on"] = done
        if values:
            s.execute(update(Deadline).where(Deadline.id == row.id).values(**values))
            changes += 1
    if to_delete:
        for i in range(0, len(to_delete), 500):
            s.execute(delete(Deadline).where(Deadline.id.in_(to_delete[i:i + 500])))
        changes += len(to_delete)
    new_rows = [
        {"site_id": k[0], "application_id": k[1], "profile_id": k[2], "rule_code": k[3],
         "due_key": k[4], "what": v[0], "kind": v[1], "due_on": v[2], "done_on": v[3],
         "manual": False, "note": ""}
        for k, v in targets.items() if k not in seen
    ]
    for i in range(0, len(new_rows), 5000):
        s.execute(insert(Deadline), new_rows[i:i + 5000])
    return changes + len(new_rows)


def recompute_site(s: Session, site_id: int, today: dt.date | None = None) -> int:
    return recompute(s, site_ids=[site_id], application_ids=[], today=today)


def recompute_application(s: Session, app_id: int, today: dt.date | None = None) -> int:
    return recompute(s, site_ids=[], application_ids=[app_id], today=today)


def recompute_all(db: Database, today: dt.date | None = None) -> int:
    with db.transaction() as s:
        return recompute(s, today=today)


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
    profiles = _profiles()
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
