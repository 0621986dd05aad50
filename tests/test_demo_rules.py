"""The demo obeys its profiles: every application checked against its profile's rules by
the rules' own functions (window, bands or pass/fail conclusions), orders only where the
procedure has one and only on working days, one head per organisation, and the centre
described."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select

from desktop.deadlines import WorkCalendar
from desktop.models import Application, Decision, Order, Organisation, Person, Review, Site
from desktop.profiles import get_profile
from desktop.services.centre import load_centre
from desktop.services.demo import fill_demo
from desktop.storage import open_database
from desktop.workflow.rules import band_verdict, pass_fail_verdict, window_verdict

OUTCOMES = {"approved": "assign", "ordered": "assign", "refused": "refuse",
            "revision": "revise"}


def test_every_demo_application_passes_its_profiles_rules(demo_db):
    with demo_db.session() as s:
        apps = s.scalars(select(Application).where(Application.deleted_at.is_(None))).all()
        reviews = defaultdict(list)
        for r in s.scalars(select(Review).where(Review.submitted_on.is_not(None))):
            reviews[r.application_id].append(r)
        checked = defaultdict(int)
        for app in apps:
            profile = get_profile(app.profile_id)
            kind = profile.kind(app.kind_code)
            if app.reg_date is not None:
                assert window_verdict(profile, app.reg_date) is None, (app.id, app.reg_date)
            outcome = OUTCOMES.get(app.state)
            rules = kind.review
            if outcome is None or rules is None:
                continue
            sheets = reviews[app.id]
            if rules.outcome == "pass_fail":
                assert pass_fail_verdict(rules, [bool(r.passed) for r in sheets],
                                         outcome) is None, app.id
            elif rules.criteria:
                crit = profile.criteria[rules.criteria]
                mean = sum(r.total for r in sheets) / len(sheets) if sheets else None
                assert band_verdict(crit, rules, mean, outcome) is None, (app.id, mean)
            checked[app.profile_id] += 1
        assert {"omsk", "kemerovo"} <= set(checked)
        # orders: only where the procedure has one, and on a working day
        calendar = WorkCalendar()
        ordered = s.execute(select(Application.profile_id, Application.kind_code, Order.order_date)
                            .join(Decision, Decision.application_id == Application.id)
                            .join(Order, Order.id == Decision.order_id)).all()
        assert ordered
        for pid, kind_code, day in ordered:
            assert get_profile(pid).kind(kind_code).stage("order") is not None, pid
            assert calendar.is_working(day) and (day.month, day.day) != (1, 1), day
        kemerovo = s.scalars(select(Site.id).where(Site.profile_id == "kemerovo")).all()
        assert kemerovo
        assert not s.scalars(select(Decision.order_id).where(
            Decision.site_id.in_(kemerovo), Decision.order_id.is_not(None))).all()


def test_one_head_per_organisation(demo_db):
    with demo_db.session() as s:
        heads = dict(s.execute(select(Organisation.id, Organisation.head_name)).all())
        for person in s.scalars(select(Person).where(Person.organisation_id.is_not(None))):
            if person.position.lower() in ("директор", "заведующий", "заведующая"):
                assert person.full_name == heads[person.organisation_id], person.full_name


def test_the_demo_describes_its_centre(tmp_path):
    db = open_database(tmp_path / "demo.sqlite3", create=True)
    try:
        fill_demo(db, sites=4, seed=1, today=dt.date(2026, 11, 23))
        centre = load_centre(db)
    finally:
        db.close()
    assert centre.missing == () and "центр" in centre.name and centre.head_name
