"""What a new centre has done so far (the start page's ticks), and its chosen profile."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.models import Application, Event, Organisation, Person, Setting, Site
from desktop.services.common import get_setting, set_setting
from desktop.storage import Database

PROFILE_KEY = "centre.profile_id"


@dataclass(slots=True)
class StartProgress:
    centre_named: bool
    profile_id: str
    organisations: int
    sites: int
    applications: int


def progress(db: Database) -> StartProgress:
    with db.session() as s:
        return StartProgress(
            s.get(Setting, "centre.head_name") is not None  # saved once (not the defaults)
            and bool(get_setting(s, "centre.head_name")),
            get_setting(s, PROFILE_KEY) or "",
            s.scalar(select(func.count(Organisation.id))) or 0,
            s.scalar(select(func.count(Site.id))) or 0,
            s.scalar(select(func.count(Application.id))) or 0)


def is_empty(db: Database) -> bool:
    """A database a centre has not started with: no organisations, sites or applications."""
    p = progress(db)
    return not (p.organisations or p.sites or p.applications)


def holds_data(db: Database) -> bool:
    """Anything a centre entered: organisations, people, sites, applications or events
    (demo data goes only into a database holding none of them)."""
    with db.session() as s:
        return any(s.scalar(select(model.id).limit(1)) is not None
                   for model in (Organisation, Person, Site, Application, Event))


DEMO_REFUSED = ("В базе «{name}» уже есть данные: демо-данные записываются только в новую "
                "пустую базу (укажите новый файл: --db демо.sqlite3). Ничего не изменено.")


def set_profile(db: Database, profile_id: str) -> None:
    """The profile the centre works under (offered first in the application wizard)."""
    with db.transaction() as s:
        set_setting(s, PROFILE_KEY, profile_id)


def centre_profile(db: Database) -> str:
    with db.session() as s:
        return get_setting(s, PROFILE_KEY) or ""
