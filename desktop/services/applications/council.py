"""The council (or other deciding body): meetings, agenda and decisions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.errors import NotFoundError, ValidationError
from desktop.models import (
    Application,
    CouncilMeeting,
    Decision,
    Organisation,
    StatusHistory,
)
from desktop.profiles import get_profile
from desktop.services.applications.common import _app
from desktop.services.common import add_history
from desktop.services.deadlines import recompute
from desktop.storage import Database
from desktop.validation import clean_text
from desktop.workflow import (
    OUTCOME_STATE,
    WorkflowError,
    check_transition,
)


def create_meeting(db: Database, profile_id: str, day: dt.date, protocol: str = "",
                   body: str = "") -> int:
    with db.transaction() as s:
        meeting = CouncilMeeting(profile_id=profile_id, meeting_date=day,
                                 protocol_number=clean_text(protocol, 50, "Протокол"),
                                 body=body or get_profile(profile_id).council)
        s.add(meeting)
        s.flush()
        return meeting.id


def put_on_agenda(db: Database, meeting_id: int, app_ids: list[int]) -> None:
    with db.transaction() as s:
        meeting = s.get(CouncilMeeting, meeting_id)
        for app_id in app_ids:
            app = _app(s, app_id)
            kind = get_profile(app.profile_id).kind(app.kind_code)
            check_transition(app.state, "council", kind)
            old, app.state = app.state, "council"
            add_history(s, event="on_agenda", application_id=app.id, on=meeting.meeting_date,
                        from_status=old, to_status="council",
                        note=f"заседание {meeting.meeting_date:%d.%m.%Y}")


def agenda(db: Database, meeting_id: int) -> list[tuple[int, str, str, str]]:
    """(application id, registration number, organisation, theme) on the meeting's agenda."""
    with db.session() as s:
        meeting = s.get(CouncilMeeting, meeting_id)
        rows = s.execute(
            select(Application.id, Application.reg_number, Organisation.short_name,
                   Application.theme)
            .join(Organisation, Organisation.id == Application.organisation_id)
            .join(StatusHistory, StatusHistory.application_id == Application.id)
            .where(StatusHistory.event == "on_agenda",
                   StatusHistory.happened_on == meeting.meeting_date,
                   Application.profile_id == meeting.profile_id)
            .order_by(Application.reg_number)).all()
        return [tuple(r) for r in rows]


def decide(db: Database, meeting_id: int, app_id: int, outcome: str, ground_code: str = "",
           note: str = "") -> int:
    """The council's decision: assign, refuse (with a ground) or send back for revision."""
    if outcome not in OUTCOME_STATE:
        raise WorkflowError("Решение: присвоить, отказать или вернуть на доработку.")
    with db.transaction() as s:
        meeting = s.get(CouncilMeeting, meeting_id)
        if meeting is None:
            raise NotFoundError("Заседание не найдено.")
        app = _app(s, app_id)
        kind = get_profile(app.profile_id).kind(app.kind_code)
        new = OUTCOME_STATE[outcome]
        check_transition(app.state, new, kind)
        ground_text = ""
        if outcome == "refuse":
            grounds = {g.code: g.text for g in kind.refusal_grounds}
            if ground_code not in grounds:
                raise ValidationError({"ground": "Выберите основание отказа из положения."})
            ground_text = grounds[ground_code]
        decision = Decision(meeting_id=meeting_id, application_id=app_id, outcome=outcome,
                            ground_code=ground_code, ground_text=ground_text, notes=note)
        s.add(decision)
        s.flush()
        old, app.state = app.state, new
        add_history(s, event="decided", application_id=app_id, on=meeting.meeting_date,
                    from_status=old, to_status=new, ground_code=ground_code,
                    ground_text=ground_text, decision_id=decision.id,
                    note=f"протокол № {meeting.protocol_number}")
        s.flush()
        recompute(s, site_ids=[], application_ids=[app_id])
        return decision.id


