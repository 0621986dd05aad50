"""Shared Excel writing: titled table sheets that print readable, text never read as formula.

Workbooks are written with XlsxWriter in constant-memory mode (rows streamed to disk):
on the 10 000-site registry it writes about twice as fast as openpyxl's write-only mode
(see bench/RESULTS.md); openpyxl stays for reading imports.

Printing is decided here, not left to the office suite: neither Excel nor LibreOffice
grows a row for wrapped text in a file that does not ask, so every row gets a height
computed from its column widths and text (`xlsx_measure`); the print scale comes from the
widths of the printed columns on the chosen paper (`print_scale`), so body text prints at
8 pt or more — on A4 the columns marked `a4=False` are hidden in a collapsed group (the
«+» above the header shows them), on A3 every column prints. The footer carries the title
and «Страница N из M»; document properties name the centre. The body's look is the
workbook's default style and the grid one conditional format over the table, so most cells
carry no format of their own (see `DEFAULT_STYLE`).

Writers are pure: they take plain rows and never query.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import xlsxwriter

from desktop.exports.xlsx_measure import (
    BODY_PT,
    LINE_PT,
    column_px,
    lines_in,
    printed_px,
    room_px,
    row_height,
    text_px,
)
from desktop.fileio import atomic_output, ensure_writable

DATE_FORMAT = "DD.MM.YYYY"
FONT = "Arial"  # Liberation Sans on Linux has the same metrics
MIN_PRINT_PT = 8
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class ExportResult:
    """What an export wrote: the file and the number of data rows."""

    path: Path
    rows: int


@dataclass(frozen=True)
class Column:
    """One column: header, width in Excel's units (characters), kind of value, and
    whether it prints on A4 (`a4=False`: hidden in a collapsed group on A4)."""

    header: str
    width: float = 20
    kind: str = "text"  # text | wrap | date | int
    a4: bool = True


@dataclass(frozen=True)
class Paper:
    code: str
    excel_size: int  # XlsxWriter/Excel paper index
    width_in: float  # landscape width
    margin_in: float  # left and right
    label: str


PAPERS = {
    "a4": Paper("a4", 9, 297 / 25.4, 0.4, "А4 альбомная — основные столбцы"),
    "a3": Paper("a3", 8, 420 / 25.4, 0.3, "А3 альбомная — все столбцы"),
}


@dataclass(frozen=True)
class DocInfo:
    """Document properties: title, creator and company (the centre from its settings)."""

    title: str
    author: str = ""
    company: str = ""


@dataclass
class SheetData:
    """A sheet as plain data: title lines above the header, columns, rows of values."""

    name: str
    title_lines: list[str]
    columns: list[Column]
    rows: Iterable[Sequence[Any]]
    footer: str = ""  # the title printed in the footer; the first title line by default
    notes: list[str] = field(default_factory=list)  # lines under the title (small print)


def clean(value: Any) -> str:
    """Text as Excel accepts it: control characters (pasted from Word) dropped, at most
    32 767 characters."""
    text = "" if value is None else str(value)
    return _CONTROL.sub("", text)[:32767]


# -- measuring text: desktop.exports.xlsx_measure ---------------------------------------


def fitted(columns: Sequence[Column]) -> list[Column]:
    """The columns widened where a word of the (bold) header would not fit its width:
    a header word is never broken in the middle."""
    out = []
    for col in columns:
        word = max((text_px(w) * 1.06 for w in col.header.split()), default=0)
        need = math.ceil((word + 6 - 5) / 7 * 2) / 2
        out.append(col if need <= col.width else replace(col, width=need))
    return out


def print_scale(columns: Sequence[Column], paper: str) -> int:
    """Print scale in percent that fits the printed columns across the paper's width."""
    shown = [c for c in fitted(columns) if c.a4 or paper != "a4"]
    total = sum(printed_px(c.width) for c in shown)
    room = (PAPERS[paper].width_in - 2 * PAPERS[paper].margin_in) * 96
    return max(10, min(100, math.floor(room / total * 100 * 0.98)))


# -- writing ---------------------------------------------------------------------------
def _footer_text(text: str, scale: int) -> str:
    """Title left, «Страница N из M» right, sized to print at 9 pt after the scale."""
    title = text.replace("&", "&&")[:120]
    font = f'&"{FONT},Regular"&{math.ceil(9 * 100 / scale)}'
    return f"&L{font}{title}&R{font}Страница &P из &N"


# The workbook's default cell style is the body's: Arial 10, top, wrapped. A wrapped text
# cell then needs no format of its own and an empty one is not written; the table's grid is
# one conditional format (always true) over it, so it reaches the empty cells too. A format
# on each of the registry's 160 000 cells took a fifth of its export time.
DEFAULT_STYLE = {"font_name": FONT, "font_size": BODY_PT, "valign": "top", "text_wrap": True}
DEFAULT_ROW_PX = 17  # Arial 10's line, 12.75 pt


