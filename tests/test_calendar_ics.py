"""The calendar that reminds: .ics read back by the icalendar package (reminders, met
deadlines not cancelled, UIDs per database and stable), the periods of the «Сроки» tab, the
summary of today / this week / overdue for active sites only, each line opening its site."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar
from PySide6.QtCore import QDate, QSettings
from sqlalchemy import func, select

from desktop.cli import main as cli_main
from desktop.errors import UserError
from desktop.exports.ics import ics_text, parse_alarms
from desktop.models import Deadline, Site
from desktop.services.agenda import agenda, build_agenda
from desktop.services.deadlines import list_deadlines
from desktop.storage.identity import database_id
from desktop.ui.calendar_view import CalendarView, period_bounds
from desktop.ui.main_window import MainWindow

TODAY = dt.date(2026, 11, 23)  # a Monday


def _events(path) -> list:
    cal = Calendar.from_ical(path.read_bytes())
    return list(cal.walk("VEVENT"))


def test_ics_has_reminders_no_cancelled_and_database_uids(demo_db, db_path, tmp_path, capsys):
    target = tmp_path / "сроки.ics"
    assert cli_main(["deadlines", "--ics", str(target), "--today", "2026-11-23",
                     "--db", str(db_path)]) == 0
    events = _events(target)
    rows = [r for r in list_deadlines(demo_db, today=TODAY) if r.due]
    assert len(events) == len(rows) > 100
    assert not [e for e in events if str(e.get("STATUS")) == "CANCELLED"]
    done = [e for e in events if str(e["SUMMARY"]).startswith("Выполнено: ")]
    open_ = [e for e in events if not str(e["SUMMARY"]).startswith("Выполнено: ")]
    assert len(done) == sum(r.state == "done" for r in rows) > 0
    for event in open_:
        alarms = event.walk("VALARM")
        assert [a["TRIGGER"].dt for a in alarms] == [-dt.timedelta(days=6, hours=15),
                                                     -dt.timedelta(hours=15)]
        assert all(str(a["ACTION"]) == "DISPLAY" for a in alarms)
    assert all(not e.walk("VALARM") for e in done)
    db_id = database_id(demo_db)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids) and all(db_id in uid for uid in uids)

    # Stable: a second export gives the same UIDs; --without-done drops the met ones and
    # --remind sets other reminders.
    again = tmp_path / "снова.ics"
    assert cli_main(["deadlines", "--ics", str(again), "--remind", "3", "--without-done",
                     "--today", "2026-11-23", "--db", str(db_path)]) == 0
    second = _events(again)
    assert {str(e["UID"]) for e in second} == {str(e["UID"]) for e in open_}
    assert all([a["TRIGGER"].dt for a in e.walk("VALARM")] == [-dt.timedelta(days=2, hours=15)]
               for e in second)
    capsys.readouterr()


def test_two_databases_never_share_a_uid(demo_db, tmp_path):
    from desktop.services.demo import fill_demo
    from desktop.storage import open_database

    other = open_database(tmp_path / "другая.sqlite3")
    try:
        fill_demo(other, sites=60, seed=1, today=TODAY)  # the same data, row ids and all
        a = Calendar.from_ical(ics_text(list_deadlines(demo_db, today=TODAY),
                                        database_id(demo_db)))
        b = Calendar.from_ical(ics_text(list_deadlines(other, today=TODAY), database_id(other)))
    finally:
        other.close()
    uids_a = {str(e["UID"]) for e in a.walk("VEVENT")}
    uids_b = {str(e["UID"]) for e in b.walk("VEVENT")}
    assert uids_a and uids_b and uids_a.isdisjoint(uids_b)


def test_reminder_days_are_checked():
    assert parse_alarms("7, 1") == (7, 1) and parse_alarms("1;14") == (14, 1)
    assert parse_alarms("нет") == () and parse_alarms("") == ()
    for wrong in ("неделя", "400", "-3"):
        with pytest.raises(UserError, match="от 0 до 365"):
            parse_alarms(wrong)


def test_periods_reach_a_quarter_a_year_and_a_site():
    day, shown = dt.date(2026, 11, 23), dt.date(2026, 11, 1)
    assert period_bounds("day", day, shown) == (day, day)
    assert period_bounds("week", day, shown) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert period_bounds("month", day, dt.date(2026, 2, 1)) == (dt.date(2026, 2, 1),
                                                                dt.date(2026, 2, 28))
    assert period_bounds("quarter", day, shown) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert period_bounds("quarter", day, dt.date(2027, 5, 1)) == (dt.date(2027, 4, 1),
                                                                  dt.date(2027, 6, 30))
    assert period_bounds("year", day, shown) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_calendar_lists_a_year_and_all_of_one_site(qtbot, demo_db):
    view = CalendarView(demo_db, today=TODAY)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    view.refresh()
    view.calendar.setSelectedDate(QDate(2027, 5, 14))
    view.period.setCurrentIndex(view.period.findData("year"))
    rows = list_deadlines(demo_db, today=TODAY)
    in_2027 = [r for r in rows if r.due and r.due.year == 2027]
    assert view.list.rowCount() == len(in_2027) > 0
    assert "01.01.2027 – 31.12.2027" in view.title.text()

    view.period.setCurrentIndex(view.period.findData("site"))
    assert view.list.rowCount() == 0 and "Введите № площадки" in view.title.text()
    number = next(r.site_number for r in rows if r.site)
    view.site.setText(number)
    of_site = [r for r in rows if number in r.site_number and r.due]
    assert view.list.rowCount() == len(of_site) > 1
    assert view.title.text().startswith(f"Все сроки: {number}")
    # «Что» is shown whole: rows grow for wrapped text, the full text is the tooltip.
    what = view.list.item(0, 4)
    assert what.toolTip() == what.text() and view.list.wordWrap()


def test_summary_counts_active_sites_only(demo_db):
    with demo_db.session() as s:
        closed = s.scalar(select(Site.id).where(Site.status != "active"))
        late = s.scalar(select(func.count()).select_from(Deadline).join(
            Site, Site.id == Deadline.site_id).where(
            Site.status != "active", Deadline.done_on.is_(None), Deadline.due_on < TODAY))
    found = agenda(demo_db, TODAY)
    assert closed and late > 0  # the demo has closed sites with missed deadlines
    ids = {i.site_id for i in found.overdue + found.due_today + found.this_week}
    with demo_db.session() as s:
        statuses = set(s.scalars(select(Site.status).where(Site.id.in_(ids))))
    assert statuses == {"active"}
    assert all(i.due < TODAY for i in found.overdue)
    assert all(TODAY < i.due <= dt.date(2026, 11, 29) for i in found.this_week)
    # The pure rule: a closed site's missed deadline is not overdue.
    rows = list_deadlines(demo_db, today=TODAY)
    assert build_agenda(rows, set(), TODAY).is_empty()


def test_startup_summary_opens_the_site_of_a_line(qtbot, demo_db, tmp_path, monkeypatch):
    w = MainWindow(demo_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    opened: list[int] = []
    monkeypatch.setattr(w, "open_site", opened.append)
    from desktop.ui import agenda as agenda_ui

    agenda_ui.install(w, today=TODAY)  # the same install, with the test's today
    dialog = w.show_agenda(at_startup=True)
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    found = dialog.view.agenda
    first = (found.due_today + found.this_week + found.overdue)[0]
    assert f"№ {first.site_number}" in dialog.view.text()
    dialog.view.linkActivated.emit(str(first.site_id))
    assert opened == [first.site_id] and not dialog.isVisible()
    dialog.at_startup.setChecked(False)
    assert w.show_agenda(at_startup=True) is None  # switched off: not shown at start-up
    assert w.show_agenda() is not None  # from the menu it still opens
