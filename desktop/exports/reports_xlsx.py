"""The annual summary of the sites' work as an Excel workbook (Дубна's annual report):
per site active in the year — reports received, events held, participations, distinct
teachers and organisations reached — and a total row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, or_, select

from desktop.exports.xlsx_common import (
    Column,
    ExportResult,
    new_workbook,
    save_workbook,
    write_sheet,
)
from desktop.fileio import ensure_writable
from desktop.models import Event, Organisation, Participation, Person, Report, Site
from desktop.profiles import all_profiles
from desktop.services.centre import centre_name
from desktop.storage import Database
from desktop.text import long_date, plural

COLUMNS = [Column("№ площадки", 12), Column("Организация", 28, "wrap"), Column("Вид", 10),
           Column("Положение (профиль)", 16, "wrap"), Column("Тема", 40, "wrap"),
           Column("Срок с", 11, "date"), Column("Срок по", 11, "date"),
           Column("Отчётов получено", 10, "int"), Column("Мероприятий проведено", 12, "int"),
           Column("Участий", 9, "int"), Column("Педагогов (разных)", 11, "int"),
           Column("Организаций охвачено", 12, "int")]


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


def report_rows(db: Database, year: int) -> list[tuple]:
    """One row per site active in the year, then the total row."""
    lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
    activity = activity_by_site(db, year)
    names = {p.id: p.municipality for p in all_profiles()}
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
    rows: list[tuple] = []
    totals = [0, 0, 0, 0, 0]
    for sid, number, org, kind, pid, theme, start, end in sites:
        figures = (received.get(sid, 0), *activity.get(sid, (0, 0, 0, 0)))
        rows.append((number, org, kind, names.get(pid, pid), theme, start, end, *figures))
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
    rows.append(("Итого", plural(len(sites), "площадка", "площадки", "площадок"), "", "", "",
                 None, None, *totals))
    return rows


def export_reports(db: Database, year: int, path: Path | str,
                   progress: Callable[[int], None] | None = None) -> ExportResult:
    """Write the annual summary; `rows` in the result counts sites (without the total)."""
    ensure_writable(path)
    rows = report_rows(db, year)
    title = [centre_name(db),
             f"Годовой отчёт о результатах деятельности площадок за {year} год",
             f"Сформирован {long_date(dt.date.today())}; учтены мероприятия, проведённые "
             f"с 1 января по 31 декабря {year} г."]
    wb = new_workbook()
    write_sheet(wb, f"Итоги {year}", title, COLUMNS, rows, progress)
    save_workbook(wb, path)
    return ExportResult(Path(path), len(rows) - 1)
