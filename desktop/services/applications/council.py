"""The deciding bodies: meetings, agenda, decisions, and what the rules allow.

A profile may have several deciding stages (an expert commission that recommends, then a
council that decides) and an outside confirmation; each decision acts on the current one.
The experts' result binds the decision as the profile says: the band of the mean total
(Омск: «Низкий» refuses «присвоить») or a pass/fail conclusion.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.models import (
    Application,
    CouncilMeeting,
    Decision,
    Organisation,
    Review,
    StatusHistory,
)
from desktop.profiles import Kind, Profile, Stage, get_profile
from desktop.services.applications.common import _app, profile_kind
from desktop.services.applications.stages import apply_verdicts, done_map, late_verdicts, mark_done
from desktop.services.common import add_history
from desktop.services.deadlines import recompute
from desktop.storage import Database
from desktop.validation import clean_text
from desktop.workflow import (
    OUTCOME_NAMES,
    Verdict,
    WorkflowError,
    check_transition,
    deciding_stage,
    is_last_decision,
    mean_band,
    require_before,
)
from desktop.workflow.rules import band_verdict, pass_fail_verdict


def create_meeting(db: Database, profile_id: str, day: dt.date, protocol: str = "",
                   body: str = "") -> int:
    with db.transaction() as s:
        return _meeting(s, profile_id, day, protocol, body, create_only=True).id


def _meeting(s: Session, profile_id: str, day: dt.date, protocol: str, body: str = "",
             *, create_only: bool = False) -> CouncilMeeting:
    protocol = clean_text(protocol, 50, "Протокол")
    if not create_only:
        found = s.scalar(select(CouncilMeeting).where(
            CouncilMeeting.profile_id == profile_id, CouncilMeeting.meeting_date == day,
            CouncilMeeting.protocol_number == protocol))
        if found is not None:
            return found
    meeting = CouncilMeeting(profile_id=profile_id, meeting_date=day, protocol_number=protocol,
                             body=body or get_profile(profile_id).council)
    s.add(meeting)
    s.flush()
    return meeting


def _agenda(s: Session, meeting: CouncilMeeting, app: Application) -> None:
    _, kind = profile_kind(app)
    require_before(kind, deciding_stage(kind, done_map(app)), done_map(app))
    check_transition(app.state, "council")
    old, app.state = app.state, "council"
    add_history(s, event="on_agenda", application_id=app.id, on=meeting.meeting_date,
                from_status=old, to_status="council",
                note=f"заседание {meeting.meeting_date:%d.%m.%Y}")


def put_on_agenda(db: Database, meeting_id: int, app_ids: list[int]) -> None:
    with db.transaction() as s:
        meeting = s.get(CouncilMeeting, meeting_id)
        if meeting is None:
            raise NotFoundError("Заседание не найдено.")
        for app_id in app_ids:
            _agenda(s, meeting, _app(s, app_id))


def agenda(db: Database, meeting_id: int) -> list[tuple[int, str, str, str]]:
    """(application id, registration number, organisation, theme) on the meeting's agenda."""
    with db.session() as s:
        meeting = s.get(CouncilMeeting, meeting_id)
        if meeting is None:
            raise NotFoundError("Заседание не найдено.")
        rows = s.execute(
            select(Application.id, Application.reg_number, Organisation.short_name,
                   Application.theme)
            .join(Organisation, Organisation.id == Application.organisation_id)
            .join(StatusHistory, StatusHistory.application_id == Application.id)
            .where(StatusHistory.event == "on_agenda",
                   StatusHistory.happened_on == meeting.meeting_date,
                   Application.profile_id == meeting.profile_id)
            .order_by(Application.reg_number).distinct()).all()
        return [(r[0], r[1], r[2], r[3]) for r in rows]


# --------------------------------------------------------------------------- what rules allow


@dataclass
class SheetLine:
    review_id: int
    expert: str
    total: int | None
    band: str
    submitted_on: dt.date | None
    passed: bool | None


@dataclass
class CouncilSummary:
    """What the deciding body sees: each sheet, the mean and its band, and per decision
    what the profile's rules say (None: allowed)."""

    stage: str
    actor: str
    sheets: list[SheetLine]
    mean: float | None
    mean_band: str
    verdicts: dict[str, Verdict | None] = field(default_factory=dict)


def _outcome_verdicts(profile: Profile, kind: Kind, reviews: list[Review],
                      outcome: str) -> list[Verdict | None]:
    rules = kind.review
    if rules is None:
        return []
    submitted = [r for r in reviews if r.submitted_on is not None]
    if rules.outcome == "pass_fail":
        return [pass_fail_verdict(rules, [bool(r.passed) for r in submitted], outcome)]
    if not rules.criteria:
        return []
    crit = profile.criteria[rules.criteria]
    mean, _band = mean_band(crit, [r.total for r in submitted if r.total is not None])
    return [band_verdict(crit, rules, mean, outcome)]


