"""Expert review: assigning experts and the experts' sheets (scores or a pass/fail
conclusion, and the profile's conclusion form). When every sheet is in, the review stage
is done on the date of the last one; its deadline is then closed, late or not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.models import (
    Application,
    ApplicationPartner,
    Organisation,
    Person,
    Review,
    ReviewScore,
)
from desktop.profiles import get_profile
from desktop.services.applications.common import _app, profile_kind
from desktop.services.applications.intake import form_problems
from desktop.services.applications.stages import (
    apply_verdicts,
    done_map,
    late_verdicts,
    mark_done,
    stage_due,
)
from desktop.services.common import add_history, audit
from desktop.services.deadlines import recompute
from desktop.storage import Database
from desktop.validation import clean_text
from desktop.workflow import WorkflowError, check_transition, require_before, score_sheet
from desktop.workflow.conflicts import conflict_of_interest, conflict_verdict
from desktop.workflow.rules import Verdict


def assign_experts(db: Database, app_id: int, expert_ids: list[int],
                   day: dt.date | None = None, *, override: str = "") -> list[int]:
    """Assign experts; each sheet is due on the review stage's deadline (one date)."""
    day = day or dt.date.today()
    if not expert_ids:
        raise ValidationError({"experts": "Выберите хотя бы одного эксперта."})
    with db.transaction() as s:
        app = _app(s, app_id)
        profile, kind = profile_kind(app)
        stage = kind.stage("review")
        if stage is None:
            raise WorkflowError(f"Положение не предусматривает экспертизы для вида "
                                f"«{kind.name}».")
        require_before(kind, stage, done_map(app))
        apply_verdicts(s, app, _conflict_verdicts(s, app, expert_ids), override, day,
                       "Назначение экспертов")
        if app.state != "review":
            check_transition(app.state, "review")
            old, app.state = app.state, "review"
            add_history(s, event="review_assigned", application_id=app.id, on=day,
                        from_status=old, to_status="review")
        dues = [due for _c, _w, due, _e, _t in stage_due(s, profile, kind, app, stage)]
        due = min(dues) if dues else None
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


def _conflicts(s: Session, app: Application, expert_ids: list[int]) -> dict[int, str]:
    """Expert id → conflict of interest text, for experts not yet assigned to `app`."""
    done = set(s.scalars(select(Review.expert_id).where(Review.application_id == app.id)))
    partners = dict(s.execute(select(Organisation.id, Organisation.short_name)
                              .join(ApplicationPartner,
                                    ApplicationPartner.organisation_id == Organisation.id)
                              .where(ApplicationPartner.application_id == app.id)).all())
    out = {}
    for person in s.scalars(select(Person).where(Person.id.in_(expert_ids))):
        text = conflict_of_interest(person.full_name, person.organisation_id,
                                    app.organisation_id, app.organisation.short_name, partners)
        if text and person.id not in done:
            out[person.id] = text
    return out


def _conflict_verdicts(s: Session, app: Application, expert_ids: list[int]) -> list[Verdict]:
    return [v for v in map(conflict_verdict, _conflicts(s, app, expert_ids).values()) if v]


def expert_conflicts(db: Database, app_id: int, expert_ids: list[int]) -> dict[int, str]:
    """For the «Назначить экспертов» dialog: which of these experts are in a conflict of
    interest with the application (the applicant or a network partner is their employer)."""
    with db.session() as s:
        return _conflicts(s, _app(s, app_id), expert_ids)


def prefilled_defects(db: Database, review_id: int) -> dict[str, bool]:
    """Formal defects the forms already show (for the expert to confirm or override)."""
    from desktop.workflow import prefill_defects

    with db.session() as s:
        review = s.get(Review, review_id)
        if review is None:
            raise NotFoundError("Экспертный лист не найден.")
        app = review.application
        profile = get_profile(app.profile_id)
        rules = profile.kind(app.kind_code).review
        if rules is None or not rules.criteria:
            return {}
        return prefill_defects({d.doc_code: d.form_data for d in app.documents},
                               profile.criteria[rules.criteria])


def save_sheet(db: Database, review_id: int, scores: dict[str, int], defects: dict[str, bool],
               conclusion: str, day: dt.date | None = None, *, submit: bool = True,
               passed: bool | None = None, form_data: dict[str, Any] | None = None,
               override: str = "") -> int | None:
    """Save an expert's sheet; when every sheet is in, the review stage is done."""
    day = day or dt.date.today()
    with db.transaction() as s:
        review = s.get(Review, review_id)
        if review is None:
            raise NotFoundError("Экспертный лист не найден.")
        app = review.application
        profile, kind = profile_kind(app)
        rules = kind.review
        if rules is None:
            raise WorkflowError("Положение не предусматривает экспертизы этой заявки.")
        if app.state not in ("review", "reviewed"):
            raise WorkflowError("Экспертный лист заполняется, пока заявка на экспертизе.")
        review.scores.clear()
        s.flush()
        if rules.criteria:
            crit = profile.criteria[rules.criteria]
            result = score_sheet(crit, scores, defects)
            for c, v in result.scores.items():
                review.scores.append(ReviewScore(code=c, value=v))
            for d in crit.defects:
                review.scores.append(ReviewScore(code=d.code, is_defect=True,
                                                 value=d.penalty if defects.get(d.code) else 0))
            review.total, review.band = result.total, result.band
        if rules.outcome == "pass_fail":
            if submit and passed is None:
                raise ValidationError({"passed": "Укажите заключение эксперта: положительное "
                                                 "или отрицательное."})
            review.passed = passed
            review.band = "" if passed is None else "положительное" if passed else "отрицательное"
        if form_data is not None:
            if submit and rules.form:
                problems = form_problems(profile, rules.form, form_data)
                if problems:
                    raise ValidationError({"form": "Заключение: " + "; ".join(problems)})
            review.form_data = dict(form_data)
        review.conclusion = clean_text(conclusion, 5000, "Заключение")
        if submit:
            review.submitted_on = day
        s.flush()
        pending = s.scalar(select(func.count()).select_from(Review).where(
            Review.application_id == app.id, Review.submitted_on.is_(None)))
        stage = kind.stage("review")
        if submit and not pending and app.state == "review" and stage is not None:
            apply_verdicts(s, app, late_verdicts(s, profile, kind, app, stage, day), override,
                           day, "Экспертиза")
            app.state = "reviewed"
            mark_done(app, stage, day)
            add_history(s, event="reviewed", application_id=app.id, on=day,
                        from_status="review", to_status="reviewed")
            s.flush()
            recompute(s, site_ids=[], application_ids=[app.id])
        return review.total
