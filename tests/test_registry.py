"""The registry service: one query of cheap rows (next open deadline, overdue flag,
certificate), in-memory filters and sorting; the sites service: validation, duplicate
refusal, status history, audit, soft delete and restore."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.models import AuditLog, Certificate, Deadline, Site, StatusHistory
from desktop.services import sites
from desktop.services.registry import (
    RegistryFilter,
    academic_years,
    filter_rows,
    load_rows,
    sort_key,
)

TODAY = dt.date(2026, 11, 23)


def _site_without_deadlines(db) -> int:
    with db.transaction() as s:
        site_id = s.scalar(select(Site.id).where(Site.deleted_at.is_(None)).order_by(Site.id))
        for d in s.scalars(select(Deadline).where(Deadline.site_id == site_id)):
            s.delete(d)
        for c in s.scalars(select(Certificate).where(Certificate.site_id == site_id)):
            s.delete(c)
    return site_id


def _row(db, site_id):
    return next(r for r in load_rows(db, TODAY) if r.id == site_id)


def test_next_open_deadline_overdue_flag_and_certificate_come_from_their_tables(demo_db):
    site_id = _site_without_deadlines(demo_db)
    row = _row(demo_db, site_id)
    assert row.next_due is None and not row.overdue and row.certificate == ""

    def add(due, done=None, what="отчёт"):
        with demo_db.transaction() as s:
            s.add(Deadline(site_id=site_id, rule_code="test", due_key=str(due), what=what,
                           due_on=due, done_on=done))

    add(dt.date(2027, 3, 1))
    add(dt.date(2026, 12, 15))
    add(dt.date(2026, 12, 1), done=dt.date(2026, 11, 20))  # done: not the next one
    row = _row(demo_db, site_id)
    assert row.next_due == dt.date(2026, 12, 15) and not row.overdue
    add(dt.date(2026, 10, 1), done=dt.date(2026, 10, 5))  # late but done: not overdue
    assert not _row(demo_db, site_id).overdue
    add(dt.date(2026, 11, 22))  # yesterday, open
    row = _row(demo_db, site_id)
    assert row.overdue and row.next_due == dt.date(2026, 12, 15)
    assert not next(r for r in load_rows(demo_db, dt.date(2026, 11, 22))
                    if r.id == site_id).overdue, "due today is not overdue yet"

    with demo_db.transaction() as s:
        s.add(Certificate(site_id=site_id, number="С-0001", issued_on=TODAY, annulled=True))
        s.add(Certificate(site_id=site_id, number="С-0002", issued_on=TODAY))
    assert _row(demo_db, site_id).certificate == "С-0002"


def test_rows_carry_the_columns_and_skip_deleted_sites(demo_db):
    rows = load_rows(demo_db, TODAY)
    assert len(rows) == 60
    with demo_db.session() as s:
        site = s.get(Site, rows[0].id)
        org, leader = site.organisation.short_name, site.leader
        r = rows[0]
        assert (r.number, r.organisation, r.kind, r.theme, r.term_start, r.term_end,
                r.status) == (site.number, org, site.kind_code, site.theme, site.term_start,
                              site.term_end, site.status)
        if leader:
            assert r.leader.startswith(leader.last_name)
    assert {r.status_name for r in rows} <= {"действует", "завершена", "статус снят"}
    sites.set_deleted(demo_db, rows[0].id, True)
    assert rows[0].id not in {r.id for r in load_rows(demo_db, TODAY)}


def test_filters_combine_and_search_words_come_in_any_order(demo_db):
    rows = load_rows(demo_db, TODAY)
    r = next(x for x in rows if x.leader)
    surname = r.leader.split()[0]
    org_word = r.organisation.split()[0]
    found = filter_rows(rows, RegistryFilter(text=f"{surname.upper()}   {org_word.lower()}"))
    assert r in found
    assert filter_rows(rows, RegistryFilter(text=surname.replace("ё", "е"))) == \
        filter_rows(rows, RegistryFilter(text=surname))
    kind = filter_rows(rows, RegistryFilter(profile_id=r.profile_id, kind=r.kind))
    assert kind and all(x.profile_id == r.profile_id and x.kind == r.kind for x in kind)
    assert filter_rows(rows, RegistryFilter()) is rows


def test_academic_year_means_the_term_overlaps_september_to_august(demo_db):
    rows = load_rows(demo_db, TODAY)
    base = rows[0]
    cases = {
        "ends_31_aug": (dt.date(2024, 9, 1), dt.date(2026, 8, 31), False),
        "ends_1_sep": (dt.date(2024, 9, 1), dt.date(2026, 9, 1), True),
        "starts_31_aug_2027": (dt.date(2027, 8, 31), dt.date(2029, 8, 30), True),
        "starts_1_sep_2027": (dt.date(2027, 9, 1), dt.date(2029, 8, 30), False),
        "open_end": (dt.date(2020, 1, 1), None, True),
    }
    test_rows = [dataclasses.replace(base, id=i, term_start=a, term_end=b)
                 for i, (a, b, _) in enumerate(cases.values())]
    got = {r.id for r in filter_rows(test_rows, RegistryFilter(year=2026))}
    assert got == {i for i, (_, _, inside) in enumerate(cases.values()) if inside}
    assert 2026 in academic_years(rows) and academic_years(rows) == sorted(
        academic_years(rows), reverse=True)


def test_sorting_puts_empty_values_last_and_folds_case(demo_db):
    rows = load_rows(demo_db, TODAY)
    by_due = sorted(rows, key=sort_key("next_due"))
    dues = [r.next_due for r in by_due]
    filled = [d for d in dues if d]
    assert dues[: len(filled)] == sorted(filled) and all(d is None for d in dues[len(filled):])
    names = [r.coleader for r in sorted(rows, key=sort_key("coleader"))]
    assert "" in names and any(names), "the demo has sites with and without a co-leader"
    filled = [n for n in names if n]
    assert names == filled + [""] * (len(names) - len(filled))
    assert filled == sorted(filled, key=lambda n: n.casefold().replace("ё", "е"))


# ------------------------------------------------------------------ the sites service


def _active(db) -> sites.SiteData:
    with db.session() as s:
        site_id = s.scalar(select(Site.id).where(Site.status == "active",
                                                 Site.deleted_at.is_(None)).order_by(Site.id))
    return sites.get_detail(db, site_id).data


def test_status_change_is_a_history_row_and_every_change_audited(demo_db):
    data = _active(demo_db)
    with demo_db.session() as s:
        before = len(s.scalars(select(StatusHistory).where(
            StatusHistory.site_id == data.id)).all())
    sites.save_site(demo_db, dataclasses.replace(data, status="completed", notes="итог"))
    with demo_db.session() as s:
        history = s.scalars(select(StatusHistory).where(StatusHistory.site_id == data.id)
                            .order_by(StatusHistory.id)).all()
        assert len(history) == before + 1
        assert (history[-1].event, history[-1].from_status, history[-1].to_status) == \
            ("status_changed", "active", "completed")
        log = s.scalar(select(AuditLog).where(AuditLog.site_id == data.id)
                       .order_by(AuditLog.id.desc()))
        assert log.action == "update" and "статус" in log.summary
        assert log.changes["status"] == ["active", "completed"]


def test_duplicate_active_site_of_the_same_kind_is_refused(demo_db):
    data = _active(demo_db)
    twin = dataclasses.replace(data, id=None, number="", theme="Другая тема")
    with pytest.raises(ValidationError) as err:
        sites.save_site(demo_db, twin)
    assert "уже есть действующая площадка" in err.value.errors["kind_code"]
    # a completed one of the same kind is history, not a clash
    new_id = sites.save_site(demo_db, dataclasses.replace(twin, status="completed"))
    assert new_id != data.id


def test_validation_names_each_field(demo_db):
    data = _active(demo_db)
    with pytest.raises(ValidationError) as err:
        sites.save_site(demo_db, dataclasses.replace(
            data, theme="  ", term_start=dt.date(2026, 9, 1), term_end=dt.date(2026, 8, 1),
            organisation_id=None, kind_code="НЕТ"))
    e = err.value.errors
    assert set(e) >= {"theme", "term_end", "organisation_id", "kind_code"}
    assert "раньше его начала" in e["term_end"]


def test_soft_delete_keeps_history_and_restore_brings_the_site_back(demo_db):
    data = _active(demo_db)
    sites.set_deleted(demo_db, data.id, True)
    sites.set_deleted(demo_db, data.id, True)  # twice: one history row
    with demo_db.session() as s:
        assert s.get(Site, data.id).deleted_at is not None
        events = [h.event for h in s.scalars(select(StatusHistory).where(
            StatusHistory.site_id == data.id))]
        assert events.count("deleted") == 1
    sites.set_deleted(demo_db, data.id, False)
    with demo_db.session() as s:
        assert s.get(Site, data.id).deleted_at is None
        actions = [a.action for a in s.scalars(select(AuditLog).where(
            AuditLog.site_id == data.id).order_by(AuditLog.id))]
        assert actions[-2:] == ["delete", "restore"]
