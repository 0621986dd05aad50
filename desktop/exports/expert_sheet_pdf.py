"""The expert evaluation sheet as PDF (Омск, приложение 3): formal defects, every
criterion with its score, ИТОГО, the band and the table of bands, the conclusion and the
expert's signature line with their organisation. A pure writer of the
data desktop.services.printouts.expert_sheet gathers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop.exports.pdf_common import FONT, build, doc_template, para, styles, unbreakable
from desktop.fileio import atomic_output
from desktop.services.printouts import ExpertSheetData
from desktop.text import long_date

GRID = TableStyle([
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")),
])


def p(text: object, style: str = "cell", *, bold: bool = False) -> Paragraph:
    """A paragraph of plain text (escaped, printable), optionally bold."""
    safe = unbreakable(para(text))
    return Paragraph(f"<b>{safe}</b>" if bold else safe, styles()[style])


def write_expert_sheet_pdf(d: ExpertSheetData, target: Path) -> Path:
    """Write the sheet; the file appears only when complete."""
    story: list = [
        p(d.title, "title"),
        p(d.subtitle, "center"),
        Spacer(1, 4 * mm),
        p(f"Организация: {d.organisation}", "normal"),
        p(f"Программа (проект): {d.programme}", "normal"),
        p(d.application, "normal"),
        Spacer(1, 4 * mm),
    ]
    if d.rows:
        story += [p(f"Шкала: {d.scale}", "small"), Spacer(1, 2 * mm)]
        rows: list[list[Any]] = [[p("№"), p("Критерий (показатель)"), p("Балл")]]
        for r in d.rows:
            rows.append(["", p(r.text, bold=True), ""] if r.heading
                        else [p(r.code), p(r.text), p(r.mark)])
        rows.append(["", p(f"ИТОГО — общий балл (максимум {d.max_total})", bold=True),
                     p(d.total, bold=True)])
        table = Table(rows, colWidths=[12 * mm, 133 * mm, 20 * mm], repeatRows=1)
        table.setStyle(GRID)
        story += [table, Spacer(1, 4 * mm)]
        if d.band_level:
            story.append(Paragraph(f"<b>Уровень: {para(d.band_level)}.</b> "
                                   f"{para(d.band_description)}", styles()["normal"]))
        if d.bands:
            bands = Table([[p("Оценка", bold=True), p("Уровень", bold=True),
                            p("Описание", bold=True)],
                           *[[p(a), p(b), p(c)] for a, b, c in d.bands]],
                          colWidths=[25 * mm, 35 * mm, 105 * mm])
            bands.setStyle(GRID)
            story += [Spacer(1, 3 * mm), KeepTogether(bands)]
    else:
        story.append(p(f"Итоговая оценка: {d.total}", "normal"))
    story += [Spacer(1, 4 * mm), p(f"Заключение эксперта: {d.conclusion}", "left"),
              Spacer(1, 14 * mm),
              p(f"Эксперт — {d.expert}" + (f", {d.expert_place}" if d.expert_place else "")
                + "    ____________________ (подпись)", "left"),
              Spacer(1, 3 * mm),
              p(f"Дата: {long_date(d.submitted_on) or '«___» ____________ 20__ г.'}",
                "normal")]
    with atomic_output(target) as tmp:
        build(doc_template(tmp, "Экспертный лист"), story)
    return target
