"""The deadlines and reports status list as an Excel workbook (what is due, overdue, done).

`collect_deadlines` gathers plain rows, `write_deadlines` renders them without a query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.deadlines import STATE_NAMES
from desktop.exports.xlsx_common import (
    Column,
    DocInfo,
    ExportResult,
    SheetData,
    doc_info,
    write_workbook,
)
from desktop.fileio import ensure_writable
from desktop.profiles import all_profiles
from desktop.services.centre import get_centre
from desktop.services.deadlines import list_deadlines
from desktop.storage import Database
from desktop.text import long_date, short_date

COLUMNS = [
    Column("Срок", 10, "date"),
    Column("Состояние", 13, "wrap"),
    Column("Площадка (заявка)", 13, "wrap"),
    Column("Организация", 24, "wrap"),
    Column("Положение (профиль)", 14, "wrap"),
    Column("Вид", 9, "wrap"),
    Column("Что сдать или сделать", 44, "wrap"),
    Column("Выполнено", 11, "date"),
    Column("Опоздание, дн.", 9, "int", a4=False),  # a report received late: stored days
]


@dataclass
class DeadlinesData:
    """The status list as plain values: the period, the reference day and the rows."""

    centre: str
    date_from: dt.date | None
    date_to: dt.date | None
    today: dt.date
    rows: list[tuple]
    info: DocInfo


def period_text(date_from: dt.date | None, date_to: dt.date | None) -> str:
    """« с 01.11.2026 по 31.12.2026» (either end may be open)."""
    out = ""
    if date_from:
        out += f" с {short_date(date_from)}"
    if date_to:
        out += f" по {short_date(date_to)}"
    return out


def collect_deadlines(db: Database, *, date_from: dt.date | None = None,
                      date_to: dt.date | None = None, today: dt.date | None = None
                      ) -> DeadlinesData:
    """Deadlines due in the period, earliest first, as plain rows."""
    today = today or dt.date.today()
    rows = list_deadlines(db, date_from=date_from, date_to=date_to, today=today)
    names = {p.id: p.municipality for p in all_profiles()}
    data = [(r.due, STATE_NAMES.get(r.state, r.state), r.site_number, r.organisation,
             names.get(r.profile, r.profile), r.kind, r.what, r.done_on,
             r.late_days or None) for r in rows]
    centre = get_centre(db)
    title = f"Сроки отчётов и процедур{period_text(date_from, date_to)}"
    return DeadlinesData(centre["name"], date_from, date_to, today, data,
                         doc_info(centre, title))


def write_deadlines(data: DeadlinesData, path: Path | str, paper: str = "a4",
                    progress: Callable[[int], None] | None = None) -> ExportResult:
    """Render the status list; the file appears only when complete."""
    title = [data.centre, data.info.title, f"Состояние на {long_date(data.today)}"]
    sheet = SheetData("Сроки", title, COLUMNS, data.rows, footer=data.info.title)
    write_workbook(path, [sheet], data.info, paper, progress)
    return ExportResult(Path(path), len(data.rows))


def export_deadlines(db: Database, path: Path | str, *, date_from: dt.date | None = None,
                     date_to: dt.date | None = None, today: dt.date | None = None,
                     progress: Callable[[int], None] | None = None,
                     paper: str = "a4") -> ExportResult:
    """Write the status list of deadlines due in the period, earliest first."""
    ensure_writable(path)
    data = collect_deadlines(db, date_from=date_from, date_to=date_to, today=today)
    return write_deadlines(data, path, paper, progress)
