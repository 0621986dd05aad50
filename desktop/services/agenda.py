"""The start-up summary of deadlines: due today, later this week, overdue — of active
sites only (a completed or removed site's missed deadline is no longer anyone's task)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from desktop.models import Site
from desktop.services.deadlines import DeadlineRow, list_deadlines
from desktop.storage import Database


@dataclass(frozen=True)
class AgendaItem:
    """One line of the summary; opening it opens the site."""

    site_id: int
    site_number: str
    organisation: str
    what: str
    due: dt.date


@dataclass
class Agenda:
    today: dt.date
    due_today: list[AgendaItem] = field(default_factory=list)
    this_week: list[AgendaItem] = field(default_factory=list)  # after today, to Sunday
    overdue: list[AgendaItem] = field(default_factory=list)  # oldest first

    def is_empty(self) -> bool:
        return not (self.due_today or self.this_week or self.overdue)


def week_end(today: dt.date) -> dt.date:
    """The Sunday of today's week."""
    return today + dt.timedelta(days=6 - today.weekday())


def build_agenda(rows: Iterable[DeadlineRow], active_sites: set[int],
                 today: dt.date) -> Agenda:
    """Sort open deadlines of active sites into today, this week and overdue."""
    out = Agenda(today)
    last = week_end(today)
    for r in rows:
        if r.site is None or r.site not in active_sites or r.due is None or r.done_on:
            continue
        item = AgendaItem(r.site, r.site_number, r.organisation, r.what, r.due)
        if r.due < today:
            out.overdue.append(item)
        elif r.due == today:
            out.due_today.append(item)
        elif r.due <= last:
            out.this_week.append(item)
    for items in (out.due_today, out.this_week, out.overdue):
        items.sort(key=lambda i: (i.due, i.site_number))
    return out


def agenda(db: Database, today: dt.date | None = None) -> Agenda:
    """The summary for `today` (default: the real today)."""
    today = today or dt.date.today()
    rows = list_deadlines(db, date_to=week_end(today), today=today)
    with db.session() as s:
        active = set(s.scalars(select(Site.id).where(Site.status == "active",
                                                     Site.deleted_at.is_(None))))
    return build_agenda(rows, active, today)
