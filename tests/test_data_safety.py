"""Issue 16, the database file: each numbered way to lose or silently damage records.

1 a crash inside restore, 2 restore beside a writer, 3 opening changes nothing until the
file is known, 4 a damaged file, 7 missing / empty / read-only files (5 rotation and 6
backups per database: test_data_safety_backups.py). Child processes only where a second
process is the point (a kill, a concurrent writer, a process without the right to write).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest
from dbhelpers import dump as _dump
from dbhelpers import names as _names
from dbhelpers import sha as _sha

from desktop.cli import main
from desktop.errors import DatabaseError
from desktop.models import Organisation
from desktop.services.demo import fill_demo
from desktop.storage import backup, instance, open_database
from desktop.storage.backup import (
    auto_backup,
    copies_dir,
    make_backup,
    restore,
)
from desktop.storage.checks import DamagedDatabaseError
from desktop.storage.identity import database_id

from conftest import ROOT

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def small(tmp_path):
    """A closed database with 8 demo sites, a checked copy of it, then one more row."""
    path = tmp_path / "centre.sqlite3"
    db = open_database(path)
    fill_demo(db, sites=8, seed=3, today=TODAY)
    copy = make_backup(db, tmp_path / "copy.sqlite3")
    with db.transaction() as s:
        s.add(Organisation(full_name="Внесена после копии", short_name="После копии"))
    db.close()
    return path, copy


# 1 ---------------------------------------------------------------- a crash inside restore

CRASHING_RESTORE = textwrap.dedent("""
    import os, signal, sys
    import desktop.storage.backup as b
    b._step = lambda name: os.kill(os.getpid(), signal.SIGKILL) if name == sys.argv[3] else None
    b.restore(sys.argv[1], sys.argv[2])
    print("finished")
""")


@pytest.mark.parametrize("point", ["aside-written", "copied"])
def test_restore_killed_between_steps_leaves_the_whole_old_database(small, point):
    path, copy = small
    before = _dump(path)
    proc = subprocess.run([sys.executable, "-c", CRASHING_RESTORE, str(copy), str(path), point],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    db = open_database(path, create=False)  # no recovery needed, nothing silently new
    db.close()
    assert _dump(path) == before  # the killed transaction left no trace
    if point == "aside-written":
        aside = next(path.parent.glob("centre.before-restore-*.sqlite3"))
        assert _dump(aside) == before
    restore(copy, path)  # and the restore can simply be run again
    assert "После копии" not in _names(path)
    assert not list(path.parent.glob("*.restore-part*"))


def test_restore_over_a_damaged_file_fails_between_steps_without_losing_it(small, monkeypatch):
    path, copy = small
    path.write_bytes(b"garbage after a disk failure" * 200)
    damaged = path.read_bytes()

    def crash(name: str) -> None:
        if name == "wal-removed":
            raise RuntimeError("power cut")

    monkeypatch.setattr(backup, "_step", crash)
    with pytest.raises(RuntimeError):
        restore(copy, path)
    assert path.read_bytes() == damaged  # the path still holds a complete file
    aside = next(path.parent.glob("centre.before-restore-*.sqlite3"))
    assert aside.read_bytes() == damaged
    monkeypatch.undo()
    restore(copy, path)
    assert _dump(path) == _dump(copy)


def test_two_restores_in_one_second_keep_both_previous_contents(small):
    path, copy = small
    now = dt.datetime(2026, 11, 23, 10, 0, 0)
    first = restore(copy, path, now=now)
    db = open_database(path, create=False)
    with db.transaction() as s:
        s.add(Organisation(full_name="Между восстановлениями", short_name="Между"))
    db.close()
    second = restore(copy, path, now=now)
    assert first != second and first.exists() and second.exists()
    assert "После копии" in _names(first) and "Между" in _names(second)


# 2 ------------------------------------------------------------ restore beside a writer

WRITER = textwrap.dedent("""
    import sys
    from sqlalchemy.exc import OperationalError
    from desktop.models import Organisation
    from desktop.storage import open_database
    db = open_database(sys.argv[1])
    i = 0
    while True:
        i += 1
        name = f"W-{i}"
        try:
            with db.transaction() as s:
                s.add(Organisation(full_name=name, short_name=name))
        except OperationalError as exc:
            print("err", exc.orig, flush=True)
            continue
        print("ok", name, flush=True)
