"""The annual summary of the sites' work as an Excel workbook (Дубна's annual report):
per site active in the year — reports received, events held, participations, distinct
teachers and organisations reached — and a total row (people and organisations
counted once over the year).

`desktop.services.workbooks.reports` gathers plain rows, `write_reports` renders them
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
from desktop.text import long_date

COLUMNS = [Column("№ площадки", 11, "wrap"), Column("Организация", 22, "wrap"),
           Column("Вид", 8, "wrap"), Column("Положение (профиль)", 13, "wrap"),
           Column("Тема", 27, "wrap"), Column("Срок с", 10, "date"), Column("Срок по", 10, "date"),
           Column("Отчётов получено", 9, "int"), Column("Мероприятий проведено", 13, "int"),
           Column("Участий", 8, "int"), Column("Педагогов (разных)", 10, "int"),
           Column("Организаций охвачено", 12.5, "int")]


@dataclass
class ReportsData:
    """The annual summary as plain values: one row per site, then the total row."""

    year: int
    centre: str
    rows: list[tuple]
    made_on: dt.date
    info: DocInfo


def write_reports(data: ReportsData, path: Path | str, paper: str = "a4",
                  progress: Callable[[int], None] | None = None) -> ExportResult:
    """Render the summary; `rows` in the result counts sites (without the total)."""
    title = [data.centre, data.info.title,
             f"Сформирован {long_date(data.made_on)}; учтены мероприятия, проведённые "
             f"с 1 января по 31 декабря {data.year} г."]
    note = ("В строке «Итого» педагоги и организации посчитаны по одному разу за год, "
            "сколько бы площадок их ни собирало.")
    sheet = SheetData(f"Итоги {data.year}", title, COLUMNS, data.rows, footer=data.info.title,
                      notes=[note])
    write_workbook(path, [sheet], data.info, paper, progress)
    return ExportResult(Path(path), len(data.rows) - 1)

