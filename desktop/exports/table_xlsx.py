"""«Экспорт того, что на экране»: a list as the user sees it (visible columns in their
order, the filtered and sorted rows) written as a workbook that prints readable.

The writer takes plain text as shown on screen (`TableData`); a column whose every
value is a date «ДД.ММ.ГГГГ» or a whole number is written as dates or numbers, so Excel
sorts and sums it. Widths follow the screen and are narrowed (wrapping the text) until
the table prints at 90 % on A4 landscape, or on A3 when too many columns are shown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop.exports.xlsx_common import (
    Column,
    DocInfo,
    ExportResult,
    SheetData,
    fitted,
    print_scale,
    write_workbook,
)

_DATE = re.compile(r"\d{2}\.\d{2}\.\d{4}")
_INT = re.compile(r"-?(0|[1-9]\d{0,14})")
MIN_SCALE = 90


@dataclass
class TableData:
    """A table as shown: title, lines under it, headers, screen widths (px), rows of text."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    widths: list[int] = field(default_factory=list)
    subtitle: list[str] = field(default_factory=list)
    centre: str = ""


def _kind(values: Sequence[str], pattern: re.Pattern[str]) -> bool:
    filled = [v for v in values if v]
    return bool(filled) and all(pattern.fullmatch(v) for v in filled)


def _value(text: str, kind: str) -> object:
    if not text:
        return None
    if kind == "date":
        return dt.datetime.strptime(text, "%d.%m.%Y").date()
    if kind == "int":
        return int(text)
    return text


def columns_for(data: TableData) -> tuple[list[Column], str]:
    """Columns with kinds from the values and widths from the screen, narrowed to print at
    ≥ 90 % on A4 (or A3 when even the narrowest widths do not fit); and the paper."""
    cols = []
    for i, header in enumerate(data.headers):
        values = [row[i] for row in data.rows if i < len(row)]
        kind = ("date" if _kind(values, _DATE) else "int" if _kind(values, _INT) else "wrap")
        px = data.widths[i] if i < len(data.widths) else 140
        width = {"date": 10.0, "int": max(6.0, min(px / 7, 10.0))}.get(kind, min(px / 7, 60))
        cols.append(Column(header, round(max(width, 6), 1), kind))
    cols = fitted(cols)
    for paper in ("a4", "a3"):
        trial = cols
        for _ in range(40):
            if print_scale(trial, paper) >= MIN_SCALE:
                return trial, paper
            trial = fitted([Column(c.header, max(8.0, round(c.width * 0.93, 1)), c.kind)
                            if c.kind == "wrap" else c for c in trial])
        cols = trial
    return cols, "a3"


def write_table(data: TableData, path: Path | str,
                progress: Callable[[int], None] | None = None) -> ExportResult:
    """Write the table; the file appears only when complete."""
    columns, paper = columns_for(data)
    kinds = [c.kind for c in columns]
    rows = ([_value(v, k) for v, k in zip(row, kinds, strict=False)] for row in data.rows)
    title = [line for line in (data.centre, data.title) if line]
    sheet = SheetData(data.title[:31] or "Список", title + data.subtitle, columns, rows,
                      footer=data.title)
    write_workbook(path, [sheet], DocInfo(data.title, data.centre, data.centre), paper, progress)
    return ExportResult(Path(path), len(data.rows))
