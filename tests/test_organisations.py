"""Organisations directory: validation in the service and in the card, the sites of an
organisation, Excel import with a preview and a report of rejected rows, all or nothing."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.models import Organisation, Site
from desktop.services import organisations as orgs
from desktop.ui.main_window import MainWindow
from desktop.ui.organisations import OrganisationCard

from uihelpers import type_text, when_modal


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, demo_db, settings):
    w = MainWindow(demo_db, settings)
    qtbot.addWidget(w)
    w.show()
    return w


def test_import_organisations_with_bad_rows(qtbot, window, demo_db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Полное наименование", "Краткое наименование", "Телефон", "E-mail"])
    ws.append(["МБОУ «Средняя школа № 901»", "СШ № 901", "8 (3842) 11-22-33", "s901@mail.ru"])
    ws.append(["", "СШ № 902", "", ""])
    ws.append(["МБОУ «Школа № 903»", "СШ № 903", "звонить директору", ""])
    ws.append(["МБОУ «Школа № 904»", "СШ № 904", "", "почта"])
    ws.append(["МБОУ «Средняя школа № 901» (повтор)", "сш № 901", "", ""])
    ws.append(["МБОУ «Школа № 905»", "СШ № 905", "", ""])
    path = tmp_path / "orgs.xlsx"
    wb.save(path)
    with demo_db.session() as s:
        before = s.scalar(select(func.count()).select_from(Organisation))
    seen = {}

    def accept(preview) -> None:
        table = preview.rejected_table
        seen["rejected"] = {table.item(r, 0).text(): table.item(r, 1).text()
                            for r in range(table.rowCount())}
        preview.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    errors = when_modal(accept)
    window.tabs.setCurrentWidget(window.organisations)
    added = window.organisations.import_dialog(str(path))
    assert not errors, errors
    assert added == 2
    assert set(seen["rejected"]) == {"3", "4", "5", "6"}
    assert "«Полное наименование»" in seen["rejected"]["3"]
    assert "не номер телефона" in seen["rejected"]["4"]
    assert "не адрес электронной почты" in seen["rejected"]["5"]
    assert "повторяется" in seen["rejected"]["6"]
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == before + 2


def test_import_refused_as_a_whole_when_cancelled(qtbot, window, demo_db, tmp_path):
    wb = Workbook()
    wb.active.append(["Полное наименование", "Краткое наименование"])
    wb.active.append(["МБОУ «Школа № 990»", "СШ № 990"])
    path = tmp_path / "one.xlsx"
    wb.save(path)
    with demo_db.session() as s:
        before = s.scalar(select(func.count()).select_from(Organisation))
    errors = when_modal(lambda preview: preview.reject())
    assert window.organisations.import_dialog(str(path)) == 0
    assert not errors
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == before




def test_service_explains_each_bad_field(db):
    with pytest.raises(ValidationError) as err:
        orgs.save_organisation(db, orgs.OrgData(
            full_name="", short_name="СШ № 1", phone="позвонить", email="нет@", website="сайт",
            inn="12345"))
    e = err.value.errors
    assert set(e) == {"full_name", "phone", "email", "website", "inn"}
    assert "полное наименование" in e["full_name"]
    assert "не номер телефона" in e["phone"]
    assert "не адрес электронной почты" in e["email"]
    assert "ИНН" in e["inn"]


def test_short_name_is_unique_regardless_of_case_and_yo(db):
    first = orgs.save_organisation(db, orgs.OrgData(full_name="МБДОУ «Детский сад „Ёлочка“»",
                                                    short_name="Детский сад «Ёлочка»"))
    with pytest.raises(ValidationError) as err:
        orgs.save_organisation(db, orgs.OrgData(full_name="Другое учреждение",
                                                short_name="детский САД «елочка»"))
    assert "short_name" in err.value.errors
    data = orgs.get(db, first)
    data.phone = "+7 (3842) 11-22-33"
    assert orgs.save_organisation(db, data) == first  # editing itself is no clash
    assert orgs.get(db, first).phone == "+7 (3842) 11-22-33"


def test_organisation_with_sites_cannot_be_deleted(demo_db):
    with demo_db.session() as s:
        org_id = s.scalar(select(Site.organisation_id).where(Site.deleted_at.is_(None)))
    with pytest.raises(ValidationError) as err:
        orgs.set_deleted(demo_db, org_id, True)
    assert "площадки" in str(err.value)
    with demo_db.session() as s:
        assert s.get(Organisation, org_id).deleted_at is None


def test_card_shows_messages_in_place_and_lists_all_sites(qtbot, window, demo_db):
    with demo_db.session() as s:
        org_id, n_sites = s.execute(
            select(Site.organisation_id, func.count()).where(Site.deleted_at.is_(None))
            .group_by(Site.organisation_id).order_by(func.count().desc())).first()
    card = OrganisationCard(demo_db, org_id, window.undo_stack, window)
    qtbot.addWidget(card)
    card.show()
    assert f"{n_sites} площад" in " ".join(w.text() for w in card.findChildren(type(
        card.errors["email"])))
    before = orgs.get(demo_db, org_id)
    card.edits["email"].clear()
    type_text(card.edits["email"], "директор@школа")
    qtbot.mouseClick(card.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert card.isVisible()
    assert "не адрес электронной почты" in card.errors["email"].text()
    assert card.errors["email"].isVisible()
    assert orgs.get(demo_db, org_id).email == before.email
    # a good value saves, and Ctrl+Z in the window brings the old one back
    card.edits["email"].clear()
    type_text(card.edits["email"], "new@school.example.ru")
    qtbot.mouseClick(card.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not card.isVisible()
    assert orgs.get(demo_db, org_id).email == "new@school.example.ru"
    window.undo_stack.undo()
    assert orgs.get(demo_db, org_id).email == before.email


def test_tab_search_and_the_selected_organisations_sites(qtbot, window):
    view = window.organisations
    window.tabs.setCurrentWidget(view)
    total = view.model.rowCount()
    assert total > 0
    type_text(view.search, "ГИМНАЗИЯ")
    qtbot.waitUntil(lambda: 0 < view.model.rowCount() < total)
    assert all("гимназия" in r.key for r in view.model.rows())
    assert "из" in window.count_label.text()
    row = next(i for i, r in enumerate(view.model.rows()) if r.sites)
    view.table.selectRow(row)
    assert view.sites.rowCount() == view.model.rows()[row].sites
    assert view.model.rows()[row].short_name in view.sites_title.text()


def test_import_of_a_file_that_is_not_excel_says_so(qtbot, window, tmp_path):
    bad = tmp_path / "orgs.xlsx"
    bad.write_text("не книга Excel", encoding="utf-8")
    seen = {}

    def read(box) -> None:
        seen["text"] = box.text()
        box.accept()

    errors = when_modal(read)
    assert window.organisations.import_dialog(str(bad)) == 0
    assert not errors, errors
    assert seen["text"] and "Excel" in seen["text"]
