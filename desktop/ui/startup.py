"""Start-up in two steps: the window with the first screen of the registry is painted
before SQLAlchemy, Alembic, the other tabs and the database checks are imported.

Step one (`first_window`) reads the file with the standard `sqlite3` module, read-only,
and only when it is a database of this app at the current schema revision: the number of
sites and the rows of the first screen in the order the registry header was left in.
Anything else — a missing, foreign, older or damaged file — gives None and start-up takes
the ordinary way (open, check, upgrade, then the window). Step two, after the first paint
(`desktop.ui.app.run_gui`), reads every row off the window thread, opens the database the
ordinary way and completes the window.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt

from desktop.services.registry import RegistryRow, count_sites, read_first_rows, read_rows
from desktop.storage.revisions import head_revision
from desktop.text import fold

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

FIRST_SCREEN_ROWS = 80  # more than a maximised window shows at 24 px a row
SQLITE_MAGIC = b"SQLite format 3\x00"


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only DB-API connection with the app's `fold` function."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    conn.create_function("fold", 1, fold, deterministic=True)
    return conn


def _at_head(path: Path) -> sqlite3.Connection | None:
    """A read-only connection when the file is this app's database at the head revision."""
    try:
        with path.open("rb") as fh:
            if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                return None
        conn = connect_read_only(path)
    except (OSError, sqlite3.Error):
        return None
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        row = None
    if row is None or row[0] != head_revision():
        conn.close()
        return None
    return conn


def first_window(path: Path, settings: QSettings | None = None,
                 today: dt.date | None = None) -> MainWindow | None:
    """The window with only its registry tab and the first screen of rows, or None when
    the file must take the ordinary way."""
    conn = _at_head(path)
    if conn is None:
        return None
    from desktop.ui.main_window import MainWindow
    from desktop.ui.registry_model import COLUMNS

    try:
        window = MainWindow(None, settings, path=path)
        names = cached_profile_names(window.settings)
        header = window.registry.table.horizontalHeader()
        section = header.sortIndicatorSection()
        column = COLUMNS[section].key if 0 <= section < len(COLUMNS) else COLUMNS[0].key
        rows = read_first_rows(conn, today or dt.date.today(), column,
                               header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
                               FIRST_SCREEN_ROWS, names)
        if rows is None:  # a column SQL cannot sort as the list does: read everything
            window.registry.show_rows(read_rows(conn, today or dt.date.today()))
        else:
            window.registry.show_first_screen(rows, count_sites(conn))
        return window
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def cached_profile_names(settings: QSettings) -> dict[str, str] | None:
    """The profiles' names as the last start saw them (`remember_profile_names`): reading
    the profiles costs ~50 ms, and every row is read again with the real names anyway."""
    try:
        names = json.loads(str(settings.value("registry/profile_names", "")))
    except ValueError:
        return None
    return names if isinstance(names, dict) else None


def remember_profile_names(settings: QSettings, names: dict[str, str]) -> None:
    settings.setValue("registry/profile_names", json.dumps(names, ensure_ascii=False))


def read_all(path: Path, today: dt.date) -> list[RegistryRow]:
    """Every registry row, read on a connection of its own (for a worker thread)."""
    conn = connect_read_only(path)
    try:
        return read_rows(conn, today)
    finally:
        conn.close()