class _Formats:
    def __init__(self, wb: Any) -> None:
        base = {"font_name": FONT, "font_size": BODY_PT, "valign": "top"}
        edge = {"border": 1, "border_color": "#999999"}
        flat = {"text_wrap": False}
        line = {"font_name": FONT, "valign": "top", "text_wrap": True}
        self.title = wb.add_format({**line, "bold": True, "font_size": 14})
        self.subtitle = wb.add_format({**line, "font_size": 11})
        self.wb, self.line = wb, line
        self.notes: dict[float, Any] = {}
        self.header = wb.add_format({**base, **edge, "bold": True, "bg_color": "#DDE6F0",
                                     "align": "center", "valign": "vcenter", "text_wrap": True})
        self.wrap = None  # the default style
        self.text = wb.add_format({**base, **flat})
        self.date = wb.add_format({**base, "align": "center", "num_format": DATE_FORMAT})
        self.int = wb.add_format({**base, "align": "center"})
        self.grid = wb.add_format(edge)

    def note(self, size: float) -> Any:
        """The small italic print under a title, at `size` points."""
        if size not in self.notes:
            self.notes[size] = self.wb.add_format({**self.line, "font_size": size,
                                                   "italic": True})
        return self.notes[size]


def _write_sheet(wb: Any, f: _Formats, sheet: SheetData, paper: str,
                 progress: Callable[[int], None] | None) -> int:
    ws = wb.add_worksheet(re.sub(r"[\[\]:*?/\\']", " ", sheet.name).strip()[:31] or "Лист")
    columns = fitted(sheet.columns)
    hide = paper == "a4" and not all(c.a4 for c in columns)
    printed = [col.a4 or not hide for col in columns]
    for c, col in enumerate(columns):
        options: dict[str, Any] = {}
        if hide and not col.a4:
            options = {"hidden": True, "level": 1}
        elif hide and c and not columns[c - 1].a4:
            options = {"collapsed": True}
        ws.set_column(c, c, col.width, None, options)
    if hide:
        ws.outline_settings(True, False, False, False)
    header_row = len(sheet.title_lines) + len(sheet.notes)
    ws.set_landscape()
    ws.set_paper(PAPERS[paper].excel_size)
    side = PAPERS[paper].margin_in
    ws.set_margins(left=side, right=side, top=0.5, bottom=0.7)
    scale = print_scale(columns, paper)
    ws.set_print_scale(scale)
    ws.set_footer(_footer_text(sheet.footer or (sheet.title_lines[:1] or [sheet.name])[0], scale),
                  {"margin": 0.3})
    ws.repeat_rows(header_row)
    ws.freeze_panes(header_row + 1, 0)
    ws.center_horizontally()

    room = sum(column_px(c.width) for c, shown in zip(columns, printed, strict=True)
               if shown) - 9
    lines = [(line, TITLE if i == 0 else SUBTITLE) for i, line in enumerate(sheet.title_lines)]
    lines += [(line, _note_look(scale)) for line in sheet.notes]
    for row, (line, look) in enumerate(lines):
        _write_title(ws, f, row, len(columns) - 1, clean(line), look, room)
    row = len(lines)
    headers = [(col.header, col.width) for col, shown in zip(columns, printed, strict=True)
               if shown]
    height = row_height(headers, bold=True)
    if height:
        ws.set_row(row, height)
    for c, col in enumerate(columns):
        ws.write_string(row, c, clean(col.header), f.header)
    row += 1

    count = _write_rows(ws, f, columns, printed, sheet.rows, row, progress)
    last = header_row + max(count, 1)
    ws.conditional_format(header_row + 1, 0, last, len(columns) - 1,
                          {"type": "formula", "criteria": "=TRUE", "format": f.grid})
    ws.autofilter(header_row, 0, last, len(columns) - 1)
    if progress:
        progress(count)
    return count


@dataclass(frozen=True)
class _Look:
    """A title line's look: its format's name, size in points, boldness."""

    format: str
    size: float
    bold: bool = False


TITLE, SUBTITLE = _Look("title", 14, True), _Look("subtitle", 11)


def _note_look(scale: int) -> _Look:
    """The note's look: 9 pt, larger where the sheet prints scaled down, so that it too
    prints at 8 pt or more."""
    return _Look("note", max(9.0, math.ceil(MIN_PRINT_PT * 100 / scale * 2) / 2))


def _write_title(ws: Any, f: _Formats, row: int, last: int, text: str, look: _Look,
                 room: float) -> None:
    """A title line merged across the table and wrapped inside the printed columns: a long
    centre name takes two lines instead of running past the page (which printed a page
    holding only the title's tail). The row is as tall as its lines."""
    lines = lines_in(text, room * BODY_PT / look.size / (1.08 if look.bold else 1))
    height = round(lines * look.size * 1.25 + 3, 2)
    ws.set_row(row, height)
    fmt = f.note(look.size) if look.format == "note" else getattr(f, look.format)
    if last > 0:
        ws.merge_range(row, 0, row, last, text, fmt)
    else:
        ws.write_string(row, 0, text, fmt)


