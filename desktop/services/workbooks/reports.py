"""The annual summary of the sites' work (Дубна's annual report): per site active in the
year — reports received, events held, participations, distinct teachers and organisations
reached — and a total row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, or_, select

from desktop.exports.reports_xlsx import ReportsData
from desktop.exports.xlsx_common import doc_info
from desktop.models import Event, Organisation, Participation, Person, Report, Site
from desktop.services.centre import get_centre
from desktop.services.registry import profile_names
from desktop.storage import Database
from desktop.text import plural


def activity_by_site(db: Database, year: int) -> dict[int, tuple[int, int, int, int]]:
    """site id → (events held, participations, distinct people, distinct organisations)."""
    lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
    held_in_year = (Event.status == "held", Event.held_on >= lo, Event.held_on <= hi,
                    Event.deleted_at.is_(None))
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


def report_rows(db: Database, year: int) -> list[tuple[Any, ...]]:
    """One row per site active in the year, then the total row."""
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
            .where(Site.deleted_at.is_(None), Site.term_start.is_not(None),
                   Site.term_start <= hi, or_(Site.term_end.is_(None), Site.term_end >= lo))
            .order_by(Site.profile_id, Site.kind_code, Organisation.short_name, Site.id)).all()
    rows: list[tuple[Any, ...]] = []
    totals = [0, 0, 0, 0, 0]
    for sid, number, org, kind, pid, theme, start, end in sites:
        figures = (received.get(sid, 0), *activity.get(sid, (0, 0, 0, 0)))
        rows.append((number, org, kind, names.get(pid, pid), theme, start, end, *figures))
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
    rows.append(("Итого", plural(len(sites), "площадка", "площадки", "площадок"), "", "", "",
                 None, None, *totals))
    return rows


def collect_reports(db: Database, year: int, today: dt.date | None = None) -> ReportsData:
    """The summary's rows and titles for a year."""
    centre = get_centre(db)
    title = f"Годовой отчёт о результатах деятельности площадок за {year} год"
    return ReportsData(year, centre["name"], report_rows(db, year), today or dt.date.today(),
                       doc_info(centre, title))
