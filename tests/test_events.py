"""Events, participants, import from registration sheets, merging, справки."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import Workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from desktop.errors import UserError, ValidationError
from desktop.models import Organisation, Participation, Person, Site, Spravka
from desktop.services import events as ev
from desktop.services import spravki
from desktop.ui.events import EventDialog, EventsView, ParticipantDialog

from conftest import run_cli
from uihelpers import type_text, when_modal


@pytest.fixture
def held_event(db):
    """A held seminar of an Омск site with two known organisations in the directory."""
    with db.transaction() as s:
        host = Organisation(full_name="МБОУ «Гимназия № 1»", short_name="Гимназия № 1",
                            head_name="И. И. Петров")
        school = Organisation(full_name="МБОУ «Средняя школа № 12»", short_name="СОШ № 12")
        s.add_all([host, school])
        s.flush()
        site = Site(profile_id="omsk", kind_code="СтП", organisation_id=host.id, theme="Тема",
                    term_start=dt.date(2026, 1, 1), term_end=dt.date(2027, 12, 31))
        s.add(site)
        s.flush()
        ids = (site.id, school.id)
    event_id = ev.save_event(db, ev.EventData(site_id=ids[0], name="Функциональная грамотность",
                                              form="семинар", planned_on=dt.date(2026, 11, 12),
                                              held_on=dt.date(2026, 11, 12), hours=4,
                                              status="held"))
    return event_id, ids[0], ids[1]


def _sheet(tmp_path, rows, name="list.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(["Лист регистрации участников семинара"])
    ws.append(["ФИО", "Должность", "Образовательная организация"])
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def test_event_needs_a_name_and_a_date(db, held_event):
    _, site_id, _ = held_event
    with pytest.raises(ValidationError) as err:
        ev.save_event(db, ev.EventData(site_id=site_id, name=" ", status="held"))
    assert "название" in err.value.errors["name"] and "дату проведения" in err.value.errors["held_on"]


def test_import_with_bad_rows_adds_nothing_half_done(db, held_event, tmp_path):
    event_id, _, _ = held_event
    path = _sheet(tmp_path, [
        ["Иванова Мария Петровна", "учитель математики", "СОШ № 12"],
        ["", "учитель", "СОШ № 12"],
        ["Петров Сергей Иванович", "учитель", "Школа, которой нет"],
        ["ИВАНОВА мария петровна", "учитель", "сош № 12"],
        ["Семёнова Юлия Александровна", "воспитатель", ""],
    ])
    prepared = spravki.prepare_import(db, event_id, path)
    reasons = {r.row_no: r.reason for r in prepared.table.rejected}
    assert set(reasons) == {4, 5, 6}
    assert "фамилия и имя" in reasons[4]
    assert "не найдена в справочнике" in reasons[5]
    assert "повторяется" in reasons[6]
    assert spravki.commit_import(db, event_id, prepared) == 2
    names = sorted(p.name for p in ev.participants(db, event_id))
    assert names == ["Иванова Мария Петровна", "Семёнова Юлия Александровна"]
    # the same list again: everyone is already there, nothing is added
    again = spravki.prepare_import(db, event_id, path)
    assert not again.accepted
    assert any("уже в списке" in r.reason for r in again.table.rejected)


def test_import_refuses_a_file_that_is_not_a_sheet(db, held_event, tmp_path):
    event_id, _, _ = held_event
    bad = tmp_path / "list.xlsx"
    bad.write_text("ФИО;Должность\n", encoding="utf-8")
    with pytest.raises(UserError, match="list.xlsx"):
        spravki.prepare_import(db, event_id, bad)


def test_same_person_is_one_record_and_duplicates_merge(db, held_event):
    event_id, site_id, school_id = held_event
    second = ev.save_event(db, ev.EventData(site_id=site_id, name="Мастер-класс",
                                            form="мастер-класс", planned_on=dt.date(2026, 11, 20),
                                            held_on=dt.date(2026, 11, 20), status="held"))
    ev.add_participants(db, event_id, [ev.ParticipantData(
        ev.PersonData("Ёлкина", "Анна", "Сергеевна", "учитель", school_id))])
    ev.add_participants(db, second, [ev.ParticipantData(
        ev.PersonData("ЕЛКИНА", "анна", "сергеевна", "", school_id))])
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1
    # a record of the same person without an organisation is a likely duplicate
    with db.transaction() as s:
        s.add(Person(last_name="Елкина", first_name="Анна", middle_name="Сергеевна"))
    third = ev.save_event(db, ev.EventData(site_id=site_id, name="Вебинар", form="вебинар",
                                           planned_on=dt.date(2026, 11, 21),
                                           held_on=dt.date(2026, 11, 21), status="held"))
    with db.session() as s:
        dup_id = s.scalar(select(Person.id).where(Person.organisation_id.is_(None)))
        keep_id = s.scalar(select(Person.id).where(Person.organisation_id == school_id))
        s.add(Participation(event_id=third, person_id=dup_id))
        s.commit()
    groups = ev.find_duplicates(db)
    assert len(groups) == 1 and {p[0] for p in groups[0].people} == {dup_id, keep_id}
    assert ev.merge_people(db, keep_id, [dup_id]) == 1
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Participation)
                        .where(Participation.person_id == keep_id)) == 3
        assert s.get(Person, dup_id).deleted_at is not None
    assert ev.find_duplicates(db) == []


def test_batch_of_spravki_numbers_register_and_declined_names(db, held_event, tmp_path):
    event_id, _, school_id = held_event
    ev.add_participants(db, event_id, [
        ev.ParticipantData(ev.PersonData("Иванова", "Мария", "Петровна", "учитель", school_id)),
        ev.ParticipantData(ev.PersonData("Соколов", "Андрей", "Викторович", "учитель", school_id)),
    ])
    out = tmp_path / "spravki"
    proc = run_cli("spravki", "--event", str(event_id), "-o", str(out), "--db", str(db.path))
    assert proc.returncode == 0, proc.stderr
    files = sorted(out.glob("*.pdf"))
    assert len(files) == 2
    text = " ".join(re.sub(r"\s+", " ", PdfReader(f).pages[0].extract_text()) for f in files)
    assert "Ивановой Марии Петровне" in text and "Соколову Андрею Викторовичу" in text
    assert "приняла участие" in text and "принял участие" in text
    with db.session() as s:
        register = s.scalars(select(Spravka).order_by(Spravka.number)).all()
        numbers = [r.number for r in register]
    year = dt.date.today().year
    assert sorted(numbers) == [f"{year}/1", f"{year}/2"]
    assert all(f"№ {n}" in text for n in numbers)
    # reissue keeps the numbers; one file for everyone; a corrected name is used
    person = next(p for p in spravki.preview(db, event_id) if p.name.startswith("Иванова"))
    spravki.set_dative(db, person.person_id, "Ивановой Марье Петровне")
    single = tmp_path / "all.pdf"
    proc = run_cli("spravki", "--event", str(event_id), "-o", str(single), "--db", str(db.path))
    assert proc.returncode == 0, proc.stderr
    reader = PdfReader(single)
    assert len(reader.pages) == 2
    all_text = " ".join(p.extract_text() for p in reader.pages)
    assert "Ивановой Марье Петровне" in re.sub(r"\s+", " ", all_text)
    with db.session() as s:
        again = s.scalars(select(Spravka)).all()
        assert sorted(r.number for r in again) == sorted(numbers)
        assert all(r.reissued_count == 1 for r in again)
    assert spravki.check(db, numbers[0]) is not None


def test_spravki_for_a_planned_event_are_refused(db, held_event):
    _, site_id, _ = held_event
    planned = ev.save_event(db, ev.EventData(site_id=site_id, name="Будущее", form="семинар",
                                             planned_on=dt.date(2030, 1, 1)))
    with pytest.raises(UserError, match="только по проведённому"):
        spravki.issue(db, planned)
    proc = run_cli("spravki", "--event", "99999", "-o", "/tmp/x.pdf", "--db", str(db.path))
    assert proc.returncode == 2 and "не найдено" in proc.stderr


def test_user_adds_an_event_and_its_participants(qtbot, db, held_event, tmp_path):
    _, site_id, _ = held_event
    view = EventsView(db)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    before = view.events.rowCount()

    def fill(dialog: EventDialog) -> None:
        type_text(dialog.name, "Практикум «Смысловое чтение»")
        dialog.status.setCurrentIndex(dialog.status.findData("held"))
        type_text(dialog.held, "32.11.2026")
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert "не дата" in dialog.error.text() and dialog.isVisible()
        dialog.held.clear()
        type_text(dialog.held, "20.11.2026")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    errors = when_modal(fill)
    qtbot.mouseClick(view.new_btn, Qt.MouseButton.LeftButton)
    assert not errors, errors
    assert view.events.rowCount() == before + 1
    assert "Смысловое чтение" in view.title.text()

    def person(dialog: ParticipantDialog) -> None:
        type_text(dialog.last, "Кузнецова")
        type_text(dialog.first, "Ольга")
        type_text(dialog.middle, "Игоревна")
        dialog.org.setCurrentIndex(dialog.org.findText("СОШ № 12"))
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)

    errors = when_modal(person)
    qtbot.mouseClick(view.add_btn, Qt.MouseButton.LeftButton)
    assert not errors, errors
    assert view.people.rowCount() == 1
    assert view.people.item(0, 0).text() == "Кузнецова Ольга Игоревна"
    path = _sheet(tmp_path, [["Морозова Анна Викторовна", "учитель", "СОШ № 12"],
                             ["", "", ""], ["Кузнецова Ольга Игоревна", "", "СОШ № 12"]])
    seen = {}

    def accept(dialog) -> None:
        seen["rejected"] = dialog.rejected.rowCount()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    errors = when_modal(accept)
    assert view.import_participants(str(path)) == 1
    assert not errors and seen["rejected"] == 1
    assert view.people.rowCount() == 2
