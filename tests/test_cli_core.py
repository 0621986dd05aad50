"""The `metodist` command line: profiles, demo, errors."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from sqlalchemy import func, select

from desktop.models import Application, Event, Organisation, Participation, Site
from desktop.services.demo import APP_STATES, fill_demo
from desktop.storage import open_database

from conftest import run_cli


def test_profiles_json_lists_every_profile_with_kinds_and_documents(db_path):
    proc = run_cli("profiles", "--json", "--db", str(db_path))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    ids = {p["id"] for p in data}
    assert ids >= {"kemerovo", "yaya", "omsk", "vyselki", "dubna"}
    for p in data:
        assert p["name"] and p["kinds"]
        for k in p["kinds"]:
            assert k["code"] and k["name"]
            assert all(isinstance(d, str) and d for d in k["required_documents"])
    kemerovo = next(p for p in data if p["id"] == "kemerovo")
    mip = next(k for k in kemerovo["kinds"] if k["code"] == "МИП")
    assert mip["required_documents"] == ["Заявление", "Паспорт проекта"]


def _dump(path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        out = []
        for table in ("organisation", "person", "site", "application", "review",
                      "review_score", "event", "participation", "status_history", "deadline"):
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                    if r[1] not in ("created_at", "updated_at", "recorded_at")]
            out.append((table, conn.execute(
                f"SELECT {', '.join(cols)} FROM {table} ORDER BY id").fetchall()))
        return out


def test_demo_is_deterministic_for_a_seed(tmp_path):
    day = dt.date(2026, 11, 23)
    paths = [tmp_path / "a.sqlite3", tmp_path / "b.sqlite3", tmp_path / "c.sqlite3"]
    for path, seed in zip(paths, (7, 7, 8), strict=True):
        db = open_database(path)
        fill_demo(db, sites=40, seed=seed, today=day)
        db.close()
    assert _dump(paths[0]) == _dump(paths[1])
    assert _dump(paths[0]) != _dump(paths[2])


def test_demo_covers_every_profile_kind_status_and_step(demo_db):
    from desktop.profiles import all_profiles

    with demo_db.session() as s:
        kinds = set(s.execute(select(Site.profile_id, Site.kind_code)).all())
        statuses = set(s.scalars(select(Site.status)))
        states = set(s.scalars(select(Application.state)))
        assert s.scalar(select(func.count()).select_from(Event)) > 0
        assert s.scalar(select(func.count()).select_from(Participation)) > 0
        assert s.scalar(select(func.count()).select_from(Organisation)) >= 30
    expected = {(p.id, k.code) for p in all_profiles() for k in p.kinds}
    assert expected <= kinds
    assert statuses == {"active", "completed", "removed"}
    assert set(APP_STATES) | {"ordered"} <= states


def test_demo_cli_fills_the_database(db_path):
    proc = run_cli("demo", "--sites", "25", "--seed", "3", "--db", str(db_path))
    assert proc.returncode == 0, proc.stderr
    assert "25 площадок" in proc.stdout
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM site").fetchone()[0] == 25


def test_demo_refuses_a_database_holding_data(db_path):
    assert run_cli("demo", "--sites", "3", "--db", str(db_path)).returncode == 0
    before = db_path.read_bytes()
    proc = run_cli("demo", "--sites", "3", "--seed", "2", "--db", str(db_path))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "уже есть данные" in lines[0] and "Ничего не изменено" in lines[0]
    assert db_path.read_bytes() == before


def test_cli_errors_are_one_russian_line_and_change_nothing(tmp_path):
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("просто текст, не база данных\n", encoding="utf-8")
    before = bad.read_bytes()
    proc = run_cli("demo", "--db", str(bad))
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "не является базой данных" in lines[0]
    assert bad.read_bytes() == before

    proc = run_cli("demo", "--sites", "много", "--db", str(tmp_path / "x.sqlite3"))
    assert proc.returncode == 2
    assert "ожидается целое число" in proc.stderr
    assert not (tmp_path / "x.sqlite3").exists()

    proc = run_cli("demo", "--sites", "0", "--db", str(tmp_path / "y.sqlite3"))
    assert proc.returncode == 2
    assert "от 1 до 200" in proc.stderr
    assert not (tmp_path / "y.sqlite3").exists()

    proc = run_cli("no-such-command")
    assert proc.returncode == 2
    assert "недопустимое значение" in proc.stderr


def test_unknown_profile_is_a_clear_error():
    import pytest

    from desktop.errors import ProfileError
    from desktop.profiles import get_profile

    with pytest.raises(ProfileError, match="Неизвестный профиль «tula»"):
        get_profile("tula")


def test_user_profile_is_added_from_a_file_without_code(tmp_path):
    from desktop.profiles import all_profiles, builtin_dir, install_user_profile

    text = (builtin_dir() / "dubna.toml").read_text(encoding="utf-8")
    text = text.replace('id = "dubna"', 'id = "dubna-2027"', 1)
    src = tmp_path / "my.toml"
    src.write_text(text, encoding="utf-8")
    profile = install_user_profile(src)
    assert profile.id == "dubna-2027"
    assert "dubna-2027" in {p.id for p in all_profiles()}


def test_db_option_works_before_and_after_the_command(tmp_path):
    before, after = tmp_path / "before.sqlite3", tmp_path / "after.sqlite3"
    assert run_cli("--db", str(before), "demo", "--sites", "3").returncode == 0
    assert run_cli("demo", "--sites", "4", "--db", str(after)).returncode == 0
    with sqlite3.connect(before) as conn:
        assert conn.execute("SELECT count(*) FROM site").fetchone()[0] == 3
    with sqlite3.connect(after) as conn:
        assert conn.execute("SELECT count(*) FROM site").fetchone()[0] == 4
