"""The deadlines and reports status list as an Excel workbook (what is due, overdue, done)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from desktop.deadlines import STATE_NAMES
from desktop.exports.xlsx_common import (
    Column,
    ExportResult,
    new_workbook,
    save_workbook,
    write_sheet,
)
from desktop.fileio import ensure_writable
from desktop.profiles import all_profiles
from desktop.services.centre import centre_name
from desktop.services.deadlines import list_deadlines
from desktop.storage import Database
from desktop.text import long_date, short_date

COLUMNS = [
    Column("Срок", 11, "date"),
    Column("Состояние", 16, "wrap"),
    Column("Площадка (заявка)", 14),
    Column("Организация", 30, "wrap"),
    Column("Положение (профиль)", 18, "wrap"),
    Column("Вид", 12),
    Column("Что сдать или сделать", 60, "wrap"),
    Column("Выполнено", 11, "date"),
]


def period_text(date_from: dt.date | None, date_to: dt.date | None) -> str:
    """« с 01.11.2026 по 31.12.2026» (either end may be open)."""
    out = ""
    if date_from:
        out += f" с {short_date(date_from)}"
    if date_to:
        out += f" по {short_date(date_to)}"
    return out


def export_deadlines(db: Database, path: Path | str, *, date_from: dt.date | None = None,
                     date_to: dt.date | None = None, today: dt.date | None = None,
                     progress: Callable[[int], None] | None = None) -> ExportResult:
    """Write the status list of deadlines due in the period, earliest first."""
    ensure_writable(path)
    today = today or dt.date.today()
    rows = list_deadlines(db, date_from=date_from, date_to=date_to, today=today)
    names = {p.id: p.municipality for p in all_profiles()}
    data = [(r.due, STATE_NAMES.get(r.state, r.state), r.site_number, r.organisation,
             names.get(r.profile, r.profile), r.kind, r.what, r.done_on) for r in rows]
    title = [centre_name(db),
             f"Сроки отчётов и процедур{period_text(date_from, date_to)}",
             f"Состояние на {long_date(today)}"]
    wb = new_workbook()
    write_sheet(wb, "Сроки", title, COLUMNS, data, progress)
    save_workbook(wb, path)
    return ExportResult(Path(path), len(data))
