"""The deadlines and reports status list as an Excel workbook (what is due, overdue, done).

`desktop.services.workbooks.deadlines` gathers plain rows, `write_deadlines` renders them
without a query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.exports.xlsx_common import (
    Column,
    DocInfo,
    ExportResult,
    SheetData,
    write_workbook,
)
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


def write_deadlines(data: DeadlinesData, path: Path | str, paper: str = "a4",
                    progress: Callable[[int], None] | None = None) -> ExportResult:
    """Render the status list; the file appears only when complete."""
    title = [data.centre, data.info.title, f"Состояние на {long_date(data.today)}"]
    sheet = SheetData("Сроки", title, COLUMNS, data.rows, footer=data.info.title)
    write_workbook(path, [sheet], data.info, paper, progress)
    return ExportResult(Path(path), len(data.rows))

