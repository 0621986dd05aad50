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


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def db(db_path: Path):
    from desktop.storage import open_database

    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def demo_db(db):
    """A database with the default demo data (60 sites, seed 1, fixed reference date)."""
    import datetime as dt

    from desktop.services.demo import fill_demo

    fill_demo(db, sites=60, seed=1, today=dt.date(2026, 11, 23))
    return db


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: int = 120):
    """Run `python -m desktop ...` in a child process; returns CompletedProcess."""
    import subprocess

    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True,
        env=full_env, cwd=ROOT, timeout=timeout,
    )
