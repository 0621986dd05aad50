"""An application for a status with its partners and package of documents, and the
experts' reviews of it.

The application's states and their transitions live in `desktop.workflow`.
"""

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
from sqlalchemy import text as sql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, SoftDelete, Timestamps, Versioned

if TYPE_CHECKING:
    from desktop.models.directory import Organisation, Person
    from desktop.models.files import Attachment


class Application(Versioned, Timestamps, SoftDelete, Base):
    """An application for a status (or for an extension / a proposal of removal).

    state: draft → registered → review → reviewed → council → approved | refused |
    revision → ordered; withdrawn at any step (see desktop.workflow).
    """

    __tablename__ = "application"
    # A registration number is given once (registration refuses one already taken, even
    # by a deleted application); the index holds it against two connections at once.
    __table_args__ = (Index("uq_application_reg_number", "reg_number", unique=True,
                            sqlite_where=sql("reg_number != ''"),
                            postgresql_where=sql("reg_number != ''")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[str] = mapped_column(String(64), index=True)
    kind_code: Mapped[str] = mapped_column(String(50))
    purpose: Mapped[str] = mapped_column(String(20), default="assign")  # assign|extend|remove
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("site.id", ondelete="SET NULL"), index=True
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
    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    reg_number: Mapped[str] = mapped_column(String(50), default="")
    reg_date: Mapped[dt.date | None] = mapped_column(Date)
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    ground_code: Mapped[str] = mapped_column(String(50), default="")  # for removal proposals
    notes: Mapped[str] = mapped_column(Text, default="")
    # Wizard draft state that is not a document (current page, etc.)
    draft: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # {stage code of the profile's procedure: ISO date it was completed}
    stages_done: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id])
    leader: Mapped[Person | None] = relationship(foreign_keys=[leader_id])
    coleader: Mapped[Person | None] = relationship(foreign_keys=[coleader_id])
    documents: Mapped[list[ApplicationDocument]] = relationship(
        back_populates="application", cascade="all, delete-orphan",
        order_by="ApplicationDocument.position",
    )
    partners: Mapped[list[ApplicationPartner]] = relationship(cascade="all, delete-orphan")
    reviews: Mapped[list[Review]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )


class ApplicationPartner(Base):
    """A partner ОО of a network application, with its functions."""

    __tablename__ = "application_partner"
    __table_args__ = (UniqueConstraint("application_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    functions: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship()


class ApplicationDocument(Base):
    """One item of the kind's required package: its form data and/or an attached file."""

    __tablename__ = "application_document"
    __table_args__ = (UniqueConstraint("application_id", "doc_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    doc_code: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    present: Mapped[bool] = mapped_column(Boolean, default=False)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    form_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[Application] = relationship(back_populates="documents")
    attachment: Mapped[Attachment | None] = relationship()


# --------------------------------------------------------------------------- review


class Review(Timestamps, Base):
    """One expert's assignment and evaluation sheet for an application."""

    __tablename__ = "review"
    __table_args__ = (UniqueConstraint("application_id", "expert_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    assigned_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    total: Mapped[int | None] = mapped_column(Integer)  # kept in step by desktop.review
    band: Mapped[str] = mapped_column(String(100), default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    passed: Mapped[bool | None] = mapped_column(Boolean)  # a pass/fail conclusion
    form_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # conclusion form

    application: Mapped[Application] = relationship(back_populates="reviews")
    expert: Mapped[Person] = relationship()
    scores: Mapped[list[ReviewScore]] = relationship(cascade="all, delete-orphan")


class ReviewScore(Base):
    """A criterion score or a formal defect (value −1 when found, 0 when not)."""

    __tablename__ = "review_score"
    __table_args__ = (UniqueConstraint("review_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(50))  # criterion or defect code from the profile
    is_defect: Mapped[bool] = mapped_column(Boolean, default=False)
    value: Mapped[int] = mapped_column(Integer, default=0)
    prefilled: Mapped[bool] = mapped_column(Boolean, default=False)  # suggested by the app
