"""The database's own identity: a random id written once into its settings.

Backups are named per database and calendar UIDs carry this id, so two databases never
mix their copies and two calendars imported into one Outlook never overwrite each other.
"""

from __future__ import annotations

import json
import uuid

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
