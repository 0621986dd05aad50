"""The annual registry of sites as an Excel workbook: one row per site active in the chosen
calendar year (its term overlaps 1 January – 31 December), every registry column.

Two steps: `desktop.services.workbooks.registry` gathers plain rows, `write_registry` renders
them and never queries.
On A4 the columns of the printable set (with the order's number and date, the basis of
each status) print at 88 %; on A3 every column prints.
"""

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
    hidden_note,
    write_workbook,
)
from desktop.text import long_date, plural

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
    Column("Приказ №", 8, "wrap"),  # the basis of the status: printed on A4 too
    Column("Дата приказа", 9.5, "date"),
    Column("№ свид-ва", 11, "wrap"),
    Column("Дата выдачи", 9.5, "date", a4=False),
    Column("Партнёры сети", 12, "wrap", a4=False),
]


__all__ = ["COLUMNS", "ExportResult", "RegistryData", "write_registry"]


@dataclass
class RegistryData:
    """Everything the registry workbook prints, as plain values."""

    year: int
    centre: str
    rows: list[tuple]
    made_on: dt.date
    info: DocInfo


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

