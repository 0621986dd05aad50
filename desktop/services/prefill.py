"""What the wizard's page 2 already knows (organisation, direction, project, leader,
theme) carried into the fields of the package's forms, so nothing is typed twice.

The profiles name their fields differently (Омск `site_head` and `p4_head`, Кемерово
`leader`, Выселки `legal_name`): FIELD_SOURCES below is the one place that says which field
code means what. Values are suggestions: the wizard fills only fields the user has not
typed into, and every filled field stays editable.
"""

from __future__ import annotations

from typing import Any

from desktop.models import Organisation, Person
from desktop.profiles import Form
from desktop.storage import Database

# form field code → what it holds (a key of `known_values`)
FIELD_SOURCES: dict[str, str] = {
    # the applicant organisation
    "org_full_name": "org_full_name",
    "legal_name": "org_full_name",
    "short_name": "org_short_name",
    "head_name": "org_head",
    "head": "org_head",
    "address": "org_address",
    "legal_address": "org_address",
    "phone": "org_phone",
    "email": "org_email",
    "website": "org_website",
    # the application itself
    "direction": "direction",
    "theme": "theme",
    "project_name": "project_name",
    "p1_name": "project_name",
    # the site's leader (name and position)
    "site_head": "leader",
    "p4_head": "leader",
    "leader": "leader",
}


def known_values(db: Database, *, organisation_id: int | None, leader_id: int | None,
                 theme: str = "", direction: str = "", project_name: str = "",
                 leader_name: str = "") -> dict[str, str]:
    """Everything page 2 knows, by meaning (see FIELD_SOURCES); empty values left out."""
    out = {"theme": theme, "direction": direction, "project_name": project_name}
    with db.session() as s:
        org = s.get(Organisation, organisation_id) if organisation_id else None
        if org is not None:
            out.update(org_full_name=org.full_name, org_short_name=org.short_name,
                       org_head=org.head_name, org_address=org.address, org_phone=org.phone,
                       org_email=org.email, org_website=org.website)
        person = s.get(Person, leader_id) if leader_id else None
        if person is not None:
            out["leader"] = ", ".join(x for x in (person.full_name, person.position) if x)
        elif leader_name:
            out["leader"] = leader_name
    return {k: v.strip() for k, v in out.items() if v and v.strip()}


def prefill(form: Form, known: dict[str, str]) -> dict[str, Any]:
    """The values of `form`'s applicant fields that `known` can fill (by field code)."""
    out: dict[str, Any] = {}
    for f in form.fields:
        source = FIELD_SOURCES.get(f.code)
        if f.official or f.type == "table" or source not in known:
            continue
        out[f.code] = known[source]
    return out
