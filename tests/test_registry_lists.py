"""The registry list's fast paths give what the plain ones give: sorting by kept orders,
filtering each condition in turn, and typing on filtering what the last keystroke left."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt

from desktop.services.registry import (
    RegistryFilter,
    RowOrders,
    filter_rows,
    load_rows,
    sort_key,
    sorted_rows,
)
from desktop.ui.main_window import MainWindow
from desktop.ui.registry_model import COLUMNS

from uihelpers import type_text

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize("column", [c.key for c in COLUMNS] + ["id", "overdue"])
def test_sorted_rows_and_kept_orders_sort_as_the_key_function_does(demo_db, column):
    rows = load_rows(demo_db, TODAY)
    rows[3].theme = rows[5].theme = ""  # empty values go last, first when descending
    rows[4].theme, rows[6].theme = "Ёлка", "елка"  # one key: ties stay in site id order
    orders = RowOrders(rows[::-1])  # kept between sorts, as the model keeps them
    some = [r for r in rows if r.id % 3]  # what a filter leaves
    for descending in (False, True, False):
        expected = sorted(rows, key=sort_key(column), reverse=descending)
        assert sorted_rows(rows, column, descending) == expected
        assert orders.sort(rows, column, descending) == expected
        assert orders.sort(rows[::-1], column, descending, whole=True) == expected
        assert orders.sort(some[::-1], column, descending) == [r for r in expected if r.id % 3]
    stranger = load_rows(demo_db, TODAY)[:5]  # rows of another read: sorted the plain way
    assert orders.sort(stranger, column) == sorted(stranger, key=sort_key(column))


def test_a_filter_narrows_only_the_same_choices_with_longer_words():
    assert RegistryFilter(text="гимназ").narrows(RegistryFilter(text="гим"))
    assert RegistryFilter(text="лицей 1").narrows(RegistryFilter(text="лицей"))
    assert RegistryFilter(text="Ёлка иван").narrows(RegistryFilter(text="елк"))
    assert not RegistryFilter(text="гим").narrows(RegistryFilter(text="гимназ"))
    assert not RegistryFilter(text="гимназ", status="active").narrows(
        RegistryFilter(text="гим"))
    assert not RegistryFilter(text="лиц").narrows(RegistryFilter(text="лицей 1"))


def test_each_condition_in_turn_gives_the_rows_of_all_at_once(demo_db):
    rows = load_rows(demo_db, TODAY)
    f = RegistryFilter(text="м", statuses=frozenset({"active", "completed"}), year=2025)
    expected = [r for r in rows if r.status in f.statuses and "м" in r.key
                and (r.term_start is None or r.term_start <= dt.date(2026, 8, 31))
                and (r.term_end is None or r.term_end >= dt.date(2025, 9, 1))]
    assert filter_rows(rows, f) == expected and expected


def test_typing_on_gives_the_rows_a_fresh_filter_gives(qtbot, demo_db, tmp_path):
    w = MainWindow(demo_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.registry.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    for ch in "школ":
        type_text(w.registry.search, ch)
        w.registry.apply_filter()
    typed = list(w.registry.model.rows())
    w.registry.search.setText("ш")
    w.registry.apply_filter()
    w.registry.search.setText("школ")
    w.registry.apply_filter()
    expected = sorted_rows(filter_rows(load_rows(demo_db), RegistryFilter(text="школ")),
                           "organisation", True)
    assert typed == w.registry.model.rows() == expected and expected
    w.registry.search.setText("шк")  # a letter deleted: wider again, from all the rows
    w.registry.apply_filter()
    assert w.registry.model.rows() == sorted_rows(
        filter_rows(load_rows(demo_db), RegistryFilter(text="шк")), "organisation", True)
