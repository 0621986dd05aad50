"""Recomputation of deadline rows from the profiles' rules, writing only the difference.

`recompute(s, ...)` is idempotent: an occurrence is identified by (site or application,
rule code, occurrence key), so a term change moves the due date of the rows it touches,
new occurrences are added, occurrences no longer produced are removed unless done or set
by hand, and what was done stays done. A deadline that still exists keeps its id (a
report's `deadline_id` points at it). The wanted set comes from the pure
`desktop.deadlines.targets.Planner`; rows are read and written with plain SQL on the
session's connection, a chunk of sites or applications at a time, in its transaction.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from desktop.deadlines import WorkCalendar
from desktop.deadlines.targets import ApplicationRow, Key, Planner, SiteRow, Target
from desktop.models import CalendarDay, Deadline
from desktop.profiles import Profile, all_profiles
from desktop.services.common import get_setting
from desktop.storage import Database

OFF_SETTING = "deadlines.off"  # centre-adopted rules the centre switched off: "profile/kind/rule"
CHUNK = 2000  # sites or applications diffed and written at a time: memory stays flat
IN_LIMIT = 500  # ids in one "IN (...)" (older SQLite allows 999 parameters)
ALL = (-1, 1 << 62)  # (lo, hi]: every id


def work_calendar(s: Session) -> WorkCalendar:
    """The one working-day calendar: public holidays plus the user's transfers."""
    return WorkCalendar({d.day: d.is_working for d in s.scalars(select(CalendarDay))})


def profiles_by_id() -> dict[str, Profile]:
    return {p.id: p for p in all_profiles()}


def switched_off(s: Session) -> set[str]:
    """The centre-adopted deadline rules the centre switched off in the settings."""
    return set(get_setting(s, OFF_SETTING, []) or [])


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class _Writer:
    """Diffs stored deadline rows against wanted ones and writes only the difference, in
    plain `executemany` statements on the session's own connection (its transaction)."""

    FIELDS = ("id, site_id, application_id, profile_id, rule_code, due_key, due_on, done_on,"
              " manual, what")

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con, self.changes, self.deleted = con, 0, set[int]()

    def existing(self, column: str, ids: list[int] | None,
                 bounds: tuple[int, int] = ALL) -> list[tuple]:
        """Rows whose `column` is in `ids`, or (no ids) within (lo, hi]."""
        sql = f"SELECT {self.FIELDS} FROM deadline WHERE "
        if ids is None:
            return self.con.execute(sql + f"{column} > ? AND {column} <= ?", bounds).fetchall()
        return self.con.execute(sql + f"{column} IN ({','.join('?' * len(ids))})",
                                ids).fetchall()

    def apply(self, rows: list[tuple], targets: dict[Key, Target]) -> None:
        """Write what differs; `targets` is consumed (what is left in it is new).

        A second stored row for one occurrence cannot be made (the unique constraint, and
        the centre's own rows come only from here); it would be removed like a stale one."""
        delete, move, done_on = [], [], []
        take = targets.pop
        for id_, site, app, profile, rule, due_key, due_on, done, manual, what in rows:
            target = take((site, app, profile, rule, due_key), None)
            if target is None:
                if done is None and not manual:
                    delete.append((id_,))
                continue
            t_what, _kind, due, t_done = target
            changed = False
            if not manual and done is None and (due_on != due.isoformat() or what != t_what):
                move.append((due.isoformat(), t_what, id_))
                changed = True
            if t_done is not None and done != t_done.isoformat():
                done_on.append((t_done.isoformat(), id_))
                changed = True
            self.changes += changed
        new = [(*k, what, kind, due.isoformat(), done.isoformat() if done else None)
               for k, (what, kind, due, done) in targets.items()]
        run = self.con.executemany
        run("DELETE FROM deadline WHERE id = ?", delete)
        run("UPDATE deadline SET due_on = ?, what = ? WHERE id = ?", move)
        run("UPDATE deadline SET done_on = ? WHERE id = ?", done_on)
        run("INSERT INTO deadline (site_id, application_id, profile_id, rule_code, due_key,"
            " what, kind, due_on, done_on, manual, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " 0, '')", new)
        self.changes += len(delete) + len(new)
        self.deleted.update(i for (i,) in delete)


def _chunks(con: sqlite3.Connection, sql: str, ids: list[int] | None
            ) -> Iterator[tuple[list[tuple], list[int] | None, tuple[int, int]]]:
    """The rows of `sql` (id first) for `ids`, or for every id, a chunk at a time: each
    with the ids to diff, or (all) the bounds (lo, hi] that together cover every id."""
    if ids is not None:
        for i in range(0, len(ids), IN_LIMIT):
            part = ids[i:i + IN_LIMIT]
            yield con.execute(f"{sql} AND id IN ({','.join('?' * len(part))})",
                              part).fetchall(), part, ALL
        return
    rows: list[tuple] = con.execute(f"{sql} ORDER BY id").fetchall()
    for i in range(0, len(rows), CHUNK):
        chunk = rows[i:i + CHUNK]
        lo: int = chunk[0][0] - 1 if i else ALL[0]
        hi: int = chunk[-1][0] if i + CHUNK < len(rows) else ALL[1]
        yield chunk, None, (lo, hi)


