"""The annual registry of sites as an Excel workbook: one row per site active in the chosen
calendar year (its term overlaps 1 January – 31 December), every registry column.

Two steps: `collect_registry` gathers plain rows (the one place that queries; it moves to
the services with the documents' data), `write_registry` renders them and never queries.
On A4 the columns of the printable set print at 100 %; on A3 every column prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from desktop.exports.xlsx_common import (
    Column,
    DocInfo,
    ExportResult,
    SheetData,
    doc_info,
    hidden_note,
    write_workbook,
)
from desktop.fileio import ensure_writable
from desktop.models import Certificate, Decision, Order, Organisation, Person, Site, SitePartner
from desktop.profiles import all_profiles
from desktop.services.centre import get_centre
from desktop.services.registry import STATUS_NAMES
from desktop.storage import Database
from desktop.text import long_date, person_name, plural

COLUMNS = [
    Column("№ п/п", 5, "int"),
    Column("№ в реестре", 11),
    Column("Полное наименование организации", 19, "wrap", a4=False),
    Column("Краткое наименование", 14, "wrap"),
    Column("Вид площадки", 10, "wrap"),
    Column("Положение (профиль)", 12, "wrap"),
    Column("Тема", 22, "wrap"),
    Column("Направление", 18, "wrap", a4=False),
    Column("Проект (программа)", 17, "wrap", a4=False),
    Column("Руководитель", 15, "wrap"),
    Column("Соруководитель", 16, "wrap", a4=False),
    Column("Срок с", 9.5, "date"),
    Column("Срок по", 9.5, "date"),
    Column("Статус", 10, "wrap"),
    Column("Приказ №", 8, "wrap", a4=False),
    Column("Дата приказа", 9.5, "date", a4=False),
    Column("№ свид-ва", 11, "wrap"),
    Column("Дата выдачи", 9.5, "date", a4=False),
    Column("Партнёры сети", 12, "wrap", a4=False),
]


__all__ = ["COLUMNS", "ExportResult", "RegistryData", "collect_registry", "export_registry",
           "registry_rows", "write_registry"]


@dataclass
class RegistryData:
    """Everything the registry workbook prints, as plain values."""

    year: int
    centre: str
    rows: list[tuple]
    made_on: dt.date
    info: DocInfo


def registry_rows(db: Database, year: int) -> list[tuple]:
    """Rows of the registry for a calendar year (term overlapping 1 Jan – 31 Dec)."""
    lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
    leader, coleader = aliased(Person), aliased(Person)
    cert = (select(Certificate.site_id, func.max(Certificate.id).label("cid"))
            .where(Certificate.annulled.is_(False)).group_by(Certificate.site_id).subquery())
    decision = (select(Decision.site_id, func.max(Decision.id).label("did"))
                .where(Decision.outcome.in_(("assign", "extend")), Decision.order_id.is_not(None))
                .group_by(Decision.site_id).subquery())
    partner_org = aliased(Organisation)
    partners = (select(SitePartner.site_id,
                       func.group_concat(partner_org.short_name, "; ").label("names"))
                .join(partner_org, partner_org.id == SitePartner.organisation_id)
                .group_by(SitePartner.site_id).subquery())
    stmt = (
        select(Site.number, Organisation.full_name, Organisation.short_name, Site.kind_code,
               Site.profile_id, Site.theme, Site.direction, Site.project_name,
               leader.last_name, leader.first_name, leader.middle_name,
               coleader.last_name, coleader.first_name, coleader.middle_name,
               Site.term_start, Site.term_end, Site.status, Order.number, Order.order_date,
               Certificate.number, Certificate.issued_on, partners.c.names)
        .join(Organisation, Organisation.id == Site.organisation_id)
        .outerjoin(leader, leader.id == Site.leader_id)
        .outerjoin(coleader, coleader.id == Site.coleader_id)
        .outerjoin(cert, cert.c.site_id == Site.id)
        .outerjoin(Certificate, Certificate.id == cert.c.cid)
        .outerjoin(decision, decision.c.site_id == Site.id)
        .outerjoin(Decision, Decision.id == decision.c.did)
        .outerjoin(Order, Order.id == Decision.order_id)
        .outerjoin(partners, partners.c.site_id == Site.id)
        .where(Site.deleted_at.is_(None), Site.term_start.is_not(None), Site.term_start <= hi,
               or_(Site.term_end.is_(None), Site.term_end >= lo))
        .order_by(Site.profile_id, Site.kind_code, Organisation.short_name, Site.id)
    )
    names = {p.id: p.municipality for p in all_profiles()}
    out = []
    with db.session() as s:
        for i, r in enumerate(s.execute(stmt), start=1):
            out.append((i, r[0], r[1], r[2], r[3], names.get(r[4], r[4]), r[5], r[6], r[7],
                        person_name(r[8], r[9], r[10]), person_name(r[11], r[12], r[13]), r[14], r[15],
                        STATUS_NAMES.get(r[16], r[16]), r[17], r[18], r[19], r[20], r[21] or ""))
    return out


def collect_registry(db: Database, year: int, today: dt.date | None = None) -> RegistryData:
    """The rows and titles of the registry for a year, read from the database."""
    centre = get_centre(db)
    title = f"Реестр площадок инновационной инфраструктуры за {year} год"
    return RegistryData(year, centre["name"], registry_rows(db, year),
                        today or dt.date.today(), doc_info(centre, title))


def write_registry(data: RegistryData, path: Path | str, paper: str = "a4",
                   progress: Callable[[int], None] | None = None) -> ExportResult:
    """Render the registry workbook; the file appears only when complete."""
    n = len(data.rows)
    title = [data.centre, data.info.title,
             f"Всего: {plural(n, 'площадка', 'площадки', 'площадок')}; "
             f"сформирован {long_date(data.made_on)}"]
    sheet = SheetData(f"Реестр {data.year}", title, COLUMNS, data.rows, footer=data.info.title,
                      notes=hidden_note(COLUMNS, paper))
    write_workbook(path, [sheet], data.info, paper, progress)
    return ExportResult(Path(path), n)


def export_registry(db: Database, year: int, path: Path | str,
                    progress: Callable[[int], None] | None = None, *,
                    paper: str = "a4") -> ExportResult:
    """Write the annual registry (A4: the printable columns, A3: every column)."""
    ensure_writable(path)
    return write_registry(collect_registry(db, year), path, paper, progress)
