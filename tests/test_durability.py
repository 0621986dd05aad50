"""Nothing lost, nothing corrupted: kill -9 mid-write, backups, one instance, bad files."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from desktop.errors import DatabaseError
from desktop.models import Organisation
from desktop.services.demo import fill_demo
from desktop.services.integrity import check_database
from desktop.storage import open_database
from desktop.storage.backup import auto_backup, make_backup, restore, rotate
from desktop.storage.db import translate_error
from desktop.storage.instance import InstanceLock

from conftest import ROOT, run_cli

WRITER = textwrap.dedent("""
    import sys
    from desktop.models import Organisation
    from desktop.services.demo import fill_demo
    from desktop.storage import open_database
    db = open_database(sys.argv[1])
    mode = sys.argv[2]
    i = 0
    while True:
        i += 1
        if mode == "demo" and i % 3 == 0:
            fill_demo(db, sites=15, seed=i)
            print("demo", i, flush=True)
            continue
        with db.transaction() as s:
            org = Organisation(full_name=f"Школа {i}", short_name=f"Ш-{sys.argv[3]}-{i}")
            s.add(org)
            s.flush()
            oid = org.id
        print("org", oid, flush=True)
""")


def _kill_mid_write(path, mode: str, tag: str, commits: int) -> list[int]:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), mode, tag],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    committed: list[int] = []
    seen = 0
    try:
        for line in proc.stdout:
            kind, value = line.split()
            seen += 1
            if kind == "org":
                committed.append(int(value))
            if seen >= commits:
                break
        else:
            pytest.fail(f"writer ended early: {proc.stderr.read()}")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    return committed


def test_sigkill_mid_write_loses_no_committed_row(tmp_path):
    path = tmp_path / "kill.sqlite3"
    open_database(path).close()
    rnd = random.Random(7)
    committed: list[int] = []
    kills = 0
    for round_no in range(24):
        mode = "demo" if round_no % 4 == 0 else "org"
        committed += _kill_mid_write(path, mode, str(round_no), rnd.randrange(2, 12))
        kills += 1
    db = open_database(path)
    try:
        assert check_database(db) == []
        with db.session() as s:
            present = set(s.scalars(select(Organisation.id)))
        missing = set(committed) - present
        assert not missing, f"{len(missing)} committed rows lost"
    finally:
        db.close()
    proc = run_cli("check", "--db", str(path))
    assert proc.returncode == 0, proc.stderr
    assert kills == 24 and len(committed) > 24


def _dump(path) -> dict[str, list]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}


def test_backup_restores_the_same_data(demo_db, tmp_path):
    copy = make_backup(demo_db, tmp_path / "copy.sqlite3")
    before = _dump(demo_db.path)
    assert _dump(copy) == before
    with demo_db.transaction() as s:
        s.add(Organisation(full_name="Добавлена после копии", short_name="После"))
    demo_db.close()
    aside = restore(copy, demo_db.path)
    assert _dump(demo_db.path) == before
    assert "before-restore" in aside.name and aside.exists()
    with sqlite3.connect(aside) as conn:
        assert conn.execute("SELECT count(*) FROM organisation WHERE short_name='После'"
                            ).fetchone()[0] == 1


def test_restore_refuses_a_bad_candidate_and_changes_nothing(db, tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all")
    before = _dump(db.path)
    proc = run_cli("restore", str(bad), "--db", str(db.path))
    assert proc.returncode == 2 and "не является базой" in proc.stderr
    assert _dump(db.path) == before


def test_automatic_backup_and_rotation(db, tmp_path):
    import datetime as dt

    made = auto_backup(db, dt.date(2026, 11, 23))
    assert made and made.exists()
    folder = made.parent
    for days in range(1, 90):
        day = dt.date(2026, 11, 23) - dt.timedelta(days=days)
        (folder / f"auto-{day.isoformat()}.sqlite3").write_bytes(b"x")
    rotate(folder, dt.date(2026, 11, 23))
    kept = sorted(p.name for p in folder.glob("auto-*.sqlite3"))
    days_kept = [dt.date.fromisoformat(n[5:15]) for n in kept]
    recent = [d for d in days_kept if (dt.date(2026, 11, 23) - d).days < 7]
    older = [d for d in days_kept if (dt.date(2026, 11, 23) - d).days >= 7]
    assert len(recent) == 7
    assert len(older) <= 8 and len({d.isocalendar()[:2] for d in older}) == len(older)
    assert all((dt.date(2026, 11, 23) - d).days < 56 for d in older)


def test_second_instance_is_refused(db, tmp_path, monkeypatch, capsys):
    from desktop.cli import main
    from desktop.storage import instance

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from desktop.storage.instance import InstanceLock;"
         "l = InstanceLock(sys.argv[1]); assert l.acquire(); print('locked', flush=True);"
         "sys.stdin.read()", str(db.path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "locked"
        second = InstanceLock(db.path)
        assert not second.acquire()
        with pytest.raises(DatabaseError, match="уже открыта"):
            with InstanceLock(db.path):
                pass
        copy = make_backup(db, tmp_path / "copy.sqlite3")
        monkeypatch.setattr(instance, "WRITE_LOCK_WAIT_MS", 200)
        assert main(["restore", str(copy), "--db", str(db.path)]) == 2
        assert "изменяется другой программой" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    # the holder was killed: its lock is stale and a new copy may start
    again = InstanceLock(db.path)
    assert again.acquire()
    again.release()


def test_second_copy_brings_the_first_window_forward(qtbot, tmp_path):
    from desktop.ui.single_instance import InstanceServer, ask_first_to_raise

    server = InstanceServer(tmp_path / "x.sqlite3")
    with qtbot.waitSignal(server.raise_requested, timeout=5000):
        assert ask_first_to_raise(tmp_path / "x.sqlite3")
    server.close()


def test_locked_database_gives_a_clear_message(db_path):
    open_database(db_path).close()
    holder = sqlite3.connect(db_path)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE hold (x)")
    try:
        with pytest.raises(DatabaseError, match="занята другой программой"):
            db = open_database(db_path)
            with db.transaction() as s:
                s.add(Organisation(full_name="x", short_name="x"))
    finally:
        holder.rollback()
        holder.close()


def test_read_only_database_message(db_path):
    # Tests run as root, for whom file permissions do not stop writes; SQLite's read-only
    # open mode produces the very error a read-only file gives an ordinary user.
    open_database(db_path).close()
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as err:
        conn.execute("CREATE TABLE x (a)")
    conn.close()
    message = str(translate_error(err.value, db_path))
    assert "только для чтения" in message


def test_full_disk_rolls_back_and_says_so(db):
    fill_demo(db, sites=10, seed=1)
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(Organisation))
        pages = s.connection().exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(db.engine, "connect")
    def _small(dbapi_conn, _record):  # a disk with room for only a few more pages
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + 3}")

    db.engine.dispose()
    with pytest.raises((OperationalError, sqlite3.OperationalError)) as err:  # demo: raw cursor
        fill_demo(db, sites=500, seed=2)
    assert "доступно" not in str(translate_error(err.value, db.path))
    assert "Недостаточно места" in str(translate_error(err.value, db.path))
    event.remove(db.engine, "connect", _small)
    db.engine.dispose()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == before
    assert check_database(db) == []


def test_check_reports_broken_attachment_and_incoherent_history(db):
    from desktop.models import Site, StatusHistory
    from desktop.services.files import store_bytes

    with db.transaction() as s:
        att = store_bytes(s, b"original content", "file.pdf")
        org = Organisation(full_name="Школа", short_name="Школа")
        s.add(org)
        s.flush()
        site = Site(profile_id="kemerovo", kind_code="МИП", organisation_id=org.id,
                    theme="Тема", status="active", number="N-1")
        s.add(site)
        s.flush()
        s.add(StatusHistory(site_id=site.id, happened_on=__import__("datetime").date.today(),
                            event="removed", from_status="active", to_status="removed"))
        blob_id = att.blob_id
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE blob SET data = X'00' WHERE id = ?", (blob_id,))
    problems = check_database(db)
    assert any("контрольной суммой" in p for p in problems)
    assert any("N-1" in p and "не совпадает с последней" in p for p in problems)
    proc = run_cli("check", "--db", str(db.path))
    assert proc.returncode == 1 and "Найдено нарушений: 2" in proc.stderr


def test_recovery_dialog_restores_a_backup_of_a_damaged_file(qtbot, demo_db, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from desktop.storage.backup import copies_dir
    from desktop.storage.identity import database_id
    from desktop.ui.recovery import RecoveryDialog

    from uihelpers import when_modal

    copy = make_backup(demo_db, copies_dir(demo_db.path, database_id(demo_db))
                       / "auto-2026-11-22.sqlite3")
    before = _dump(copy)
    path = demo_db.path
    demo_db.close()
    path.write_bytes(b"garbage after a disk failure" * 100)
    with pytest.raises(DatabaseError) as err:
        open_database(path)
    dialog = RecoveryDialog(path, str(err.value))
    qtbot.addWidget(dialog)
    assert dialog.backups.count() == 1 and dialog.restore_btn.isEnabled()
    dialog.backups.setCurrentRow(0)
    errors = when_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    dialog.restore_btn.click()
    assert not errors
    assert dialog.chosen == path
    assert _dump(path) == before
    assert dialog.restored_aside.read_bytes().startswith(b"garbage")
