"""The database's own identity: a random id written once into its settings.

Backups are named per database and calendar UIDs carry this id, so two databases never
mix their copies and two calendars imported into one Outlook never overwrite each other.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

from desktop.storage.db import Database

KEY = "database.id"


def database_id(db: Database) -> str:
    """The id stored in the file; created (and committed) on the first call for a file that
    has none yet. Stable for the life of the file; a copy made by `backup` keeps it."""
    with db.engine.begin() as conn:
        row = conn.exec_driver_sql("SELECT value FROM setting WHERE key = ?", (KEY,)).first()
        if row is not None:
            return str(json.loads(row[0]))
        value = uuid.uuid4().hex[:16]
        conn.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, ?)",
                             (KEY, json.dumps(value)))
        return value


def read_database_id(path: Path) -> str | None:
    """The id stored in a file that is not open (a damaged one too, when its settings page
    is still readable); None when it cannot be read. Changes nothing."""
    import sqlite3

    from desktop.storage.checks import read_only

    if not path.is_file():
        return None
    try:
        with read_only(path) as conn:
            row = conn.execute("SELECT value FROM setting WHERE key = ?", (KEY,)).fetchone()
    except sqlite3.DatabaseError:
        return None
    try:
        value = json.loads(row[0]) if row else None
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{16}", value) else None
