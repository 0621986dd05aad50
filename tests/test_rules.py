"""Each rule of a profile acts as the profile says, with fixed dates: windows, bands
binding the decision, terms, procedure deadlines kept until done and recorded late,
working days, the centre's own duties, and a regulation written only as data."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.deadlines import WorkCalendar
from desktop.errors import UserError
from desktop.models import Deadline, Organisation
from desktop.profiles import get_profile, load_profile_file, reload_profiles
from desktop.services import applications as apps
from desktop.services.deadlines import list_deadlines, recompute_all
from desktop.workflow import RuleRefusal, compute_term
from desktop.workflow.rules import band_verdict, window_verdict

D = dt.date
OMSK = get_profile("omsk")
DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(("day", "inside"), [
    (D(2026, 9, 30), False), (D(2026, 10, 1), True), (D(2026, 10, 20), True),
    (D(2026, 11, 10), True), (D(2026, 11, 11), False), (D(2027, 1, 5), False)])
def test_omsk_window_edges(day, inside):
    v = window_verdict(OMSK, day)
    assert (v is None) == inside
    if v:
        assert v.level == "refuse" and "с 1 октября по 10 ноября" in v.message


def test_window_across_the_new_year_and_29_february():
    p = load_profile_file(DATA / "regional_chain.toml")
    for day in (D(2026, 9, 1), D(2026, 12, 31), D(2027, 1, 1), D(2027, 2, 28), D(2028, 2, 29)):
        assert window_verdict(p, day) is None, day
    assert window_verdict(p, D(2027, 5, 15)) is None  # the second window of the year
    for day in (D(2027, 3, 1), D(2028, 3, 1), D(2026, 8, 31), D(2027, 6, 15)):
        assert window_verdict(p, day).blocking, day
    # the window deadline of a package received in November 2026 is the end of February 2027
    from desktop.deadlines import Anchors, occurrences
    from desktop.profiles import DeadlineRule

    rule = DeadlineRule(code="w", what="окно", kind="procedure", anchor="window", text="x",
                        roll="none")
    assert occurrences(rule, p, Anchors(registration=D(2026, 11, 2)), WorkCalendar()) == [
        ("2027", D(2027, 2, 28))]
    assert occurrences(rule, p, Anchors(registration=D(2027, 11, 2)), WorkCalendar()) == [
        ("2028", D(2028, 2, 29))]


@pytest.mark.parametrize(("mean", "outcome", "refused"), [
    (10, "assign", True), (10.5, "assign", True), (10, "refuse", False),
    (11, "assign", True), (15, "revise", False), (15.5, "assign", True),
    (16, "assign", False), (19, "assign", False), (20, "assign", False)])
def test_omsk_band_edges_bind_the_decision(mean, outcome, refused):
    stp = OMSK.kind("СтП")
    v = band_verdict(OMSK.criteria["omsk"], stp.review, mean, outcome)
    assert (v is not None and v.blocking) == refused


def test_terms_per_profile_and_an_order_in_december():
    dubna = get_profile("dubna").kind("СтП")
    assert compute_term(dubna, D(2026, 3, 2)) == (D(2026, 3, 2), D(2026, 12, 31))
    # «на один календарный год»: an order of 20 December runs to the end of the next year
    assert compute_term(dubna, D(2026, 12, 20)) == (D(2026, 12, 20), D(2027, 12, 31))
    kip = get_profile("vyselki").kind("КИП")  # the ministry's multi-year term is kept
    assert compute_term(kip, D(2026, 1, 15), D(2028, 12, 31)) == (D(2026, 1, 15), D(2028, 12, 31))


def test_transferred_working_saturdays_are_working_days():
    cal = WorkCalendar()
    for day in (D(2024, 12, 28), D(2025, 11, 1), D(2027, 2, 20)):
        assert day.weekday() == 5 and cal.is_working(day), day
    assert not cal.is_working(D(2025, 11, 4)) and not cal.is_working(D(2026, 12, 31))
    assert cal.roll(D(2025, 11, 1), "next_working_day") == D(2025, 11, 1)


def _org(db, name: str = "МБОУ «Школа № 5»") -> int:
    with db.transaction() as s:
        org = Organisation(full_name=name, short_name=name)
        s.add(org)
        s.flush()
        return org.id


def _expert(db, name: str) -> int:
    from desktop.services.people import add_person

    return add_person(db, name, expert=True)


def test_late_review_is_kept_and_recorded_late(db):
    """Кемерово: the expert group has 14 days from registration; a late conclusion closes
    the deadline with its date, and the row stays after the decision."""
    org = _org(db)
    expert = _expert(db, "Петрова Анна Сергеевна")
    app = apps.save_draft(db, apps.DraftData(
        profile_id="kemerovo", kind_code="МИП", organisation_id=org, theme="Тема",
        paper={"zayavlenie": True, "pasport_proekta": True}))
    apps.register(db, app, day=D(2026, 3, 2))
    review = apps.assign_experts(db, app, [expert], day=D(2026, 3, 3))[0]
    apps.save_sheet(db, review, {}, {}, "Рекомендовать", D(2026, 3, 20), passed=True)
    apps.decide_application(db, app, "assign", day=D(2026, 3, 25), protocol="4")
    rows = {d.rule_code: d for d in list_deadlines(db, today=D(2026, 4, 1))}
    late = rows["review_14"]
    assert (late.due, late.done_on, late.late_days, late.state) == \
        (D(2026, 3, 16), D(2026, 3, 20), 4, "done")
    assert late.source == "regulation" and "14 дней" in late.clause
    with db.session() as s:
        note = [h.note for h in apps_history(s, app) if h.event == "rule_warning"]
    assert note and "позже на 4 дн." in note[0]


def apps_history(s, app_id):
    from desktop.models import StatusHistory

    return s.scalars(select(StatusHistory).where(StatusHistory.application_id == app_id))


def test_dubna_duties_are_the_centres_once_a_year(db):
    org = _org(db)
    for n in range(3):
        app = apps.save_draft(db, apps.DraftData(
            profile_id="dubna", kind_code="СтП", organisation_id=org + 0, theme=f"Тема {n}",
            paper={"zayavlenie": True}))
        apps.register(db, app, day=D(2026, 2, 2 + n), override="разные площадки одной ОО"
                      if n else "")
    recompute_all(db, today=D(2026, 11, 23))
    with db.session() as s:
        duties = s.execute(select(Deadline.rule_code, Deadline.due_key).where(
            Deadline.profile_id == "dubna")).all()
    assert sorted(duties) == [("annual_registry", "2026"), ("annual_report", "2026")]
    rows = [d for d in list_deadlines(db, today=D(2026, 11, 23)) if d.centre]
    assert {(d.organisation, d.source) for d in rows} == {("центр", "centre")}


def test_a_regulation_written_only_as_data_runs_end_to_end(db, monkeypatch, tmp_path):
    """Commission (pass/fail, majority) → council → ministry order → certificate."""
    from desktop.paths import user_profiles_dir

    folder = user_profiles_dir()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "regional_chain.toml", folder / "regional.toml")
    reload_profiles()
    org = _org(db, "МАОУ «Гимназия № 9»")
    e1, e2, e3 = (_expert(db, n) for n in ("Ан Ли Ким", "Бо Ен Пак", "Ва Ся Ли"))
    app = apps.save_draft(db, apps.DraftData(
        profile_id="regional", kind_code="РИП", organisation_id=org, theme="Проект",
        paper={"zayavka": True, "project": True, "letter": True}))
    with pytest.raises(UserError, match="вне срока"):
        apps.register(db, app, day=D(2027, 3, 1))
    assert apps.register(db, app, day=D(2027, 2, 28)) == "2027-0001"
    with pytest.raises(UserError, match="Экспертная комиссия"):
        apps.decide_application(db, app, "assign", day=D(2027, 3, 5))  # commission first
    r = apps.assign_experts(db, app, [e1, e2, e3], day=D(2027, 3, 1))
    apps.save_sheet(db, r[0], {}, {}, "", D(2027, 3, 10), passed=True)
    apps.save_sheet(db, r[1], {}, {}, "", D(2027, 3, 11), passed=False)
    apps.save_sheet(db, r[2], {}, {}, "", D(2027, 3, 12), passed=False)
    summary = apps.council_summary(db, app)
    assert summary.verdicts["assign"] and summary.verdicts["assign"].blocking
    with pytest.raises(RuleRefusal, match="большинства экспертов"):
        apps.decide_application(db, app, "assign", day=D(2027, 3, 20), protocol="1")
    with pytest.raises(UserError, match="возможны решения"):
        apps.decide_application(db, app, "revise", day=D(2027, 3, 20), protocol="1")
    apps.decide_application(db, app, "assign", day=D(2027, 3, 20), protocol="1",
                            override="Повторная экспертиза по решению совета")
    site_id = apps.issue_order(db, app, "45-п", D(2027, 4, 1))
    from desktop.services.applications.show import application_json, site_json

    shown = application_json(db, app)
    assert shown["order"]["issued_by"] == "Министерство образования края"
    assert list(shown["stages_done"]) == ["intake", "commission", "council", "ministry",
                                          "certificate"]
    site = site_json(db, site_id)
    assert (site["term_start"], site["term_end"]) == ("2027-04-01", "2030-03-31")
    assert [d["due"] for d in site["deadlines"] if d["rule"] == "annual_report"][:1] == \
        ["2027-06-01"]
