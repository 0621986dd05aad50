"""Review results as an Excel workbook: per application its experts, the score of each
criterion, formal defects, total, band and the mean over the experts; a second sheet
spells out the criteria behind the К1… columns.

`collect_reviews` gathers plain rows, `write_reviews` renders them without a query. On A4
the profile, date, defects, expert count and conclusion fold away; A3 prints them all."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop.errors import UserError
from desktop.exports.xlsx_common import (
    Column,
    DocInfo,
    ExportResult,
    SheetData,
    doc_info,
    hidden_note,
    write_workbook,
)
from desktop.fileio import ensure_writable
from desktop.models import Application, Organisation, Person, Review, ReviewScore
from desktop.profiles import CriteriaSet, Profile, all_profiles
from desktop.services.centre import get_centre
from desktop.storage import Database
from desktop.text import person_name

MAX_ITEMS = 12  # the widest criteria set shipped (Омск, приложение 3)

COLUMNS = ([Column("Заявка", 11, "wrap"), Column("Организация", 22, "wrap"),
            Column("Вид", 8, "wrap"), Column("Положение (профиль)", 13, "wrap", a4=False),
            Column("Эксперт", 18, "wrap"), Column("Дата оценки", 10, "date", a4=False),
            Column("Формальные недочёты", 12.5, "int", a4=False)]
           + [Column(f"К{i}", 4.5, "int") for i in range(1, MAX_ITEMS + 1)]
           + [Column("Итого", 6.5, "int"), Column("Уровень", 12, "wrap"),
              Column("Средний балл заявки", 8.5, "int"), Column("Экспертов", 10, "int", a4=False),
              Column("Заключение", 28, "wrap", a4=False)])
LEGEND_COLUMNS = [Column("Положение (профиль)", 16, "wrap"), Column("Столбец", 12, "wrap"),
                  Column("№ критерия", 9), Column("Критерий", 80, "wrap")]


@dataclass
class ReviewsData:
    """Review results and the criteria legend as plain rows."""

    centre: str
    rows: list[tuple]
    legend: list[tuple]
    info: DocInfo


def criteria_for(profile: Profile | None, kind_code: str) -> CriteriaSet | None:
    """The criteria set the profile names for this kind of site, if any."""
    if profile is None:
        return None
    try:
        review = profile.kind(kind_code).review
    except UserError:  # a kind no longer in the profile
        return None
    code = review.criteria if review is not None else None  # a kind without a review
    return profile.criteria.get(code) if code else None


def review_rows(db: Database) -> list[tuple]:
    profiles = {p.id: p for p in all_profiles()}
    with db.session() as s:
        reviews = s.execute(
            select(Review.id, Review.total, Review.band, Review.submitted_on, Review.conclusion,
                   Application.id, Application.reg_number, Application.kind_code,
                   Application.profile_id, Organisation.short_name, Person.last_name,
                   Person.first_name, Person.middle_name)
            .join(Application, Application.id == Review.application_id)
            .join(Organisation, Organisation.id == Application.organisation_id)
            .join(Person, Person.id == Review.expert_id)
            .where(Application.deleted_at.is_(None))
            .order_by(Application.profile_id, Application.id, Review.id)).all()
        scores: dict[int, dict[str, int]] = defaultdict(dict)
        for rid, code, value in s.execute(select(ReviewScore.review_id, ReviewScore.code,
                                                 ReviewScore.value)):
            scores[rid][code] = value
    totals: dict[int, list[int]] = defaultdict(list)
    experts: dict[int, int] = defaultdict(int)
    for r in reviews:
        experts[r[5]] += 1
        if r[1] is not None:
            totals[r[5]].append(r[1])
    rows = []
    for (rid, total, band, submitted, conclusion, app_id, reg, kind, pid, org,
         last, first, middle) in reviews:
        profile = profiles.get(pid)
        crit = criteria_for(profile, kind)
        sc = scores.get(rid, {})
        items: list[int | None] = [None] * MAX_ITEMS
        defects = None
        if crit:
            for i, c in enumerate(crit.criteria[:MAX_ITEMS]):
                items[i] = sc.get(c.code)
            defects = sum(sc.get(d.code, 0) for d in crit.defects)
        if band is None and crit and total is not None:
            found = crit.band_for(total)
            band = found.level if found else None
        mean = round(sum(totals[app_id]) / len(totals[app_id]), 1) if totals[app_id] else None
        rows.append((reg or f"№ {app_id}", org, kind,
                     profile.municipality if profile else pid, person_name(last, first, middle),
                     submitted, defects, *items, total, band, mean, experts[app_id],
                     conclusion))
    return rows


def legend_rows() -> list[tuple]:
    """Each criteria set: the К-column, the criterion's number in the regulation, its text."""
    out = []
    for profile in all_profiles():
        for crit in profile.criteria.values():
            for d in crit.defects:
                out.append((profile.municipality, "Формальные недочёты", d.code, d.text))
            for i, c in enumerate(crit.criteria[:MAX_ITEMS], start=1):
                out.append((profile.municipality, f"К{i}", c.code, c.text))
    return out


def collect_reviews(db: Database) -> ReviewsData:
    """Every review with its scores, and the criteria behind the К-columns."""
    centre = get_centre(db)
    return ReviewsData(centre["name"], review_rows(db), legend_rows(),
                       doc_info(centre, "Результаты экспертизы заявок"))


def write_reviews(data: ReviewsData, path: Path | str, paper: str = "a4",
                  progress: Callable[[int], None] | None = None) -> ExportResult:
    """Render the review results workbook."""
    main = SheetData("Экспертиза", [data.centre, data.info.title,
                                    "К1–К12 — баллы по критериям оценки (см. лист «Критерии»); "
                                    "средний балл — по всем экспертам заявки"],
                     COLUMNS, data.rows, footer=data.info.title, notes=hidden_note(COLUMNS, paper))
    legend = SheetData("Критерии", [data.centre, "Критерии оценки заявок по положениям"],
                       LEGEND_COLUMNS, data.legend, footer="Критерии оценки заявок")
    write_workbook(path, [main, legend], data.info, paper, progress)
    return ExportResult(Path(path), len(data.rows))


def export_reviews(db: Database, path: Path | str,
                   progress: Callable[[int], None] | None = None, *,
                   paper: str = "a4") -> ExportResult:
    """Write the review results workbook."""
    ensure_writable(path)
    return write_reviews(collect_reviews(db), path, paper, progress)
