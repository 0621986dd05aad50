"""Deadline rules per profile, calendar edges, recomputation and reports intake."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from desktop.deadlines import Anchors, WorkCalendar, add_months, occurrences, state_of
from desktop.errors import UserError
from desktop.models import CalendarDay, Certificate, Deadline, Organisation, Report, Site
from desktop.profiles import get_profile
from desktop.services import deadlines as svc
from desktop.services.reports import mark_received, removal_ground_suggestions

from conftest import run_cli

D = dt.date
CAL = WorkCalendar()


def _rules(profile_id: str, kind: str) -> dict:
    return {r.code: r for r in get_profile(profile_id).kind(kind).deadlines}


def _occ(profile_id: str, kind: str, code: str, anchors: Anchors, cal: WorkCalendar = CAL):
    return occurrences(_rules(profile_id, kind)[code], get_profile(profile_id), anchors, cal)


def test_month_arithmetic_clamps_to_month_end_and_leap_day():
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert add_months(D(2027, 8, 31), 6) == D(2028, 2, 29)
    assert add_months(D(2028, 2, 29), 12) == D(2029, 2, 28)
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)


def test_working_days_come_from_the_holiday_library_and_user_transfers():
    assert not CAL.is_working(D(2026, 11, 4))  # День народного единства
    assert not CAL.is_working(D(2026, 1, 7))
    assert CAL.is_working(D(2026, 11, 5))
    assert CAL.roll(D(2026, 11, 4), "next_working_day") == D(2026, 11, 5)
    assert CAL.roll(D(2026, 11, 8), "previous_working_day") == D(2026, 11, 6)
    assert CAL.roll(D(2026, 11, 8), "none") == D(2026, 11, 8)
    custom = WorkCalendar({D(2026, 11, 7): True, D(2026, 11, 5): False})
    assert custom.is_working(D(2026, 11, 7)) and not custom.is_working(D(2026, 11, 5))
    assert custom.roll(D(2026, 11, 4), "next_working_day") == D(2026, 11, 6)


def test_kemerovo_mip_rules():
    a = Anchors(registration=D(2026, 3, 2), term_start=D(2026, 8, 31), term_end=D(2028, 8, 30),
                certificate_issue=D(2026, 9, 3))
    half = _occ("kemerovo", "МИП", "report_6m", a)
    assert [k for k, _ in half] == ["1", "2", "3"]
    assert half[0][1] == D(2027, 3, 1)  # 28.02.2027 is a Sunday → next working day
    assert half[1][1] == D(2027, 8, 31)
    annual = _occ("kemerovo", "МИП", "report_annual", a)
    assert [d for _, d in annual] == [D(2027, 8, 31)]
    assert _occ("kemerovo", "МИП", "report_final", a) == [("once", D(2028, 8, 30))]
    assert _occ("kemerovo", "МИП", "certificate_published", a) == [("once", D(2026, 9, 8))]
    assert _occ("kemerovo", "МИП", "review_14", a) == [("once", D(2026, 3, 16))]


def test_omp_term_end_and_extension_request():
    a = Anchors(term_start=D(2026, 9, 1), term_end=D(2027, 8, 31))
    assert _occ("kemerovo", "ОМП", "term_end", a) == [("once", D(2027, 8, 31))]
    assert _occ("kemerovo", "ОМП", "extension_request", a) == [("once", D(2027, 7, 31))][:0] or \
        _occ("kemerovo", "ОМП", "extension_request", a) == [("once", D(2027, 8, 2))]
    kind = get_profile("kemerovo").kind("ОМП")
    assert kind.extension.max_months == 12


def test_yaya_term_end_and_contest():
    a = Anchors(term_start=D(2026, 9, 1), term_end=D(2028, 8, 31))
    assert _occ("yaya", "ОСМП", "term_end", a) == [("once", D(2028, 8, 31))]
    assert _occ("yaya", "ОСМП", "contest", a) == [("once", D(2029, 2, 28))]


def test_omsk_may_and_december_reports_on_the_last_working_day():
    a = Anchors(term_start=D(2025, 12, 25), term_end=D(2027, 12, 31))
    may = _occ("omsk", "СтП", "report_may", a)
    dec = _occ("omsk", "СтП", "report_december", a)
    assert may == [("2026", D(2026, 5, 29)), ("2027", D(2027, 5, 31))]
    # 31.12.2026 is a day off in the Russian calendar, so the report is due on the 30th.
    assert [k for k, _ in dec] == ["2025", "2026", "2027"]
    assert dec[1] == ("2026", D(2026, 12, 30))
    for _, day in dec:
        assert CAL.is_working(day) and day.month == 12
        assert not any(CAL.is_working(day + dt.timedelta(days=i)) for i in range(1, 32 - day.day))
    demand = _occ("omsk", "СтП", "demand_check", a)
    assert demand[0] == ("1", D(2026, 6, 25))


def test_omsk_procedure_deadlines_for_an_application():
    a = Anchors(registration=D(2026, 10, 20))
    assert _occ("omsk", "СтП", "application_window_end", a) == [("2026", D(2026, 11, 10))]
    assert _occ("omsk", "СтП", "review_by", a) == [("2026", D(2026, 12, 10))]
    assert _occ("omsk", "СтП", "order_by", a) == [("2026", D(2026, 12, 25))]
    # 10 December 2028 is a Sunday: "до 10 декабря" moves back to Friday.
    assert _occ("omsk", "СтП", "review_by", Anchors(registration=D(2028, 10, 2))) == \
        [("2028", D(2028, 12, 8))]


def test_dubna_and_vyselki_yearly_rules():
    a = Anchors(term_start=D(2026, 1, 1), term_end=D(2026, 12, 31))
    assert _occ("dubna", "СтП", "term_end", a) == [("once", D(2026, 12, 31))]
    assert _occ("vyselki", "КИП", "annual_plan", a) == [("2026", D(2026, 1, 30))]


def test_deadline_falling_on_a_holiday_moves_per_the_profile():
    a = Anchors(certificate_issue=D(2026, 10, 30))  # + 5 days = 4 November, a holiday
    # The Кемерово publication rule says "в течении 5 дней": roll = none, it stays.
    assert _occ("kemerovo", "МИП", "certificate_published", a) == [("once", D(2026, 11, 4))]
    a = Anchors(term_start=D(2026, 5, 4), term_end=D(2028, 5, 3))
    # 4 May 2027 + 6 months... the half-year report of 4.11.2026 moves to 5.11.2026.
    assert _occ("kemerovo", "МИП", "report_6m", a)[0] == ("1", D(2026, 11, 5))


def test_states():
    today = D(2026, 11, 23)
    assert state_of(D(2026, 11, 20), None, today) == "overdue"
    assert state_of(D(2026, 11, 30), None, today) == "soon"
    assert state_of(D(2026, 12, 1), None, today) == "upcoming"
    assert state_of(D(2026, 11, 20), D(2026, 11, 25), today) == "done"


def _site(s, **kw) -> Site:
    org = Organisation(full_name="МБОУ «Школа № 1»", short_name="Школа № 1")
    s.add(org)
    s.flush()
    site = Site(organisation_id=org.id, theme="Тема", status="active", **kw)
    s.add(site)
    s.flush()
    return site


def test_term_change_moves_deadlines_and_keeps_what_was_done(db):
    today = D(2026, 11, 23)
    with db.transaction() as s:
        site = _site(s, profile_id="kemerovo", kind_code="ОМП", term_start=D(2026, 1, 12),
                     term_end=D(2027, 1, 11))
        svc.recompute_site(s, site.id, today=today)
        site_id = site.id
    rows = svc.list_deadlines(db, site_id=site_id, today=today)
    end = next(r for r in rows if r.rule_code == "term_end")
    assert end.due == D(2027, 1, 11)
    with db.transaction() as s:
        s.get(Deadline, end.id).done_on = D(2026, 11, 1)
        ext = next(r for r in rows if r.rule_code == "extension_request")
        site = s.get(Site, site_id)
        site.term_end = D(2028, 1, 11)  # extended by a year
        svc.recompute_site(s, site_id, today=today)
    after = {r.rule_code: r for r in svc.list_deadlines(db, site_id=site_id, today=today)}
    assert after["term_end"].due == D(2027, 1, 11) and after["term_end"].state == "done"
    assert after["extension_request"].id == ext.id
    assert after["extension_request"].due == D(2027, 12, 13)  # 11.12.2027 is a Saturday


def test_manual_date_for_a_rule_on_request_survives_recompute(db):
    today = D(2026, 11, 23)
    with db.transaction() as s:
        site = _site(s, profile_id="kemerovo", kind_code="МИП", term_start=D(2026, 3, 2),
                     term_end=D(2028, 3, 1))
        svc.recompute_site(s, site.id, today=today)
        site_id = site.id
    first = next(r for r in svc.list_deadlines(db, site_id=site_id, today=today)
                 if r.rule_code == "report_6m")
    svc.set_due_date(db, first.id, D(2026, 9, 15))
    svc.recompute_all(db, today=today)
    again = next(r for r in svc.list_deadlines(db, site_id=site_id, today=today)
                 if r.id == first.id)
    assert again.due == D(2026, 9, 15) and again.manual


def test_user_transfer_in_settings_changes_the_computed_date(db):
    today = D(2026, 5, 1)
    with db.transaction() as s:
        site = _site(s, profile_id="omsk", kind_code="СтП", term_start=D(2026, 1, 12),
                     term_end=D(2027, 12, 31))
        svc.recompute_site(s, site.id, today=today)
        site_id = site.id
    may = next(r for r in svc.list_deadlines(db, site_id=site_id, today=today)
               if r.rule_code == "report_may")
    assert may.due == D(2026, 5, 29)
    with db.transaction() as s:
        s.add(CalendarDay(day=D(2026, 5, 29), is_working=False, note="перенос"))
        svc.recompute_site(s, site_id, today=today)
    may = next(r for r in svc.list_deadlines(db, site_id=site_id, today=today)
               if r.rule_code == "report_may")
    assert may.due == D(2026, 5, 28)


def test_report_received_late_is_flagged_and_offers_the_removal_ground(db):
    today = D(2026, 11, 23)
    with db.transaction() as s:
        site = _site(s, profile_id="kemerovo", kind_code="МИП", term_start=D(2025, 9, 1),
                     term_end=D(2028, 8, 31))
        s.add(Certificate(site_id=site.id, number="2025/1", issued_on=D(2025, 9, 3)))
        svc.recompute_site(s, site.id, today=today)
        site_id = site.id
    rows = svc.list_deadlines(db, site_id=site_id, today=today)
    report = next(r for r in rows if r.rule_code == "report_6m" and r.due == D(2026, 3, 2))
    assert report.state == "overdue"
    assert [g.code for g in removal_ground_suggestions(db, site_id, today)] == ["late_report"]
    got = mark_received(db, report.id, D(2026, 3, 20))
    assert got.late and got.days_late == 18
    row = next(r for r in svc.list_deadlines(db, site_id=site_id, today=today)
               if r.id == report.id)
    assert row.state == "done" and row.done_on == D(2026, 3, 20)
    with pytest.raises(UserError, match="уже отмечен"):
        mark_received(db, report.id, D(2026, 3, 21))
    on_time = next(r for r in rows if r.rule_code == "report_6m" and r.due > D(2026, 3, 2))
    assert not mark_received(db, on_time.id, on_time.due).late
    with db.session() as s:
        assert s.scalar(select(Deadline.done_on).where(Deadline.id == on_time.id)) == on_time.due


def test_deadlines_json_on_demo_lists_overdue_and_upcoming_of_every_profile(demo_db):
    proc = run_cli("deadlines", "--json", "--today", "2026-11-23", "--db", str(demo_db.path))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    required = {"site", "organisation", "kind", "what", "due", "state", "done_on"}
    assert all(required <= set(item) for item in data)
    states: dict[str, set[str]] = {}
    for item in data:
        states.setdefault(item["profile"], set()).add(item["state"])
    for profile in ("kemerovo", "yaya", "omsk", "vyselki", "dubna"):
        assert "overdue" in states[profile], profile
        assert states[profile] & {"upcoming", "soon"}, profile
    proc = run_cli("deadlines", "--json", "--from", "2026-12-01", "--to", "2026-12-31",
                   "--today", "2026-11-23", "--db", str(demo_db.path))
    dec = json.loads(proc.stdout)
    assert dec and all("2026-12-01" <= d["due"] <= "2026-12-31" for d in dec)


def test_ics_file_is_valid_icalendar(demo_db, tmp_path):
    path = tmp_path / "d.ics"
    proc = run_cli("deadlines", "--ics", str(path), "--from", "2026-12-01", "--to",
                   "2026-12-31", "--db", str(demo_db.path))
    assert proc.returncode == 0, proc.stderr
    raw = path.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    text = raw.decode("utf-8").replace("\r\n ", "")
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") > 0
    assert "DTSTART;VALUE=DATE:202612" in text


def test_editing_a_site_term_in_the_card_service_moves_its_deadlines(demo_db):
    import dataclasses

    from desktop.services.sites import get_detail, save_site

    with demo_db.session() as s:
        site_id = s.scalar(select(Site.id).where(Site.profile_id == "kemerovo",
                                                 Site.kind_code == "ОМП",
                                                 Site.status == "active"))
    data = get_detail(demo_db, site_id).data
    new_end = data.term_end + dt.timedelta(days=365)
    save_site(demo_db, dataclasses.replace(data, term_end=new_end))
    rows = svc.list_deadlines(demo_db, site_id=site_id)
    end = next(r for r in rows if r.rule_code == "term_end")
    assert end.state != "done"
    assert end.due == WorkCalendar().roll(new_end, "next_working_day")


def _stored(db) -> dict[int, tuple]:
    """Every deadline row by id, and every report's link to one."""
    with db.session() as s:
        rows = {d.id: (d.site_id, d.application_id, d.profile_id, d.rule_code, d.due_key,
                       d.what, d.due_on, d.done_on, d.manual) for d in s.scalars(select(Deadline))}
        links = dict(s.execute(select(Report.id, Report.deadline_id)).all())
    return {"rows": rows, "links": links}


