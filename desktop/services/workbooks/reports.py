"""The annual summary of the sites' work (Дубна's annual report): per site active in the
year — reports received, events held, participations, distinct teachers and organisations
reached — and a total row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, or_, select

from desktop.exports.reports_xlsx import ReportsData
from desktop.models import Event, Organisation, Participation, Person, Report, Site
from desktop.services.registry import profile_names
from desktop.services.workbooks.centre import workbook_centre
from desktop.storage import Database
from desktop.text import plural


def _held_in_year(year: int) -> tuple[Any, ...]:
    lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (Event.status == "held", Event.held_on >= lo, Event.held_on <= hi,
            Event.deleted_at.is_(None))


def _active_in_year(year: int) -> tuple[Any, ...]:
    lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (Site.deleted_at.is_(None), Site.term_start.is_not(None), Site.term_start <= hi,
            or_(Site.term_end.is_(None), Site.term_end >= lo))


def activity_by_site(db: Database, year: int) -> dict[int, tuple[int, int, int, int]]:
    """site id → (events held, participations, distinct people, distinct organisations)."""
    held_in_year = _held_in_year(year)
    with db.session() as s:
        held = dict(s.execute(select(Event.site_id, func.count()).where(*held_in_year)
                              .group_by(Event.site_id)).all())
        stmt = (select(Event.site_id, func.count(),
                       func.count(func.distinct(Participation.person_id)),
                       func.count(func.distinct(Person.organisation_id)))
                .join(Participation, Participation.event_id == Event.id)
                .join(Person, Person.id == Participation.person_id)
                .where(*held_in_year)
                .group_by(Event.site_id))
        out = {sid: (held.get(sid, 0), n, people, orgs)
               for sid, n, people, orgs in s.execute(stmt)}
    for sid, n in held.items():
        out.setdefault(sid, (n, 0, 0, 0))
    return out


def distinct_over_year(db: Database, year: int) -> tuple[int, int]:
    """Different people and different organisations at the events the listed sites held
    in the year: a teacher at events of three sites is one teacher of the year, so the
    total row counts them once (the per-site figures summed counted her three times)."""
    active = select(Site.id).where(*_active_in_year(year))
    with db.session() as s:
        people, orgs = s.execute(
            select(func.count(func.distinct(Participation.person_id)),
                   func.count(func.distinct(Person.organisation_id)))
            .select_from(Event)
            .join(Participation, Participation.event_id == Event.id)
            .join(Person, Person.id == Participation.person_id)
            .where(*_held_in_year(year), Event.site_id.in_(active))).one()
    return people, orgs


def report_rows(db: Database, year: int) -> list[tuple[Any, ...]]:
    """One row per site active in the year, then the total row: reports, events and
    participations summed, people and organisations counted once over the year."""
    lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
    activity = activity_by_site(db, year)
    names = profile_names()
    with db.session() as s:
        received = dict(s.execute(select(Report.site_id, func.count()).where(
            Report.received_on >= lo, Report.received_on <= hi).group_by(Report.site_id)).all())
        sites = s.execute(
            select(Site.id, Site.number, Organisation.short_name, Site.kind_code, Site.profile_id,
                   Site.theme, Site.term_start, Site.term_end)
            .join(Organisation, Organisation.id == Site.organisation_id)
            .where(*_active_in_year(year))
            .order_by(Site.profile_id, Site.kind_code, Organisation.short_name, Site.id)).all()
    rows: list[tuple[Any, ...]] = []
    sums = [0, 0, 0]
    for sid, number, org, kind, pid, theme, start, end in sites:
        figures = (received.get(sid, 0), *activity.get(sid, (0, 0, 0, 0)))
        rows.append((number, org, kind, names.get(pid, pid), theme, start, end, *figures))
        sums = [a + b for a, b in zip(sums, figures[:3], strict=True)]
    rows.append(("Итого", plural(len(sites), "площадка", "площадки", "площадок"), "", "", "",
                 None, None, *sums, *distinct_over_year(db, year)))
    return rows


def collect_reports(db: Database, year: int, today: dt.date | None = None) -> ReportsData:
    """The summary's rows and titles for a year."""
    title = f"Годовой отчёт о результатах деятельности площадок за {year} год"
    centre, info = workbook_centre(db, title)
    return ReportsData(year, centre, report_rows(db, year), today or dt.date.today(), info)
