"""The database file: created by migrations only, upgraded with a copy kept, bad files refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text

from desktop.errors import DatabaseError
from desktop.models import Base, Organisation, Person
from desktop.storage import open_database
from desktop.storage.db import alembic_config, head_revision, make_engine


def test_migrations_build_the_model_schema_from_empty(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == head_revision()
    assert set(Base.metadata.tables) >= {
        "organisation", "person", "site", "site_partner", "application", "application_document",
        "review", "review_score", "council_meeting", "decision", "decree", "certificate",
        "status_history", "deadline", "report", "report_row", "event", "participation",
        "spravka", "blob", "attachment", "audit_log", "setting", "calendar_day",
    }


def _old_file(path: Path, revision: str) -> None:
    """A database file at an older schema revision with a few rows in it."""
    engine = make_engine(path)
    command.upgrade(alembic_config(engine), revision)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO organisation (id, full_name, short_name, org_type, address, head_name,"
            " phone, email, website, inn, notes, created_at, updated_at) VALUES"
            " (1, 'Школа № 1 полное', 'Школа № 1', '', '', '', '', '', '', '', '',"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        conn.execute(text(
            "INSERT INTO person (id, last_name, first_name, middle_name, position, category,"
            " organisation_id, phone, email, is_expert, is_staff, declensions, created_at,"
            " updated_at) VALUES (1, 'Ёлкина', 'Анна', 'Петровна', '', '', 1, '', '', 0, 0, '{}',"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    engine.dispose()


@pytest.mark.parametrize("revision", ["0001"])
def test_old_file_is_upgraded_with_a_copy_and_rows_kept(tmp_path, revision):
    path = tmp_path / "old.sqlite3"
    _old_file(path, revision)
    db = open_database(path)
    try:
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Organisation)) == 1
            person = s.get(Person, 1)
            assert person.last_name == "Ёлкина"
            assert person.organisation.short_name == "Школа № 1"
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() \
                == head_revision()
            indexes = {r[1] for r in conn.exec_driver_sql("PRAGMA index_list('person')")}
            assert "ix_person_last_name" in indexes
    finally:
        db.close()
    copies = list(tmp_path.glob(f"old.before-{head_revision()}.sqlite3"))
    assert len(copies) == 1
    with sqlite3.connect(copies[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revision
        assert conn.execute("SELECT short_name FROM organisation").fetchone()[0] == "Школа № 1"


def test_fold_function_matches_cyrillic_case_and_yo(db):
    with db.session() as s:
        s.add(Organisation(full_name="Школа «Ёлочка»", short_name="ЁЛОЧКА"))
        s.commit()
        found = s.scalars(select(Organisation.short_name).where(
            func.fold(Organisation.short_name).contains("елочка"))).all()
    assert found == ["ЁЛОЧКА"]


def test_not_sqlite_file_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"This is a text file, not a database.\n" * 10)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="не является базой данных"):
        open_database(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(DatabaseError, match="не программы"):
        open_database(path)


def test_database_from_newer_version_is_refused(tmp_path):
    path = tmp_path / "newer.sqlite3"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DatabaseError, match="более новой версией"):
        open_database(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999"