def _first_certificates(con: sqlite3.Connection, ids: list[int] | None,
                        bounds: tuple[int, int]) -> list[tuple[int, str]]:
    """(site id, the date its first certificate still valid was issued)."""
    sql = "SELECT site_id, min(issued_on) FROM certificate WHERE annulled = 0 AND "
    if ids is None:
        sql, args = sql + "site_id > ? AND site_id <= ?", list(bounds)
    else:
        sql, args = sql + f"site_id IN ({','.join('?' * len(ids))})", ids
    return con.execute(sql + " GROUP BY site_id HAVING min(issued_on) IS NOT NULL",
                       args).fetchall()


@contextmanager
def _no_cycle_collector() -> Iterator[None]:
    """Recomputation makes millions of short tuples and no reference cycles: the cyclic
    collector's passes over them took a quarter of its time at 100 000 sites. The switch
    is process-wide: cycles other threads make meanwhile are collected once it is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def recompute(s: Session, *, site_ids: list[int] | None = None,
              application_ids: list[int] | None = None, today: dt.date | None = None) -> int:
    """Bring deadline rows in line with the rules; None ids mean "all" (and then the
    centre's own duties too). Returns the number of rows changed."""
    with _no_cycle_collector():
        return _recompute(s, site_ids, application_ids, today or dt.date.today())


def _recompute(s: Session, site_ids: list[int] | None, application_ids: list[int] | None,
               today: dt.date) -> int:
    s.flush()  # the session's pending changes must be in the rows read below
    plan = Planner(profiles_by_id(), work_calendar(s), today, switched_off(s))
    con = s.connection().connection.driver_connection
    assert isinstance(con, sqlite3.Connection)
    out = _Writer(con)
    if site_ids is None or site_ids:
        _sites(con, plan, out, site_ids)
    if application_ids is None or application_ids:
        _applications(con, plan, out, application_ids)
    if site_ids is None and application_ids is None:
        _centre(con, plan, out)
    _expire(s, out.deleted)
    return out.changes


def _sites(con: sqlite3.Connection, plan: Planner, out: _Writer, ids: list[int] | None) -> None:
    # a deleted site is read too (it wants nothing): its open deadlines go
    sql = ("SELECT id, profile_id, kind_code, term_start, term_end, status,"
           " deleted_at IS NULL FROM site WHERE 1")
    for rows, part, bounds in _chunks(con, sql, ids):
        live: list[SiteRow] = [(i, p, k, _day(a), _day(b), st)
                               for i, p, k, a, b, st, alive in rows if alive]
        certs = {i: dt.date.fromisoformat(d) for i, d in _first_certificates(con, part, bounds)}
        out.apply(out.existing("site_id", part, bounds), plan.sites(live, certs))


def _applications(con: sqlite3.Connection, plan: Planner, out: _Writer,
                  ids: list[int] | None) -> None:
    sql = ("SELECT id, profile_id, kind_code, reg_date, state, stages_done,"
           " state != 'draft' AND deleted_at IS NULL FROM application WHERE 1")
    parsed: dict[str, dict[str, str] | None] = {}  # the same stages on the same days

    def stages(text: str | None) -> dict[str, str] | None:
        if not text:
            return None
        if text not in parsed:
            parsed[text] = json.loads(text)
        return parsed[text]

    for rows, part, bounds in _chunks(con, sql, ids):
        live: list[ApplicationRow] = [(i, p, k, _day(r), st, stages(done))
                                      for i, p, k, r, st, done, alive in rows if alive]
        out.apply(out.existing("application_id", part, bounds), plan.applications(live))


def _centre(con: sqlite3.Connection, plan: Planner, out: _Writer) -> None:
    used: dict[str, dt.date] = {}  # each profile in use, from its first date
    for q in ("SELECT profile_id, min(term_start) FROM site WHERE deleted_at IS NULL"
              " GROUP BY profile_id", "SELECT profile_id, min(reg_date) FROM application"
              " WHERE deleted_at IS NULL GROUP BY profile_id"):
        for pid, first in con.execute(q):
            if first:
                day = dt.date.fromisoformat(first)
                used[pid] = min(day, used.get(pid, day))
    rows = con.execute(f"SELECT {_Writer.FIELDS} FROM deadline WHERE profile_id IS NOT NULL"
                       " AND site_id IS NULL AND application_id IS NULL").fetchall()
    out.apply(rows, plan.centre(used))


def _expire(s: Session, deleted: set[int]) -> None:
    """Deadline objects the session holds were written around: reload them when used."""
    for obj in list(s.identity_map.values()):
        if isinstance(obj, Deadline):
            identity = inspect(obj).identity
            if identity is not None and identity[0] in deleted:
                s.expunge(obj)
            else:
                s.expire(obj)


def recompute_site(s: Session, site_id: int, today: dt.date | None = None) -> int:
    return recompute(s, site_ids=[site_id], application_ids=[], today=today)


def recompute_application(s: Session, app_id: int, today: dt.date | None = None) -> int:
    return recompute(s, site_ids=[], application_ids=[app_id], today=today)


def recompute_all(db: Database, today: dt.date | None = None) -> int:
    """Every site's, application's and the centre's deadlines, in one transaction."""
    with db.transaction() as s:
        return recompute(s, today=today)

