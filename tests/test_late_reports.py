"""A late report: «Принять отчёт…» with nothing selected asks which site and report, the
receipt stores its days late, the card and the registry show them, and where the profile
makes lateness a ground (Кемерово) the early removal is offered."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from desktop.models import Deadline, Report
from desktop.services import organisations as orgs
from desktop.services import sites
from desktop.services.registry import load_rows
from desktop.ui.calendar_view import CalendarView

from uihelpers import when_modal


@pytest.fixture
def site(db):
    org = orgs.save_organisation(db, orgs.OrgData(full_name="МБОУ «Средняя школа № 12»",
                                                  short_name="СШ № 12"))
    return sites.save_site(db, sites.SiteData(
        number="2025-0001", profile_id="kemerovo", kind_code="МИП", organisation_id=org,
        theme="Цифровая образовательная среда", term_start=dt.date(2025, 9, 1),
        term_end=dt.date(2027, 8, 31)))


def _first_report(db, site_id: int) -> Deadline:
    with db.session() as s:
        return s.scalars(select(Deadline).where(Deadline.site_id == site_id,
                                                Deadline.kind == "report")
                         .order_by(Deadline.due_on)).first()


def test_menu_receive_asks_which_report_stores_lateness_and_offers_removal(qtbot, db, site):
    deadline = _first_report(db, site)
    received = deadline.due_on + dt.timedelta(days=9)
    view = CalendarView(db, today=received + dt.timedelta(days=1))
    qtbot.addWidget(view)
    view.refresh()
    view.list.clearSelection()
    view.list.setCurrentCell(-1, -1)
    asked: list[str] = []
    errors: list[BaseException] = []

    def answer_removal(box: QMessageBox) -> None:
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.No).click()

    def fill_report(dialog) -> None:
        dialog.received.setText(f"{received:%d.%m.%Y}")
        errors.extend(when_modal(answer_removal))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    def pick(picker) -> None:
        assert picker.windowTitle() == "Принять отчёт: какой площадки?"
        row = next(i for i, r in enumerate(picker.rows) if r.id == deadline.id)
        assert picker.table.item(row, 2).text() == "2025-0001"
        picker.table.selectRow(row)
        errors.extend(when_modal(fill_report))
        picker.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    errors.extend(when_modal(pick))
    view.receive_selected()  # what the menu's «Принять отчёт…» calls
    assert not errors, errors
    assert view.notice.text() == "Отчёт получен с опозданием на 9 дней."
    assert asked and "снять статус" in asked[0]
    with db.session() as s:
        assert s.scalar(select(Report.days_late).where(Report.deadline_id == deadline.id)) == 9
    card_rows = sites.get_detail(db, site).deadlines
    assert (deadline.due_on, deadline.what, received, "опоздание 9 дн.") in card_rows
    row = next(r for r in load_rows(db, today=received) if r.id == site)
    assert row.last_late == 9


def test_nothing_expected_and_on_time_report(qtbot, db, site):
    deadline = _first_report(db, site)
    view = CalendarView(db, today=deadline.due_on)
    qtbot.addWidget(view)
    view.refresh()

    def fill(dialog) -> None:
        dialog.received.setText(f"{deadline.due_on:%d.%m.%Y}")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    def pick(picker) -> None:
        picker.table.selectRow(next(i for i, r in enumerate(picker.rows)
                                    if r.id == deadline.id))
        errors.extend(when_modal(fill))
        picker.choose()

    errors = when_modal(pick)
    view.receive_selected()
    assert not errors, errors
    assert view.notice.text() == "Отчёт получен в срок."
    with db.session() as s:
        assert s.scalar(select(Report.days_late)) == 0
    assert next(r for r in load_rows(db) if r.id == site).last_late == 0
