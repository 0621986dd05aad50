"""Start-up in two steps: the registry's first screen painted from the file read with
sqlite3 alone, then every row read off the window thread and the window completed; files
not at the current revision take the ordinary way."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import sys

import pytest
from PySide6.QtCore import QSettings, Qt

from desktop.services.registry import load_rows, read_first_rows, sort_key
from desktop.text import fold
from desktop.ui import startup
from desktop.ui.registry_model import COLUMNS

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.mark.parametrize("column", ["number", "organisation", "kind", "theme", "direction",
                                    "status", "term_start", "term_end"])
def test_first_screen_is_the_top_of_the_sorted_list(demo_db, column):
    rows = load_rows(demo_db, TODAY)
    conn = sqlite3.connect(demo_db.path)
    conn.create_function("fold", 1, fold, deterministic=True)
    for descending in (False, True):
        first = read_first_rows(conn, TODAY, column, descending, 15)
        expected = sorted(rows, key=sort_key(column), reverse=descending)[:15]
        assert first == expected, (column, descending)
    conn.close()


def test_a_column_sql_cannot_sort_alike_reads_everything(demo_db):
    conn = sqlite3.connect(demo_db.path)
    assert read_first_rows(conn, TODAY, "next_due", False, 15) is None
    conn.close()


def test_window_paints_the_first_screen_then_completes(qtbot, demo_db, settings, monkeypatch):
    monkeypatch.setattr(startup, "FIRST_SCREEN_ROWS", 10)
    total = len(load_rows(demo_db))
    window = startup.first_window(demo_db.path, settings)
    assert window is not None
    qtbot.addWidget(window)
    # Nothing but the registry yet, and not SQLAlchemy's ORM for it
    assert window.tabs.count() == 1 and window.db is None
    assert window.registry.partial and window.registry.model.rowCount() == 10
    assert window.registry.count_text() == f"Загрузка реестра… ({total})"
    numbers = [r.number for r in window.registry.model.rows()]
    assert numbers == sorted(numbers, key=fold)
    painted = []
    window.registry.table.first_paint.connect(lambda: painted.append(True))
    window.show()
    qtbot.waitUntil(lambda: painted == [True])
    toolbar_height = window.toolbar.height()

    window.registry.load_in_background(demo_db.path)
    window.complete(demo_db)
    qtbot.waitUntil(lambda: not window.registry.loading, timeout=30000)
    assert not window.registry.partial
    assert window.registry.model.rowCount() == total
    assert [r.number for r in window.registry.model.rows()[:10]] == numbers
    assert window.tabs.count() > 1 and window.db is demo_db
    assert "Новая площадка…" in [a.text() for a in window.toolbar.actions()]
    assert window.toolbar.height() == toolbar_height  # the table did not jump
    assert window.registry.count_text().startswith("В реестре")


def test_a_refresh_asked_for_while_loading_reloads_after(qtbot, demo_db, settings):
    window = startup.first_window(demo_db.path, settings)
    qtbot.addWidget(window)
    window.registry.load_in_background(demo_db.path)
    window.complete(demo_db)
    window.registry.refresh()  # e.g. a card saved meanwhile
    assert window.registry._reload
    qtbot.waitUntil(lambda: not window.registry.loading and not window.registry._reload,
                    timeout=30000)
    assert window.registry.model.rowCount() == len(load_rows(demo_db))


def test_restored_sort_gives_the_first_screen_of_that_sort(qtbot, demo_db, settings):
    window = startup.first_window(demo_db.path, settings)
    qtbot.addWidget(window)
    column = next(i for i, c in enumerate(COLUMNS) if c.key == "organisation")
    window.registry.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    window.close()  # saves the header
    again = startup.first_window(demo_db.path, settings)
    qtbot.addWidget(again)
    expected = sorted(load_rows(demo_db), key=sort_key("organisation"), reverse=True)
    assert [r.id for r in again.registry.model.rows()] == \
        [r.id for r in expected[:len(again.registry.model.rows())]]


def test_files_not_at_the_head_revision_take_the_ordinary_way(tmp_path, demo_db, settings):
    older = tmp_path / "older.sqlite3"
    demo_db.close()
    shutil.copy(demo_db.path, older)
    with sqlite3.connect(older) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert startup.first_window(older, settings) is None
    text = tmp_path / "notes.sqlite3"
    text.write_text("не база", encoding="utf-8")
    assert startup.first_window(text, settings) is None
    assert startup.first_window(tmp_path / "missing.sqlite3", settings) is None


def test_window_start_imports_neither_sqlalchemy_nor_the_other_tabs(demo_db, tmp_path):
    """What the first paint needs, in a fresh interpreter: no ORM, no other tab's module."""
    import subprocess

    from desktop.services.registry import profile_names

    demo_db.close()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    startup.remember_profile_names(settings, profile_names())  # as the last start left it
    settings.sync()
    code = (
        "import sys; from pathlib import Path\n"
        "from PySide6.QtCore import QSettings\n"
        "from desktop.ui.app import make_app\n"
        "app = make_app()\n"
        "from desktop.ui.startup import first_window\n"
        f"w = first_window(Path(r'{demo_db.path}'), QSettings(r'{tmp_path / 's.ini'}', "
        "QSettings.Format.IniFormat))\n"
        "assert w is not None and w.registry.model.rowCount() > 0\n"
        "bad = [m for m in ('sqlalchemy', 'alembic', 'babel', 'openpyxl', 'desktop.models', "
        "'desktop.profiles', "
        "'desktop.ui.site_card', 'desktop.ui.organisations') if m in sys.modules]\n"
        "print(bad)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_first_screen_names_profiles_as_the_last_start_saw_them(qtbot, demo_db, settings):
    startup.remember_profile_names(settings, {"kemerovo": "Кемерово (как в прошлый раз)"})
    window = startup.first_window(demo_db.path, settings)
    qtbot.addWidget(window)
    first = window.registry.model.rows()
    assert {r.profile for r in first if r.profile_id == "kemerovo"} == \
        {"Кемерово (как в прошлый раз)"}
    assert window.registry.profile.count() == 1  # the profiles are read with all the rows
    window.registry.load_in_background(demo_db.path)
    window.complete(demo_db)
    qtbot.waitUntil(lambda: not window.registry.loading, timeout=30000)
    assert "Кемерово (как в прошлый раз)" not in {r.profile for r in window.registry.model.rows()}
    assert window.registry.profile.count() > 1
    assert startup.cached_profile_names(settings)["kemerovo"] != "Кемерово (как в прошлый раз)"
