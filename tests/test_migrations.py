"""Schema upkeep: every foreign key indexed (deleting a parent row never scans a child table),
and a file frozen at each past revision upgraded to exactly the model, rows kept."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import UniqueConstraint

from desktop.models import Base
from desktop.services.registry import load_rows
from desktop.storage import open_database
from desktop.storage.revisions import head_revision, known_revisions


def test_every_foreign_key_column_leads_an_index():
    """A unique constraint counts: SQLite backs it with an index it uses the same way."""
    missing = []
    for table in Base.metadata.sorted_tables:
        keys = [*table.indexes, *(c for c in table.constraints
                                  if isinstance(c, UniqueConstraint))]
        leading = {next(iter(key.columns)).name for key in keys}
        for fk in table.foreign_keys:
            if fk.parent.name not in leading:
                missing.append(f"{table.name}.{fk.parent.name}")
    assert missing == []


# --------------------------------------------------------------------------- frozen files

DATA = Path(__file__).resolve().parent / "data"
FROZEN = sorted(DATA.glob("schema-*.sqlite3"))
TABLES = ("organisation", "person", "site", "application", "deadline", "event", "spravka")


def test_a_frozen_file_for_every_past_revision():
    """Before adding migration N+1, freeze the head N: `python tests/data/freeze.py`."""
    assert {p.stem.removeprefix("schema-") for p in FROZEN} == \
        known_revisions() - {head_revision()}


@pytest.mark.parametrize("frozen", FROZEN, ids=lambda p: p.stem)
def test_a_file_made_by_an_older_version_is_upgraded_to_the_model(tmp_path, frozen):
    """Each file was made by the code of its revision (not by today's migrations), so an
    edited old migration or a model change without a migration fails here."""
    path = tmp_path / frozen.name
    shutil.copy(frozen, path)
    with sqlite3.connect(path) as conn:
        before = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        old = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert old == frozen.stem.removeprefix("schema-") and before["site"] == 3
    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() \
                == head_revision()
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            after = {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
                     for t in TABLES}
        assert after == before
        assert len(load_rows(db)) == 3
    finally:
        db.close()
    kept = tmp_path / f"{frozen.stem}.before-{head_revision()}.sqlite3"
    with sqlite3.connect(kept) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old
