"""Backups with SQLite's online backup API, their rotation, and restoring one safely.

Copies are per database: `backups/<file name>-<database id>/auto-YYYY-MM-DD.sqlite3` beside
the file, so two databases in one folder never mix their copies. Every copy is checked
(`integrity_check`) when written: a damaged source gives no copy and an error, never a
damaged copy that would rotate good ones out. Rotation keeps every copy of the last 7 days,
one per week for 8 weeks, and always the newest 7 copies whatever their age; it ignores
any file name it does not understand.

Restoring replaces the contents inside one SQLite transaction (see `restore`), so the
database path always holds a complete database — the old one or the new one.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop.errors import DatabaseError
from desktop.fileio import os_error_text, sync_folder
from desktop.paths import backups_dir
from desktop.storage.checks import (
    SQLITE_MAGIC,
    DamagedDatabaseError,
    integrity_problem,
    quick_check,
    read_only,
)
from desktop.storage.db import (
    BUSY_TIMEOUT_MS,
    Database,
    backup_to,
    copy_into,
    head_revision,
    known_revisions,
)
from desktop.storage.identity import database_id, read_database_id

log = logging.getLogger("metodist")

AUTO_PATTERN = re.compile(r"^auto-(\d{4}-\d{2}-\d{2})\.sqlite3$")
DAILY_DAYS = 7
WEEKLY_WEEKS = 8
KEEP_NEWEST = 7


def _step(name: str) -> None:
    """A named point between two steps of a restore (tests inject a crash here)."""


def copies_dir(db_path: Path, db_id: str) -> Path:
    """The folder of one database's automatic copies."""
    return backups_dir(db_path) / f"{db_path.stem}-{db_id}"


def make_backup(db: Database, target: Path | str) -> Path:
    """A consistent, checked copy of the live database (safe while the app is writing).

    A damaged database gives no copy: the copy is checked and removed if it fails."""
    target = Path(target)
    if target.resolve() == db.path.resolve():
        raise DatabaseError("Резервную копию нельзя записать поверх самой базы данных.")
    try:
        backup_to(db.engine, target)
    except OSError as exc:
        raise DatabaseError(f"Не удаётся записать резервную копию «{target.name}»: "
                            f"{os_error_text(exc)}.") from None
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "malformed" in text or "not a database" in text:
            raise _damaged_source(db.path, str(exc)) from None
        raise DatabaseError(f"Не удаётся записать резервную копию «{target.name}»: "
                            + ("на диске нет свободного места" if "full" in text
                               else "ошибка записи на диск")
                            + ". Прежние копии сохранены.") from None
    problem = integrity_problem(target)
    if problem:
        target.unlink(missing_ok=True)
        raise _damaged_source(db.path, problem)
    return target


def _damaged_source(path: Path, detail: str) -> DamagedDatabaseError:
    log.warning("backup of a damaged %s refused: %s", path, detail[:500])
    return DamagedDatabaseError(
        f"База данных «{path.name}» повреждена (проверка копии нашла ошибки): резервная копия "
        "не записана, прежние копии сохранены. Восстановите базу из последней исправной копии.")


def auto_backup(db: Database, today: dt.date | None = None) -> Path | None:
    """Today's automatic copy (once a day), then the rotation of older ones; a damaged
    database raises before anything is rotated."""
    today = today or dt.date.today()
    folder = copies_dir(db.path, database_id(db))
    target = folder / f"auto-{today.isoformat()}.sqlite3"
    made = None
    if not target.exists():
        made = make_backup(db, target)
    rotate(folder, today)
    return made


def _dated(folder: Path) -> list[tuple[dt.date, Path]]:
    """Automatic copies with a valid date in their name; other names are ignored."""
    out = []
    for path in folder.glob("auto-*.sqlite3"):
        m = AUTO_PATTERN.match(path.name)
        if not m or not path.is_file():
            continue
        try:
            out.append((dt.date.fromisoformat(m[1]), path))
        except ValueError:  # auto-2026-13-45.sqlite3: not ours to judge
            continue
    return sorted(out, reverse=True)


