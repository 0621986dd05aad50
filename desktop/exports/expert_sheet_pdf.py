"""The expert evaluation sheet as PDF: formal defects, every criterion with its score,
the total, the band (from the profile's criteria, computed by desktop.workflow.score_sheet
as the review form does), the conclusion and the expert's signature line."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from desktop.errors import NotFoundError
from desktop.exports.pdf_common import FONT, build, doc_template, para, styles
from desktop.fileio import atomic_output, ensure_writable
from desktop.models import Review
from desktop.profiles import get_profile
from desktop.storage import Database
from desktop.text import long_date
from desktop.workflow import score_sheet

GRID = TableStyle([
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")),
])


def p(text: object, style: str = "cell", *, bold: bool = False) -> Paragraph:
    """A paragraph of plain text (escaped, printable), optionally bold."""
    safe = para(text)
    return Paragraph(f"<b>{safe}</b>" if bold else safe, styles()[style])


def write_expert_sheet(db: Database, review_id: int, path: Path | str) -> Path:
    """Write the sheet of one review; the file appears only when complete."""
    target = ensure_writable(path)
    with db.session() as s:
        rv = s.get(Review, review_id)
        if rv is None:
            raise NotFoundError(f"Экспертный лист № {review_id} не найден.")
        app = rv.application
        profile = get_profile(app.profile_id)
        kind = profile.kind(app.kind_code)
        crit = profile.criteria.get(kind.review.criteria) if kind.review.criteria else None
        scores = {sc.code: sc.value for sc in rv.scores}
        story: list = [
            p("Экспертный лист", "title"),
            p(crit.title if crit else f"Экспертиза заявки на статус «{kind.name}»", "center"),
            Spacer(1, 4 * mm),
            p(f"Организация: {app.organisation.full_name}", "normal"),
            p(f"Программа (проект): {app.project_name or app.theme or '—'}", "normal"),
            p(f"Заявка № {app.reg_number or app.id}"
              + (f" от {long_date(app.reg_date)}" if app.reg_date else ""), "normal"),
            Spacer(1, 4 * mm),
        ]
        if crit:
            defects = {d.code: bool(scores.get(d.code)) for d in crit.defects}
            result = score_sheet(crit, {c.code: scores.get(c.code, 0) for c in crit.criteria},
                                 defects)
            total = rv.total if rv.total is not None else result.total
            story.append(p(f"Шкала: {crit.scale}", "small"))
            story.append(Spacer(1, 2 * mm))
            rows = [[p("№"), p("Критерий (показатель)"), p("Балл")]]
            if crit.defects:
                rows.append(["", p("Формальные недочёты (минус балл за каждый)", bold=True), ""])
            for d in crit.defects:
                mark = f"{d.penalty}" if defects[d.code] else "нет"
                rows.append([p(d.code), p(d.text), p(mark)])
            group = None
            for c in crit.criteria:
                if c.group and c.group != group:
                    group = c.group
                    rows.append(["", p(group, bold=True), ""])
                note = f"\n({c.note})" if c.note else ""
                rows.append([p(c.code), p(c.text + note),
                             p(scores[c.code] if c.code in scores else "—")])
            rows.append(["", p(f"Общий балл (максимум {crit.max_total})", bold=True),
                         p(total, bold=True)])
            table = Table(rows, colWidths=[12 * mm, 133 * mm, 20 * mm], repeatRows=1)
            table.setStyle(GRID)
            story += [table, Spacer(1, 4 * mm)]
            band = crit.band_for(total)
            if band:
                story.append(Paragraph(f"<b>Уровень: {para(band.level)}.</b> "
                                       f"{para(band.description)}", styles()["normal"]))
        else:
            story.append(p(f"Итоговая оценка: {rv.total if rv.total is not None else '—'}",
                           "normal"))
        story += [Spacer(1, 4 * mm), p(f"Заключение эксперта: {rv.conclusion or '—'}", "normal"),
                  Spacer(1, 14 * mm),
                  p(f"Эксперт: {rv.expert.full_name}    ____________________ (подпись)",
                    "normal"),
                  Spacer(1, 3 * mm),
                  p(f"Дата: {long_date(rv.submitted_on) or '«___» ____________ 20__ г.'}",
                    "normal")]
    with atomic_output(target) as tmp:
        build(doc_template(tmp, "Экспертный лист"), story)
    return target
