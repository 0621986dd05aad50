"""Tables that behave like Excel, driven as a user would: Ctrl/Shift+click several rows,
Ctrl+C gives tab-separated rows with headers, «Экспорт того, что на экране» writes exactly
the visible rows and columns in their order, filters take several values, lists and a
site card print through the preview with page numbers."""

from __future__ import annotations

import datetime as dt

import pdfplumber
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication

from desktop.ui.main_window import MainWindow
from desktop.ui.print_preview import print_to_pdf, site_card_html, table_html
from desktop.ui.registry_model import COLUMNS
from desktop.ui.tables import TableHabits, tsv

from uihelpers import type_text

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def window(qtbot, demo_db, tmp_path):
    w = MainWindow(demo_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def _click_row(qtbot, table, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    index = table.model().index(row, 1)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier,
                     table.visualRect(index).center())


def test_ctrl_c_copies_three_selected_rows_with_headers(qtbot, window):
    table = window.registry.table
    header = table.horizontalHeader()
    header.setSectionHidden(5, True)  # «Направление» hidden: not copied
    _click_row(qtbot, table, 0)
    _click_row(qtbot, table, 2, Qt.KeyboardModifier.ControlModifier)
    _click_row(qtbot, table, 4, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QGuiApplication.clipboard().text()
    lines = text.split("\r\n")
    assert lines[-1] == "" and len(lines) == 5  # header + three rows, CRLF ended
    headers = [c.header for i, c in enumerate(COLUMNS) if i != 5]
    assert lines[0].split("\t") == headers
    model = window.registry.model
    for line, row in zip(lines[1:4], (0, 2, 4), strict=True):
        cells = line.split("\t")
        assert len(cells) == len(headers)
        assert cells[0] == model.row_at(row).number and cells[1] == model.row_at(row).organisation
    assert "Скопировано: 3 строки" in window.statusBar().currentMessage()
    # Shift+click extends the last range and keeps the others, as in Excel.
    _click_row(qtbot, table, 6, Qt.KeyboardModifier.ShiftModifier)
    assert window.registry.habits.selected_rows() == [0, 2, 4, 5, 6]


def test_tsv_quotes_what_excel_would_split():
    assert tsv(["А", "Б"], [["1\t2", 'он сказал "да"'], ["строка\nвторая", ""]]) == (
        'А\tБ\r\n"1\t2"\t"он сказал ""да"""\r\n"строка\nвторая"\t\r\n')


def test_export_of_a_filtered_view_has_exactly_the_visible_rows_and_columns(
        qtbot, window, tmp_path):
    reg = window.registry
    header = reg.table.horizontalHeader()
    # Statuses «завершена» and «статус снят» together (ticked in the popup), a search word,
    # a hidden column and a moved one.
    reg.status.showPopup()
    popup = reg.status.view()
    for code in ("completed", "removed"):
        index = popup.model().index(reg.status.findData(code), 0)
        qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton,
                         pos=popup.visualRect(index).center())
    reg.status.hidePopup()
    assert reg.status.values() == {"completed", "removed"}
    assert reg.status.summary() == "завершена, статус снят"
    rows = reg.model.rows()
    assert rows and {r.status for r in rows} == {"completed", "removed"}
    header.setSectionHidden(5, True)
    header.moveSection(header.visualIndex(4), 1)  # «Тема» right after «№»
    target = tmp_path / "на экране.xlsx"
    with qtbot.waitSignal(reg.habits.exported, timeout=20000):
        reg.habits.export(path=target)
    ws = load_workbook(target).active
    values = list(ws.iter_rows(values_only=True))
    head = next(i for i, row in enumerate(values) if row[0] == "№")
    expected = [COLUMNS[header.logicalIndex(v)].header for v in range(header.count())
                if not header.isSectionHidden(header.logicalIndex(v))]
    assert list(values[head]) == expected
    assert expected[1] == "Тема" and "Направление" not in expected
    data = values[head + 1:]
    assert [r[0] for r in data] == [r.number for r in reg.model.rows()]
    assert [r[1] for r in data] == [r.theme for r in reg.model.rows()]
    titles = " ".join(str(row[0]) for row in values[:head])
    assert "Реестр площадок" in titles and "статус — завершена, статус снят" in titles
    assert f"Показано: {len(data)}" in titles


def test_kinds_filter_takes_several_values(qtbot, window):
    reg = window.registry
    kinds = sorted({r.kind for r in reg.model.rows()})
    assert len(kinds) >= 3
    reg.kind.set_values(set(kinds[:2]))
    shown = {r.kind for r in reg.model.rows()}
    assert shown == set(kinds[:2])
    reg.reset_filters()
    assert reg.kind.values() == frozenset() and reg.model.rowCount() == 60


def test_context_menu_offers_open_copy_export_and_print(qtbot, window):
    table = window.registry.table
    _click_row(qtbot, table, 0)
    texts = [a.text() for a in window.registry.habits.menu().actions() if a.text()]
    assert texts == ["Открыть", "Копировать строки с заголовками", "Экспорт выделенного в Excel…",
                     "Экспорт того, что на экране…", "Печать списка…", "Печать выделенного…",
                     "Печать карточки площадки…"]
    for view in (window.organisations, window.applications, window.events, window.calendar):
        assert view.findChildren(TableHabits), view


def test_print_preview_of_the_list_and_a_card(qtbot, window, demo_db, tmp_path):
    reg = window.registry
    type_text(reg.search, "гимназ")
    reg.apply_filter()
    window.print_list()
    dialog = window.print_dialog
    assert isinstance(dialog, QPrintPreviewDialog) and dialog.isVisible()
    dialog.close()

    data = reg.habits.data()
    pdf = tmp_path / "список.pdf"
    pages = print_to_pdf(table_html(data), data.title, pdf, landscape=True)
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == pages
        page = doc.pages[0]
        text = page.extract_text()
        assert "Реестр площадок" in text and f"Страница 1 из {pages}" in text
        assert "поиск «гимназ»" in text and "Организация" in text
        assert min(c["size"] for c in page.chars if c["text"].strip()) >= 8

    site = reg.model.row_at(0)
    from desktop.services.site_print import site_card_print

    card = site_card_print(demo_db, site.id, TODAY)
    pdf = tmp_path / "карточка.pdf"
    print_to_pdf(site_card_html(card), card.title, pdf)
    with pdfplumber.open(pdf) as doc:
        text = " ".join(p.extract_text() for p in doc.pages)
    assert f"Площадка № {site.number}" in text and "Сроки отчётов и процедур" in text
    assert site.theme.split()[0] in text and "Страница 1 из" in text
    table = reg.table
    _click_row(qtbot, table, 0)
    reg.print_card()
    assert reg.card_preview.isVisible()
    reg.card_preview.close()
    QApplication.processEvents()


def test_deadlines_list_exports_what_is_on_screen(qtbot, window, tmp_path):
    cal = window.calendar
    window.tabs.setCurrentWidget(cal)
    cal.today = TODAY
    cal.refresh()
    cal.period.setCurrentIndex(cal.period.findData("quarter"))
    target = tmp_path / "сроки.xlsx"
    with qtbot.waitSignal(cal.habits.exported, timeout=20000):
        cal.habits.export(path=target)
    values = list(load_workbook(target).active.iter_rows(values_only=True))
    head = next(i for i, row in enumerate(values) if row[0] == "Срок")
    assert list(values[head]) == ["Срок", "Состояние", "Площадка", "Организация", "Что"]
    assert len(values) - head - 1 == cal.list.rowCount() > 0
    assert all(isinstance(row[0], dt.datetime) for row in values[head + 1:])  # real dates
