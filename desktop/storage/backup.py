"""Backups with SQLite's online backup API, their rotation, and restoring one safely.

Rotation: every copy of the last 7 days is kept, then one per week for 8 weeks; older
automatic copies are removed. Restoring checks the candidate first (an SQLite file that
passes integrity_check and carries a schema revision this version knows) and keeps the
current file aside, so a restore can itself be undone.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from pathlib import Path

from desktop.errors import DatabaseError
from desktop.paths import backups_dir
from desktop.storage.db import SQLITE_MAGIC, Database, backup_to, head_revision

AUTO_PATTERN = re.compile(r"^auto-(\d{4}-\d{2}-\d{2})\.sqlite3$")
DAILY_DAYS = 7
WEEKLY_WEEKS = 8


def make_backup(db: Database, target: Path | str) -> Path:
    """A consistent copy of the live database (safe while the app is writing)."""
    target = Path(target)
    if target.resolve() == db.path.resolve():
        raise DatabaseError("Резервную копию нельзя записать поверх самой базы данных.")
    try:
        return backup_to(db.engine, target)
    except OSError as exc:
        raise DatabaseError(f"Не удаётся записать резервную копию «{target}»: "
                            f"{exc.strerror}.") from None


def auto_backup(db: Database, today: dt.date | None = None) -> Path | None:
    """Today's automatic copy (once a day) and the rotation of older ones."""
    today = today or dt.date.today()
    folder = backups_dir(db.path)
    target = folder / f"auto-{today.isoformat()}.sqlite3"
    made = None
    if not target.exists():
        made = make_backup(db, target)
    rotate(folder, today)
    return made


def rotate(folder: Path, today: dt.date) -> list[Path]:
    """Remove automatic copies outside the daily/weekly windows; returns what was removed."""
    copies: list[tuple[dt.date, Path]] = []
    for path in folder.glob("auto-*.sqlite3"):
        m = AUTO_PATTERN.match(path.name)
        if m:
            copies.append((dt.date.fromisoformat(m[1]), path))
    keep: set[Path] = set()
    weeks: set[tuple[int, int]] = set()
    for day, path in sorted(copies, reverse=True):
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
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def list_backups(db_path: Path) -> list[Path]:
    folder = backups_dir(db_path)
    return sorted(folder.glob("*.sqlite3"), reverse=True) if folder.is_dir() else []


def check_candidate(path: Path) -> str:
    """Check a file offered for restore; returns its schema revision."""
    if not path.is_file():
        raise DatabaseError(f"Файл «{path}» не найден.")
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise DatabaseError(f"Файл «{path.name}» не является базой данных (это не SQLite).")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise DatabaseError(f"Файл «{path.name}» повреждён: {result}.")
            try:
                revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.DatabaseError:
                revision = None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"Файл «{path.name}» не читается как база данных: {exc}.") from None
    if not revision:
        raise DatabaseError(f"Файл «{path.name}» — база SQLite, но не программы «Методист».")
    from desktop.storage.db import known_revisions

    if revision[0] not in known_revisions():
        raise DatabaseError(f"Файл «{path.name}» создан более новой версией программы "
                            f"(схема {revision[0]}, эта версия знает до {head_revision()}).")
    return revision[0]


def restore(candidate: Path | str, db_path: Path | str, *, now: dt.datetime | None = None) -> Path:
    """Replace the database with a checked copy; the current file is kept aside.

    The caller must have closed every connection to `db_path`. Returns the aside path.
    """
    candidate, db_path = Path(candidate), Path(db_path)
    check_candidate(candidate)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}{db_path.suffix}")
    tmp = db_path.with_name(db_path.name + ".restore-part")
    src = sqlite3.connect(f"file:{candidate}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(tmp)
        try:
            src.backup(dest)
        finally:
            dest.close()
    finally:
        src.close()
    if db_path.exists():
        try:  # fold the current WAL into the file (a damaged file is moved aside as it is)
            conn = sqlite3.connect(db_path)
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            pass
        os.replace(db_path, aside)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.replace(tmp, db_path)
    return aside
