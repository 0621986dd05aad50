"""The other Excel workbooks: deadlines and reports status, review results, annual summary."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from desktop.deadlines import STATE_NAMES
from desktop.exports.registry_xlsx import ExportResult
from desktop.exports.xlsx_common import Column, new_workbook, save_workbook, write_sheet
from desktop.fileio import ensure_writable
from desktop.models import (
    Application,
    Event,
    Organisation,
    Participation,
    Person,
    Report,
    Review,
    ReviewScore,
    Site,
)
from desktop.profiles import all_profiles
from desktop.services.common import all_settings
from desktop.services.deadlines import list_deadlines
from desktop.storage import Database

Progress = Callable[[int], None] | None


def _centre(db: Database) -> str:
    with db.session() as s:
        return all_settings(s, "centre.")["centre.name"]


def export_deadlines(db: Database, path: Path | str, *, date_from: dt.date | None = None,
                     date_to: dt.date | None = None, progress: Progress = None) -> ExportResult:
    ensure_writable(path)
    rows = list_deadlines(db, date_from=date_from, date_to=date_to)
    names = {p.id: p.municipality for p in all_profiles()}
    columns = [Column("Срок", 11, "date"), Column("Состояние", 16), Column("Площадка", 14),
               Column("Организация", 30, "wrap"), Column("Профиль", 18, "wrap"),
               Column("Вид", 12), Column("Что", 60, "wrap"), Column("Выполнено", 11, "date")]
    period = ""
    if date_from or date_to:
        period = f" за период {date_from or '…'} – {date_to or '…'}"
    wb = new_workbook()
    data = [(r.due, STATE_NAMES[r.state], r.site_number, r.organisation,
             names.get(r.profile, r.profile), r.kind, r.what, r.done_on) for r in rows]
    write_sheet(wb, "Сроки", [_centre(db), f"Сроки отчётов и процедур{period}",
                              f"Сформирован {dt.date.today():%d.%m.%Y}"], columns, data, progress)
    save_workbook(wb, path)
    return ExportResult(Path(path), len(data))


def export_reviews(db: Database, path: Path | str, progress: Progress = None) -> ExportResult:
    """Per application: experts, scores per criterion, total, band; the mean over experts."""
    ensure_writable(path)
    profiles = {p.id: p for p in all_profiles()}
    with db.session() as s:
        reviews = s.execute(
            select(Review, Application, Organisation.short_name, Person.last_name,
                   Person.first_name, Person.middle_name)
            .join(Application, Application.id == Review.application_id)
            .join(Organisation, Organisation.id == Application.organisation_id)
            .join(Person, Person.id == Review.expert_id)
            .where(Application.deleted_at.is_(None))
            .order_by(Application.profile_id, Application.id, Review.id)).all()
        scores: dict[int, dict[str, int]] = defaultdict(dict)
        for rid, code, value in s.execute(select(ReviewScore.review_id, ReviewScore.code,
                                                 ReviewScore.value)):
            scores[rid][code] = value
        rows = []
        totals: dict[int, list[int]] = defaultdict(list)
        for rv, app, *_ in reviews:
            if rv.total is not None:
                totals[app.id].append(rv.total)
        for rv, app, org, last, first, middle in reviews:
            profile = profiles.get(app.profile_id)
            crit = None
            if profile:
                try:
                    code = profile.kind(app.kind_code).review.criteria
                    crit = profile.criteria.get(code) if code else None
                except Exception:
                    crit = None
            item_codes = [c.code for c in crit.criteria][:12] if crit else []
            defect_codes = [d.code for d in crit.defects] if crit else []
            sc = scores.get(rv.id, {})
            items = [sc.get(code) for code in item_codes] + [None] * (12 - len(item_codes))
            mean = (round(sum(totals[app.id]) / len(totals[app.id]), 1)
                    if totals[app.id] else None)
            rows.append((app.reg_number or f"№ {app.id}", org, app.kind_code,
                         profile.municipality if profile else app.profile_id,
                         " ".join(p for p in (last, first, middle) if p), rv.submitted_on,
                         sum(sc.get(c, 0) for c in defect_codes) if defect_codes else None,
                         *items, rv.total, rv.band, mean, rv.conclusion))
    columns = ([Column("Заявка", 12), Column("Организация", 28, "wrap"), Column("Вид", 10),
                Column("Профиль", 16, "wrap"), Column("Эксперт", 26, "wrap"),
                Column("Дата оценки", 11, "date"), Column("Формальные недочёты", 11, "int")]
               + [Column(f"К{i}", 5, "int") for i in range(1, 13)]
               + [Column("Итого", 7, "int"), Column("Уровень", 16), Column("Средний балл", 9, "int"),
                  Column("Заключение", 40, "wrap")])
    wb = new_workbook()
    write_sheet(wb, "Экспертиза", [_centre(db), "Результаты экспертизы заявок",
                                   "К1–К12 — критерии оценки (приложение 3, Омск); "
                                   "для профилей без критериев — итог и заключение"],
                columns, rows, progress)
    save_workbook(wb, path)
    return ExportResult(Path(path), len(rows))


def activity_by_site(db: Database, year: int) -> dict[int, tuple[int, int, int, int]]:
    """site id → (events held, participations, distinct people, distinct organisations)."""
    lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
    with db.session() as s:
        held = dict(s.execute(select(Event.site_id, func.count()).where(
            Event.status == "held", Event.held_on >= lo, Event.held_on <= hi,
            Event.deleted_at.is_(None)).group_by(Event.site_id)).all())
        stmt = (select(Event.site_id, func.count(), func.count(func.distinct(Participation.person_id)),
                       func.count(func.distinct(Person.organisation_id)))
                .join(Participation, Participation.event_id == Event.id)
                .join(Person, Person.id == Participation.person_id)
                .where(Event.status == "held", Event.held_on >= lo, Event.held_on <= hi,
                       Event.deleted_at.is_(None))
                .group_by(Event.site_id))
        out = {sid: (held.get(sid, 0), n, people, orgs) for sid, n, people, orgs in s.execute(stmt)}
        for sid, n in held.items():
            out.setdefault(sid, (n, 0, 0, 0))
        return out


def export_reports(db: Database, year: int, path: Path | str,
                   progress: Progress = None) -> ExportResult:
    """The annual summary of the sites' work: reports received, events, people reached."""
    ensure_writable(path)
    lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
    activity = activity_by_site(db, year)
    names = {p.id: p.municipality for p in all_profiles()}
    with db.session() as s:
        received = dict(s.execute(select(Report.site_id, func.count()).where(
            Report.received_on >= lo, Report.received_on <= hi).group_by(Report.site_id)).all())
        sites = s.execute(
            select(Site.id, Site.number, Organisation.short_name, Site.kind_code, Site.profile_id,
                   Site.theme, Site.status)
            .join(Organisation, Organisation.id == Site.organisation_id)
            .where(Site.deleted_at.is_(None), Site.term_start <= hi,
                   (Site.term_end.is_(None)) | (Site.term_end >= lo))
            .order_by(Site.profile_id, Site.kind_code, Organisation.short_name)).all()
    rows = []
    totals = [0, 0, 0, 0, 0]
    for sid, number, org, kind, pid, theme, _status in sites:
        ev, parts, people, orgs = activity.get(sid, (0, 0, 0, 0))
        rep = received.get(sid, 0)
        rows.append((number, org, kind, names.get(pid, pid), theme, rep, ev, parts, people, orgs))
        for i, v in enumerate((rep, ev, parts, people, orgs)):
            totals[i] += v
    rows.append(("Итого", "", "", "", f"{len(sites)} площадок", *totals))
    columns = [Column("№ площадки", 12), Column("Организация", 28, "wrap"), Column("Вид", 10),
               Column("Профиль", 16, "wrap"), Column("Тема", 40, "wrap"),
               Column("Отчётов получено", 10, "int"), Column("Мероприятий проведено", 12, "int"),
               Column("Участий", 9, "int"), Column("Педагогов (разных)", 11, "int"),
               Column("Организаций охвачено", 12, "int")]
    wb = new_workbook()
    write_sheet(wb, f"Итоги {year}", [_centre(db),
                                      f"Годовой отчёт о результатах деятельности площадок за {year} год"],
                columns, rows, progress)
    save_workbook(wb, path)
    return ExportResult(Path(path), len(rows) - 1)
