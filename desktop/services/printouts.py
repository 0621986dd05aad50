"""What the expert evaluation sheet prints, gathered for its PDF writer
(desktop.exports.expert_sheet_pdf) as plain dataclasses; and the filled application's PDF,
written from the data of its Word template (desktop.services.documents.forms).

The sheet's total and band come from the profile's criteria through
desktop.workflow.score_sheet, as the review form computes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from desktop.errors import NotFoundError
from desktop.models import Review
from desktop.profiles import get_profile
from desktop.services.documents.forms import expert_place
from desktop.storage import Database
from desktop.text import long_date
from desktop.workflow import score_sheet

__all__ = ["ExpertSheetData", "SheetRow", "expert_sheet", "write_application",
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
    expert_place: str = ""  # the expert's organisation (Омск, приложение 3: «ФИО, организация»)
    bands: list[tuple[str, str, str]] = field(default_factory=list)  # «от 0 до 10», level, text


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
            expert_place=expert_place(rv.expert),
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
    data.bands = [(f"от {b.min} до {b.max}", b.level, b.description) for b in crit.bands]
    return data


def write_expert_sheet(db: Database, review_id: int, path: Path | str) -> Path:
    """Gather and write the sheet; the file appears only when complete."""
    from desktop.exports.expert_sheet_pdf import write_expert_sheet_pdf
    from desktop.fileio import ensure_writable

    ensure_writable(path)
    return write_expert_sheet_pdf(expert_sheet(db, review_id), Path(path))


def write_application(db: Database, app_id: int, path: Path | str) -> Path:
    """Gather and write the filled application (the data of the Word template, see
    `desktop.services.documents.forms.application_data`); the file appears only when
    complete."""
    from desktop.exports.application_pdf import write_application_pdf
    from desktop.fileio import ensure_writable
    from desktop.services.documents.forms import application_data

    ensure_writable(path)
    return write_application_pdf(application_data(db, app_id), Path(path))
