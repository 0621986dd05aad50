"""Test set-up: offscreen Qt, data folders in tmp_path, a fresh real database file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test touches the real user data folder, settings or database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("METODIST_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("METODIST_DB", raising=False)
    from desktop.profiles import reload_profiles

    reload_profiles()
    yield
    reload_profiles()
    if "uihelpers" in sys.modules:  # a dialog wait left by this test stops here
        sys.modules["uihelpers"].cancel_pending()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


TODAY_DEMO = "2026-11-23"


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two database files built once per session and copied for each test: an empty one
    (the migrations run from nothing) and one with the default demo data (60 sites, seed
    1, 23 November 2026). Migrating and filling took ~2 s per test; a copy takes 10 ms."""
    import datetime as dt
    import sqlite3

    from desktop.services.demo import fill_demo
    from desktop.storage import open_database

    folder = tmp_path_factory.mktemp("templates")
    with pytest.MonkeyPatch.context() as mp:  # built before any test's own folders exist
        mp.setenv("METODIST_DATA_DIR", str(folder / "data"))
        mp.setenv("XDG_CONFIG_HOME", str(folder / "config"))
        mp.delenv("METODIST_DB", raising=False)
        paths = {"empty": folder / "empty.sqlite3", "demo": folder / "demo.sqlite3"}
        for name, path in paths.items():
            database = open_database(path, create=True)
            if name == "demo":
                fill_demo(database, sites=60, seed=1, today=dt.date.fromisoformat(TODAY_DEMO),
                          centre=False)  # the tests describe the centre where they need it
            database.close()
            with sqlite3.connect(path) as conn:  # one self-contained file, no id of its own
                conn.execute("DELETE FROM setting WHERE key = 'database.id'")
            with sqlite3.connect(path) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return paths


@pytest.fixture(scope="session")
def office_prints(tmp_path_factory: pytest.TempPathFactory):
    """Everything the tests print through LibreOffice, converted by one start of it: the
    workbooks of the demo database (`office.write_workbooks`) and every Word
    document of every profile (`office.make_documents`). Returns (name → PDF, the
    registry's rows as the workbook holds them)."""
    import datetime as dt

    from office import convert_to_pdf, make_documents, soffice, write_workbooks

    soffice()  # skipped without LibreOffice
    folder = tmp_path_factory.mktemp("print")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("METODIST_DATA_DIR", str(folder / "data"))
        from desktop.profiles import reload_profiles
        from desktop.services.demo import fill_demo
        from desktop.services.workbooks.registry import registry_rows
        from desktop.storage import open_database

        reload_profiles()
        db = open_database(folder / "demo.sqlite3", create=True)
        today = dt.date.fromisoformat(TODAY_DEMO)
        fill_demo(db, sites=60, seed=1, today=today)
        files = write_workbooks(db, folder, today)
        rows = registry_rows(db, today.year)
        files += list(make_documents(db, folder, "2026-12-25").values())
        db.close()
        reload_profiles()
    return convert_to_pdf(files, folder), rows


def _copy_of(template: Path, db_path: Path):  # noqa: ANN202 - a Database
    import shutil

    from desktop.storage import open_database

    shutil.copyfile(template, db_path)
    return open_database(db_path)


@pytest.fixture
def db(request: pytest.FixtureRequest, db_path: Path, _templates: dict[str, Path]):
    """A fresh database file of this test's own: a copy of the session's migrated one, or
    of its demo one when the test (or one of its fixtures) asks for `demo_db` too."""
    demo = "demo_db" in request.fixturenames
    database = _copy_of(_templates["demo" if demo else "empty"], db_path)
    yield database
    database.close()


@pytest.fixture
def demo_db(db):
    """A database with the default demo data (60 sites, seed 1, fixed reference date)."""
    return db


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: int = 120):
    """Run `python -m desktop ...` in a child process; returns CompletedProcess."""
    import subprocess

    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True,
        env=full_env, cwd=ROOT, timeout=timeout,
    )
