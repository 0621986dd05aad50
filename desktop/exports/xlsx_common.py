"""Shared Excel writing: a titled table sheet that prints well, text never read as formula.

Sheets are written in openpyxl's write-only mode with named styles: styling 10 000 rows
cell by cell in the normal mode costs about twice the bare library, while streaming rows
with a named style per cell stays at the bare library's speed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from desktop.fileio import atomic_output

DATE_FORMAT = "DD.MM.YYYY"
_THIN = Side(style="thin", color="999999")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


@dataclass
class ExportResult:
    """What an export wrote: the file and the number of data rows."""

    path: Path
    rows: int


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 20
    kind: str = "text"  # text | wrap | date | int


def new_workbook() -> Workbook:
    """A streaming workbook with the named styles every sheet uses."""
    wb = Workbook(write_only=True)
    styles = [
        NamedStyle("m_title", font=Font(bold=True, size=14), alignment=Alignment(vertical="center")),
        NamedStyle("m_subtitle", font=Font(size=11), alignment=Alignment(vertical="center")),
        NamedStyle("m_header", font=Font(bold=True), fill=HEADER_FILL, border=BORDER,
                   alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
        NamedStyle("m_text", border=BORDER, alignment=Alignment(vertical="top", wrap_text=True)),
        NamedStyle("m_plain", border=BORDER, alignment=Alignment(vertical="top")),
        NamedStyle("m_date", border=BORDER, alignment=Alignment(vertical="top", horizontal="center"),
                   number_format=DATE_FORMAT),
        NamedStyle("m_int", border=BORDER, alignment=Alignment(vertical="top", horizontal="center")),
    ]
    for style in styles:
        wb.add_named_style(style)
    return wb


STYLE_NAMES = ("m_title", "m_subtitle", "m_header", "m_text", "m_plain", "m_date", "m_int")


def _clean(value: Any) -> str:
    """Text as Excel accepts it: control characters (pasted from Word) dropped, at most
    32 767 characters."""
    text = "" if value is None else str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:32767]


class _StyledCell(Cell):
    """A write-only cell whose style index is resolved once per style, not once per cell,
    and whose repr is cheap (openpyxl formats it for every cell it is handed)."""

    __slots__ = ("_sid",)

    @property
    def style_id(self) -> int:
        return self._sid

    @property
    def has_style(self) -> bool:
        return True

    def __repr__(self) -> str:
        return "<cell>"


class _Cells:
    """Makes styled write-only cells fast: each named style is resolved once into a style
    array and its index (resolving a named style per cell doubled the export time)."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.arrays = {}
        self.ids = {}
        for name in STYLE_NAMES:
            probe = WriteOnlyCell(ws)
            probe.style = name
            self.arrays[name] = probe._style
            self.ids[name] = probe.style_id

    def _new(self, style: str) -> Cell:
        cell = _StyledCell(self.ws, row=1, column=1, style_array=self.arrays[style])
        cell._sid = self.ids[style]
        return cell

    def text(self, value: Any, style: str) -> Cell:
        # The value is stored as a string cell directly, so «=СУММ(A1)», «+7…», «-» and
        # «@home» are never formulas.
        cell = self._new(style)
        cell._value = _clean(value)
        cell.data_type = "s"
        return cell

    def value(self, value: Any, kind: str) -> Cell:
        if value is None or value == "":
            return self._new("m_plain")
        if kind == "date" and isinstance(value, dt.date):
            cell = self._new("m_date")
            cell._value = value
            cell.data_type = "d"
            return cell
        if kind == "int" and isinstance(value, int | float) and not isinstance(value, bool):
            cell = self._new("m_int")
            cell._value = value
            cell.data_type = "n"
            return cell
        return self.text(value, "m_text" if kind in ("wrap", "text") else "m_plain")


def text_cell(ws: Worksheet, value: Any, style: str | None = None) -> Cell:
    """A write-only cell holding plain text (never a formula), optionally with a named style."""
    cell = WriteOnlyCell(ws)
    cell._value = _clean(value)
    cell.data_type = "s"
    if style:
        cell.style = style
    return cell


def set_text(cell: Cell, value: Any) -> None:
    """Store a value in a normal-mode cell as plain text: «=СУММ(A1)», «+7…», «-», «@home»
    are never formulas."""
    cell.value = _clean(value)
    cell.data_type = "s"


def write_sheet(
    wb: Workbook,
    title: str,
    title_lines: list[str],
    columns: list[Column],
    rows: Iterable[Sequence[Any]],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add a sheet: title rows, a header and data rows; freeze, filter, widths, printing.

    Returns the number of data rows written; `progress(n)` is called every 500 rows.
    """
    ws = wb.create_sheet(title[:31])
    for c, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = col.width
    header_row = len(title_lines) + 1
    last_col = get_column_letter(len(columns))
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    cells = _Cells(ws)
    for i, line in enumerate(title_lines):
        ws.append([cells.text(line, "m_title" if i == 0 else "m_subtitle")])
    ws.append([cells.text(col.header, "m_header") for col in columns])
    kinds = [col.kind for col in columns]
    make = cells.value
    count = 0
    for row in rows:
        ws.append([make(v, k) for v, k in zip(row, kinds, strict=False)])
        count += 1
        if progress and count % 500 == 0:
            progress(count)
    ws.auto_filter.ref = f"A{header_row}:{last_col}{header_row + max(count, 1)}"
    if progress:
        progress(count)
    return count


def save_workbook(wb: Workbook, path: Path | str) -> Path:
    """Save atomically: a failed save leaves no half-written file behind."""
    target = Path(path)
    with atomic_output(target) as tmp:
        wb.save(tmp)
    return target
