"""Sites (a status held by an ОО for a term), their partners, the history of each step
and the certificates of status.

The site statuses and their transitions live in `desktop.workflow`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, SoftDelete, Timestamps, Versioned, utcnow

if TYPE_CHECKING:
    from desktop.models.council import Order
    from desktop.models.deadlines import Deadline
    from desktop.models.directory import Organisation, Person
    from desktop.models.events import Event


class Site(Versioned, Timestamps, SoftDelete, Base):
    """A status held by one ОО (or a network led by it) for a term.

    status: active | completed | removed (history rows say how it got there).
    """

    __tablename__ = "site"
    # Two live sites never share a registry number, whoever allocated it (a deleted one's
    # number may be reused by an import; restoring it then is refused).
    __table_args__ = (Index("uq_site_number", "number", unique=True,
                            sqlite_where=sql("number != '' AND deleted_at IS NULL"),
                            postgresql_where=sql("number != '' AND deleted_at IS NULL")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(50), default="")  # registry number
    profile_id: Mapped[str] = mapped_column(String(64), index=True)
    kind_code: Mapped[str] = mapped_column(String(50))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    theme: Mapped[str] = mapped_column(Text, default="")
    direction: Mapped[str] = mapped_column(Text, default="")
    project_name: Mapped[str] = mapped_column(Text, default="")
    term_start: Mapped[dt.date | None] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    coleader_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    # The application that created the site is the one with purpose "assign" and this
    # site_id (Application.site_id); kept one-way to avoid a foreign-key cycle.
    notes: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship(
        back_populates="sites", foreign_keys=[organisation_id]
    )
    leader: Mapped[Person | None] = relationship(foreign_keys=[leader_id])
    coleader: Mapped[Person | None] = relationship(foreign_keys=[coleader_id])
    partners: Mapped[list[SitePartner]] = relationship(cascade="all, delete-orphan")
    history: Mapped[list[StatusHistory]] = relationship(
        order_by="StatusHistory.happened_on, StatusHistory.id",
        foreign_keys="StatusHistory.site_id",
    )
    certificates: Mapped[list[Certificate]] = relationship(back_populates="site")
    deadlines: Mapped[list[Deadline]] = relationship(
        foreign_keys="Deadline.site_id", order_by="Deadline.due_on"
    )
    events: Mapped[list[Event]] = relationship(back_populates="site", order_by="Event.id")


class SitePartner(Base):
    """A partner ОО of a network site."""

    __tablename__ = "site_partner"
    __table_args__ = (UniqueConstraint("site_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    functions: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship()


class StatusHistory(Base):
    """One step in the life of an application or a site; never updated, only appended.

    event: created | registered | review_assigned | reviewed | on_agenda | decided |
    refused | revision | assigned | extended | removed | completed | certificate_issued |
    term_changed | restored | deleted ...
    """

    __tablename__ = "status_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"),
                                                index=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    happened_on: Mapped[dt.date] = mapped_column(Date)
    event: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20), default="")
    ground_code: Mapped[str] = mapped_column(String(50), default="")
    ground_text: Mapped[str] = mapped_column(Text, default="")
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision.id", ondelete="SET NULL"), index=True
    )
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("decree.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    os_user: Mapped[str] = mapped_column(String(100), default="")


class Certificate(Timestamps, Base):
    """The certificate of status (Свидетельство) and its publication."""

    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(50), unique=True)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("decree.id", ondelete="SET NULL"), index=True
    )
    published_on: Mapped[dt.date | None] = mapped_column(Date)  # on the centre's site
    org_published_on: Mapped[dt.date | None] = mapped_column(Date)  # on the ОО's own site
    annulled: Mapped[bool] = mapped_column(Boolean, default=False)

    site: Mapped[Site] = relationship(back_populates="certificates")
    order: Mapped[Order | None] = relationship()
