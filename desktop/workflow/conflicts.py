"""Conflict of interest of an expert: the one rule, without Qt or a database.

An expert may not review an application of the organisation they work at, nor of a
network in which their organisation is a partner. The service refuses such an assignment
unless the user gives a reason to override it (kept in history and the audit log).
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.workflow.rules import Verdict


def conflict_of_interest(expert: str, expert_org_id: int | None, applicant_id: int,
                         applicant: str, partners: Mapping[int, str]) -> str | None:
    """The Russian text of the conflict, or None when there is none.

    `partners` maps the partner organisations of a network application to their names.
    """
    if expert_org_id is None:
        return None
    if expert_org_id == applicant_id:
        return (f"Конфликт интересов: {expert} работает в организации-заявителе "
                f"({applicant}).")
    if expert_org_id in partners:
        return (f"Конфликт интересов: {expert} работает в организации-партнёре сетевой "
                f"заявки ({partners[expert_org_id]}; заявитель — {applicant}).")
    return None


def conflict_verdict(text: str | None) -> Verdict | None:
    """The conflict as a refusing verdict (overridable with a reason), None without one."""
    if text is None:
        return None
    return Verdict("conflict", "refuse", text,
                   "Эксперт не оценивает заявку своей организации и её сетевых партнёров.")
