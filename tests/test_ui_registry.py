"""The main window driven as a user would: search, sort, card, validation, undo, import."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from desktop.models import Organisation, Site
from desktop.services.registry import RegistryFilter, filter_rows, load_rows
from desktop.ui.main_window import MainWindow
from desktop.ui.registry_model import COLUMNS
from desktop.ui.site_card import SiteCard

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


def _visible(window) -> int:
    return window.registry.model.rowCount()


def test_model_passes_qt_model_tester(qtmodeltester, window):
    qtmodeltester.check(window.registry.model)


def test_typing_filters_rows_case_and_yo_insensitive(qtbot, window, demo_db):
    all_rows = load_rows(demo_db)
    assert _visible(window) == len(all_rows) == 60
    assert "60 площадок" in window.count_label.text()
    window.focus_search()
    type_text(window.registry.search, "ГИМНАЗ")
    expected = len(filter_rows(all_rows, RegistryFilter(text="гимназ")))
    assert 0 < expected < 60
    qtbot.waitUntil(lambda: _visible(window) == expected)
    assert f"Показано {expected}" in window.count_label.text()

    surname = next(r.leader.split()[0] for r in all_rows if "ё" in r.leader.split()[0])
    with_yo = filter_rows(all_rows, RegistryFilter(text=surname))
    assert 0 < len(with_yo) < 60
    window.registry.search.clear()
    type_text(window.registry.search, surname.replace("ё", "е").lower())
    qtbot.waitUntil(lambda: _visible(window) == len(with_yo))
    assert [r.id for r in window.registry.model.rows()] == [r.id for r in with_yo]

    qtbot.keyClick(window.registry.search, Qt.Key.Key_Escape)
    window.registry.reset_filters()
    assert _visible(window) == 60


def test_filters_by_status_overdue_and_year(qtbot, window):
    reg = window.registry
    reg.status.setCurrentIndex(reg.status.findData("completed"))
    assert _visible(window) > 0
    assert all(r.status == "completed" for r in reg.model.rows())
    reg.status.setCurrentIndex(0)
    reg.year.setCurrentIndex(reg.year.findData(2026))
    lo, hi = dt.date(2026, 9, 1), dt.date(2027, 8, 31)
    assert all(r.term_start <= hi and (r.term_end is None or r.term_end >= lo)
               for r in reg.model.rows())
    reg.overdue.setChecked(True)
    assert all(r.overdue for r in reg.model.rows())


def test_clicking_a_header_sorts_the_column(qtbot, window):
    header = window.registry.table.horizontalHeader()
    col = next(i for i, c in enumerate(COLUMNS) if c.key == "organisation")
    x = header.sectionViewportPosition(col) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    names = [r.organisation for r in window.registry.model.rows()]
    first_order = header.sortIndicatorOrder()
    expected = sorted(names, key=str.casefold,
                      reverse=first_order == Qt.SortOrder.DescendingOrder)
    assert [n.casefold() for n in names] == [n.casefold() for n in expected]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    names2 = [r.organisation for r in window.registry.model.rows()]
    assert names2[0].casefold() == names[-1].casefold()


def _double_click_row(qtbot, window, row: int) -> None:
    table = window.registry.table
    rect = table.visualRect(window.registry.model.index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_card_refuses_an_invalid_term_then_saves_and_undo_restores(qtbot, window, demo_db):
    site = window.registry.model.row_at(0)
    seen: dict[str, object] = {}

    def edit(card: SiteCard) -> None:
        assert isinstance(card, SiteCard)
        seen["tabs"] = [card.tabs.tabText(i) for i in range(card.tabs.count())]
        card.term_end.clear()
        type_text(card.term_end, "01.01.2000")
        save = card.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert card.isVisible(), "an invalid term must keep the dialog open"
        seen["error"] = card.errors["term_end"].text()
        seen["error_visible"] = not card.errors["term_end"].isHidden()
        card.term_end.clear()
        type_text(card.term_end, "31.12.2030")
        card.theme.setPlainText("Новая тема площадки")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    errors = when_modal(edit)
    _double_click_row(qtbot, window, 0)
    assert not errors, errors
    assert "раньше его начала" in seen["error"] and seen["error_visible"]
    assert {"Основное", "История", "Сроки и отчёты", "Мероприятия", "Журнал изменений"} \
        <= set(seen["tabs"])
    with demo_db.session() as s:
        saved = s.get(Site, site.id)
        assert saved.term_end == dt.date(2030, 12, 31)
        assert saved.theme == "Новая тема площадки"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with demo_db.session() as s:
        restored = s.get(Site, site.id)
        assert restored.term_end == site.term_end
        assert restored.theme == site.theme
    assert window.registry.model.row_at(window.registry.model.row_of(site.id)).theme == site.theme


def test_new_site_duplicate_of_active_kind_is_refused(qtbot, window, demo_db):
    active = next(r for r in window.registry.model.rows() if r.status == "active")
    with demo_db.session() as s:
        org_name = s.get(Site, active.id).organisation.short_name
    seen = {}

    def fill(card: SiteCard) -> None:
        card.profile.setCurrentIndex(card.profile.findData(active.profile_id))
        card.kind.setCurrentIndex(card.kind.findData(active.kind))
        card.organisation.setCurrentIndex(card.organisation.findText(org_name))
        type_text(card.theme, "Дубликат")
        type_text(card.term_start, "01.09.2026")
        save = card.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        seen["error"] = card.errors["kind_code"].text()
        seen["visible"] = card.isVisible()
        card.reject()

    errors = when_modal(fill)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not errors, errors
    assert seen["visible"] and "уже есть действующая площадка" in seen["error"]


def test_delete_with_confirmation_and_undo(qtbot, window, demo_db):
    window.registry.table.selectRow(0)
    site = window.registry.model.row_at(0)

    def confirm(box: QMessageBox) -> None:
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    errors = when_modal(confirm)
    window.delete_action.trigger()
    assert not errors
    assert _visible(window) == 59 and window.registry.model.row_of(site.id) == -1
    with demo_db.session() as s:
        assert s.get(Site, site.id).deleted_at is not None
    window.undo_stack.undo()
    assert _visible(window) == 60
    with demo_db.session() as s:
        assert s.get(Site, site.id).deleted_at is None


def test_layout_is_remembered_between_runs(qtbot, demo_db, settings):
    w = MainWindow(demo_db, settings)
    qtbot.addWidget(w)
    w.show()
    w.resize(1111, 777)
    header = w.registry.table.horizontalHeader()
    header.setSectionHidden(5, True)
    header.moveSection(header.visualIndex(4), 1)
    w.close()
    w2 = MainWindow(demo_db, settings)
    qtbot.addWidget(w2)
    w2.show()
    h2 = w2.registry.table.horizontalHeader()
    assert h2.isSectionHidden(5)
    assert h2.visualIndex(4) == 1
    # Qt fits a restored window to the screen (the offscreen one is 800×800) and to the
    # window's minimum size; within that the remembered size comes back (default 1400×850).
    screen = w2.screen().availableGeometry()
    expected_w = max(w2.minimumSizeHint().width(), min(1111, screen.width()))
    assert abs(w2.width() - expected_w) <= 10 and abs(w2.height() - 777) <= 10


def test_empty_registry_says_what_to_do(qtbot, db, settings):
    w = MainWindow(db, settings)
    qtbot.addWidget(w)
    assert w.registry.stack.currentWidget() is w.registry.empty
    assert "Ctrl+N" in w.registry.empty.text()


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


def test_removal_from_the_card_offers_the_late_report_ground(qtbot, demo_db):
    import datetime as dt

    from desktop.models import Deadline, StatusHistory
    from desktop.ui.site_card import SiteStatusDialog

    with demo_db.session() as s:
        site_id = s.scalar(
            select(Site.id).join(Deadline, Deadline.site_id == Site.id)
            .where(Site.profile_id == "kemerovo", Site.kind_code == "МИП",
                   Site.status == "active", Deadline.kind == "report",
                   Deadline.done_on.is_(None), Deadline.due_on < dt.date.today()))
    assert site_id, "the demo has a Кемерово МИП with a missing report"
    dialog = SiteStatusDialog(demo_db, site_id)
    qtbot.addWidget(dialog)
    assert dialog.ground.currentData() == "late_report"
    assert "просроченные отчёты" in dialog.ground.currentText()
    dialog.action.setCurrentIndex(dialog.action.findData("remove"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert "номер и дату приказа" in dialog.error.text()
    type_text(dialog.order_number, "77-о")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    with demo_db.session() as s:
        assert s.get(Site, site_id).status == "removed"
        last = s.scalar(select(StatusHistory).where(StatusHistory.site_id == site_id)
                        .order_by(StatusHistory.id.desc()))
        assert last.ground_code == "late_report" and last.order_id is not None
