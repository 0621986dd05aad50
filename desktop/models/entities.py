"""The tables of the whole cycle: organisations and people, applications and their package,
review, council and order, sites and their history, certificates, deadlines and reports,
events and participants, issued справки, files, audit log and settings.

Status values are plain strings; their meaning and allowed transitions live in
`desktop.workflow` (application/site states) and are listed here only as documentation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, SoftDelete, Timestamps, utcnow

# --------------------------------------------------------------------------- directory


class Organisation(Timestamps, SoftDelete, Base):
    """An education organisation (ОО) or any partner organisation."""

    __tablename__ = "organisation"
    # the site card's pickers test the directory for changes by the latest updated_at
    __table_args__ = (Index("ix_organisation_updated_at", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(Text)  # per the charter (устав)
    short_name: Mapped[str] = mapped_column(String(300))
    org_type: Mapped[str] = mapped_column(String(100), default="")  # школа, детский сад, ...
    address: Mapped[str] = mapped_column(Text, default="")
    head_name: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    inn: Mapped[str] = mapped_column(String(20), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    sites: Mapped[list[Site]] = relationship(
        back_populates="organisation", foreign_keys="Site.organisation_id"
    )


class Person(Timestamps, SoftDelete, Base):
    """A leader, co-leader, expert, event participant or trainee: one record per person."""

    __tablename__ = "person"
    __table_args__ = (Index("ix_person_last_name", "last_name", "first_name"),
                      Index("ix_person_updated_at", "updated_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[str] = mapped_column(String(300), default="")
    # administration | highest | first | none — for the leader eligibility rule
    category: Mapped[str] = mapped_column(String(30), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    is_expert: Mapped[bool] = mapped_column(Boolean, default=False)
    is_staff: Mapped[bool] = mapped_column(Boolean, default=False)  # methodologist of the centre
    subject_area: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # Declined forms the user corrected by hand, e.g. {"dative": "Ивановой Марии Петровне"}
    declensions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    organisation: Mapped[Organisation | None] = relationship()

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


# --------------------------------------------------------------------------- files


class Blob(Base):
    """File content stored inside the database, deduplicated by SHA-256."""

    __tablename__ = "blob"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Attachment(Base):
    """A named file attached to an application document, a report or an event."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    blob_id: Mapped[int] = mapped_column(ForeignKey("blob.id", ondelete="RESTRICT"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100), default="")
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    blob: Mapped[Blob] = relationship()


# --------------------------------------------------------------------------- application


class Application(Timestamps, SoftDelete, Base):
    """An application for a status (or for an extension / a proposal of removal).

    state: draft → registered → review → reviewed → council → approved | refused |
    revision → ordered; withdrawn at any step (see desktop.workflow).
    """

    __tablename__ = "application"

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


# --------------------------------------------------------------------------- council, order


class CouncilMeeting(Timestamps, Base):
    """A meeting of the deciding body (НМС, МС, expert commission, ...)."""

    __tablename__ = "council_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(String(300), default="")
    meeting_date: Mapped[dt.date] = mapped_column(Date)
    protocol_number: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    decisions: Mapped[list[Decision]] = relationship(back_populates="meeting")


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


# --------------------------------------------------------------------------- site


class Site(Timestamps, SoftDelete, Base):
    """A status held by one ОО (or a network led by it) for a term.

    status: active | completed | removed (history rows say how it got there).
    """

    __tablename__ = "site"

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


# --------------------------------------------------------------------------- deadlines


class Deadline(Base):
    """A dated obligation computed from a profile rule (or set by hand for "on request")."""

    __tablename__ = "deadline"
    __table_args__ = (
        UniqueConstraint("site_id", "application_id", "rule_code", "due_key"),
        Index("ix_deadline_site_open", "site_id", "done_on", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"),
                                                index=True)
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


# --------------------------------------------------------------------------- events


class Event(Timestamps, SoftDelete, Base):
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


# --------------------------------------------------------------------------- service


class AuditLog(Base):
    """Who (OS user) changed what and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    os_user: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(20))  # create | update | delete | restore
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    site_id: Mapped[int | None] = mapped_column(Integer, index=True)  # for the site card
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Setting(Base):
    """Key/value settings stored with the data (centre name, head, city, counters ...)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class JournalEntry(Base):
    """The document journal: an outgoing document written by the app (order, notice,
    letter, invitation) or an incoming application package, numbered per direction and
    year; `number` is `seq` formatted by the centre's setting.

    direction: out | in
    """

    __tablename__ = "journal_entry"
    __table_args__ = (UniqueConstraint("direction", "year", "seq",
                                       name="uq_journal_entry_direction"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(50))
    entry_date: Mapped[dt.date] = mapped_column(Date, index=True)
    doc_type: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(Text, default="")
    correspondent: Mapped[str] = mapped_column(Text, default="")  # addressee or sender
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("application.id", ondelete="SET NULL"), index=True)
    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("site.id", ondelete="SET NULL"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_meeting.id", ondelete="SET NULL"), index=True)
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("decree.id", ondelete="SET NULL"), index=True)
    file_name: Mapped[str] = mapped_column(Text, default="")
    os_user: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
