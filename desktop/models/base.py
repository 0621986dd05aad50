"""Declarative base, naming convention and column mix-ins shared by every table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Stable constraint names so Alembic batch migrations on SQLite can find them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Timestamps:
    """created/updated times kept by the app (UTC, naive)."""

    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.current_timestamp()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, server_default=func.current_timestamp()
    )


class SoftDelete:
    """Rows are never removed by the user: `deleted_at` hides them and can be cleared."""

    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)


class Versioned:
    """A record several people edit: `version` starts at 1 and every ORM UPDATE (and
    DELETE) of the row raises it and names the version it read in its WHERE clause, so a
    write over a row another connection changed meanwhile matches no row and fails
    (SQLAlchemy's StaleDataError) instead of silently reverting the other's edit. A card
    carries the version from opening to saving (`desktop.services.versions`)."""

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
