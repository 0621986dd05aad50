"""Writing a checked registry import into the database (the second half of `site_import`).

`commit_sites` takes what `site_import.prepare_sites` accepted and writes it in one
transaction: organisations the directory lacks, leaders, orders, sites, certificates,
history, audit and deadlines, by batches of INSERTs (services.bulk).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Certificate, Order, Organisation, Person, Site, StatusHistory
from desktop.services import excel_import
from desktop.services.bulk import audit_many, insert_many, insert_rows, update_many
from desktop.services.common import os_user
from desktop.services.deadlines import recompute
from desktop.services.participant_import import org_key
from desktop.services.participants import name_key, people_index
from desktop.storage import Database

if TYPE_CHECKING:  # site_import imports this module to re-export commit_sites
    from desktop.services.site_import import PreparedSite, SiteImport


def commit_sites(db: Database, prepared: SiteImport, *,
                 progress: excel_import.Progress | None = None) -> int:
    """Write the accepted rows in one transaction: organisations, leaders, orders, sites,
    certificates, history, audit and deadlines. Rows go in by batches of INSERTs with ids
    returned (services.bulk), not one ORM object each. `progress(done, total)` may raise
    ImportCancelled: everything is rolled back. → sites imported."""
    rows = prepared.rows
    if not rows:
        return 0
    total = len(rows)
    with db.transaction() as s:
        org_ids = _new_organisations(s, rows)
        leaders = _leaders(s, rows, org_ids)
        orders = _orders(s, rows)
        ids: list[int] = []
        for start in range(0, total, BATCH):
            batch = rows[start:start + BATCH]
            ids.extend(_insert_sites(s, prepared.profile_id, batch, org_ids,
                                     leaders[start:start + BATCH], orders))
            if progress is not None:
                progress(start + len(batch), 2 * total)
        for start in range(0, total, 500):  # SQLite's limit on bound parameters
            recompute(s, site_ids=ids[start:start + 500], application_ids=[])
            if progress is not None:
                progress(total + min(start + 500, total), 2 * total)
    return total


BATCH = 1000  # sites per batch of INSERTs between two progress reports


def _org_id(r: PreparedSite, created: dict[str, int]) -> int:
    return r.org_id if r.org_id is not None else created[org_key(r.org_full_name)]


def _new_organisations(s: Session, rows: list[PreparedSite]) -> dict[str, int]:
    """The organisations the file names that the directory lacks. → key → id."""
    new: dict[str, PreparedSite] = {}
    for r in rows:
        if r.org_id is None:
            new.setdefault(org_key(r.org_full_name), r)
    ids = insert_rows(s, Organisation, [{"full_name": r.org_full_name,
                                         "short_name": r.organisation[:300]}
                                        for r in new.values()])
    audit_many(s, "create", "organisation", [
        (oid, f"Организация {r.organisation[:300]} добавлена при импорте реестра", None)
        for r, oid in zip(new.values(), ids, strict=True)])
    return dict(zip(new, ids, strict=True))


def _leaders(s: Session, rows: list[PreparedSite], org_ids: dict[str, int]) -> list[int | None]:
    """Each row's leader: a person of the directory (same name and organisation) or a new
    record; None when the row names nobody («Фамилия Имя» at least)."""
    people = {key: found[0] for key, found in people_index(s).items()}
    keys: list[tuple[str, int | None] | None] = []
    new: dict[tuple[str, int | None], dict[str, Any]] = {}
    for r in rows:
        parts = r.leader.split()
        if len(parts) < 2:
            keys.append(None)
            continue
        last, first, middle, org_id = parts[0], parts[1], " ".join(parts[2:]), _org_id(r, org_ids)
        key = (name_key(last, first, middle), org_id)
        keys.append(key)
        if key not in people and key not in new:
            new[key] = {"last_name": last[:100], "first_name": first[:100],
                        "middle_name": middle[:100], "position": r.leader_position[:300],
                        "organisation_id": org_id}
    people.update(zip(new, insert_rows(s, Person, list(new.values())), strict=True))
    return [people[key] if key is not None else None for key in keys]


def _orders(s: Session, rows: list[PreparedSite]) -> dict[tuple[str, dt.date], int]:
    """Orders by number and date: those already recorded and those the file adds."""
    orders = {(number, day): oid for oid, number, day in
              s.execute(select(Order.id, Order.number, Order.order_date))}
    new = [key for key in dict.fromkeys((r.order_number, r.order_date) for r in rows
                                        if r.order_number and r.order_date)
           if key not in orders]
    orders.update(zip(new, insert_rows(s, Order, [{"number": n, "order_date": d}
                                                  for n, d in new]), strict=True))
    return orders


def _insert_sites(s: Session, profile_id: str, rows: list[PreparedSite],
                  org_ids: dict[str, int], leaders: list[int | None],
                  orders: dict[tuple[str, dt.date], int]) -> list[int]:
    """One batch of sites with their history row, certificate and audit record."""
    ids = insert_rows(s, Site, [
        {"number": r.number, "profile_id": r.profile_id, "kind_code": r.kind_code,
         "organisation_id": _org_id(r, org_ids), "theme": r.theme, "direction": r.direction,
         "project_name": r.project_name, "term_start": r.term_start, "term_end": r.term_end,
         "leader_id": leader, "status": r.status} for r, leader in zip(rows, leaders, strict=True)])
    numbers = {sid: r.number or f"{r.term_start.year}-{sid:05d}"
               for r, sid in zip(rows, ids, strict=True)}
    update_many(s, Site, "number", [(sid, numbers[sid]) for r, sid in zip(rows, ids, strict=True)
                                    if not r.number])
    order_of = [orders.get((r.order_number, r.order_date)) if r.order_number and r.order_date
                else None for r in rows]
    user = os_user()
    insert_many(s, StatusHistory, [
        {"site_id": sid, "application_id": None, "happened_on": r.order_date or r.term_start,
         "event": "created", "from_status": "", "to_status": r.status, "ground_code": "",
         "ground_text": "", "decision_id": None, "order_id": order,
         "note": f"перенесена из реестра «{profile_id}», строка {r.row_no}", "os_user": user}
        for r, sid, order in zip(rows, ids, order_of, strict=True)])
    insert_many(s, Certificate, [
        {"site_id": sid, "number": r.certificate, "issued_on": r.order_date or r.term_start,
         "order_id": order} for r, sid, order in zip(rows, ids, order_of, strict=True)
        if r.certificate])
    audit_many(s, "create", "site", [
        (sid, f"Площадка № {numbers[sid]} импортирована из Excel", sid) for sid in ids])
    return ids
