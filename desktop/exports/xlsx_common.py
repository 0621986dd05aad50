"""Shared Excel writing: a titled table sheet that prints well, text never read as formula."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from desktop.fileio import atomic_output

DATE_FORMAT = "DD.MM.YYYY"
FORMULA_STARTS = ("=", "+", "-", "@")
_THIN = Side(style="thin", color="999999")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 20
    kind: str = "text"  # text | wrap | date | int


def set_text(cell: Cell, value: Any) -> None:
    """Store a value as plain text: «=СУММ(A1)», «+7…», «-», «@home» are never formulas."""
    text = "" if value is None else str(value)
    cell.value = text
    cell.data_type = "s"


def _set(cell: Cell, value: Any, kind: str) -> None:
    if value is None or value == "":
        cell.value = None
    elif kind == "date" and isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif kind == "int" and isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = value
    else:
        set_text(cell, value)


def write_sheet(
    ws: Worksheet,
    title_lines: list[str],
    columns: list[Column],
    rows: Iterable[Sequence[Any]],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write title rows, a header and data rows; set up freezing, filter, widths, printing.

    Returns the number of data rows written. `progress(n)` is called every 500 rows.
    """
    ncols = len(columns)
    last_col = get_column_letter(ncols)
    for i, line in enumerate(title_lines, start=1):
        cell = ws.cell(row=i, column=1)
        set_text(cell, line)
        cell.font = Font(bold=i == 1, size=14 if i == 1 else 11)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=ncols)
    header_row = len(title_lines) + 1
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=c)
        set_text(cell, col.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = col.width
    wrap = Alignment(vertical="top", wrap_text=True)
    top = Alignment(vertical="top")
    count = 0
    r = header_row
    for r, row in enumerate(rows, start=header_row + 1):
        for c, (col, value) in enumerate(zip(columns, row, strict=False), start=1):
            cell = ws.cell(row=r, column=c)
            _set(cell, value, col.kind)
            cell.border = BORDER
            cell.alignment = wrap if col.kind in ("wrap", "text") else top
        count += 1
        if progress and count % 500 == 0:
            progress(count)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{last_col}{max(r, header_row)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if progress:
        progress(count)
    return count


def save_workbook(wb: Workbook, path: Path | str) -> Path:
    """Save atomically: a failed save leaves no half-written file behind."""
    target = Path(path)
    with atomic_output(target) as tmp:
        wb.save(tmp)
    return target
