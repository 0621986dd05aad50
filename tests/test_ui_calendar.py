"""The calendar tab driven as a user would: pick a day, see its items, receive a report."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QTableView
from sqlalchemy import select

from desktop.models import Deadline, Report
from desktop.services.deadlines import list_deadlines
from desktop.ui.calendar_view import CalendarView, ReportDialog
from desktop.ui.main_window import MainWindow

from uihelpers import type_text, when_modal

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def view(qtbot, demo_db):
    v = CalendarView(demo_db, today=TODAY)
    qtbot.addWidget(v)
    v.resize(1300, 800)
    v.show()
    v.refresh()
    return v


def _click_day(qtbot, calendar, day: int) -> None:
    """Click the cell of `day` of the shown month in the calendar's grid."""
    grid = calendar.findChild(QTableView)
    model = grid.model()
    for row in range(1, model.rowCount()):
        for col in range(model.columnCount()):
            index = model.index(row, col)
            text = str(model.data(index))
            if text == str(day) and not (row == 1 and day > 20) and not (row >= 5 and day < 10):
                qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton,
                                 pos=grid.visualRect(index).center())
                return
    raise AssertionError(f"day {day} not in the grid")


def test_clicking_a_day_lists_its_deadlines_coloured_by_state(qtbot, view, demo_db):
    rows = list_deadlines(demo_db, today=TODAY)
    day = max(r.due for r in rows if r.due and r.due.year == 2026 and r.state == "overdue")
    view.period.setCurrentIndex(view.period.findData("day"))
    view.calendar.setCurrentPage(2026, day.month)
    _click_day(qtbot, view.calendar, day.day)
    assert view.calendar.selectedDate().toPython() == day
    expected = [r for r in rows if r.due == day]
    assert view.list.rowCount() == len(expected) > 0
    assert {view.list.item(i, 1).text() for i in range(view.list.rowCount())} == \
        {{"overdue": "просрочено", "done": "выполнено", "soon": "в ближайшие 7 дней",
          "upcoming": "предстоит"}[r.state] for r in expected}
    fmt = view.calendar.dateTextFormat(view.calendar.selectedDate())
    assert fmt.background().color().name() == "#f4c7c3"  # the overdue colour
    view.period.setCurrentIndex(view.period.findData("month"))
    in_month = [r for r in rows if r.due and (r.due.year, r.due.month) == (2026, day.month)]
    assert view.list.rowCount() == len(in_month)
    view.profile.setCurrentIndex(view.profile.findData("omsk"))
    assert view.list.rowCount() == len([r for r in in_month if r.profile == "omsk"])


def test_marking_a_report_received_closes_its_deadline(qtbot, view, demo_db, tmp_path):
    target = next(r for r in list_deadlines(demo_db, today=TODAY)
                  if r.state == "overdue" and r.deadline_kind == "report" and r.site
                  and r.profile == "omsk")
    view.period.setCurrentIndex(view.period.findData("day"))
    view.calendar.setSelectedDate(view.calendar.selectedDate().fromString(
        target.due.isoformat(), Qt.DateFormat.ISODate))
    row = next(i for i in range(view.list.rowCount())
               if view.list.item(i, 0).data(Qt.ItemDataRole.UserRole) == target.id)
    rect = view.list.visualItemRect(view.list.item(row, 2))
    qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.receive.isEnabled()
    report_file = tmp_path / "отчёт.pdf"
    report_file.write_bytes(b"%PDF-1.4 report")
    seen = {}

    def fill(dialog: ReportDialog) -> None:
        assert dialog.form is not None  # Омск: the Appendix 4 form from the profile
        assert set(dialog.form.editors) == {"site_name", "events", "analysis"}
        dialog.received.clear()
        type_text(dialog.received, "32.13.2026")
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        seen["error"] = dialog.error.text()
        dialog.received.clear()
        late_day = target.due + dt.timedelta(days=3)
        type_text(dialog.received, late_day.strftime("%d.%m.%Y"))
        dialog.choose_file(str(report_file))
        type_text(dialog.form.editors["analysis"], "Материалы: https://school.example.ru")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    errors = when_modal(fill)
    qtbot.mouseClick(view.receive, Qt.MouseButton.LeftButton)
    assert not errors, errors
    assert "не дата" in seen["error"]
    assert "с опозданием на 3 дня" in view.notice.text()
    with demo_db.session() as s:
        d = s.get(Deadline, target.id)
        assert d.done_on == target.due + dt.timedelta(days=3)
        report = s.scalar(select(Report).where(Report.deadline_id == target.id))
        assert report.attachment.file_name == "отчёт.pdf"
        assert report.attachment.blob.data == b"%PDF-1.4 report"
        assert "school.example.ru" in report.analysis
        assert report.form_data["analysis"].endswith("school.example.ru")
        assert len(report.rows) == len(report.form_data["events"])


def test_main_window_has_the_calendar_tab_and_summary(qtbot, demo_db, tmp_path):
    w = MainWindow(demo_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    assert w.tabs.tabText(w.tabs.indexOf(w.calendar)) == "Сроки"
    assert "просрочено:" in w.deadline_label.text()
