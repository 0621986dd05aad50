"""Demo sites: each with its application, order, certificate, partners and history, built
in one seeded pass (`DemoBuilder.build`); then the sites' deadlines and reports."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from desktop.models import (
    Certificate,
    Deadline,
    Decision,
    Order,
    Report,
    ReportRow,
    Site,
    SitePartner,
    StatusHistory,
)
from desktop.profiles import Kind, Profile
from desktop.services.demo.applications import Applications
from desktop.services.demo.events import Events
from desktop.services.demo.rows import DemoResult, bulk_insert
from desktop.services.demo.rules import deputy, has_order, in_window, order_day
from desktop.services.demo.words import APP_STATES, LEADER_POSITIONS, demo_term, place_of


class DemoBuilder(Applications, Events):
    """The whole demo: organisations and people, sites with their history, open
    applications at every step."""

    def build(self) -> DemoResult:
        r = self.rnd
        for _ in range(max(6, self.n_sites // 200)):
            self.experts.append(self.person(None, position="методист информационно-методического "
                                                        "центра", expert=True))
        for _ in range(max(4, self.n_sites // 300)):
            self.staff.append(self.person(None, position="методист", staff=True))
        count = max(8, int(self.n_sites * 0.7), len(self.profiles))
        places = [place_of(p) for p in self.profiles]
        orgs = [self.organisation(places[i % len(places)]) for i in range(count)]
        # each profile's own organisations: every len(profiles)-th of them
        self.local_orgs = {p.id: orgs[i::len(self.profiles)] for i, p in enumerate(self.profiles)}
        self.org_index = {o: i for i, o in enumerate(orgs)}
        kinds = [(p, k) for p in self.profiles for k in p.kinds]
        for i in range(self.n_sites):
            profile, kind = kinds[i % len(kinds)] if i < len(kinds) else r.choice(kinds)
            self.site(profile, kind, self.local(profile, r.choice(orgs)), orgs)
            if i % 5000 == 4999:
                self.flush()  # parents first in every batch; memory stays that of 5 000 sites
        # Every profile has an application at every step; larger fills add random ones.
        for profile in self.profiles:
            for state in APP_STATES:
                self.open_application(profile, r.choice(profile.kinds),
                                      self.local(profile, r.choice(orgs)), state)
        for _ in range(self.n_sites // 6 - len(self.profiles) * len(APP_STATES)):
            profile, kind = r.choice(kinds)
            self.open_application(profile, kind, self.local(profile, r.choice(orgs)),
                                  r.choice(APP_STATES))
        self.flush()
        return self.result

    def site(self, profile: Profile, kind: Kind, org: int, orgs: list[int]) -> None:
        r = self.rnd
        today = self.today
        start = self.date_between(today - dt.timedelta(days=3 * 365), today - dt.timedelta(days=20))
        if kind.term.mode == "calendar_year":  # half of them hold the status this year
            year = today.year if r.random() < 0.5 else start.year
            start = dt.date(year, 1, 1)
        end = demo_term(kind, start, r)
        roll = r.random()
        if end < today:
            status = "completed" if roll < 0.8 else "removed"
        else:
            status = "removed" if roll < 0.05 else "active"
        if status == "active":  # one active site of a kind per organisation, as the app asks
            free = self.free_org(profile, kind.code, org)
            org, status = (free, status) if free is not None else (org, "removed")
        theme = self.theme()
        leader = self.person(org, position=deputy(r.choice(LEADER_POSITIONS)),
                             category=r.choice(["administration", "highest"]))
        coleader = r.choice(self.staff) if kind.has_coleader else None
        submitted = in_window(profile, start - dt.timedelta(days=r.randrange(30, 70)))
        site_id = self.ids(Site)
        app_id = self.application(profile, kind, org, "ordered", submitted, theme=theme,
                                  leader=leader, coleader=coleader, site_id=site_id)
        self.reviews(profile, kind, app_id, submitted, scored=True, state="approved", theme=theme)
        meeting = self.meeting(profile, kind, start - dt.timedelta(days=r.randrange(3, 15)))
        number = f"{r.randrange(10, 400)}-о"  # drawn for every kind: the seeded stream stays
        order = (self.add(Order, number=number, order_date=order_day(start),
                          issued_by=kind.order_issuer or profile.operator,
                          title=f"О присвоении статуса {kind.code}")
                 if has_order(kind) else None)
        decision = self.add(Decision, meeting_id=meeting, application_id=app_id, site_id=site_id,
                            outcome="assign", ground_code="", ground_text="", term_start=start,
                            term_end=end, order_id=order, notes="")
        direction = r.choice(profile.directions) if profile.directions else ""
        self.add(
            Site, id=site_id, number=f"{start.year}-{site_id:05d}", profile_id=profile.id,
            kind_code=kind.code, organisation_id=org, theme=theme, direction=direction,
            project_name=f"Программа «{theme}»", term_start=start, term_end=end,
            leader_id=leader, coleader_id=coleader, status=status, notes="",
        )
        hist = dict(site_id=site_id, application_id=None, ground_code="", ground_text="",
                    note="", os_user="demo")
        self.add(StatusHistory, happened_on=start, event="assigned", from_status="",
                 to_status="active", decision_id=decision, order_id=order, **hist)
        issued = start + dt.timedelta(days=r.randrange(1, 10))
        self.add(Certificate, site_id=site_id, number=f"{start.year}/{site_id:05d}",
                 issued_on=issued, order_id=order,
                 published_on=issued + dt.timedelta(days=r.randrange(1, 6)),
                 org_published_on=(issued + dt.timedelta(days=r.randrange(1, 9))
                                   if r.random() < 0.85 else None), annulled=False)
        if kind.network:
            partners = [self.local(profile, o)
                        for o in r.sample(orgs, k=min(len(orgs), r.randrange(2, 5)))]
            for partner in dict.fromkeys(partners):
                if partner != org:
                    self.add(SitePartner, site_id=site_id, organisation_id=partner,
                             functions="реализация мероприятий сетевого плана")
        if status == "completed":
            self.add(StatusHistory, happened_on=end, event="completed", from_status="active",
                     to_status="completed", decision_id=None, order_id=None, **hist)
        elif status == "removed":
            ground = kind.removal_grounds[0] if kind.removal_grounds else None
            self.add(StatusHistory, happened_on=self.date_between(start, min(end, today)),
                     event="removed", from_status="active", to_status="removed",
                     decision_id=None, order_id=None,
                     **{**hist, "ground_code": ground.code if ground else "",
                        "ground_text": ground.text if ground else ""})
        self.events(profile, site_id, org, orgs, start, min(end, today + dt.timedelta(days=90)))
        self.result.sites += 1
        self.result.by_profile[profile.id] = self.result.by_profile.get(profile.id, 0) + 1


def demo_deadlines_and_reports(s: Session, today: dt.date, rnd: random.Random) -> None:
    """Compute every deadline, then mark most past ones done (a few late, a few missing)
    and record the reports received, with Appendix 4 rows for Омск."""
    from desktop.services.deadlines import recompute

    recompute(s, today=today)
    rows = s.execute(select(Deadline.id, Deadline.site_id, Deadline.due_on, Deadline.kind,
                            Deadline.what, Deadline.due_key, Site.profile_id)
                     .join(Site, Site.id == Deadline.site_id)
                     .where(Deadline.due_on < today).order_by(Deadline.id)).all()
    done: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    report_rows: list[dict[str, Any]] = []
    next_report = (s.scalar(select(func.max(Report.id))) or 0) + 1
    # Every profile keeps at least one overdue item: its most recent past deadline.
    keep_overdue = {}
    for d_id, _site, _due, _kind, _what, _key, profile_id in rows:
        keep_overdue[profile_id] = d_id
    for d_id, site_id, due, kind, what, key, profile_id in rows:
        roll = rnd.random()
        if roll < 0.12 or keep_overdue.get(profile_id) == d_id:
            continue  # left overdue
        late = roll < 0.22
        assert due is not None  # selected by due_on < today
        received = due + dt.timedelta(days=rnd.randrange(3, 25) if late
                                      else -rnd.randrange(0, 6))
        received = min(received, today)
        done.append({"b_id": d_id, "done": received})
        if kind != "report":
            continue
        reports.append({"id": next_report, "site_id": site_id, "deadline_id": d_id,
                        "title": what, "period": key, "received_on": received,
                        "attachment_id": None, "form_data": {},
                        "analysis": "Материалы размещены на официальном сайте ОО: "
                                    "https://school.example.ru/innovation"})
        if profile_id == "omsk":
            for pos in range(rnd.randrange(1, 4)):
                report_rows.append({
                    "report_id": next_report, "position": pos, "event_id": None,
                    "name": f"Семинар-практикум № {pos + 1}", "date_text": f"{due:%m.%Y}",
                    "practices": "Трансляция эффективной практики по направлению площадки",
                    "participants": rnd.randrange(8, 40), "organisations": "МБОУ «СОШ № 12»",
                    "results": "Методические рекомендации"})
        next_report += 1
    if done:
        table = cast(Table, Deadline.__table__)
        s.execute(update(table).where(table.c.id == bindparam("b_id"))
                  .values(done_on=bindparam("done")), done)
    bulk_insert(s, Report, reports)
    bulk_insert(s, ReportRow, report_rows)
