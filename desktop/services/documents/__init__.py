"""The data of the office's documents, gathered for the pure writers in desktop.exports.

One function per document type returns a `Document` (plain dataclasses, no session after
it): `agenda_data`, `protocol_data`, `order_data`, `notice_data`, `missing_data`,
`invitation_data`, `conclusion_data`, `application_data`. `desktop.services.journal` numbers
the outgoing ones when their file is written.
"""

from desktop.services.documents.data import Document
from desktop.services.documents.forms import application_data, conclusion_data
from desktop.services.documents.letters import missing_data, notice_data
from desktop.services.documents.meeting import agenda_data, invitation_data, protocol_data
from desktop.services.documents.order import order_data

__all__ = ["Document", "agenda_data", "application_data", "conclusion_data", "invitation_data",
           "missing_data", "notice_data", "order_data", "protocol_data"]