_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()
_FIRST_SERIAL_DAY = dt.date(1900, 3, 1)  # before it Excel counts a 29 February 1900


def _write_rows(ws: Any, f: _Formats, columns: Sequence[Column], printed: Sequence[bool],
                rows: Iterable[Sequence[Any]], row: int,
                progress: Callable[[int], None] | None) -> int:
    """The data rows from `row` on; returns how many. This loop is most of an export's time,
    so each column's kind and format are looked up once, a date is written as its serial
    number in the date format (what write_datetime stores, without its conversion), text is
    cleaned only when a control character or its length asks for it, and a row's height is
    measured on the printed wrapped columns only, each distinct text once per column (a
    folded-away long text must not stretch the rows of the A4 print; the A3 layout prints
    and measures every column)."""
    n = len(columns)
    blank = [None] * n
    kinds = [col.kind for col in columns]
    text_fmt = [f.wrap if k == "wrap" else f.text for k in kinds]
    cells = list(zip(range(n), kinds, text_fmt, strict=True))
    # Kinds, profiles, statuses, organisations repeat down a column: each text is measured
    # once per column.
    measured: list[tuple[int, float, dict[Any, int]]] = [
        (i, room_px(col.width), {}) for i, col in enumerate(columns)
        if col.kind == "wrap" and printed[i]]
    # Row heights in pixels, as set_row turns points into them.
    heights = [int(round(k * LINE_PT + 2.25, 2) * 4 / 3 + 0.5) for k in range(40)]
    write_string, write_number, write_datetime, set_row = (
        ws.write_string, ws.write_number, ws.write_datetime, ws.set_row_pixels)
    control, date_cls, first_day, epoch = _CONTROL.search, dt.date, _FIRST_SERIAL_DAY, _EXCEL_EPOCH
    date_fmt, int_fmt = f.date, f.int
    count = 0
    for values in rows:
        if len(values) != n:
            values = (list(values) + blank)[:n]
        lines = 1
        for i, room, known in measured:
            v = values[i]
            if v:
                k = known.get(v)
                if k is None:
                    k = lines_in(v if v.__class__ is str else str(v), room)
                    if len(known) < 50_000:
                        known[v] = k
                if k > lines:
                    lines = k
        if lines > 1:
            set_row(row, heights[lines] if lines < 40 else int(lines * LINE_PT * 4 / 3 + 3.5))
        for c, kind, fmt in cells:
            v = values[c]
            if v is None or v == "":
                pass  # an empty cell is not written: its borders are the table's grid
            elif v.__class__ is str:
                # Stored as a string cell: «=СУММ(A1)», «+7…», «-», «@home» stay text.
                write_string(row, c, clean(v) if len(v) > 32767 or control(v) else v, fmt)
            elif kind == "date" and v.__class__ is date_cls and v >= first_day:
                write_number(row, c, v.toordinal() - epoch, date_fmt)
            elif kind == "date" and isinstance(v, dt.date):
                write_datetime(row, c, v, date_fmt)
            elif kind == "int" and isinstance(v, int | float) and not isinstance(v, bool):
                write_number(row, c, v, int_fmt)
            else:
                write_string(row, c, clean(v), fmt)
        row += 1
        count += 1
        if progress and count % 500 == 0:
            progress(count)
    return count


def write_workbook(path: Path | str, sheets: Sequence[SheetData], info: DocInfo,
                   paper: str = "a4", progress: Callable[[int], None] | None = None
                   ) -> list[int]:
    """Write the sheets to one workbook; the file appears only when complete. Returns the
    number of data rows of each sheet."""
    if paper not in PAPERS:
        from desktop.errors import UserError

        raise UserError(f"Неизвестный формат бумаги «{paper}»: укажите a4 или a3.")
    target = ensure_writable(path)
    with atomic_output(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True,
                                            "default_format_properties": DEFAULT_STYLE,
                                            "default_row_height": DEFAULT_ROW_PX,
                                            "default_date_format": DATE_FORMAT})
        from desktop import APP_TITLE, __version__

        wb.set_properties({"title": info.title, "author": info.author or APP_TITLE,
                           "company": info.company, "manager": info.author,
                           "comments": f"Сформировано: {APP_TITLE} {__version__}"})
        formats = _Formats(wb)
        counts = [_write_sheet(wb, formats, sheet, paper, progress) for sheet in sheets]
        wb.close()
    return counts


def hidden_note(columns: Sequence[Column], paper: str) -> list[str]:
    """The line under the title telling which columns are folded away for A4."""
    hidden = [c.header for c in columns if not c.a4]
    if paper != "a4" or not hidden:
        return []
    return [f"Для печати на А4 свёрнуто столбцов: {len(hidden)} ({hidden[0].lower()}…); "
            "кнопка «+» над заголовками их показывает."]