def council_summary(db: Database, app_id: int) -> CouncilSummary:
    with db.session() as s:
        app = _app(s, app_id)
        profile, kind = profile_kind(app)
        stage = deciding_stage(kind, done_map(app))
        reviews = list(s.scalars(select(Review).where(Review.application_id == app_id)
                                 .order_by(Review.id)))
        sheets = [SheetLine(r.id, r.expert.full_name, r.total, r.band, r.submitted_on,
                            r.passed) for r in reviews]
        mean, band = None, ""
        if kind.review and kind.review.criteria:
            mean, band = mean_band(profile.criteria[kind.review.criteria],
                                   [r.total for r in reviews
                                    if r.submitted_on and r.total is not None])
        verdicts = {}
        for outcome in stage.outcomes:
            found = [v for v in _outcome_verdicts(profile, kind, reviews, outcome) if v]
            verdicts[outcome] = found[0] if found else None
        return CouncilSummary(stage.name, stage.actor, sheets, mean, band, verdicts)


# --------------------------------------------------------------------------- decisions


def _ground(kind: Kind, ground: str) -> tuple[str, str]:
    grounds = {g.code: g.text for g in kind.refusal_grounds}
    if ground in grounds:
        return ground, grounds[ground]
    for code, text in grounds.items():
        if ground and ground.strip() == text:
            return code, text
    listed = "; ".join(f"{c} — {t}" for c, t in grounds.items())
    raise ValidationError({"ground": "Выберите основание отказа из положения"
                                     + (f": {listed}." if listed else ".")})


def _decide(s: Session, meeting: CouncilMeeting, app: Application, outcome: str,
            ground: str, note: str, stage_code: str, override: str) -> Decision:
    if outcome not in OUTCOME_NAMES:
        raise WorkflowError("Решение: присвоить, отказать или вернуть на доработку.")
    profile, kind = profile_kind(app)
    stage: Stage = deciding_stage(kind, done_map(app), stage_code)
    require_before(kind, stage, done_map(app))
    if outcome not in stage.outcomes:
        allowed = ", ".join(OUTCOME_NAMES[o] for o in stage.outcomes)
        raise WorkflowError(f"На этапе «{stage.name}» возможны решения: {allowed}.")
    last = is_last_decision(kind, stage)
    new = {"assign": "approved" if last else "recommended", "refuse": "refused",
           "revise": "revision"}[outcome]
    check_transition(app.state, new)
    day = meeting.meeting_date
    reviews = list(s.scalars(select(Review).where(Review.application_id == app.id)))
    verdicts = _outcome_verdicts(profile, kind, reviews, outcome)
    verdicts += late_verdicts(s, profile, kind, app, stage, day)
    apply_verdicts(s, app, verdicts, override, day, stage.name)
    ground_code, ground_text = _ground(kind, ground) if outcome == "refuse" else ("", "")
    decision = Decision(meeting_id=meeting.id, application_id=app.id, outcome=outcome,
                        ground_code=ground_code, ground_text=ground_text,
                        notes=clean_text(note, 2000, "Примечание"))
    s.add(decision)
    s.flush()
    old, app.state = app.state, new
    if outcome != "revise":
        mark_done(app, stage, day)
    add_history(s, event="decided", application_id=app.id, on=day, from_status=old,
                to_status=new, ground_code=ground_code, ground_text=ground_text,
                decision_id=decision.id,
                note=f"{stage.name}: {OUTCOME_NAMES[outcome]}"
                     + (f", протокол № {meeting.protocol_number}"
                        if meeting.protocol_number else ""))
    s.flush()
    recompute(s, site_ids=[], application_ids=[app.id])
    return decision


def decide(db: Database, meeting_id: int, app_id: int, outcome: str, ground_code: str = "",
           note: str = "", *, stage: str = "", override: str = "") -> int:
    """A decision at a meeting: assign, refuse (with a ground of the profile) or revise."""
    with db.transaction() as s:
        meeting = s.get(CouncilMeeting, meeting_id)
        if meeting is None:
            raise NotFoundError("Заседание не найдено.")
        return _decide(s, meeting, _app(s, app_id), outcome, ground_code, note, stage,
                       override).id


def decide_application(db: Database, app_id: int, outcome: str, *, day: dt.date,
                       protocol: str = "", ground: str = "", stage: str = "",
                       override: str = "", note: str = "") -> int:
    """The whole step from the command line: the meeting of that day and protocol (made
    when new), the agenda, then the decision."""
    with db.transaction() as s:
        app = _app(s, app_id)
        _, kind = profile_kind(app)
        st = deciding_stage(kind, done_map(app), stage)
        meeting = _meeting(s, app.profile_id, day, protocol, st.actor or st.name)
        if app.state != "council":
            _agenda(s, meeting, app)
        return _decide(s, meeting, app, outcome, ground, note, st.code, override).id
