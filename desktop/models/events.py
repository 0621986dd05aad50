"""Events of a site, the people who took part, and the register of issued справки."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, SoftDelete, Timestamps, Versioned

if TYPE_CHECKING:
    from desktop.models.directory import Person
    from desktop.models.sites import Site


class Event(Versioned, Timestamps, SoftDelete, Base):
    """A seminar, master class, internship ... of a site; planned, then held.

    status: planned | held | cancelled
    """

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    form: Mapped[str] = mapped_column(String(100), default="")
    planned_on: Mapped[dt.date | None] = mapped_column(Date)
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    format: Mapped[str] = mapped_column(String(20), default="очно")  # очно | дистанционно
    hours: Mapped[int] = mapped_column(Integer, default=0)
    practice: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    task_no: Mapped[int | None] = mapped_column(Integer)  # the plan's task it serves
    status: Mapped[str] = mapped_column(String(20), default="planned")

    site: Mapped[Site] = relationship(back_populates="events")
    participants: Mapped[list[Participation]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )


class Participation(Base):
    """A person at an event; for an internship also the programme, hours and attestation."""

    __tablename__ = "participation"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(30), default="участник")  # участник | стажёр | ведущий
    programme: Mapped[str] = mapped_column(Text, default="")
    hours: Mapped[int] = mapped_column(Integer, default=0)
    attestation: Mapped[str] = mapped_column(String(100), default="")

    event: Mapped[Event] = relationship(back_populates="participants")
    person: Mapped[Person] = relationship()


class Spravka(Base):
    """The register of issued participation справки (a reissue keeps its number)."""

    __tablename__ = "spravka"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(50), unique=True)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="RESTRICT"), index=True)
    name_dative: Mapped[str] = mapped_column(String(300), default="")  # as printed
    reissued_count: Mapped[int] = mapped_column(Integer, default=0)
    annulled: Mapped[bool] = mapped_column(Boolean, default=False)

    person: Mapped[Person] = relationship()
    event: Mapped[Event] = relationship()
