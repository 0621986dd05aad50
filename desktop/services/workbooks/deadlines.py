"""The deadlines and reports status list: what is due in a period, overdue or done."""

from __future__ import annotations

import datetime as dt

from desktop.deadlines import STATE_NAMES
from desktop.exports.deadlines_xlsx import DeadlinesData, period_text
from desktop.services.deadlines import list_deadlines
from desktop.services.registry import profile_names
from desktop.services.workbooks.centre import workbook_centre
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
    title = f"Сроки отчётов и процедур{period_text(date_from, date_to)}"
    centre, info = workbook_centre(db, title)
    return DeadlinesData(centre, date_from, date_to, today, data, info)
