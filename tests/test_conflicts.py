"""Conflict of interest: an expert of the applicant or of a network partner is refused
unless overridden with a reason (kept in history and audit); the «Назначить экспертов»
dialog offers the directory with search and shows the conflict beside the expert."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from desktop.models import (
    Application,
    ApplicationPartner,
    AuditLog,
    Organisation,
    Review,
    StatusHistory,
)
from desktop.profiles import get_profile
from desktop.services import applications as apps
from desktop.services import people
from desktop.services.applications.review import expert_conflicts
from desktop.ui.assign_experts import AssignExpertsDialog
from desktop.workflow.conflicts import conflict_of_interest
from desktop.workflow.rules import RuleRefusal

from uihelpers import type_text, when_modal

DAY = dt.date(2026, 11, 12)


def test_rule():
    partners = {7: "Лицей № 1"}
    assert conflict_of_interest("Иванова М. П.", None, 5, "СШ № 12", partners) is None
    assert conflict_of_interest("Иванова М. П.", 9, 5, "СШ № 12", partners) is None
    assert "организации-заявителе (СШ № 12)" in conflict_of_interest(
        "Иванова М. П.", 5, 5, "СШ № 12", partners)
    assert "партнёре сетевой заявки (Лицей № 1" in conflict_of_interest(
        "Иванова М. П.", 7, 5, "СШ № 12", partners)


@pytest.fixture
def case(db):
    """A registered network application of СШ № 12 with Лицей № 1 as partner, and three
    experts: of the applicant, of the partner and of an unrelated school."""
    with db.transaction() as s:
        orgs = [Organisation(full_name=n, short_name=n)
                for n in ("СШ № 12", "Лицей № 1", "Гимназия № 41")]
        s.add_all(orgs)
        s.flush()
        app = Application(profile_id="omsk", kind_code="СтП", organisation_id=orgs[0].id,
                          state="registered", reg_number="2026-0001", reg_date=DAY,
                          submitted_on=DAY, theme="Наставничество")
        kind = get_profile("omsk").kind("СтП")
        app.stages_done = {st.code: DAY.isoformat() for st in kind.stages[
            :kind.stages.index(kind.stage("review"))]}  # registered: what comes before review
        s.add(app)
        s.flush()
        s.add(ApplicationPartner(application_id=app.id, organisation_id=orgs[1].id))
        org_ids = [o.id for o in orgs]
        app_id = app.id
    experts = [people.save_person(db, people.PersonForm(
        last_name=last, first_name="Анна", organisation_id=org, is_expert=True,
        subject_area=subject)) for last, org, subject in (
            ("Алексеева", org_ids[0], "математика"), ("Борисова", org_ids[1], "физика"),
            ("Власова", org_ids[2], "химия"))]
    return app_id, experts


def test_assigning_an_expert_in_conflict_needs_a_reason(db, case):
    app_id, (own, partner, free) = case
    found = expert_conflicts(db, app_id, [own, partner, free])
    assert set(found) == {own, partner}
    assert "работает в организации-заявителе" in found[own]
    with pytest.raises(RuleRefusal) as err:
        apps.assign_experts(db, app_id, [free, partner], DAY)
    assert "Борисова Анна" in str(err.value) and "укажите основание" in str(err.value)
    with db.session() as s:  # nothing assigned, the application still registered
        assert s.scalars(select(Review)).all() == []
        assert s.get(Application, app_id).state == "registered"
    apps.assign_experts(db, app_id, [free, partner], DAY,
                        override="других экспертов по физике в округе нет")
    with db.session() as s:
        assert {r.expert_id for r in s.scalars(select(Review))} == {free, partner}
        note = s.scalar(select(StatusHistory.note).where(
            StatusHistory.application_id == app_id, StatusHistory.event == "rule_override"))
        assert "Борисова Анна" in note and "других экспертов по физике" in note
        assert s.scalar(select(AuditLog.changes).where(
            AuditLog.entity == "application", AuditLog.entity_id == app_id,
            AuditLog.summary.contains("вопреки")))["rule"] == "conflict"
    # once assigned, the overridden expert is not asked about again
    apps.assign_experts(db, app_id, [partner], DAY)


def test_dialog_search_new_expert_and_refusal(qtbot, db, case):
    app_id, (own, partner, free) = case
    dialog = AssignExpertsDialog(db, app_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "2026-0001 — СШ № 12" in dialog.windowTitle()
    names = [dialog.table.item(i, 1).text() for i in range(dialog.table.rowCount())]
    assert names == ["Алексеева Анна", "Борисова Анна", "Власова Анна"]
    assert "организации-заявителе" in dialog.table.item(0, 4).text()
    assert dialog.table.item(2, 4).text() == ""
    type_text(dialog.search, "хими")
    dialog.search.flush()
    assert [dialog.table.isRowHidden(i) for i in range(3)] == [True, True, False]

    def fill(person) -> None:
        type_text(person.last_name, "Григорьева")
        type_text(person.first_name, "Вера")
        person.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    errors = when_modal(fill)
    new_id = dialog.new_expert()
    assert not errors and new_id and new_id in dialog.checked()
    dialog.table.item(0, 0).setCheckState(Qt.CheckState.Checked)  # Алексеева: in conflict
    assert dialog.reason.isEnabled() and "организации-заявителе" in dialog.error.text()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "укажите основание" in dialog.error.text()
    type_text(dialog.reason, "заявитель согласен")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == 1 and len(dialog.assigned) == 2
    with db.session() as s:
        assert {r.expert_id for r in s.scalars(select(Review))} == {own, new_id}
