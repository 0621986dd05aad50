"""The filled application and programme as PDF: every document of the package with every
form field under its label (sections as headings, tables as tables). A pure writer of the
data desktop.services.printouts.application_print gathers."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from desktop.exports.expert_sheet_pdf import GRID, p
from desktop.exports.pdf_common import FONT, build, doc_template
from desktop.fileio import atomic_output
from desktop.services.printouts import ApplicationPrint, Fields, Grid, Section

WIDTH = 165 * mm  # A4 minus the 30 mm and 15 mm margins
FIELDS = TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                     ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                     ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f5f9"))])


def _fields(rows: list) -> Table:
    t = Table(rows, colWidths=[62 * mm, WIDTH - 62 * mm])
    t.setStyle(FIELDS)
    return t


def write_application_pdf(d: ApplicationPrint, target: Path) -> Path:
    """Write the application with its documents; the file appears only when complete."""
    story: list = [p(d.title, "title"), p(d.organisation, "center"),
                   p(d.registration, "center"), Spacer(1, 5 * mm)]
    for doc in d.documents:
        story.append(p(doc.title, "heading"))
        if not doc.present:
            story.append(p("Документ не представлен.", "normal"))
            continue
        if doc.attachment:
            story.append(p(f"Приложен файл: {doc.attachment}", "small"))
        for block in doc.blocks:
            if isinstance(block, Section):
                story += [Spacer(1, 2 * mm), p(block.text, "normal", bold=True)]
            elif isinstance(block, Fields):
                story.append(_fields([[p(label, bold=True), p(value)]
                                      for label, value in block.rows]))
            elif isinstance(block, Grid):
                header = [p(h, bold=True) for h in block.headers]
                body = [[p(v) for v in row] for row in block.rows] or [
                    [p("—") for _ in block.headers]]
                width = WIDTH / max(len(block.headers), 1)
                t = Table([header, *body], colWidths=[width] * len(block.headers),
                          repeatRows=1)
                t.setStyle(GRID)
                story += [p(block.label, "normal"), t, Spacer(1, 3 * mm)]
    with atomic_output(target) as tmp:
        build(doc_template(tmp, "Заявка"), story)
    return target
