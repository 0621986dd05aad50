"""Freeze a small database at the current head revision, before adding the next migration:

    .venv/bin/python tests/data/freeze.py      # writes tests/data/schema-<head>.sqlite3

Three demo sites (seed 1, 23 November 2026), most form data emptied and 1 KiB pages so the
file stays near 300 KB. tests/test_migrations.py upgrades every such file to the model.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))


def main() -> int:
    os.environ.setdefault("METODIST_DATA_DIR", tempfile.mkdtemp())
    from desktop.services.demo import fill_demo
    from desktop.storage import open_database
    from desktop.storage.revisions import head_revision

    path = HERE / f"schema-{head_revision()}.sqlite3"
    if path.exists():
        print(f"{path.name} уже есть", file=sys.stderr)
        return 1
    db = open_database(path, create=True)
    fill_demo(db, sites=3, seed=1, today=dt.date(2026, 11, 23))
    db.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("UPDATE application_document SET form_data = '{}' WHERE id % 6 != 0")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA page_size=1024")
        conn.execute("VACUUM")
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