def rotate(folder: Path, today: dt.date) -> list[Path]:
    """Remove automatic copies outside the daily/weekly windows, never one of the newest
    KEEP_NEWEST; returns what was removed."""
    copies = _dated(folder)
    keep = {path for _, path in copies[:KEEP_NEWEST]}
    weeks: set[tuple[int, int]] = set()
    for day, path in copies:
        age = (today - day).days
        if age < DAILY_DAYS:
            keep.add(path)
        elif age < WEEKLY_WEEKS * 7:
            week = day.isocalendar()[:2]
            if week not in weeks:
                weeks.add(week)
                keep.add(path)
    removed = []
    for _, path in copies:
        if path not in keep:
            try:
                path.unlink()
            except OSError as exc:
                log.warning("old automatic copy %s not removed: %s", path, exc)
                continue
            removed.append(path)
    return removed


def list_backups(db_path: Path) -> list[Path]:
    """Copies of this database (newest first): those in the folder named with its id, or —
    when the id cannot be read from a damaged file — with its file name."""
    root = backups_dir(db_path)
    if not root.is_dir():
        return []
    db_id = read_database_id(db_path)
    name = re.compile(re.escape(db_path.stem) + r"-[0-9a-f]{16}")
    folders = [d for d in root.iterdir() if d.is_dir() and (
        d.name.endswith(f"-{db_id}") if db_id else name.fullmatch(d.name))]
    copies = [p for d in folders for p in d.glob("*.sqlite3") if p.is_file()]
    return sorted(copies, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


@dataclass(frozen=True)
class CopyInfo:
    """What the user is shown before a restore."""

    path: Path
    made: dt.datetime
    size: int
    sites: int | None


def describe_copy(path: Path) -> CopyInfo:
    """The copy's time, size and number of sites (read-only; None when unreadable)."""
    st = path.stat()
    sites = None
    try:
        with read_only(path) as conn:
            sites = conn.execute("SELECT count(*) FROM site WHERE deleted_at IS NULL").fetchone()[0]
    except sqlite3.DatabaseError:
        pass
    return CopyInfo(path, dt.datetime.fromtimestamp(st.st_mtime), st.st_size, sites)


def check_candidate(path: Path) -> str:
    """Check a file offered for restore; returns its schema revision."""
    if not path.is_file():
        raise DatabaseError(f"Файл «{path}» не найден.")
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise DatabaseError(f"Файл «{path.name}» не является базой данных (это не SQLite).")
    problem = integrity_problem(path)
    if problem:
        log.warning("restore candidate %s: %s", path, problem)
        raise DatabaseError(f"Файл «{path.name}» повреждён (проверка целостности нашла ошибки): "
                            "из него восстановить нельзя. Выберите другую копию.")
    try:
        with read_only(path) as conn:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        revision = None
    if not revision:
        raise DatabaseError(f"Файл «{path.name}» — база SQLite, но не программы «Методист».")
    if revision[0] not in known_revisions():
        raise DatabaseError(f"Файл «{path.name}» создан более новой версией программы "
                            f"(схема {revision[0]}, эта версия знает до {head_revision()}).")
    return revision[0]


def restore(candidate: Path | str, db_path: Path | str, *,
            now: dt.datetime | None = None) -> Path | None:
    """Replace the database's contents with a checked copy; the current contents are kept
    aside (`name.before-restore-STAMP.sqlite3`, returned; None when there was no file).

    Runs under the write lock (waiting for, or refusing beside, another writer of the app).
    The contents are replaced inside one SQLite transaction on the live file — no moment
    without a complete database, no file swapped under another reader, and the aside copy
    is taken under the same write lock, so every committed row is in one of the two files.
    A damaged live file that SQLite cannot change safely is set aside whole instead.
    """
    from desktop.storage.instance import write_lock

    candidate, db_path = Path(candidate), Path(db_path)
    if db_path.exists() and candidate.resolve() == db_path.resolve():
        raise DatabaseError("Нельзя восстановить базу данных из неё самой: выберите копию.")
    revision = check_candidate(candidate)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    tmp = db_path.with_name(db_path.name + ".restore-part")
    with write_lock(db_path):
        aside = _free_name(db_path, f"before-restore-{stamp}")  # never over an earlier one
        try:
            _copy(candidate, tmp)
            if not db_path.exists():
                os.replace(tmp, db_path)
                sync_folder(db_path.parent)
                kept = None
            else:
                kept = aside
                try:
                    _replace_contents(tmp, db_path, aside)
                except (sqlite3.DatabaseError, DamagedDatabaseError) as exc:
                    log.warning("restore in place failed (%s); the damaged file is set aside", exc)
                    _replace_file(tmp, db_path, aside)
        except OSError as exc:
            raise DatabaseError(f"Восстановление не выполнено: {os_error_text(exc)}. "
                                "База данных не изменена.") from None
        finally:
            tmp.unlink(missing_ok=True)
        if revision != head_revision():
            from desktop.storage.db import open_database

            open_database(db_path, create=False).close()  # upgrade the restored copy
    return kept


def _free_name(db_path: Path, tag: str) -> Path:
    """`name.TAG.sqlite3`, or `name.TAG-2.sqlite3`... when two restores share a second."""
    for n in range(1, 10_000):
        suffix = "" if n == 1 else f"-{n}"
        path = db_path.with_name(f"{db_path.stem}.{tag}{suffix}{db_path.suffix}")
        if not path.exists() and not Path(f"{path}-wal").exists():
            return path
    raise DatabaseError("Слишком много копий «before-restore» рядом с базой: уберите лишние.")


def _copy(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    with read_only(source) as src:
        copy_into(src, target)


_ORDER = {"table": 0, "index": 1, "view": 2, "trigger": 3}


def _replace_contents(tmp: Path, db_path: Path, aside: Path) -> None:
    """Inside one write transaction on the live file: snapshot it aside, drop everything,
    copy the candidate's schema and rows, check, commit. A crash before COMMIT leaves the
    file as it was (SQLite discards the unfinished transaction)."""
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=rw", uri=True,
                           isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("ATTACH DATABASE ? AS src", (f"{tmp.resolve().as_uri()}?mode=ro",))
        conn.execute("BEGIN IMMEDIATE")  # from here no one else can commit
        try:
            _step("locked")
            quick_check(conn, db_path)
            _snapshot(db_path, aside)
            _step("aside-written")
            old = conn.execute("SELECT type, name FROM main.sqlite_master "
                               "WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'")
            for kind, name in old.fetchall():
                conn.execute(f'DROP {kind.upper()} main."{name}"')
            new = conn.execute("SELECT type, name, sql FROM src.sqlite_master "
                               "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'").fetchall()
            for kind, name, sql in sorted(new, key=lambda r: _ORDER.get(r[0], 9)):
                conn.execute(sql)
                if kind == "table":
                    conn.execute(f'INSERT INTO main."{name}" SELECT * FROM src."{name}"')
            if conn.execute("SELECT 1 FROM src.sqlite_master WHERE name='sqlite_sequence'"
                            ).fetchone():
                conn.execute("DELETE FROM main.sqlite_sequence")
                conn.execute("INSERT INTO main.sqlite_sequence SELECT * FROM src.sqlite_sequence")
            version = conn.execute("PRAGMA src.user_version").fetchone()[0]
            conn.execute(f"PRAGMA main.user_version={int(version)}")
            _step("copied")
            quick_check(conn, db_path)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        _step("committed")
        busy, _, _ = conn.execute("PRAGMA main.wal_checkpoint(TRUNCATE)").fetchone()
        if busy:  # a reader still sees the old contents: the WAL is folded in later
            log.info("restore: checkpoint deferred by a reader of %s", db_path)
    finally:
        conn.close()


def _snapshot(db_path: Path, aside: Path) -> None:
    """The live file's committed contents into `aside` (a second connection: it reads the
    last commit while the first one holds the write lock)."""
    part = aside.with_name(aside.name + ".part")
    part.unlink(missing_ok=True)
    src = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        copy_into(src, part)
    finally:
        src.close()
    os.replace(part, aside)
    sync_folder(aside.parent)


def _replace_file(tmp: Path, db_path: Path, aside: Path) -> None:
    """For a live file too damaged to change in place: copy it (with its WAL) aside, then
    replace it with one atomic rename. The path always holds a complete file."""
    for suffix in ("", "-wal"):
        src = Path(str(db_path) + suffix)
        if src.exists():
            part = Path(str(aside) + suffix + ".part")
            shutil.copyfile(src, part)
            with part.open("rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(part, Path(str(aside) + suffix))
    sync_folder(aside.parent)
    _step("aside-written")
    for suffix in ("-wal", "-shm"):  # they belong to the damaged file, now kept aside
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    _step("wal-removed")
    os.replace(tmp, db_path)
    sync_folder(db_path.parent)