def test_recompute_twice_changes_nothing_the_second_time(demo_db):
    today = D(2026, 11, 23)
    svc.recompute_all(demo_db, today=today)
    first = _stored(demo_db)
    assert first["rows"] and any(first["links"].values())
    assert svc.recompute_all(demo_db, today=today) == 0
    assert _stored(demo_db) == first  # same rows under the same ids, reports still linked


def test_a_changed_profile_rule_moves_only_its_own_deadlines(demo_db):
    from desktop.paths import user_profiles_dir
    from desktop.profiles import builtin_dir, reload_profiles

    today = D(2026, 11, 23)
    svc.recompute_all(demo_db, today=today)
    before = _stored(demo_db)
    # The centre's copy of the Омск profile moves the May report from the last working
    # day of May to the 15th.
    text = (builtin_dir() / "omsk.toml").read_text(encoding="utf-8")
    rule = 'code = "report_may"\nwhat = "Отчёт о результатах деятельности (приложение 4) за ' \
           'первое полугодие — май"\nkind = "report"\nanchor = "yearly"\nmonth = 5\nday = 0'
    assert text.count(rule) == 1
    folder = user_profiles_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "omsk.toml").write_text(text.replace('id = "omsk"', 'id = "omsk"\nreplaces = '
                                                   '"omsk"', 1).replace(rule, rule[:-1] + "15"),
                                      encoding="utf-8")
    reload_profiles()
    changed = svc.recompute_all(demo_db, today=today)
    after = _stored(demo_db)
    assert after["links"] == before["links"]
    assert after["rows"].keys() == before["rows"].keys()  # nothing removed, nothing added
    moved = {i for i, row in before["rows"].items() if after["rows"][i] != row}
    assert changed == len(moved) > 0
    roll = get_profile("omsk").roll
    for i in moved:
        old, new = before["rows"][i], after["rows"][i]
        assert old[3] == "report_may" and old[7] is None and not old[8]  # open, computed
        assert new[6] == CAL.roll(D(int(old[4]), 5, 15), roll)
        assert new[:6] == old[:6] and new[7:] == old[7:]
    done_may = [i for i, row in before["rows"].items() if row[3] == "report_may" and row[7]]
    assert all(after["rows"][i] == before["rows"][i] for i in done_may)  # done stays done
