"""The filled application and programme as PDF: every document of the package with every
form field under its label (sections as headings, tables as tables)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from desktop.errors import NotFoundError
from desktop.exports.expert_sheet_pdf import GRID, p
from desktop.exports.pdf_common import FONT, build, doc_template
from desktop.fileio import atomic_output, ensure_writable
from desktop.models import Application
from desktop.profiles import get_profile
from desktop.storage import Database
from desktop.text import long_date

WIDTH = 165 * mm  # A4 minus the 30 mm and 15 mm margins
FIELDS = TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                     ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                     ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f5f9"))])


def _fields(rows: list) -> Table:
    t = Table(rows, colWidths=[62 * mm, WIDTH - 62 * mm])
    t.setStyle(FIELDS)
    return t


def _value(value: object) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "—"
    return str(value)


def write_application(db: Database, app_id: int, path: Path | str) -> Path:
    """Write the application with its documents; the file appears only when complete."""
    target = ensure_writable(path)
    with db.session() as s:
        app = s.get(Application, app_id)
        if app is None:
            raise NotFoundError(f"Заявка № {app_id} не найдена.")
        profile = get_profile(app.profile_id)
        kind = profile.kind(app.kind_code)
        story: list = [
            p(f"Заявка на статус «{kind.name}»", "title"),
            p(app.organisation.full_name, "center"),
            p(f"Регистрационный № {app.reg_number or '—'}"
              + (f" от {long_date(app.reg_date)}" if app.reg_date else ""), "center"),
            Spacer(1, 5 * mm),
        ]
        for doc in app.documents:
            spec = next((d for d in kind.documents if d.code == doc.doc_code), None)
            story.append(p(doc.title, "heading"))
            if not doc.present:
                story.append(p("Документ не представлен.", "normal"))
                continue
            if doc.attachment is not None:
                story.append(p(f"Приложен файл: {doc.attachment.file_name}", "small"))
            if not spec or not spec.form:
                continue
            form = profile.form(spec.form)
            section = None
            rows: list = []
            for f in form.fields:
                value = (doc.form_data or {}).get(f.code)
                if f.section and f.section != section:
                    section = f.section
                    if rows:
                        story.append(_fields(rows))
                        rows = []
                    story.append(Spacer(1, 2 * mm))
                    story.append(p(section, "normal", bold=True))
                if f.type == "table":
                    if rows:
                        story.append(_fields(rows))
                        rows = []
                    story.append(p(f.label, "normal"))
                    header = [p(c.label, bold=True) for c in f.columns]
                    body = [[p(r.get(c.code, "")) for c in f.columns] for r in (value or [])]
                    if not body:
                        body = [[p("—") for _ in f.columns]]
                    width = WIDTH / max(len(f.columns), 1)
                    t = Table([header, *body], colWidths=[width] * len(f.columns), repeatRows=1)
                    t.setStyle(GRID)
                    story += [t, Spacer(1, 3 * mm)]
                else:
                    rows.append([p(f.label, bold=True), p(_value(value))])
            if rows:
                story.append(_fields(rows))
    with atomic_output(target) as tmp:
        build(doc_template(tmp, "Заявка"), story)
    return target
