"""What the expert evaluation sheet and the filled application print, gathered for the PDF
writers (desktop.exports.expert_sheet_pdf, .application_pdf) as plain dataclasses.

The sheet's total and band come from the profile's criteria through
desktop.workflow.score_sheet, as the review form computes them; the application lists
every document of its package with each form field under its label.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from desktop.errors import NotFoundError
from desktop.models import Application, Review
from desktop.profiles import get_profile
from desktop.storage import Database
from desktop.text import long_date
from desktop.workflow import score_sheet

__all__ = ["ApplicationPrint", "DocumentPrint", "ExpertSheetData", "Fields", "Grid", "Section",
           "SheetRow", "application_print", "expert_sheet", "write_application",
           "write_expert_sheet"]


@dataclass(frozen=True)
class SheetRow:
    code: str
    text: str
    mark: str
    heading: bool = False  # a group's or the defects' heading line


@dataclass
class ExpertSheetData:
    title: str
    subtitle: str
    organisation: str
    programme: str
    application: str  # «Заявка № 2026-0003 от 1 октября 2026 г.»
    expert: str
    submitted_on: dt.date | None
    conclusion: str
    total: str
    scale: str = ""
    rows: list[SheetRow] = field(default_factory=list)  # empty: no criteria, total only
    max_total: int | None = None
    band_level: str = ""
    band_description: str = ""


def _reg_line(prefix: str, number: str, day: dt.date | None) -> str:
    return f"{prefix} № {number}" + (f" от {long_date(day)}" if day else "")


def expert_sheet(db: Database, review_id: int) -> ExpertSheetData:
    """The sheet of one review: defects, every criterion with its score, total, band."""
    with db.session() as s:
        rv = s.get(Review, review_id)
        if rv is None:
            raise NotFoundError(f"Экспертный лист № {review_id} не найден.")
        app = rv.application
        profile = get_profile(app.profile_id)
        kind = profile.kind(app.kind_code)
        review = kind.review
        crit = profile.criteria.get(review.criteria) if review and review.criteria else None
        scores = {sc.code: sc.value for sc in rv.scores}
        data = ExpertSheetData(
            title="Экспертный лист",
            subtitle=crit.title if crit else f"Экспертиза заявки на статус «{kind.name}»",
            organisation=app.organisation.full_name,
            programme=app.project_name or app.theme or "—",
            application=_reg_line("Заявка", app.reg_number or str(app.id), app.reg_date),
            expert=rv.expert.full_name, submitted_on=rv.submitted_on,
            conclusion=rv.conclusion or "—",
            total=str(rv.total) if rv.total is not None else "—")
    if crit is None:
        return data
    defects: dict[str, bool | int] = {d.code: bool(scores.get(d.code)) for d in crit.defects}
    result = score_sheet(crit, {c.code: scores.get(c.code, 0) for c in crit.criteria}, defects)
    total = int(data.total) if data.total != "—" else result.total
    rows = []
    if crit.defects:
        rows.append(SheetRow("", "Формальные недочёты (минус балл за каждый)", "", True))
    rows += [SheetRow(d.code, d.text, f"{d.penalty}" if defects[d.code] else "нет")
             for d in crit.defects]
    group = None
    for c in crit.criteria:
        if c.group and c.group != group:
            group = c.group
            rows.append(SheetRow("", group, "", True))
        note = f"\n({c.note})" if c.note else ""
        rows.append(SheetRow(c.code, c.text + note,
                             str(scores[c.code]) if c.code in scores else "—"))
    band = crit.band_for(total)
    data.total, data.scale, data.rows, data.max_total = str(total), crit.scale, rows, crit.max_total
    if band:
        data.band_level, data.band_description = band.level, band.description
    return data


@dataclass(frozen=True)
class Section:
    text: str


@dataclass(frozen=True)
class Fields:
    rows: list[tuple[str, str]]  # (label, value)


@dataclass(frozen=True)
class Grid:
    label: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class DocumentPrint:
    title: str
    present: bool
    attachment: str = ""  # the attached file's name
    blocks: list[Section | Fields | Grid] = field(default_factory=list)


@dataclass
class ApplicationPrint:
    title: str
    organisation: str
    registration: str
    documents: list[DocumentPrint]


def _value(value: object) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "—"
    return str(value)


def application_print(db: Database, app_id: int) -> ApplicationPrint:
    """The application with every document of its package and its form fields."""
    with db.session() as s:
        app = s.get(Application, app_id)
        if app is None:
            raise NotFoundError(f"Заявка № {app_id} не найдена.")
        profile = get_profile(app.profile_id)
        kind = profile.kind(app.kind_code)
        out = ApplicationPrint(f"Заявка на статус «{kind.name}»", app.organisation.full_name,
                               _reg_line("Регистрационный", app.reg_number or "—",
                                         app.reg_date), [])
        for doc in app.documents:
            item = DocumentPrint(doc.title, doc.present)
            out.documents.append(item)
            if not doc.present:
                continue
            if doc.attachment is not None:
                item.attachment = doc.attachment.file_name
            spec = next((d for d in kind.documents if d.code == doc.doc_code), None)
            if not spec or not spec.form:
                continue
            values = doc.form_data or {}
            section: str | None = None
            rows: list[tuple[str, str]] = []
            for f in profile.form(spec.form).fields:
                value = values.get(f.code)
                if f.section and f.section != section:
                    section = f.section
                    if rows:
                        item.blocks.append(Fields(rows))
                        rows = []
                    item.blocks.append(Section(section))
                if f.type == "table":
                    if rows:
                        item.blocks.append(Fields(rows))
                        rows = []
                    item.blocks.append(Grid(f.label, [c.label for c in f.columns],
                                            [[str(r.get(c.code, "")) for c in f.columns]
                                             for r in (value or [])]))
                else:
                    rows.append((f.label, _value(value)))
            if rows:
                item.blocks.append(Fields(rows))
    return out


def write_expert_sheet(db: Database, review_id: int, path: Path | str) -> Path:
    """Gather and write the sheet; the file appears only when complete."""
    from desktop.exports.expert_sheet_pdf import write_expert_sheet_pdf
    from desktop.fileio import ensure_writable

    ensure_writable(path)
    return write_expert_sheet_pdf(expert_sheet(db, review_id), Path(path))


def write_application(db: Database, app_id: int, path: Path | str) -> Path:
    """Gather and write the filled application; the file appears only when complete."""
    from desktop.exports.application_pdf import write_application_pdf
    from desktop.fileio import ensure_writable

    ensure_writable(path)
    return write_application_pdf(application_print(db, app_id), Path(path))
