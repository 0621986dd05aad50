"""The filled application and programme as PDF, laid out as the regulation's forms: each
document of the package from a new page under its form's title, its fields in tables
(label beside value, a heading row at each section; a table field as its own table), the
signatures, stamp and date the form asks for, and the registration lines the commission
fills. A pure writer of the data `desktop.services.documents.forms.application_data`
gathers (the same as the Word template's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

from desktop.exports.expert_sheet_pdf import GRID, p
from desktop.exports.pdf_common import FONT, build, doc_template
from desktop.fileio import atomic_output
from desktop.services.documents.data import Document, FormBlock, PackageDocument

WIDTH = 165 * mm  # A4 minus the 30 mm and 15 mm margins
FIELDS = TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                     ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                     ("VALIGN", (0, 0), (-1, -1), "TOP")])
SIGNS = TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")])


def _fields(block: FormBlock) -> Table:
    rows = []
    style = TableStyle(FIELDS.getCommands())
    for i, f in enumerate(block.fields):
        if f.heading and not f.label:
            rows.append([p(f.heading, bold=True), ""])
            style.add("SPAN", (0, i), (1, i))
            style.add("BACKGROUND", (0, i), (1, i), colors.HexColor("#f2f5f9"))
        else:
            rows.append([p(f.label), p(f.value)])
    t = Table(rows, colWidths=[70 * mm, WIDTH - 70 * mm])
    t.setStyle(style)
    return t


def _grid(block: FormBlock) -> list[Any]:
    header = [p(h, bold=True) for h in block.columns]
    # a «№» column is narrow, the others share the rest
    narrow = [h.startswith("№") for h in block.columns]
    wide = (WIDTH - 14 * mm * sum(narrow)) / max(len(block.columns) - sum(narrow), 1)
    t = Table([header, *[[p(v) for v in row] for row in block.rows]],
              colWidths=[14 * mm if n else wide for n in narrow], repeatRows=1)
    t.setStyle(GRID)
    return [KeepTogether([p(block.label, "normal", bold=True), Spacer(1, 1 * mm)]), t]


def _ending(d: PackageDocument) -> list[Any]:
    """Signatures, stamp, date, then the commission's registration lines."""
    out: list[Any] = []
    if d.signs:
        rows = [[p(s.position, "left"), [p("_______________", "center"),
                                          p(s.hint, "small")], p(s.name, "left")]
                for s in d.signs]
        t = Table(rows, colWidths=[70 * mm, 45 * mm, 50 * mm])
        t.setStyle(SIGNS)
        out += [Spacer(1, 8 * mm), t]
    if d.stamp:
        out.append(p("М. П.", "normal"))
    if d.date_line:
        out += [Spacer(1, 2 * mm), p(d.date_line, "normal")]
    if d.official:
        out.append(Spacer(1, 5 * mm))
        out += [p(f"{f.label}: {f.value}", "normal") for f in d.official]
        if d.official_note:
            out.append(p(d.official_note, "small"))
    return [KeepTogether(out)] if out else []


def write_application_pdf(data: Document, target: Path) -> Path:
    """Write the application with its documents; the file appears only when complete."""
    story: list[Any] = []
    for n, d in enumerate(data.items):
        assert isinstance(d, PackageDocument)
        if n:
            story.append(PageBreak())
        story.append(p(d.heading or d.title.upper(), "title"))
        if d.note:
            story.append(p(d.note, "small"))
        if data.application is not None:
            story.append(p(data.application.organisation, "center"))
        story.append(Spacer(1, 4 * mm))
        if not d.present:
            story.append(p("Документ не представлен.", "normal"))
        if d.paper:
            story.append(p(d.paper, "small"))
        if d.attachment:
            story.append(p(f"Приложен файл: {d.attachment}", "small"))
        for block in d.blocks:
            story += _grid(block) if block.columns else [_fields(block)]
            story.append(Spacer(1, 2 * mm))
        story += _ending(d)
    with atomic_output(target) as tmp:
        build(doc_template(tmp, "Заявка"), story)
    return target
