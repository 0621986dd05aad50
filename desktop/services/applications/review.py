"""Expert review: assigning experts and the experts' sheets."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from desktop.errors import NotFoundError, ValidationError
from desktop.models import (
    Review,
    ReviewScore,
)
from desktop.profiles import get_profile
from desktop.services.applications.common import _app
from desktop.services.common import add_history, audit
from desktop.storage import Database
from desktop.validation import clean_text
from desktop.workflow import (
    check_transition,
    score_sheet,
)


def assign_experts(db: Database, app_id: int, expert_ids: list[int],
                   day: dt.date | None = None) -> list[int]:
    day = day or dt.date.today()
    if not expert_ids:
        raise ValidationError({"experts": "Выберите хотя бы одного эксперта."})
    with db.transaction() as s:
        app = _app(s, app_id)
        kind = get_profile(app.profile_id).kind(app.kind_code)
        if app.state == "registered":
            check_transition(app.state, "review")
            app.state = "review"
            add_history(s, event="review_assigned", application_id=app.id, on=day,
                        from_status="registered", to_status="review")
        elif app.state != "review":
            check_transition(app.state, "review")
        due = day + dt.timedelta(days=kind.review.days) if kind.review.days else None
        ids = []
        for expert_id in expert_ids:
            exists = s.scalar(select(Review.id).where(Review.application_id == app_id,
                                                      Review.expert_id == expert_id))
            if exists:
                continue
            review = Review(application_id=app_id, expert_id=expert_id, assigned_on=day,
                            due_on=due)
            s.add(review)
            s.flush()
            ids.append(review.id)
        audit(s, "update", "application", app_id, f"Назначено экспертов: {len(ids)}")
        return ids


def prefilled_defects(db: Database, review_id: int) -> dict[str, bool]:
    """Formal defects the forms already show (for the expert to confirm or override)."""
    from desktop.workflow import prefill_defects

    with db.session() as s:
        review = s.get(Review, review_id)
        app = review.application
        profile = get_profile(app.profile_id)
        code = profile.kind(app.kind_code).review.criteria
        if not code:
            return {}
        return prefill_defects({d.doc_code: d.form_data for d in app.documents},
                               profile.criteria[code])


def save_sheet(db: Database, review_id: int, scores: dict[str, int], defects: dict[str, bool],
               conclusion: str, day: dt.date | None = None, *, submit: bool = True) -> int | None:
    """Save an expert's sheet; when every sheet is in, the application is «reviewed»."""
    day = day or dt.date.today()
    with db.transaction() as s:
        review = s.get(Review, review_id)
        if review is None:
            raise NotFoundError("Экспертный лист не найден.")
        app = review.application
        profile = get_profile(app.profile_id)
        code = profile.kind(app.kind_code).review.criteria
        review.scores.clear()
        s.flush()
        if code:
            result = score_sheet(profile.criteria[code], scores, defects)
            for c, v in result.scores.items():
                review.scores.append(ReviewScore(code=c, value=v))
            for d in profile.criteria[code].defects:
                review.scores.append(ReviewScore(code=d.code, is_defect=True,
                                                 value=d.penalty if defects.get(d.code) else 0))
            review.total, review.band = result.total, result.band
        review.conclusion = clean_text(conclusion, 5000, "Заключение")
        if submit:
            review.submitted_on = day
        s.flush()
        pending = s.scalar(select(func.count()).select_from(Review).where(
            Review.application_id == app.id, Review.submitted_on.is_(None)))
        if submit and not pending and app.state == "review":
            app.state = "reviewed"
            add_history(s, event="reviewed", application_id=app.id, on=day,
                        from_status="review", to_status="reviewed")
        return review.total


