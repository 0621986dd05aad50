"""The deciding body's meetings, its decisions and the orders (приказы) that give them effect."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Timestamps


class CouncilMeeting(Timestamps, Base):
    """A meeting of a body of the procedure (НМС, МС, expert commission, ...): when and
    where it sat, who chaired and kept the minutes, how many members it has and how many
    came. `body` is the body's name as printed, `body_code` its code in the profile
    (empty: the meeting was recorded before bodies had codes)."""

    __tablename__ = "council_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(String(300), default="")
    body_code: Mapped[str] = mapped_column(String(64), default="")
    meeting_date: Mapped[dt.date] = mapped_column(Date)
    starts_at: Mapped[str] = mapped_column(String(5), default="")  # «14:30»
    place: Mapped[str] = mapped_column(String(300), default="")
    chair: Mapped[str] = mapped_column(String(200), default="")
    secretary: Mapped[str] = mapped_column(String(200), default="")
    members: Mapped[int | None] = mapped_column(Integer)
    present: Mapped[int | None] = mapped_column(Integer)
    protocol_number: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    decisions: Mapped[list[Decision]] = relationship(back_populates="meeting")
    items: Mapped[list[MeetingItem]] = relationship(
        back_populates="meeting", order_by="MeetingItem.number", cascade="all, delete-orphan")


class MeetingItem(Timestamps, Base):
    """A question of the meeting's agenda: one application (or a site's case), numbered
    once for the agenda, the protocol and its extract; who reported and how they voted."""

    __tablename__ = "meeting_item"
    __table_args__ = (UniqueConstraint("meeting_id", "number"),
                      UniqueConstraint("meeting_id", "application_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("council_meeting.id", ondelete="CASCADE"))
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("site.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(300), default="")
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstained: Mapped[int | None] = mapped_column(Integer)

    meeting: Mapped[CouncilMeeting] = relationship(back_populates="items")


class Order(Timestamps, Base):
    """An order (приказ) that gives effect to decisions."""

    __tablename__ = "decree"  # "order" is an SQL keyword

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(50))
    order_date: Mapped[dt.date] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(300), default="")
    title: Mapped[str] = mapped_column(Text, default="")


class Decision(Timestamps, Base):
    """The council's decision on one application (or on a site for extension/removal).

    outcome: assign | refuse | revise | extend | remove | complete
    """

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_meeting.id", ondelete="RESTRICT"), index=True
    )
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("site.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(20))
    ground_code: Mapped[str] = mapped_column(String(50), default="")
    ground_text: Mapped[str] = mapped_column(Text, default="")
    term_start: Mapped[dt.date | None] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("decree.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[CouncilMeeting | None] = relationship(back_populates="decisions")
    order: Mapped[Order | None] = relationship()
