"""The tables of the whole cycle, one module per topic, gathered here under their old home:

- `directory`: organisations and people;
- `files`: file content kept in the database and named attachments;
- `applications`: applications, their partners and package, the experts' reviews;
- `council`: the deciding body's meetings, decisions and orders;
- `sites`: sites, their partners, status history and certificates;
- `deadlines`: deadlines, reports and corrections of the production calendar;
- `events`: events, participants and issued справки;
- `journal`: the audit log, settings and the document journal.

Status values are plain strings; their meaning and allowed transitions live in
`desktop.workflow` (application/site states) and are listed in the models only as
documentation. The modules are imported in this order so `Base.metadata` lists the tables
in the order they were always declared; a new module must be imported here too, or
Alembic and `create_all` will not see its tables.
"""

# isort: off
from desktop.models.directory import Organisation, Person
from desktop.models.files import Attachment, Blob
from desktop.models.applications import (
    Application,
    ApplicationDocument,
    ApplicationPartner,
    Review,
    ReviewScore,
)
from desktop.models.council import CouncilMeeting, Decision, MeetingItem, Order
from desktop.models.sites import Certificate, Site, SitePartner, StatusHistory
from desktop.models.deadlines import CalendarDay, Deadline, Report, ReportRow
from desktop.models.events import Event, Participation, Spravka
from desktop.models.journal import AuditLog, JournalEntry, Setting
# isort: on

__all__ = [
    "Application", "ApplicationDocument", "ApplicationPartner", "Attachment", "AuditLog",
    "Blob", "CalendarDay", "Certificate", "CouncilMeeting", "Deadline", "Decision", "Event",
    "JournalEntry", "MeetingItem", "Order", "Organisation", "Participation", "Person", "Report",
    "ReportRow", "Review", "ReviewScore", "Setting", "Site", "SitePartner", "Spravka",
    "StatusHistory",
]
