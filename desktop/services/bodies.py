"""The bodies of a profile's procedure with the centre's own entries over them: the head's
name and position, the secretary, the address (`metodist bodies set`), kept in the
database's settings so that every paper of that body prints them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.profiles import Profile, Stage, get_profile
from desktop.profiles.bodies import OVERRIDABLE, Body
from desktop.services.common import all_settings, audit, set_setting
from desktop.storage import Database
from desktop.validation import clean_text

PREFIX = "body"
# How a too-long entry is named in the message.
LABELS = {"head_name": "ФИО руководителя", "head_position": "Должность руководителя",
          "secretary": "Секретарь", "address": "Адрес", "city": "Населённый пункт"}


def _key(profile_id: str, code: str, detail: str = "") -> str:
    return f"{PREFIX}.{profile_id}.{code}." + detail


def body_in(s: Session, profile: Profile, code: str) -> Body:
    """A body of the profile with the centre's entries over it."""
    body = profile.body(code)
    prefix = _key(profile.id, code)
    values = {k[len(prefix):]: str(v or "") for k, v in all_settings(s, prefix).items()}
    return body.with_overrides(values)


def stage_body(s: Session, profile: Profile, stage: Stage | None) -> Body:
    """The body acting at a stage, with the centre's entries."""
    return body_in(s, profile, profile.body_of(stage).code)


def list_bodies(db: Database, profile_id: str) -> list[Body]:
    profile = get_profile(profile_id)
    with db.session() as s:
        return [body_in(s, profile, code) for code in profile.bodies]


def set_body(db: Database, profile_id: str, code: str, values: dict[str, str]) -> Body:
    """Save the centre's entries for one body (an empty value is left as it was)."""
    profile = get_profile(profile_id)
    if code not in profile.bodies:
        listed = ", ".join(profile.bodies)
        raise UserError(f"В профиле «{profile.name}» нет органа «{code}» (есть: {listed}).")
    unknown = set(values) - set(OVERRIDABLE)
    if unknown:
        raise UserError(f"Нельзя изменить: {', '.join(sorted(unknown))}.")
    with db.transaction() as s:
        for detail, value in values.items():
            if value is None:
                continue
            set_setting(s, _key(profile_id, code, detail), clean_text(value, 300, LABELS[detail],
                                                                 one_line=True))
        audit(s, "update", "setting", None, f"Орган «{code}» профиля {profile_id}: "
              + ", ".join(f"{k}={v}" for k, v in values.items() if v is not None))
        return body_in(s, profile, code)
