"""Pieces every document gathers: the letterhead, the signer, the organisation addressed,
the application and meeting as plain data, decisions in words."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError
from desktop.models import (
    Application,
    CouncilMeeting,
    Decision,
    Person,
    StatusHistory,
)
from desktop.profiles import Kind, Profile, Stage, get_profile
from desktop.services.centre import LETTERHEAD, Centre, missing_labels, read_centre
from desktop.services.documents.data import (
    ApplicationInfo,
    Document,
    KindInfo,
    Letterhead,
    MeetingInfo,
    ProfileInfo,
    Signer,
)

OUTCOME_TEXT = {
    "assign": "присвоить статус {genitive}",
    "refuse": "отказать в присвоении статуса {genitive}",
    "revise": "вернуть заявку на доработку",
    "extend": "продлить срок деятельности {genitive}",
    "remove": "досрочно прекратить деятельность {genitive}",
    "complete": "завершить деятельность {genitive} в связи с окончанием срока",
}
ACTION_TEXT = {"assign": "присвоен статус", "extend": "продлён срок", "remove": "статус снят",
               "complete": "деятельность завершена"}


# Outgoing letters print the centre's бланк: its name, address and contacts.
LETTERS = ("notice", "missing", "invitation")
HEAD = ("head_position", "head_name")


def letterhead(centre: Centre, profile: Profile) -> Letterhead:
    """The centre's details as the бланк prints them; the name falls back to the profile's
    operator while the centre has not been described (Сервис → Сведения о центре), other
    details never saved print blank (and are named before printing)."""
    described = "name" not in centre.missing
    contacts = [f"тел. {centre.phone}" if centre.phone else "",
                f"e-mail: {centre.email}" if centre.email else "",
                f"сайт: {centre.website}" if centre.website else ""]
    inn = "/".join(v for v in (centre.inn, centre.kpp) if v)
    requisites = [f"ОГРН {centre.ogrn}" if centre.ogrn else "",
                  (f"ИНН/КПП {inn}" if centre.kpp and centre.inn else
                   f"ИНН {centre.inn}" if centre.inn else f"КПП {centre.kpp}" if centre.kpp
                   else "")]
    return Letterhead(
        name=centre.name if described else profile.operator,
        short_name=centre.short_name if described else "",
        city=centre.city or profile.municipality, head_name=centre.head_name,
        head_position=centre.head_position, founder=centre.founder, address=centre.address,
        phone=centre.phone, email=centre.email, website=centre.website, inn=centre.inn,
        kpp=centre.kpp, ogrn=centre.ogrn, contacts=", ".join(c for c in contacts if c),
        requisites=", ".join(r for r in requisites if r))


def stage_signer(stage: Stage | None, centre: Letterhead) -> Signer:
    """The stage's signer from the profile, else the centre's head."""
    if stage is not None and stage.signer_position:
        return Signer(stage.signer_position, stage.signer_name)
    return Signer(centre.head_position, centre.head_name)


def needed_details(code: str, stage: Stage | None) -> tuple[str, ...]:
    """The centre's details a document of type `code` prints: the бланк's for a letter,
    the head's where the centre's head approves or signs (no signer in the profile's
    stage). A conclusion is signed by its expert, the application by the ОО's head."""
    if code in ("conclusion", "application"):
        return ()
    if code == "protocol":  # chaired by the stage's signer, else the centre's head
        return () if stage is not None and stage.signer_name else ("head_name",)
    keys: tuple[str, ...] = LETTERHEAD if code in LETTERS else ()
    if code == "agenda" or stage is None or not stage.signer_position:
        keys += HEAD
    return keys


def profile_info(profile: Profile) -> ProfileInfo:
    return ProfileInfo(profile.id, profile.name, profile.municipality, profile.operator,
                       profile.source)


def kind_info(kind: Kind) -> KindInfo:
    return KindInfo(kind.code, kind.name, kind.genitive or kind.name)


def outcome_text(outcome: str, kind: Kind) -> str:
    return OUTCOME_TEXT.get(outcome, outcome).format(genitive=kind.genitive or kind.name)


def load_app(s: Session, app_id: int) -> Application:
    app = s.get(Application, app_id)
    if app is None or app.deleted_at is not None:
        raise NotFoundError(f"Заявка № {app_id} не найдена.")
    return app


def load_meeting(s: Session, meeting_id: int) -> CouncilMeeting:
    meeting = s.get(CouncilMeeting, meeting_id)
    if meeting is None:
        raise NotFoundError(f"Заседание № {meeting_id} не найдено.")
    return meeting


def person_position(person: Person | None) -> tuple[str, str]:
    return (person.full_name, person.position) if person else ("", "")


def application_info(app: Application, kind: Kind) -> ApplicationInfo:
    leader, position = person_position(app.leader)
    org = app.organisation
    return ApplicationInfo(app.id, app.reg_number, app.reg_date,
                           org.full_name or org.short_name, kind.name, app.theme,
                           app.direction, app.project_name, leader, position)


def meeting_body(meeting: CouncilMeeting | None, kind: Kind | None = None) -> tuple[str, str]:
    """Who sat: the meeting's body as recorded, else the profile's deciding body; and the
    same in the genitive («на заседании Экспертной комиссии»). Both empty when unknown."""
    from desktop.services.declension import genitive

    body = ((meeting.body if meeting else "") or (kind.decided_by if kind else "")).strip()
    return body, genitive(body) if body else ""


def meeting_info(meeting: CouncilMeeting, kind: Kind | None = None) -> MeetingInfo:
    body, of_body = meeting_body(meeting, kind)
    return MeetingInfo(meeting.id, body, meeting.meeting_date, meeting.protocol_number,
                       meeting.notes, of_body)


def meeting_of(s: Session, app: Application) -> CouncilMeeting | None:
    """The meeting that decided the application or has it on its agenda (the latest)."""
    decided = s.scalar(select(CouncilMeeting).join(
        Decision, Decision.meeting_id == CouncilMeeting.id).where(
        Decision.application_id == app.id).order_by(Decision.id.desc()).limit(1))
    if decided is not None:
        return decided
    day = s.scalar(select(StatusHistory.happened_on).where(
        StatusHistory.application_id == app.id, StatusHistory.event == "on_agenda")
        .order_by(StatusHistory.id.desc()).limit(1))
    if day is None:
        return None
    return s.scalar(select(CouncilMeeting).where(
        CouncilMeeting.profile_id == app.profile_id, CouncilMeeting.meeting_date == day)
        .order_by(CouncilMeeting.id.desc()).limit(1))


def envelope(s: Session, code: str, title: str, profile: Profile, signer_stage: Stage | None,
             **values: object) -> Document:
    """A document with the letterhead, profile and signer filled in, and the centre's
    details it needs but nobody filled in (`missing`)."""
    centre = read_centre(s)
    head = letterhead(centre, profile)
    needed = [k for k in needed_details(code, signer_stage)
              if k != "name" or not head.name]  # the profile's operator stands in for it
    signer = stage_signer(signer_stage, head)
    if signer_stage is not None:  # the body's head as the centre entered it (bodies set)
        from desktop.services.bodies import stage_body

        body = stage_body(s, profile, signer_stage)
        if body.outside and (body.head_position or body.head_name):
            signer = Signer(body.head_position or signer.position,
                            body.head_name or signer.name)
    return Document(code=code, title=title, centre=head, profile=profile_info(profile),
                    signer=signer, date=None,
                    missing=tuple(missing_labels(centre, needed)),
                    **values)  # type: ignore[arg-type]


def profile_of(profile_id: str) -> Profile:
    return get_profile(profile_id)