""")


def test_restore_under_a_concurrent_writer_loses_no_committed_row(small):
    """The writer does not even take the app's lock: SQLite's write lock, held from the
    aside copy to the commit of the new contents, is what keeps every row."""
    path, copy = small
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    committed: list[str] = []

    def read_until(done, limit: int = 20000) -> None:
        for _ in range(limit):
            line = writer.stdout.readline()
            if not line:
                pytest.fail(f"writer stopped: {writer.stderr.read()}")
            kind, value = line.split(maxsplit=1)
            if kind == "ok":
                committed.append(value.strip())
                if done():
                    return
        pytest.fail("the writer made no progress")

    def number(name: str) -> int:
        return int(name[2:])

    try:
        read_until(lambda: len(committed) >= 40)
        aside = restore(copy, path)
        last_before = max(number(n) for n in _names(aside) if n.startswith("W-"))
        read_until(lambda: number(committed[-1]) > last_before + 20)  # it went on after
    finally:
        writer.kill()
        writer.wait()
    kept = _names(aside) | _names(path)
    lost = [n for n in committed if n not in kept]
    assert not lost, f"{len(lost)} of {len(committed)} committed rows lost"
    assert committed[-1] in _names(path)  # committed after the restore: in the restored file
    assert "После копии" in _names(aside) and "После копии" not in _names(path)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"


HOLDER = ("import sys; from desktop.storage.instance import InstanceLock;"
          "l = InstanceLock(sys.argv[1]); assert l.acquire(); print('locked', flush=True);"
          "sys.stdin.read()")


def test_cli_writers_honour_the_lock_and_refuse_in_russian(small, monkeypatch, capsys):
    path, copy = small
    before = _dump(path)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], cwd=ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    monkeypatch.setattr(instance, "WRITE_LOCK_WAIT_MS", 200)
    try:
        assert holder.stdout.readline().strip() == "locked"
        for argv in (["demo", "--sites", "2"], ["restore", str(copy)]):
            assert main([*argv, "--db", str(path)]) == 2
            err = capsys.readouterr().err
            assert "изменяется другой программой «Методист»" in err and "ничего не изменено" in err
        assert main(["deadlines", "--json", "--db", str(path)]) == 0  # readers still read
    finally:
        holder.kill()
        holder.wait()
    assert _dump(path) == before
    # stale lock: free again — `demo` gets past the lock to its own refusal of a full base
    assert main(["demo", "--sites", "2", "--db", str(path)]) == 2
    assert "уже есть данные" in capsys.readouterr().err
    assert _dump(path) == before


# 3 -------------------------------------------------- opening changes nothing it does not know

def _rollback_journal_file(path: Path, *, ours: bool) -> None:
    if ours:
        open_database(path).close()
    with closing(sqlite3.connect(path)) as conn:
        if ours:
            conn.execute("UPDATE alembic_version SET version_num = '9999'")
        else:
            conn.execute("CREATE TABLE notes (x)")
            conn.execute("INSERT INTO notes VALUES ('чужие данные')")
        conn.commit()
        conn.execute("PRAGMA journal_mode=DELETE")
    assert path.read_bytes()[18:20] == b"\x01\x01"


@pytest.mark.parametrize(("ours", "message"), [(False, "не программы"),
                                               (True, "более новой версией")])
def test_foreign_or_newer_file_is_left_byte_for_byte(tmp_path, capsys, ours, message):
    path = tmp_path / "file.sqlite3"
    _rollback_journal_file(path, ours=ours)
    digest = _sha(path)
    with pytest.raises(DatabaseError, match=message):
        open_database(path)
    assert main(["demo", "--db", str(path)]) == 2
    assert main(["deadlines", "--db", str(path)]) == 2
    assert message in capsys.readouterr().err
    assert _sha(path) == digest and path.read_bytes()[18:20] == b"\x01\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.sqlite3"]


# 4 ------------------------------------------------------------------- a damaged file

def _damage(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 2 // 4096 * 4096)
        fh.write(bytes((i * 7919) % 251 for i in range(4096)))


def test_damaged_file_is_refused_everywhere_and_its_damage_never_copied(demo_db, capsys):
    from desktop.ui.app import open_with_recovery

    path = demo_db.path
    folder = copies_dir(path, database_id(demo_db))
    for days in (3, 2, 1):  # three good automatic copies from before the damage
        auto_backup(demo_db, TODAY - dt.timedelta(days=days))
    demo_db.close()
    _damage(path)
    with closing(sqlite3.connect(path)) as raw, pytest.raises(sqlite3.DatabaseError):
        if raw.execute("PRAGMA quick_check").fetchone()[0] != "ok":  # SQLite sees it too
            raise sqlite3.DatabaseError("damaged")
    digest = _sha(path)
    with pytest.raises(DamagedDatabaseError, match="повреждена"):
        open_database(path)
    with pytest.raises(DamagedDatabaseError):
        open_with_recovery(path, interactive=False)  # the window goes to the recovery dialog
    for argv in (["deadlines"], ["export", "registry", "--year", "2026", "-o",
                                 str(path.parent / "r.xlsx")],
                 ["backup", "-o", str(path.parent / "copy.sqlite3")], ["demo", "--sites", "2"]):
        assert main([*argv, "--db", str(path)]) == 2
        assert "повреждена" in capsys.readouterr().err
    assert not (path.parent / "copy.sqlite3").exists() and not (path.parent / "r.xlsx").exists()
    assert main(["check", "--db", str(path)]) == 1  # `check` reports the damage itself
    assert "повреждён" in capsys.readouterr().err
    good = sorted(p.name for p in folder.iterdir())
    damaged = open_database(path, check=False)  # as if the damage came while it was open
    try:
        with pytest.raises(DamagedDatabaseError, match="копия не записана"):
            auto_backup(damaged, TODAY)
        with pytest.raises(DamagedDatabaseError):
            make_backup(damaged, path.parent / "manual.sqlite3")
    finally:
        damaged.close()
    assert sorted(p.name for p in folder.iterdir()) == good
    assert not (path.parent / "manual.sqlite3").exists()
    assert _sha(path) == digest


# 7 ------------------------------------------------- missing, empty and read-only files

def test_read_commands_never_create_a_database(tmp_path, capsys):
    cases = {
        "mistyped": tmp_path / "centre.sqlite" ,
        "missing folder": tmp_path / "нет такой папки" / "centre.sqlite3",
        "zero bytes": tmp_path / "empty.sqlite3",
    }
    cases["zero bytes"].write_bytes(b"")
    for what, path in cases.items():
        for argv in (["deadlines", "--json"], ["check"], ["spravki", "--event", "1", "-o",
                                                          str(tmp_path / "s")],
                     ["export", "registry", "--year", "2026", "-o", str(tmp_path / "r.xlsx")]):
            assert main([*argv, "--db", str(path)]) == 2, (what, argv)
            err = capsys.readouterr().err
            assert ("не найден" in err or "не существует" in err or "пуст (0 байт)" in err), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite3"]
    assert cases["zero bytes"].stat().st_size == 0
    assert main(["--new", "check", "--db", str(cases["mistyped"])]) == 0  # asked for: made
    assert cases["mistyped"].exists()


def test_window_creates_only_on_first_start(tmp_path, monkeypatch):
    from desktop.ui.app import open_with_recovery

    with pytest.raises(DatabaseError, match="не найден"):
        open_with_recovery(tmp_path / "typo.sqlite3", interactive=False)
    assert not (tmp_path / "typo.sqlite3").exists()
    db = open_with_recovery(tmp_path / "first.sqlite3", interactive=False, create=True)
    db.close()
    assert (tmp_path / "first.sqlite3").exists()


def _without_write_rights() -> None:
    """In the child: root keeps its identity but loses the capabilities that let it write
    into files whose mode forbids it (so a 0444 file is read-only for it too)."""
    if os.geteuid() == 0:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
            libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP: gone after exec


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_read_only_file_refuses_writers_in_russian_and_is_left_unchanged(small, tmp_path):
    path, _copy = small
    path.chmod(0o444)
    digest = _sha(path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "desktop", *args, "--db", str(path)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                              preexec_fn=_without_write_rights)

    proc = run("demo", "--sites", "2")
    assert proc.returncode == 2 and "только для чтения" in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1
    proc = run("deadlines", "--json")
    assert proc.returncode == 0, proc.stderr  # reading a read-only file is fine
    assert _sha(path) == digest
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
