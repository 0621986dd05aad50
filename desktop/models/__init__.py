"""SQLAlchemy 2 typed models of the whole cycle (see `entities` for the table list)."""

from desktop.models.base import Base, utcnow
from desktop.models.entities import (
    Application,
    ApplicationDocument,
    ApplicationPartner,
    Attachment,
    AuditLog,
    Blob,
    CalendarDay,
    Certificate,
    CouncilMeeting,
    Deadline,
    Decision,
    Event,
    JournalEntry,
    MeetingItem,
    Order,
    Organisation,
    Participation,
    Person,
    Report,
    ReportRow,
    Review,
    ReviewScore,
    Setting,
    Site,
    SitePartner,
    Spravka,
    StatusHistory,
)

__all__ = [
    "Application", "ApplicationDocument", "ApplicationPartner", "Attachment", "AuditLog",
    "Base", "Blob", "CalendarDay", "Certificate", "CouncilMeeting", "Deadline", "Decision",
    "Event", "JournalEntry", "MeetingItem", "Order", "Organisation", "Participation", "Person",
    "Report", "ReportRow", "Review", "ReviewScore", "Setting", "Site", "SitePartner", "Spravka",
    "StatusHistory", "utcnow",
]
