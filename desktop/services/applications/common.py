"""Shared parts of the application services: loading a record, lists for the window."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, UserError
from desktop.models import (
    Application,
    Organisation,
    Person,
    Review,
)
from desktop.profiles import Kind, Profile, get_profile
from desktop.storage import Database


class OfKind(Protocol):
    """An application, a draft or a site: anything that names its profile and kind."""

    profile_id: str
    kind_code: str


def profile_kind(record: OfKind) -> tuple[Profile, Kind]:
    """The profile a record follows and its kind of site."""
    profile = get_profile(record.profile_id)
    return profile, profile.kind(record.kind_code)


def _app(s: Session, app_id: int) -> Application:
    app = s.get(Application, app_id)
    if app is None or app.deleted_at is not None:
        raise NotFoundError(f"Заявка № {app_id} не найдена.")
    return app



@dataclass(slots=True)
class ApplicationRow:
    id: int
    reg_number: str
    reg_date: dt.date | None
    organisation: str
    profile_id: str
    kind: str
    theme: str
    state: str
    created: dt.date | None = None  # when the draft was started
    purpose: str = "assign"

    @property
    def year(self) -> int | None:
        """The year the list filters on: of registration, or of the draft."""
        day = self.reg_date or self.created
        return day.year if day else None


def list_applications(db: Database) -> list[ApplicationRow]:
    with db.session() as s:
        return [ApplicationRow(*r[:8], r[8].date() if r[8] else None, r[9]) for r in s.execute(
            select(Application.id, Application.reg_number, Application.reg_date,
                   Organisation.short_name, Application.profile_id, Application.kind_code,
                   Application.theme, Application.state, Application.created_at,
                   Application.purpose)
            .join(Organisation, Organisation.id == Application.organisation_id)
            .where(Application.deleted_at.is_(None))
            .order_by(Application.id.desc()))]


def delete_draft(db: Database, app_id: int) -> None:
    """Delete a draft that was never registered (a registered application is withdrawn
    instead, so that its number and history stay). The row is kept, marked deleted."""
    from desktop.models import utcnow
    from desktop.services.common import add_history, audit

    with db.transaction() as s:
        app = _app(s, app_id)
        if app.state != "draft" or app.reg_number:
            raise UserError("Удалить можно только незарегистрированный черновик; "
                            "зарегистрированную заявку можно отозвать.")
        app.deleted_at = utcnow()
        add_history(s, event="deleted", application_id=app.id, from_status="draft",
                    to_status="draft", note="черновик удалён")
        audit(s, "delete", "application", app.id,
              f"Удалён черновик заявки ({app.kind_code}, {app.organisation.short_name})")


def experts(db: Database) -> list[tuple[int, str]]:
    with db.session() as s:
        return [(p.id, p.full_name) for p in s.scalars(
            select(Person).where(Person.is_expert.is_(True), Person.deleted_at.is_(None))
            .order_by(Person.last_name))]


def assigned_expert_ids(db: Database, app_id: int) -> set[int]:
    """The experts who already have a sheet for this application."""
    with db.session() as s:
        return set(s.scalars(select(Review.expert_id).where(Review.application_id == app_id)))


ReviewLine = tuple[int, str, int | None, str, bool]
"""(review id, expert, total, band, submitted) of one expert's sheet."""


def reviews_of(db: Database, app_id: int) -> list[ReviewLine]:
    """(review id, expert, total, band, submitted) of an application."""
    with db.session() as s:
        return [(r.id, r.expert.full_name, r.total, r.band, r.submitted_on is not None)
                for r in s.scalars(select(Review).where(Review.application_id == app_id))]


def kind_of(db: Database, app_id: int) -> tuple[Profile, Kind]:
    with db.session() as s:
        app = _app(s, app_id)
        profile = get_profile(app.profile_id)
        return profile, profile.kind(app.kind_code)


def ensure(condition: bool, message: str) -> None:
    if not condition:
        raise UserError(message)
