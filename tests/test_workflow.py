"""The workflow as the profiles say: transitions, terms, rules, the Омск score, the cycle."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.errors import UserError, ValidationError
from desktop.models import Certificate, Organisation, Person, Site, StatusHistory
from desktop.profiles import get_profile
from desktop.services import applications as apps
from desktop.workflow import (
    TRANSITIONS,
    WorkflowError,
    check_transition,
    compute_term,
    events_per_task,
    extend_term,
    mean_total,
    prefill_defects,
    score_sheet,
)
from desktop.workflow.rules import leader_verdict, reapply_verdict, window_verdict

D = dt.date
OMSK = get_profile("omsk")
CRIT = OMSK.criteria["omsk"]
KEM = get_profile("kemerovo")


def test_every_transition_allowed_and_refused():
    states = list(TRANSITIONS)
    for a in states:
        for b in states:
            if b in TRANSITIONS[a]:
                check_transition(a, b)
            else:
                with pytest.raises(WorkflowError, match="нельзя перевести"):
                    check_transition(a, b)
    # a kind with a review cannot skip it; a kind without one can (the stages decide)
    from desktop.workflow import deciding_stage, require_before

    mip = KEM.kind("МИП")
    with pytest.raises(WorkflowError, match="Рассмотрение заявки экспертной группой"):
        require_before(mip, deciding_stage(mip, {}), {"intake": "2026-01-01"})
    omp = KEM.kind("ОМП")
    require_before(omp, deciding_stage(omp, {}), {"intake": "2026-01-01"})


def test_terms_per_profile():
    start = D(2026, 9, 1)
    assert compute_term(KEM.kind("ОМП"), start) == (start, D(2027, 8, 31))
    yaya = get_profile("yaya").kind("ОСМП")
    assert compute_term(yaya, start, D(2028, 8, 31)) == (start, D(2028, 8, 31))
    with pytest.raises(WorkflowError, match="от 12 до 24"):
        compute_term(yaya, start, D(2029, 8, 31))
    assert compute_term(get_profile("dubna").kind("СтП"), D(2027, 1, 11)) == \
        (D(2027, 1, 11), D(2027, 12, 31))
    assert compute_term(KEM.kind("МИП"), start, D(2029, 6, 30)) == (start, D(2029, 6, 30))
    with pytest.raises(WorkflowError, match="срок реализации проекта"):
        compute_term(KEM.kind("МИП"), start)
    assert extend_term(KEM.kind("ОМП"), D(2027, 8, 31), 12, 0) == D(2028, 8, 31)
    with pytest.raises(WorkflowError, match="не более чем на 12"):
        extend_term(KEM.kind("ОМП"), D(2027, 8, 31), 18, 0)
    with pytest.raises(WorkflowError, match="уже продлевался"):
        extend_term(KEM.kind("ОМП"), D(2028, 8, 31), 6, 1)
    with pytest.raises(WorkflowError, match="не предусматривает"):
        extend_term(KEM.kind("МИП"), D(2028, 8, 31), 6, 0)


def test_profile_rules_with_their_text():
    assert window_verdict(OMSK, D(2026, 10, 1)) is None
    assert window_verdict(OMSK, D(2026, 11, 10)) is None
    late = window_verdict(OMSK, D(2026, 11, 11))
    assert late and late.level == "refuse" and "с 1 октября по 10 ноября" in late.message
    mip = KEM.kind("МИП")
    refusal = [(D(2025, 12, 1), "МИП")]
    assert reapply_verdict(KEM, mip, refusal, D(2026, 11, 30)).blocking
    assert "не ранее чем через год" in reapply_verdict(KEM, mip, refusal, D(2026, 11, 30)).message
    assert reapply_verdict(KEM, mip, refusal, D(2026, 12, 1)) is None
    assert reapply_verdict(OMSK, OMSK.kind("СтП"), refusal, D(2026, 1, 1)) is None
    assert leader_verdict(KEM, "highest") is None and leader_verdict(KEM, "administration") is None
    assert "высшую квалификационную категорию" in leader_verdict(KEM, "first").message


def _scores(value: int = 2, **over: int) -> dict[str, int]:
    return {str(i): over.get(f"c{i}", value) for i in range(1, 13)}


def test_omsk_score_defects_rule_and_band_edges():
    full = score_sheet(CRIT, _scores(), {})
    assert full.total == 24 and full.band == "Высокий уровень" and full.accept
    forced = score_sheet(CRIT, _scores(c4=0), {})
    assert forced.forced_zero == ("8",) and forced.total == 20
    two = score_sheet(CRIT, _scores(), {"F1": True, "F3": True})
    assert two.total == 22
    edges = {10: "Низкий", 11: "Удовлетворительный", 15: "Удовлетворительный", 16: "Средний",
             19: "Средний", 20: "Высокий уровень"}
    for total, level in edges.items():
        scores = {str(i): 0 for i in range(1, 13)}
        left = total
        for i in range(1, 13):
            if i == 8:
                continue
            take = min(2, left)
            scores[str(i)] = take
            left -= take
        assert left == 0
        result = score_sheet(CRIT, scores, {})
        assert (result.total, result.band) == (total, level)
    assert not score_sheet(CRIT, _scores(value=1), {"F4": True}).accept  # 12 - 1 = 11
    with pytest.raises(WorkflowError, match="вне шкалы"):
        score_sheet(CRIT, _scores(c3=3), {})
    assert mean_total([20, 17, 15]) == 17.3


def test_prefilled_defects_and_events_per_task():
    data = {"zayavka": {"org_full_name": "", "direction": "организация сетевого обучения",
                        "protocol": " "}}
    assert prefill_defects(data, CRIT) == {"F1": True, "F2": False, "F3": True}
    plan = [{"task": "1"}, {"task": "1"}, {"task": "2"}, {"task": "x"}]
    assert events_per_task(plan, "Первая задача\nВторая задача\n") == {1: 2, 2: 1}


# --------------------------------------------------------------------------- the cycle


@pytest.fixture
def people(db):
    with db.transaction() as s:
        org = Organisation(full_name="МБОУ «Гимназия № 1»", short_name="Гимназия № 1")
        s.add(org)
        s.flush()
        leader = Person(last_name="Орлова", first_name="Ирина", middle_name="Павловна",
                        category="highest", organisation_id=org.id)
        e1 = Person(last_name="Эксперт", first_name="Первый", is_expert=True)
        e2 = Person(last_name="Эксперт", first_name="Второй", is_expert=True)
        s.add_all([leader, e1, e2])
        s.flush()
        return {"org": org.id, "leader": leader.id, "experts": [e1.id, e2.id]}


def _omsk_draft(people, **docs) -> apps.DraftData:
    zayavka = {f.code: "заполнено" for f in OMSK.form("omsk_zayavka").fields if not f.official}
    zayavka.update(direction=OMSK.directions[6], phone="8 (3812) 11-22-33",
                   email="g1@mail.ru", website="https://g1.ru")
    programma = {f.code: "заполнено" for f in OMSK.form("omsk_programma").fields}
    programma["plan"] = [{"no": "1", "event": "Семинар", "task": "1"},
                         {"no": "2", "event": "Практикум", "task": "1"}]
    return apps.DraftData(profile_id="omsk", kind_code="СтП", organisation_id=people["org"],
                          theme="Сетевое обучение", leader_id=people["leader"],
                          term_end=D(2027, 12, 31),
                          documents={"zayavka": zayavka, "programma": programma, **docs})


def test_omsk_cycle_from_draft_to_order(db, people):
    draft = _omsk_draft(people)
    del draft.documents["programma"]
    app_id = apps.save_draft(db, draft)
    items = {i.code: i.state for i in apps.checklist(db, app_id)}
    assert items == {"zayavka": "present", "programma": "missing"}
    with pytest.raises(WorkflowError, match="Пакет документов неполон"):
        apps.register(db, app_id, day=D(2026, 10, 20))
    full = _omsk_draft(people)
    full.id = app_id
    full.documents["zayavka"]["email"] = "не почта"
    apps.save_draft(db, full)
    bad = {i.code: i for i in apps.checklist(db, app_id)}
    assert bad["zayavka"].state == "invalid" and "не адрес электронной почты" in \
        bad["zayavka"].problems[0]
    full.documents["zayavka"]["email"] = "g1@mail.ru"
    apps.save_draft(db, full)
    number = apps.register(db, app_id, day=D(2026, 10, 20))
    assert number == "2026-0001"
    with db.session() as s:
        from desktop.models import ApplicationDocument

        received = {d.received_on for d in s.scalars(select(ApplicationDocument))}
        assert received == {D(2026, 10, 20)}  # the package's date, not today
    reviews = apps.assign_experts(db, app_id, people["experts"], day=D(2026, 10, 21))
    assert apps.prefilled_defects(db, reviews[0]) == {"F1": False, "F2": False, "F3": False}
    assert apps.save_sheet(db, reviews[0], _scores(), {}, "Рекомендовать", D(2026, 11, 1)) == 24
    with pytest.raises(WorkflowError):
        meeting = apps.create_meeting(db, "omsk", D(2026, 11, 5), "5")
        apps.put_on_agenda(db, meeting, [app_id])  # one sheet is still missing
    apps.save_sheet(db, reviews[1], _scores(c4=0), {"F4": True}, "С доработками", D(2026, 11, 2))
    meeting = apps.create_meeting(db, "omsk", D(2026, 12, 5), "7")
    apps.put_on_agenda(db, meeting, [app_id])
    assert [a[0] for a in apps.agenda(db, meeting)] == [app_id]
    with pytest.raises(ValidationError):
        apps.decide(db, meeting, app_id, "refuse", "no_such_ground")
    apps.decide(db, meeting, app_id, "assign")
    site_id = apps.issue_order(db, app_id, "123-о", D(2026, 12, 20), term_start=D(2027, 1, 1))
    with db.session() as s:
        site = s.get(Site, site_id)
        assert (site.term_start, site.term_end, site.status) == (D(2027, 1, 1), D(2027, 12, 31),
                                                                 "active")
        cert = s.scalar(select(Certificate).where(Certificate.site_id == site_id))
        # one numbering: the site and its certificate keep the application's number
        assert site.number == cert.number == "2026-0001" and cert.order.number == "123-о"
        assert cert.order.issued_by == "Департамент образования Администрации города Омска"
        events = [h.event for h in s.scalars(select(StatusHistory).where(
            StatusHistory.application_id == app_id).order_by(StatusHistory.id))]
        assert events == ["created", "registered", "review_assigned", "reviewed", "on_agenda",
                          "decided", "decided"]


def test_kemerovo_refusal_and_waiting_period(db, people):
    docs = {"zayavlenie": {"org_full_name": "Гимназия", "theme": "Тема", "head_name": "Иванов",
                           "leader": "Орлова И. П."},
            "pasport_proekta": {"project_name": "Проект", "theme": "Тема", "term": "2026–2028",
                                "goal": "Цель", "tasks": "Задачи", "expected": "Итоги"}}
    d = apps.DraftData(profile_id="kemerovo", kind_code="МИП", organisation_id=people["org"],
                       theme="Тема", leader_id=people["leader"], documents=docs)
    first = apps.save_draft(db, d)
    apps.register(db, first, day=D(2026, 2, 2))
    review = apps.assign_experts(db, first, people["experts"][:1], day=D(2026, 2, 3))
    with db.session() as s:
        from desktop.models import Review

        assert s.get(Review, review[0]).due_on == D(2026, 2, 16)  # 14 days from registration
    apps.save_sheet(db, review[0], {}, {}, "Не рекомендовать", D(2026, 2, 10), passed=False)
    meeting = apps.create_meeting(db, "kemerovo", D(2026, 2, 20), "2")
    apps.put_on_agenda(db, meeting, [first])
    apps.decide(db, meeting, first, "refuse", "negative_conclusion")
    second = apps.save_draft(db, apps.DraftData(**{**d.__dict__, "id": None}))
    notes = apps.rule_notes(db, second, D(2026, 11, 1))
    assert any(n.blocking and "не ранее 20.02.2027" in n.message for n in notes)
    with pytest.raises(UserError, match="не ранее 20.02.2027"):
        apps.register(db, second, day=D(2026, 11, 1))
    assert apps.register(db, second, day=D(2027, 2, 20))
    # the waiting period is scoped to the kinds the regulation names: МИП and сетевая МИП
    net = apps.save_draft(db, apps.DraftData(**{**d.__dict__, "id": None,
                                                 "kind_code": "сетевая МИП"}))
    with pytest.raises(UserError, match="не ранее 20.02.2027"):
        apps.register(db, net, day=D(2026, 11, 1))
    omp_docs = {"zayavlenie": docs["zayavlenie"], "info_spravka": {}, "plan_omp": {}}
    omp = apps.save_draft(db, apps.DraftData(
        profile_id="kemerovo", kind_code="ОМП", organisation_id=people["org"], theme="Тема",
        documents=omp_docs, paper={"info_spravka": True, "plan_omp": True}))
    assert apps.register(db, omp, day=D(2026, 11, 1))  # ОМП: no waiting period


def test_extension_and_removal_through_an_order(db, people):
    with db.transaction() as s:
        site = Site(profile_id="kemerovo", kind_code="ОМП", organisation_id=people["org"],
                    theme="Тема", term_start=D(2026, 9, 1), term_end=D(2027, 8, 31))
        s.add(site)
        s.flush()
        site_id = site.id
    apps.change_site(db, site_id, "extend", "45-о", D(2027, 6, 1), months=12)
    with db.session() as s:
        assert s.get(Site, site_id).term_end == D(2028, 8, 31)
    with pytest.raises(WorkflowError, match="уже продлевался"):
        apps.change_site(db, site_id, "extend", "46-о", D(2028, 6, 1), months=6)
    with pytest.raises(ValidationError):
        apps.change_site(db, site_id, "remove", "47-о", D(2027, 9, 1), ground_code="")
    apps.change_site(db, site_id, "remove", "47-о", D(2027, 9, 1), ground_code="late_report")
    with db.session() as s:
        site = s.get(Site, site_id)
        assert site.status == "removed"
        last = s.scalar(select(StatusHistory).where(StatusHistory.site_id == site_id)
                        .order_by(StatusHistory.id.desc()))
        assert last.event == "removed" and "несвоевременное" in last.ground_text.lower()
    with pytest.raises(UserError, match="только действующую"):
        apps.change_site(db, site_id, "complete", "48-о", D(2027, 9, 2))


def test_extension_of_a_site_without_an_end_is_refused_in_words(db, people):
    # an imported registry may leave the end empty: the extension used to fail on None
    with db.transaction() as s:
        site = Site(profile_id="kemerovo", kind_code="ОМП", organisation_id=people["org"],
                    theme="Тема", term_start=D(2026, 9, 1), term_end=None)
        s.add(site)
        s.flush()
        site_id = site.id
    with pytest.raises(WorkflowError, match="не указано окончание срока"):
        apps.change_site(db, site_id, "extend", "45-о", D(2027, 6, 1), months=12)
    with db.session() as s:
        assert s.get(Site, site_id).term_end is None
