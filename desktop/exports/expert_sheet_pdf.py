"""The expert evaluation sheet and the filled application (with its programme) as PDF."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from desktop.errors import NotFoundError
from desktop.exports.pdf_common import FONT, FONT_BOLD, build, doc_template, styles
from desktop.fileio import atomic_output
from desktop.models import Application, Review
from desktop.profiles import get_profile
from desktop.storage import Database
from desktop.text import long_date


def _esc(text: object) -> str:
    return str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _p(text: object, style: str = "cell", *, bold: bool = False) -> Paragraph:
    """A paragraph of plain text (escaped), optionally bold, line breaks kept."""
    safe = _esc(text).replace("\n", "<br/>")
    return Paragraph(f"<b>{safe}</b>" if bold else safe, styles()[style])


GRID = TableStyle([
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")),
])


def write_expert_sheet(db: Database, review_id: int, path: Path | str) -> Path:
    """Criteria, scores, formal defects, total, band and the expert's conclusion."""
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
            _p("Экспертный лист", "title"),
            _p(crit.title if crit else f"Экспертиза заявки на статус «{kind.name}»", "center"),
            Spacer(1, 4 * mm),
            _p(f"Организация: {app.organisation.full_name}", "normal"),
            _p(f"Программа (проект): {app.project_name or app.theme}", "normal"),
            _p(f"Заявка № {app.reg_number or app.id}"
               + (f" от {long_date(app.reg_date)}" if app.reg_date else ""), "normal"),
            Spacer(1, 4 * mm),
        ]
        if crit:
            story.append(_p(f"Диапазон баллов: {crit.scale}", "small"))
            rows = [[_p("№"), _p("Критерий (показатель)"), _p("Оценка")]]
            for d in crit.defects:
                rows.append(["", _p(d.text), _p(f"{scores.get(d.code, 0)} б.")])
            group = None
            for c in crit.criteria:
                if c.group != group:
                    group = c.group
                    rows.append(["", _p(group, bold=True), ""])
                note = f"\n({c.note})" if c.note else ""
                rows.append([_p(c.code), _p(c.text + note), _p(scores.get(c.code, "—"))])
            rows.append(["", _p(f"Общий балл (макс. {crit.max_total} б.)", bold=True),
                         _p(rv.total if rv.total is not None else "—", bold=True)])
            table = Table(rows, colWidths=[10 * mm, 130 * mm, 22 * mm], repeatRows=1)
            table.setStyle(GRID)
            story += [table, Spacer(1, 4 * mm)]
            band = crit.band_for(rv.total) if rv.total is not None else None
            if band:
                story.append(Paragraph(f"<b>Уровень: {_esc(band.level)}.</b> "
                                       f"{_esc(band.description)}", styles()["normal"]))
        else:
            story.append(_p(f"Итоговая оценка: {rv.total if rv.total is not None else '—'}",
                            "normal"))
        story += [Spacer(1, 4 * mm), _p(f"Заключение: {rv.conclusion or '—'}", "normal"),
                  Spacer(1, 12 * mm),
                  _p(f"Эксперт: {rv.expert.full_name} ____________________", "normal"),
                  _p(f"Дата: {long_date(rv.submitted_on) or '____________'}", "normal")]
    target = Path(path)
    with atomic_output(target) as tmp:
        build(doc_template(tmp, "Экспертный лист"), story)
    return target


def write_application(db: Database, app_id: int, path: Path | str) -> Path:
    """Every document of the package with its form filled in, tables as tables."""
    with db.session() as s:
        app = s.get(Application, app_id)
        if app is None:
            raise NotFoundError(f"Заявка № {app_id} не найдена.")
        profile = get_profile(app.profile_id)
        kind = profile.kind(app.kind_code)
        story: list = [
            _p(f"Заявка на статус «{kind.name}»", "title"),
            _p(f"{app.organisation.full_name}", "center"),
            _p(f"Регистрационный № {app.reg_number or '—'}"
               + (f" от {long_date(app.reg_date)}" if app.reg_date else ""), "center"),
            Spacer(1, 5 * mm),
        ]
        for doc in app.documents:
            spec = next((d for d in kind.documents if d.code == doc.doc_code), None)
            story.append(_p(doc.title, "heading"))
            if not doc.present:
                story.append(_p("Документ не представлен.", "normal"))
                continue
            if doc.attachment is not None:
                story.append(_p(f"Приложен файл: {doc.attachment.file_name}", "small"))
            if not spec or not spec.form:
                continue
            form = profile.form(spec.form)
            section = None
            rows = []
            for f in form.fields:
                value = doc.form_data.get(f.code)
                if f.section and f.section != section:
                    section = f.section
                    if rows:
                        story.append(_table(rows))
                        rows = []
                    story.append(_p(section, "normal", bold=True))
                if f.type == "table":
                    if rows:
                        story.append(_table(rows))
                        rows = []
                    story.append(_p(f.label, "normal"))
                    header = [_p(c.label) for c in f.columns]
                    body = [[_p(r.get(c.code, "")) for c in f.columns] for r in (value or [])]
                    width = (160 * mm) / max(len(f.columns), 1)
                    t = Table([header] + body, colWidths=[width] * len(f.columns), repeatRows=1)
                    t.setStyle(GRID)
                    story += [t, Spacer(1, 3 * mm)]
                else:
                    rows.append([_p(f.label), _p(value if value not in (None, "") else "—")])
            if rows:
                story.append(_table(rows))
    target = Path(path)
    with atomic_output(target) as tmp:
        build(doc_template(tmp, "Заявка"), story)
    return target


def _table(rows: list) -> Table:
    t = Table(rows, colWidths=[65 * mm, 95 * mm])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("FONTNAME", (0, 0), (-1, -1), FONT_BOLD)]))
    return t
