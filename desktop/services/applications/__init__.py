"""Applications through the cycle, one module per stage: intake (draft, checklist,
registration), review (experts and sheets), council (meetings, decisions) and orders
(the order that creates the site, later orders that change it).

Every step checks the workflow's rules, writes a history row and an audit row, and keeps
deadlines in step, all in one transaction. The names below are the public surface.
"""

from desktop.services.applications.common import (
    ApplicationRow,
    ensure,
    experts,
    kind_of,
    list_applications,
    reviews_of,
)
from desktop.services.applications.council import (
    CouncilSummary,
    agenda,
    council_summary,
    create_meeting,
    decide,
    decide_application,
    put_on_agenda,
)
from desktop.services.applications.intake import (
    CheckItem,
    DraftData,
    Registered,
    checklist,
    form_problems,
    load_draft,
    register,
    register_application,
    rule_notes,
    save_draft,
    withdraw,
)
from desktop.services.applications.orders import change_site, issue_order
from desktop.services.applications.review import assign_experts, prefilled_defects, save_sheet

__all__ = [
    "CouncilSummary", "Registered", "council_summary", "decide_application",
    "register_application",
    "ApplicationRow", "CheckItem", "DraftData", "agenda", "assign_experts", "change_site",
    "checklist", "create_meeting", "decide", "ensure", "experts", "form_problems", "issue_order",
    "kind_of", "list_applications", "load_draft", "prefilled_defects", "put_on_agenda", "register",
    "reviews_of",
    "rule_notes", "save_draft", "save_sheet", "withdraw",
]
