"""Events of a site: validation, planned → held, soft delete, activity counts, and the
«Мероприятия» tab driven as a user would."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from desktop.errors import NotFoundError, ValidationError
from desktop.models import AuditLog, Event, Organisation, Participation, Person, Site
from desktop.services import events as ev
from desktop.services import participants as pp
from desktop.services.participant_merge import find_duplicates
from desktop.ui.events import EventDialog, EventsView, MergeDialog, ParticipantDialog

from uihelpers import type_text, when_modal

TODAY = dt.date(2026, 11, 23)


def make_site(db, profile="omsk", kind="СтП", head="И. И. Петров") -> tuple[int, int, int]:
    """An Омск СтП at «Гимназия № 1» and a second school in the directory.
    → (site id, host organisation id, school id)."""
    with db.transaction() as s:
        host = Organisation(full_name="Муниципальное бюджетное общеобразовательное учреждение "
                                      "«Гимназия № 1»", short_name="МБОУ «Гимназия № 1»",
                            head_name=head)
        school = Organisation(full_name="Муниципальное бюджетное общеобразовательное учреждение "
                                        "«Средняя общеобразовательная школа № 12»",
                              short_name="МБОУ «СОШ № 12»")
        s.add_all([host, school])
        s.flush()
        site = Site(number="7", profile_id=profile, kind_code=kind, organisation_id=host.id,
                    theme="Функциональная грамотность", term_start=dt.date(2026, 1, 1),
                    term_end=dt.date(2027, 12, 31))
        s.add(site)
        s.flush()
        return site.id, host.id, school.id


def held(db, site_id: int, name: str = "Функциональная грамотность", day=dt.date(2026, 11, 12),
         form: str = "семинар", hours: int = 4) -> int:
    return ev.save_event(db, ev.EventData(site_id=site_id, name=name, form=form, held_on=day,
                                          hours=hours, status="held"), today=TODAY)


def test_event_form_refuses_bad_fields_with_every_message(db):
    site_id, _, _ = make_site(db)
    with pytest.raises(ValidationError) as err:
        ev.save_event(db, ev.EventData(site_id=site_id, name="  ", form="", status="held",
                                       format="заочно", hours=5000, task_no=0), today=TODAY)
    e = err.value.errors
    assert "название" in e["name"] and "форму" in e["form"]
    assert "дату проведения" in e["held_on"] and "очно" in e["format"]
    assert "1000" in e["hours"] and "задачи" in e["task_no"]
    with pytest.raises(ValidationError) as err:
        ev.save_event(db, ev.EventData(site_id=site_id, name="Семинар", status="held",
                                       held_on=dt.date(2026, 12, 1)), today=TODAY)
    assert "ещё не наступила" in err.value.errors["held_on"]
    with pytest.raises(ValidationError) as err:
        ev.save_event(db, ev.EventData(site_id=site_id, name="Семинар"), today=TODAY)
    assert "планируемую дату" in err.value.errors["planned_on"]
    with pytest.raises(ValidationError) as err:
        ev.save_event(db, ev.EventData(site_id=999, name="Семинар",
                                       planned_on=TODAY), today=TODAY)
    assert "площадку" in err.value.errors["site_id"]
    with db.session() as s:
        assert s.scalar(select(Event.id)) is None


def test_forms_come_from_the_profile_then_the_usual_list():
    omsk = ev.event_forms("omsk")
    assert omsk[:3] == ["семинар", "конференция", "мастер-класс"]
    assert "видеоконференция" in omsk and "педагогическая мастерская" in omsk
    assert len(omsk) == len(set(omsk))
    assert ev.event_forms(None) == list(ev.DEFAULT_FORMS)
    assert ev.event_forms("no-such-profile") == list(ev.DEFAULT_FORMS)


def test_planned_event_is_held_later_and_soft_deleted(db):
    site_id, _, _ = make_site(db)
    event_id = ev.save_event(db, ev.EventData(site_id=site_id, name="Круглый стол",
                                              form="круглый стол",
                                              planned_on=dt.date(2026, 11, 20), task_no=2,
                                              practice="Практика наставничества"), today=TODAY)
    assert [r.status for r in ev.list_events(db, site_id)] == ["planned"]
    ev.mark_held(db, event_id, dt.date(2026, 11, 21), today=TODAY)
    data = ev.get_event(db, event_id)
    assert (data.status, data.held_on, data.planned_on, data.task_no) == (
        "held", dt.date(2026, 11, 21), dt.date(2026, 11, 20), 2)
    assert ev.list_events(db)[0].day == dt.date(2026, 11, 21)
    ev.delete_event(db, event_id)
    assert ev.list_events(db, site_id) == []
    with pytest.raises(NotFoundError):
        ev.get_event(db, event_id)
    with db.session() as s:
        actions = [a.action for a in s.scalars(select(AuditLog).where(
            AuditLog.entity == "event", AuditLog.entity_id == event_id).order_by(AuditLog.id))]
    assert actions == ["create", "update", "delete"]
    ev.restore_event(db, event_id)
    assert len(ev.list_events(db, site_id)) == 1


def test_activity_counts_distinct_people_and_organisations(db):
    site_id, host_id, school_id = make_site(db)
    first = held(db, site_id, "Семинар", dt.date(2026, 3, 10))
    second = held(db, site_id, "Мастер-класс", dt.date(2026, 10, 1), form="мастер-класс")
    ev.save_event(db, ev.EventData(site_id=site_id, name="План на декабрь",
                                   planned_on=dt.date(2026, 12, 10)), today=TODAY)
    cancelled = ev.save_event(db, ev.EventData(site_id=site_id, name="Отменён", status="cancelled",
                                               planned_on=dt.date(2026, 5, 5)), today=TODAY)
    old = held(db, site_id, "Прошлый год", dt.date(2025, 12, 20))
    people = [pp.PersonData("Иванова", "Мария", "Петровна", "учитель", school_id),
              pp.PersonData("Соколов", "Андрей", "Викторович", "учитель", school_id),
              pp.PersonData("Орлова", "Юлия", "Сергеевна", "педагог", host_id),
              pp.PersonData("Белов", "Олег", "", "", None)]
    pp.add_participants(db, first, [pp.ParticipantData(p) for p in people])
    pp.add_participants(db, second, [pp.ParticipantData(p) for p in people[:2]])
    pp.add_participants(db, old, [pp.ParticipantData(
        pp.PersonData("Петров", "Пётр", "", "", school_id))])
    pp.add_participants(db, cancelled, [pp.ParticipantData(people[0])])
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    with db.session() as s:
        a = ev.site_activity(s, site_id, *year)
        assert a == ev.Activity(events=3, held_events=2, participants=4, organisations=2)
        assert ev.activity_by_site(s, *year) == {site_id: a}
        autumn = ev.site_activity(s, site_id, dt.date(2026, 9, 1), dt.date(2026, 11, 30))
        assert autumn == ev.Activity(1, 1, 2, 1)
        assert ev.site_activity(s, site_id, dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == \
            ev.Activity()
    ev.delete_event(db, first)
    with db.session() as s:
        assert ev.site_activity(s, site_id, *year) == ev.Activity(2, 1, 2, 1)


def test_activity_by_site_agrees_with_each_site_on_demo_data(demo_db):
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    with demo_db.session() as s:
        grouped = ev.activity_by_site(s, *year)
        assert sum(a.held_events for a in grouped.values()) > 10
        for site_id in list(grouped)[:15]:
            assert ev.site_activity(s, site_id, *year) == grouped[site_id]
        # participants counted by hand for one site
        site_id = max(grouped, key=lambda k: grouped[k].participants)
        people = set(s.scalars(select(Participation.person_id).join(Event).where(
            Event.site_id == site_id, Event.status == "held", Event.deleted_at.is_(None),
            Event.held_on >= year[0], Event.held_on <= year[1])))
        orgs = set(s.scalars(select(Person.organisation_id).where(Person.id.in_(people))))
        assert grouped[site_id].participants == len(people)
        assert grouped[site_id].organisations == len(orgs - {None})


def _sheet(tmp_path, rows, header=("ФИО", "Должность", "ОО")):
    wb = Workbook()
    ws = wb.active
    ws.append(["Лист регистрации участников"])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    path = tmp_path / "registration.xlsx"
    wb.save(path)
    return path


def texts(table, row: int) -> list[str]:
    """The texts a row of a table view shows."""
    model = table.model()
    return [model.index(row, c).data() for c in range(model.columnCount())]


def click_row(qtbot, table, row: int, column: int = 0,
              modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier,
                     pos=table.visualRect(table.model().index(row, column)).center())


def test_user_adds_an_event_and_its_participants(qtbot, db, tmp_path):
    site_id, _, _ = make_site(db)
    view = EventsView(db)
    qtbot.addWidget(view)
    view.resize(1400, 700)
    view.show()
    view.refresh()
    assert view.events.model().rowCount() == 0 and not view.add_btn.isEnabled()

    def fill(dialog: EventDialog) -> None:
        assert dialog.site.currentData() == site_id
        type_text(dialog.name, "Практикум «Смысловое чтение»")
        dialog.form.setCurrentText("практикум")
        dialog.status.setCurrentIndex(dialog.status.findData("held"))
        type_text(dialog.held, "32.11.2026")
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert "не дата" in dialog.error.text() and dialog.isVisible()
        dialog.held.clear()
        type_text(dialog.held, "20.11.2026")
        dialog.hours.setValue(6)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    errors = when_modal(fill)
    qtbot.mouseClick(view.new_btn, Qt.MouseButton.LeftButton)
    assert not errors, errors
    assert view.events.model().rowCount() == 1
    assert "Смысловое чтение" in view.title.text() and "0 участников" in view.title.text()
    assert texts(view.events, 0)[5] == "проведено"

    def person(dialog: ParticipantDialog) -> None:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        type_text(dialog.first, "Ольга")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert "фамилию" in dialog.error.text()
        type_text(dialog.last, "Кузнецова")
        type_text(dialog.middle, "Игоревна")
        type_text(dialog.position, "учитель русского языка")
        type_text(dialog.org.lineEdit(), "МБОУ «СОШ № 12»")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    errors = when_modal(person)
    qtbot.mouseClick(view.add_btn, Qt.MouseButton.LeftButton)
    assert not errors, errors
    assert view.people.model().rowCount() == 1
    assert texts(view.people, 0)[:4] == [
        "Кузнецова Ольга Игоревна", "учитель русского языка", "МБОУ «СОШ № 12»", "участник"]

    path = _sheet(tmp_path, [("Морозова Анна Викторовна", "учитель", "мбоу \"сош №12\""),
                             ("", "учитель", "МБОУ «СОШ № 12»"),
                             ("КУЗНЕЦОВА ольга игоревна", "", "МБОУ «СОШ № 12»")])
    seen = {}

    def preview(dialog) -> None:
        seen["accepted"] = dialog.accepted_rows.rowCount()
        seen["reasons"] = [dialog.rejected_rows.index(r, 1).data()
                           for r in range(dialog.rejected_rows.rowCount())]
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)

    errors = when_modal(preview)
    added = view.import_participants(str(path))
    assert not errors, errors
    assert added == 1
    assert seen["accepted"] == 1 and len(seen["reasons"]) == 2
    assert view.people.model().rowCount() == 2
    assert texts(view.events, 0)[4] == "2"

    # the participant is taken off the list again
    assert not view.remove_btn.isEnabled()
    click_row(qtbot, view.people, 0)
    removed = texts(view.people, 0)[0]
    qtbot.mouseClick(view.remove_btn, Qt.MouseButton.LeftButton)
    assert view.people.model().rowCount() == 1 and texts(view.people, 0)[0] != removed


def test_participants_sort_copy_and_keep_their_column_widths(qtbot, db, tmp_path,
                                                            qtmodeltester):
    site_id, _, school_id = make_site(db)
    big = held(db, site_id)
    ev.save_event(db, ev.EventData(site_id=site_id, name="Круглый стол", form="круглый стол",
                                   planned_on=dt.date(2026, 12, 10), status="planned"),
                  today=TODAY)
    names = [("Ёлкина", "Анна", "учитель"), ("Абрамов", "Олег", ""), ("елкина", "Ася", "завуч")]
    pp.add_participants(db, big, [pp.ParticipantData(pp.PersonData(last, first, "", pos,
                                                                   school_id))
                                  for last, first, pos in names])
    view = EventsView(db)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    view.show()
    view.refresh()
    qtmodeltester.check(view.event_model)
    assert [texts(view.events, r)[1] for r in range(2)] == ["Круглый стол",
                                                            "Функциональная грамотность"]
    assert view.event_model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
    click_row(qtbot, view.events, 1)
    qtmodeltester.check(view.people_model)
    # by surname then name, case and ё ignored; the справка column shows a dash
    assert [texts(view.people, r) for r in range(3)] == [
        ["Абрамов Олег", "", "МБОУ «СОШ № 12»", "участник", "—"],
        ["Ёлкина Анна", "учитель", "МБОУ «СОШ № 12»", "участник", "—"],
        ["елкина Ася", "завуч", "МБОУ «СОШ № 12»", "участник", "—"]]
    header = view.people.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,  # «Должность»
                     pos=QPoint(header.sectionViewportPosition(1) + 20, 10))
    assert [texts(view.people, r)[1] for r in range(3)] == ["завуч", "учитель", ""]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(1) + 20, 10))
    assert [texts(view.people, r)[1] for r in range(3)] == ["учитель", "завуч", ""]
    click_row(qtbot, view.people, 0)
    click_row(qtbot, view.people, 1, modifier=Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view.people, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == (
        "ФИО\tДолжность\tОрганизация\tРоль\tСправка\r\n"
        "Ёлкина Анна\tучитель\tМБОУ «СОШ № 12»\tучастник\t—\r\n"
        "елкина Ася\tзавуч\tМБОУ «СОШ № 12»\tучастник\t—\r\n")
    assert [a.text() for a in view.people_habits.menu().actions() if a.text()][0] == (
        "Копировать строки с заголовками")
    assert view.people_habits.data().title == "Участники: Функциональная грамотность"
    # the search narrows the events; the current one stays current with its participants
    type_text(view.search, "ГРАМОТ")
    assert view.events.model().rowCount() == 1 and view.people.model().rowCount() == 3
    view.search.clear()
    type_text(view.search, "круглый")
    assert view.current_event() is None and view.people.model().rowCount() == 0
    view.search.clear()
    view.select_event(big)

    # widths, order and sort come back in the next session
    header.resizeSection(0, 301)
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    view.save_state(settings)
    again = EventsView(db)
    qtbot.addWidget(again)
    again.restore_state(settings)
    again.refresh()
    again.select_event(big)
    assert again.people.horizontalHeader().sectionSize(0) == 301
    assert [texts(again.people, r)[1] for r in range(3)] == ["учитель", "завуч", ""]


def test_merge_dialog_joins_the_ticked_records(qtbot, db):
    site_id, _, school_id = make_site(db)
    event_id = held(db, site_id)
    pp.add_participants(db, event_id, [pp.ParticipantData(
        pp.PersonData("Ёлкина", "Анна", "Сергеевна", "учитель", school_id))])
    with db.transaction() as s:
        s.add(Person(last_name="Елкина", first_name="Анна", middle_name="Сергеевна"))
    dialog = MergeDialog(db)
    qtbot.addWidget(dialog)
    assert len(dialog.groups) == 1 and dialog.table.rowCount() == 2
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.merged == 1
    with db.session() as s:
        assert len(find_duplicates(s)) == 0
