"""The annual registry's rows: one per site active in the calendar year (its term overlaps
1 January – 31 December), every registry column, read with plain DB-API queries (the ORM
spent more time building rows than the database finding them)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from desktop.exports.registry_xlsx import RegistryData
from desktop.services.registry import STATUS_NAMES, profile_names
from desktop.services.workbooks.centre import workbook_centre
from desktop.storage import Database

_SITES = """
SELECT s.id, s.number, o.full_name, o.short_name, s.kind_code, s.profile_id, s.theme,
       s.direction, s.project_name, l.last_name, l.first_name, l.middle_name,
       c.last_name, c.first_name, c.middle_name, s.term_start, s.term_end, s.status
FROM site s
JOIN organisation o ON o.id = s.organisation_id
LEFT JOIN person l ON l.id = s.leader_id
LEFT JOIN person c ON c.id = s.coleader_id
WHERE s.deleted_at IS NULL AND s.term_start IS NOT NULL AND s.term_start <= :hi
  AND (s.term_end IS NULL OR s.term_end >= :lo)
ORDER BY s.profile_id, s.kind_code, o.short_name, s.id"""
# The latest certificate not annulled, and the order of the latest decision that assigned
# or extended the status.
_CERTIFICATES = """
SELECT site_id, number, issued_on FROM certificate
WHERE id IN (SELECT max(id) FROM certificate WHERE annulled = 0 GROUP BY site_id)"""
_ORDERS = """
SELECT d.site_id, o.number, o.order_date FROM decision d JOIN decree o ON o.id = d.order_id
WHERE d.id IN (SELECT max(id) FROM decision
               WHERE outcome IN ('assign', 'extend') AND order_id IS NOT NULL
               GROUP BY site_id)"""
_PARTNERS = """
SELECT p.site_id, group_concat(o.short_name, '; ') FROM site_partner p
JOIN organisation o ON o.id = p.organisation_id GROUP BY p.site_id"""


def _name(last: str | None, first: str | None, middle: str | None) -> str:
    return " ".join(filter(None, (last, first, middle)))  # as desktop.text.person_name


def read_registry_rows(conn: sqlite3.Connection, year: int,
                       names: dict[str, str] | None = None) -> list[tuple[Any, ...]]:
    """Rows of the registry for a calendar year from a DB-API connection, in the order the
    workbook prints them (profile, kind, organisation)."""
    bounds = {"lo": f"{year:04d}-01-01", "hi": f"{year:04d}-12-31"}
    names = profile_names() if names is None else names
    day = dt.date.fromisoformat
    no_pair: tuple[Any, Any] = (None, None)
    certificates = {sid: (n, day(d[:10]) if d else None)
                    for sid, n, d in conn.execute(_CERTIFICATES)}
    orders = {sid: (n, day(d[:10]) if d else None) for sid, n, d in conn.execute(_ORDERS)}
    partners = dict(conn.execute(_PARTNERS).fetchall())
    statuses = STATUS_NAMES
    out: list[tuple[Any, ...]] = []
    append = out.append
    for i, (sid, number, full, short, kind, pid, theme, direction, project, l1, l2, l3,
            c1, c2, c3, start, end, status) in enumerate(conn.execute(_SITES, bounds),
                                                          start=1):
        order_no, order_on = orders.get(sid, no_pair)
        cert_no, cert_on = certificates.get(sid, no_pair)
        append((i, number, full, short, kind, names.get(pid, pid), theme, direction, project,
                _name(l1, l2, l3), _name(c1, c2, c3), day(start[:10]),
                day(end[:10]) if end else None, statuses.get(status, status), order_no,
                order_on, cert_no, cert_on, partners.get(sid) or ""))
    return out


def registry_rows(db: Database, year: int) -> list[tuple[Any, ...]]:
    """Rows of the registry for a calendar year (term overlapping 1 Jan – 31 Dec)."""
    with db.session() as s:
        conn = s.connection().connection.driver_connection
        assert isinstance(conn, sqlite3.Connection)
        return read_registry_rows(conn, year)


def collect_registry(db: Database, year: int, today: dt.date | None = None) -> RegistryData:
    """The rows and titles of the registry for a year."""
    title = f"Реестр площадок инновационной инфраструктуры за {year} год"
    centre, info = workbook_centre(db, title)
    return RegistryData(year, centre, registry_rows(db, year), today or dt.date.today(), info)
