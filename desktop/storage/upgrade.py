"""Schema changes that a crash cannot leave half done.

- `migrate`: every pending migration runs in ONE SQLite transaction (SQLite's DDL is
  transactional; the pysqlite driver only needs to be told not to commit before each
  statement), so a file killed mid-upgrade opens afterwards at its old revision, rows and
  all, and the next start simply upgrades it again.
- `keep_before_copy`: the copy `name.before-REV.sqlite3` is written once, checked with
  `integrity_check`, and kept: a retry finds it sound and at the file's revision and
  never overwrites it (a copy it cannot trust is left and a new one is written beside).
- `create_new`: a new database is built in `name.new-part` beside the target and appears
  under its name only when complete, so a crash during creation leaves no half-made file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.pool import StaticPool

from desktop.errors import DatabaseError
from desktop.fileio import sync_file, sync_folder
from desktop.storage.checks import UNCHANGED, integrity_problem, read_only

log = logging.getLogger("metodist")


def migrate(path: Path, *, timeout_s: float = 5.0) -> None:
    """Upgrade the file to the head revision in one transaction (all or nothing).

    Foreign keys are switched off for the connection (outside the transaction, as SQLite
    requires) because Alembic's batch mode copies and drops whole tables; the transaction
    commits only when `PRAGMA foreign_key_check` finds no more problems than before."""
    from alembic import command

    from desktop.storage.db import alembic_config, on_connect

    raw = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True,
                          isolation_level=None, check_same_thread=False, timeout=timeout_s)
    on_connect(raw, None)
    raw.execute("PRAGMA foreign_keys=OFF")
    engine = create_engine("sqlite+pysqlite://", creator=lambda: raw, poolclass=StaticPool)

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # noqa: ANN001 - a SQLAlchemy connection
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # the whole upgrade is one write transaction

    try:
        with engine.begin() as conn:
            before = len(conn.exec_driver_sql("PRAGMA foreign_key_check").all())
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            after = len(conn.exec_driver_sql("PRAGMA foreign_key_check").all())
            if after > before:
                raise DatabaseError(
                    f"Обновление схемы базы «{path.name}» нарушило бы связи между записями "
                    f"({after - before}): оно отменено. " + UNCHANGED)
    finally:
        engine.dispose()
        raw.close()


def _revision_of(path: Path) -> str | None:
    try:
        with read_only(path) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def keep_before_copy(engine, path: Path, current: str, head: str) -> Path:  # noqa: ANN001
    """The file as it is before the upgrade, beside it: `name.before-HEAD.sqlite3`.

    A copy already there from an earlier, interrupted attempt is kept when it is sound and
    at the file's revision (the atomic upgrade left the file unchanged since); otherwise a
    new copy is written under a free name — an existing copy is never overwritten."""
    from desktop.storage.db import backup_to

    for n in range(1, 100):
        copy = path.with_name(f"{path.stem}.before-{head}{'' if n == 1 else f'-{n}'}"
                              f"{path.suffix}")
        if not copy.exists():
            break
        if integrity_problem(copy) is None and _revision_of(copy) == current:
            return copy
    else:
        raise DatabaseError(f"Рядом с базой «{path.name}» слишком много копий «before-{head}»: "
                            "уберите лишние. " + UNCHANGED)
    backup_to(engine, copy)
    problem = integrity_problem(copy)
    if problem:
        log.warning("before-upgrade copy %s: %s", copy, problem)
        copy.unlink(missing_ok=True)
        raise DatabaseError(
            f"Копия базы «{path.name}» перед обновлением не прошла проверку целостности: "
            "обновление не выполнено. Восстановите базу из резервной копии. " + UNCHANGED)
    return copy


def part_path(path: Path) -> Path:
    return path.with_name(path.name + ".new-part")


def create_new(path: Path) -> bool:
    """Build a new database at `path` (under its write lock): made and migrated in a
    temporary file beside it, then given its name. False when a file appeared at `path`
    meanwhile (it is then opened as any other file, never replaced)."""
    from desktop.storage.instance import write_lock

    part = part_path(path)
    with write_lock(path):
        if path.exists():
            return False
        for suffix in ("", "-journal", "-wal", "-shm"):  # left by an interrupted creation
            Path(f"{part}{suffix}").unlink(missing_ok=True)
        try:
            sqlite3.connect(part).close()  # an empty file, in rollback-journal mode
            migrate(part)
            sync_file(part)
            _place(part, path)
        finally:
            for suffix in ("", "-journal", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    Path(f"{part}{suffix}").unlink(missing_ok=True)
    return True


def _place(part: Path, path: Path) -> None:
    """Give the finished file its name without ever replacing a file there (a hard link
    where the disk has them; otherwise a rename after a last look)."""
    try:
        os.link(part, path)
    except FileExistsError:
        return
    except OSError:  # FAT/exFAT USB sticks have no hard links
        if path.exists():
            return
        os.replace(part, path)
    sync_folder(path.parent if str(path.parent) else Path("."))
