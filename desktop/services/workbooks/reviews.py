"""Review results: per application its experts, the score of each criterion, formal
defects, total, band and the mean over the experts; and the criteria behind the К-columns."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

from desktop.errors import UserError
from desktop.exports.reviews_xlsx import MAX_ITEMS, ReviewsData
from desktop.models import Application, Organisation, Person, Review, ReviewScore
from desktop.profiles import CriteriaSet, Profile, all_profiles
from desktop.services.workbooks.centre import workbook_centre
from desktop.storage import Database
from desktop.text import person_name


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


def review_rows(db: Database) -> list[tuple[Any, ...]]:
    """One row per review, applications in profile order, with the К-columns filled from
    the criteria set of the application's kind."""
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


def legend_rows() -> list[tuple[str, str, str, str]]:
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
    centre, info = workbook_centre(db, "Результаты экспертизы заявок")
    return ReviewsData(centre, review_rows(db), legend_rows(), info)
