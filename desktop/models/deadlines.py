"""Deadlines computed from the profile's rules, the reports sites send, and the user's
corrections of the production calendar."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Timestamps

if TYPE_CHECKING:
    from desktop.models.files import Attachment


class Deadline(Base):
    """A dated obligation computed from a profile rule (or set by hand for "on request")."""

    __tablename__ = "deadline"
    __table_args__ = (
        UniqueConstraint("site_id", "application_id", "rule_code", "due_key"),
        Index("ix_deadline_site_open", "site_id", "done_on", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # no index of its own: the unique key and ix_deadline_site_open lead with it (0009)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    # the centre's own duty (no site, no application) belongs to a profile
    profile_id: Mapped[str | None] = mapped_column(String(64), index=True)
    rule_code: Mapped[str] = mapped_column(String(50))
    due_key: Mapped[str] = mapped_column(String(30), default="")  # e.g. "2026-05" occurrence key
    what: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="report")
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)  # date set by the user
    note: Mapped[str] = mapped_column(Text, default="")


class Report(Timestamps, Base):
    """A report received from a site (half-year, annual, final, May/December ...)."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    deadline_id: Mapped[int | None] = mapped_column(
        ForeignKey("deadline.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(Text, default="")
    period: Mapped[str] = mapped_column(String(50), default="")
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    days_late: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # 0: on time
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL"), index=True
    )
    analysis: Mapped[str] = mapped_column(Text, default="")  # qualitative analysis, links
    form_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    rows: Mapped[list[ReportRow]] = relationship(
        cascade="all, delete-orphan", order_by="ReportRow.position"
    )
    attachment: Mapped[Attachment | None] = relationship()


class ReportRow(Base):
    """A row of a report's events table (Омск Appendix 4)."""

    __tablename__ = "report_row"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(Text, default="")
    date_text: Mapped[str] = mapped_column(String(100), default="")
    practices: Mapped[str] = mapped_column(Text, default="")
    participants: Mapped[int] = mapped_column(Integer, default=0)
    organisations: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")


class CalendarDay(Base):
    """A user's correction of the production calendar (a transferred day off / working day)."""

    __tablename__ = "calendar_day"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(200), default="")
