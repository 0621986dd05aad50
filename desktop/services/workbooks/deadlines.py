"""The deadlines and reports status list: what is due in a period, overdue or done."""

from __future__ import annotations

import datetime as dt

from desktop.deadlines import STATE_NAMES
from desktop.exports.deadlines_xlsx import DeadlinesData, period_text
from desktop.exports.xlsx_common import doc_info
from desktop.services.centre import get_centre
from desktop.services.deadlines import list_deadlines
from desktop.services.registry import profile_names
from desktop.storage import Database


def collect_deadlines(db: Database, *, date_from: dt.date | None = None,
                      date_to: dt.date | None = None, today: dt.date | None = None
                      ) -> DeadlinesData:
    """Deadlines due in the period, earliest first, as plain rows."""
    today = today or dt.date.today()
    rows = list_deadlines(db, date_from=date_from, date_to=date_to, today=today)
    names = profile_names()
    data = [(r.due, STATE_NAMES.get(r.state, r.state), r.site_number, r.organisation,
             names.get(r.profile, r.profile), r.kind, r.what, r.done_on,
             r.late_days or None) for r in rows]
    centre = get_centre(db)
    title = f"Сроки отчётов и процедур{period_text(date_from, date_to)}"
    return DeadlinesData(centre["name"], date_from, date_to, today, data,
                         doc_info(centre, title))
