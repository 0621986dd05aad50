"""The people directory: add, edit, roles, search, merge and Excel import, in the service
and in the «Люди» tab driven as a user would."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.models import Event, Participation, Person, Site
from desktop.services import organisations as orgs
from desktop.services import people
from desktop.services.people_import import commit_people, prepare_people
from desktop.ui.people import PeopleView, PersonDialog

from uihelpers import type_text, when_modal


@pytest.fixture
def two_orgs(db):
    a = orgs.save_organisation(db, orgs.OrgData(full_name="МБОУ «Средняя школа № 12»",
                                                short_name="СШ № 12"))
    b = orgs.save_organisation(db, orgs.OrgData(full_name="МБОУ «Лицей № 1»",
                                                short_name="Лицей № 1"))
    return a, b


def test_save_person_validates_and_refuses_a_duplicate(db, two_orgs):
    a, _b = two_orgs
    pid = people.save_person(db, people.PersonForm(
        last_name="Иванова", first_name="Мария", middle_name="Петровна", organisation_id=a,
        position="учитель", subject_area="математика", phone="8 913 000-00-00",
        email="ivanova@mail.ru", is_expert=True))
    with pytest.raises(ValidationError) as err:
        people.save_person(db, people.PersonForm(last_name="ИВАНОВА", first_name="мария",
                                                 middle_name="Петровна", organisation_id=a))
    assert "уже есть в справочнике" in err.value.errors["last_name"]
    with pytest.raises(ValidationError) as err:
        people.save_person(db, people.PersonForm(last_name="Петров", first_name="Пётр",
                                                 email="почта", phone="звонить"))
    assert set(err.value.errors) == {"email", "phone"}
    form = people.get_person(db, pid)
    form.subject_area = "алгебра"
    people.save_person(db, form)
    row = people.list_people(db, experts=True)[0]
    assert (row.full_name, row.organisation, row.subject_area, row.roles) == (
        "Иванова Мария Петровна", "СШ № 12", "алгебра", ("expert",))
    # the lead's CLI entry points keep working
    assert people.add_person(db, "Сидоров Олег", organisation_id=a, expert=True) > pid
    assert [r.full_name for r in people.list_people(db, search="сидор")] == ["Сидоров Олег"]


def test_roles_follow_links_and_merge_moves_them(db, two_orgs):
    a, _b = two_orgs
    leader = people.save_person(db, people.PersonForm(last_name="Ёлкина", first_name="Анна",
                                                      organisation_id=a))
    twin = people.save_person(db, people.PersonForm(last_name="Елкина", first_name="Анна"))
    with db.transaction() as s:
        site = Site(profile_id="omsk", kind_code="СтП", organisation_id=a, theme="Т",
                    term_start=dt.date(2026, 1, 1), leader_id=leader)
        s.add(site)
        s.flush()
        event = Event(site_id=site.id, name="Семинар")
        s.add(event)
        s.flush()
        s.add(Participation(event_id=event.id, person_id=twin))
    rows = {r.id: r for r in people.list_people(db)}
    assert rows[leader].roles == ("leader",) and rows[twin].roles == ("participant",)
    assert [r.id for r in people.list_people(db, role="participant")] == [twin]
    people.merge(db, leader, [twin])
    rows = people.list_people(db)
    assert [(r.id, r.roles) for r in rows] == [(leader, ("leader", "participant"))]


def test_import_people_from_excel(db, two_orgs, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Список экспертов на 2026/2027 учебный год"])
    ws.append(["ФИО", "Организация", "Должность", "Предметная область", "Телефон", "Эксперт"])
    ws.append(["Иванова Мария Петровна", "СШ № 12", "учитель", "математика", "", "да"])
    ws.append(["Петров Пётр", "Школа № 999", "", "", "", "да"])
    ws.append(["Смирнова", "", "", "", "", ""])
    ws.append(["Кузнецов Иван Ильич", "Лицей № 1", "методист", "физика", "звонить", ""])
    ws.append(["иванова мария петровна", "СШ № 12", "", "", "", ""])
    ws.append(["Орлова Ольга", "", "методист ИМЦ", "дошкольное", "+7 913 111-22-33",
               "методист"])
    path = tmp_path / "experts.xlsx"
    wb.save(path)
    people.save_person(db, people.PersonForm(last_name="Орлова", first_name="Ольга"))
    prepared = prepare_people(db, path)
    reasons = {r.row_no: r.reason for r in prepared.rejected}
    assert set(reasons) == {4, 5, 6, 7}
    assert "не найдена" in reasons[4] and "имя" in reasons[5]
    assert "телефон" in reasons[6] and "повторяется" in reasons[7]
    assert commit_people(db, prepared) == (1, 1)
    rows = {r.full_name: r for r in people.list_people(db)}
    assert rows["Иванова Мария Петровна"].expert
    assert rows["Орлова Ольга"].roles == ("staff",)
    assert rows["Орлова Ольга"].phone == "+7 913 111-22-33"


def test_people_tab_add_search_edit_merge(qtbot, db, two_orgs):
    view = PeopleView(db)
    qtbot.addWidget(view)
    view.resize(1300, 600)
    view.show()
    view.refresh()

    def fill(dialog: PersonDialog) -> None:
        type_text(dialog.last_name, "Соколова")
        type_text(dialog.first_name, "Анна")
        type_text(dialog.subject_area, "химия")
        dialog.organisation.setCurrentIndex(dialog.organisation.findText("Лицей № 1"))
        assert dialog.is_expert.isChecked()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    errors = when_modal(fill)
    new_id = view.add(expert=True)
    assert not errors, errors
    assert new_id
    assert [r.full_name for r in view.selected()] == ["Соколова Анна"]
    people.save_person(db, people.PersonForm(last_name="Соколова", first_name="Анна",
                                             middle_name="", organisation_id=None))
    people.add_person(db, "Иванов Иван")
    view.refresh()
    type_text(view.search, "СОКОЛ")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert view.count.text() == "2 человека из 3"
    view.role.setCurrentIndex(view.role.findData("expert"))
    assert view.model.rowCount() == 1
    view.role.setCurrentIndex(0)
    # merge the two records, keeping the expert's one
    view.table.selectAll()
    assert view.merge_btn.isEnabled()
    kept = next(r.id for r in view.model.rows() if r.expert)

    def choose(dialog) -> None:
        idx = [r.id for r in dialog.rows].index(kept)
        dialog.group.button(idx).click()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    errors = when_modal(choose)
    view.merge()
    assert not errors, errors
    assert [(r.id, r.organisation) for r in view.model.rows()] == [(kept, "Лицей № 1")]
    with db.session() as s:
        assert s.scalar(select(Person.deleted_at).where(Person.id != kept,
                                                        Person.last_name == "Соколова"))


def test_person_card_asks_before_losing_typed_text(qtbot, db):
    dialog = PersonDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.last_name, "Новикова")
    answers = []

    def cancel(box: QMessageBox) -> None:
        answers.append(box.text())
        next(b for b in box.buttons() if b.text() == "Отмена").click()

    errors = when_modal(cancel)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not errors and answers and "несохранённые изменения" in answers[0]
    assert dialog.isVisible() and dialog.last_name.text() == "Новикова"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.errors["first_name"].text() == "Укажите имя."
    assert dialog.isVisible() and dialog.result() == 0

    def save(box: QMessageBox) -> None:
        next(b for b in box.buttons() if b.text() == "Сохранить").click()

    type_text(dialog.first_name, "Вера")
    errors = when_modal(save)
    dialog.reject()  # Esc / the window's cross: «Сохранить» saves what was typed
    assert not errors and dialog.result() == 1
    assert people.get_person(db, dialog.saved_id).first_name == "Вера"


def test_import_people_command(db, db_path, two_orgs, tmp_path, capsys):
    import json

    from desktop.cli import main

    wb = Workbook()
    wb.active.append(["Фамилия", "Имя", "Отчество", "ОО", "Роль"])
    wb.active.append(["Лебедева", "Ольга", "Ивановна", "СШ № 12", "эксперт"])
    wb.active.append(["Лебедев", "", "", "", ""])
    path = tmp_path / "люди.xlsx"
    wb.save(path)
    args = ["--db", str(db_path), "import", "people", str(path), "--json"]
    assert main([*args, "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "imported": 1, "rejected": [{"row": 3, "reason": "Укажите имя."}]}
    assert people.list_people(db) == []
    assert main(args) == 0
    capsys.readouterr()
    assert [(r.full_name, r.expert) for r in people.list_people(db)] == [
        ("Лебедева Ольга Ивановна", True)]
