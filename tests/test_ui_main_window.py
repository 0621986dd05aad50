"""The main window driven as a user would: the menus other parts hook into, search, filters,
sorting, deletion with undo, remembered layout, empty state, demo data, screenshot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from sqlalchemy import func, select

from desktop.models import Site
from desktop.services.registry import RegistryFilter, filter_rows, load_rows
from desktop.ui.main_window import MainWindow
from desktop.ui.registry_model import COLUMNS
from desktop.ui.site_card import SiteCard

from conftest import run_cli
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




def test_menus_and_extension_points_for_other_parts(qtbot, window):
    assert list(window.menus) == ["file", "registry", "applications", "calendar", "events",
                                  "reports", "service", "help"]
    titles = [window.menus[k].title().replace("&", "") for k in window.menus]
    assert titles == ["Файл", "Реестр", "Заявки", "Сроки", "Мероприятия", "Отчёты", "Сервис",
                      "Справка"]
    shortcuts = {a.shortcut().toString() for m in window.menus.values() for a in m.actions()}
    assert {"Ctrl+N", "Ctrl+F", "Ctrl+E", "F5", "Ctrl+Z"} <= shortcuts
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    assert "Создать демо-базу…" in [a.text() for a in window.menus["service"].actions()]

    calls = []
    action = window.add_action("reports", "Проба", lambda: calls.append(1), "Ctrl+Alt+P",
                               icon="export", toolbar=True)
    assert action in window.menus["reports"].actions() and action in window.toolbar.actions()
    assert not action.icon().isNull()
    action.trigger()
    assert calls == [1]

    class Tab(QWidget):
        loads = 0

        def refresh(self) -> None:
            Tab.loads += 1

    tab = Tab()
    index = window.add_tab(tab, "Проба")
    assert window.tabs.tabText(index) == "Проба"
    window.tabs.setCurrentWidget(tab)
    assert Tab.loads == 1, "a tab loads when it is first shown"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert Tab.loads == 2, "F5 reloads the visible tab"


def test_ctrl_f_focuses_search_and_ctrl_n_opens_an_empty_card(qtbot, window):
    window.tabs.setCurrentWidget(window.organisations)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.registry
    qtbot.waitUntil(window.registry.search.hasFocus)
    seen = {}

    def look(card: SiteCard) -> None:
        seen["title"] = card.windowTitle()
        seen["tabs"] = card.tabs.count()
        card.reject()

    errors = when_modal(look)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not errors, errors
    assert seen == {"title": "Новая площадка", "tabs": 1}


def test_count_in_status_bar_uses_russian_plurals(qtbot, window):
    reg = window.registry
    reg.search.setText(reg.model.row_at(0).number)  # the number is searchable too
    reg.apply_filter()
    assert reg.model.rowCount() == 1
    assert window.count_label.text() == "Показано 1 площадка из 60"
    reg.search.clear()
    reg.apply_filter()
    assert window.count_label.text() == "В реестре 60 площадок"


def test_nothing_found_says_how_to_get_rows_back(qtbot, window):
    type_text(window.registry.search, "несуществующее слово")
    qtbot.waitUntil(lambda: window.registry.model.rowCount() == 0)
    assert window.registry.stack.currentWidget() is window.registry.empty
    assert "сбросьте фильтры" in window.registry.empty.text()
    assert "Показано 0 площадок из 60" == window.count_label.text()


def test_splitter_and_column_widths_are_remembered(qtbot, demo_db, settings):
    w = MainWindow(demo_db, settings)
    qtbot.addWidget(w)
    w.show()
    w.tabs.setCurrentWidget(w.organisations)
    w.organisations.splitter.setSizes([200, 300])
    sizes = w.organisations.splitter.sizes()
    w.registry.table.setColumnWidth(4, 333)
    w.close()
    w2 = MainWindow(demo_db, settings)
    qtbot.addWidget(w2)
    w2.show()
    w2.tabs.setCurrentWidget(w2.organisations)
    # Qt fits the restored window to the offscreen screen; the splitter keeps its proportion.
    top, bottom = w2.organisations.splitter.sizes()
    assert abs(top / (top + bottom) - sizes[0] / sum(sizes)) < 0.02
    assert sizes[0] / sum(sizes) < 0.5, "the remembered split differs from the default"
    assert w2.registry.table.columnWidth(4) == 333


def test_demo_menu_makes_a_new_base_and_leaves_the_open_one_untouched(qtbot, db, settings,
                                                                      tmp_path):
    from desktop.storage import open_database

    w = MainWindow(db, settings)
    qtbot.addWidget(w)
    w.show()
    before = db.path.read_bytes()
    opened: list[Path] = []
    target = tmp_path / "демо.sqlite3"
    w.fill_demo(target, sites=6, opener=lambda p: opened.append(p) or True)
    qtbot.waitUntil(lambda: opened == [target], timeout=60000)
    assert "Демо-база создана" in w.statusBar().currentMessage()
    assert w.registry.model.rowCount() == 0 and db.path.read_bytes() == before
    demo = open_database(target)
    try:
        with demo.session() as s:
            assert s.scalar(select(func.count(Site.id))) == 6
    finally:
        demo.close()
    errors = when_modal(lambda box: box.accept())  # the same file again: refused, unchanged
    w.fill_demo(target, sites=6, opener=opened.append)
    assert not errors and opened == [target]


def test_screenshot_command_renders_the_loaded_registry(demo_db, tmp_path):
    from PySide6.QtGui import QImage

    png = tmp_path / "shot.png"
    demo_db.close()
    result = run_cli("--db", str(demo_db.path), "--screenshot", str(png))
    assert result.returncode == 0, result.stderr
    image = QImage(str(png))
    assert image.width() >= 800 and image.height() >= 500
    # the table is filled: many distinct colours across rows, not one empty background
    colours = {image.pixel(x, y) for x in range(50, 700, 7) for y in range(160, 450, 5)}
    assert len(colours) > 20


def test_screenshot_on_a_new_empty_database_opens_the_window(tmp_path):
    from PySide6.QtGui import QImage

    png, path = tmp_path / "shot.png", tmp_path / "новая.sqlite3"
    result = run_cli("--db", str(path), "--screenshot", str(png))
    assert result.returncode == 0, result.stderr
    assert path.exists() and QImage(str(png)).width() >= 800
    typo = run_cli("--db", str(tmp_path / "нет папки" / "x.sqlite3"), "--screenshot",
                   str(tmp_path / "no.png"))
    assert typo.returncode == 2 and "не " in typo.stderr  # a missing folder is not created


def test_empty_state_label_is_a_label(qtbot, db, settings):
    w = MainWindow(db, settings)
    qtbot.addWidget(w)
    assert isinstance(w.registry.empty, QLabel)
    assert "Сервис → Создать демо-базу" in w.registry.empty.text()
