"""The «Заявки» tab as an office list: sorting by a header click, search, filters by
profile, kind, state and year; withdrawal kept in history; a draft deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from desktop.models import Application, Organisation, StatusHistory
from desktop.ui.applications_list import ApplicationsView

from uihelpers import type_text, when_modal

D = dt.date
# (profile, kind, state, reg number, reg date, organisation, theme, started)
ROWS = [
    ("omsk", "СтП", "registered", "2026-0002", D(2026, 10, 20), "СШ № 12", "Наставничество",
     dt.datetime(2026, 10, 1)),
    ("omsk", "СтП", "draft", "", None, "Лицей № 1", "Проектная деятельность",
     dt.datetime(2026, 11, 2)),
    ("kemerovo", "МИП", "ordered", "2025-0010", D(2025, 5, 14), "Гимназия № 41",
     "Цифровая среда", dt.datetime(2025, 5, 1)),
    ("kemerovo", "ОМП", "review", "2026-0010", D(2026, 3, 3), "СШ № 12", "Функциональная "
     "грамотность", dt.datetime(2026, 3, 1)),
    ("omsk", "СтП", "refused", "2026-0009", D(2026, 2, 1), "Школа № 5", "Инклюзия",
     dt.datetime(2026, 1, 20)),
]


@pytest.fixture
def view(qtbot, db):
    with db.transaction() as s:
        orgs = {}
        for profile, kind, state, number, reg, org, theme, started in ROWS:
            if org not in orgs:
                orgs[org] = Organisation(full_name=org, short_name=org)
                s.add(orgs[org])
                s.flush()
            s.add(Application(profile_id=profile, kind_code=kind, state=state,
                              reg_number=number, reg_date=reg, organisation_id=orgs[org].id,
                              theme=theme, created_at=started))
    v = ApplicationsView(db, None)
    qtbot.addWidget(v)
    v.resize(1300, 600)
    v.show()
    v.refresh()
    return v


def _numbers(view) -> list[str]:
    return [view.model.columns[0].text(r) for r in view.model.rows()]


def _click_header(qtbot, view, column: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, 5))


def test_sort_search_and_filters(qtbot, view):
    assert _numbers(view) == ["2026-0002", "2026-0010", "2026-0009", "2025-0010", ""]
    _click_header(qtbot, view, 0)  # by number: 2026-0010 after 2026-0009, the draft last
    assert _numbers(view) == ["2025-0010", "2026-0002", "2026-0009", "2026-0010", ""]
    _click_header(qtbot, view, 0)
    assert _numbers(view) == ["2026-0010", "2026-0009", "2026-0002", "2025-0010", ""]
    type_text(view.search, "сш № 12")
    view.search.flush()
    assert _numbers(view) == ["2026-0010", "2026-0002"]
    assert view.count.text() == "2 заявки из 5"
    view.search.clear()
    view.search.flush()
    view.profile.setCurrentIndex(view.profile.findData("kemerovo"))
    assert _numbers(view) == ["2026-0010", "2025-0010"]
    view.kind.setCurrentIndex(view.kind.findData("ОМП"))
    assert _numbers(view) == ["2026-0010"]
    view.profile.setCurrentIndex(0)
    view.kind.setCurrentIndex(0)
    view.state.setCurrentIndex(view.state.findData("open"))  # not finished
    assert _numbers(view) == ["2026-0010", "2026-0002", ""]
    view.state.setCurrentIndex(0)
    assert [view.year.itemText(i) for i in range(view.year.count())] == [
        "Все годы", "2026", "2025"]
    view.year.setCurrentIndex(view.year.findData(2025))
    assert _numbers(view) == ["2025-0010"]


def test_withdraw_kept_in_history_and_draft_deleted(qtbot, view, db):
    view.select(next(r.id for r in view.model.rows() if r.reg_number == "2026-0002"))
    assert view.withdraw_btn.isEnabled() and not view.delete_btn.isEnabled()
    errors = when_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    assert view.withdraw()
    assert not errors
    row = next(r for r in view.model.rows() if r.reg_number == "2026-0002")
    assert view.model.columns[6].text(row) == "отозвана"
    with db.session() as s:
        assert s.scalar(select(StatusHistory.event).where(
            StatusHistory.application_id == row.id)) == "withdrawn"
    draft = next(r for r in view.model.rows() if not r.reg_number)
    view.select(draft.id)
    assert view.delete_btn.isEnabled() and view.open_btn.isEnabled()
    errors = when_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    assert view.delete_draft()
    assert not errors
    assert draft.id not in [r.id for r in view.model.rows()]
    assert view.count.text() == "4 заявки"
    with db.session() as s:
        assert s.get(Application, draft.id).deleted_at is not None
        assert s.scalar(select(StatusHistory.note).where(
            StatusHistory.application_id == draft.id)) == "черновик удалён"
    # a finished application can be neither withdrawn nor deleted
    view.select(next(r.id for r in view.model.rows() if r.state == "ordered"))
    assert not view.withdraw_btn.isEnabled() and not view.delete_btn.isEnabled()
