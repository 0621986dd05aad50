"""Opening the one SQLite file: checks, connection settings, migrations, sessions.

Connection settings, chosen for "nothing lost on a crash" on one office PC:
- journal_mode=WAL: readers never block the writer, and a crash mid-write leaves the
  previous committed state intact (the WAL is replayed or discarded on next open);
- synchronous=FULL: every commit is fsynced to the WAL before it returns, so a power cut
  loses no committed transaction (NORMAL could lose the last ones in WAL mode);
- foreign_keys=ON: SQLite ignores FOREIGN KEY clauses without it;
- busy_timeout=5000 ms: a short wait instead of an immediate "database is locked" when
  a backup or a second reader holds a lock.
`fold(text)` is registered on every connection: the one search-folding function
(`desktop.text.fold`) used by queries and in-memory filters alike.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from desktop.errors import DatabaseError
from desktop.fileio import durable_replace, os_error_text
from desktop.storage.checks import (
    UNCHANGED,
    check_file,
    identify,
    translate_error,  # noqa: F401 - callers import it from here
    writable,
)
from desktop.storage.revisions import MIGRATIONS_DIR, head_revision, known_revisions
from desktop.text import fold

if TYPE_CHECKING:
    from alembic.config import Config

BUSY_TIMEOUT_MS = 5000


def on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.create_function("fold", 1, fold, deterministic=True)
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def make_engine(path: Path, *, create: bool = True, immutable: bool = False) -> Engine:
    """An engine on the file; without `create` a vanished file is an error on (re)connect,
    never a new empty database (SQLite's `mode=rw` instead of `rwc`). `immutable`: a
    read-only file with no WAL content is read as it is, with no -wal/-shm made beside it."""
    mode = "ro&immutable=1" if immutable else ("rwc" if create else "rw")
    uri = f"{Path(path).absolute().as_uri()}?mode={mode}"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    engine = create_engine("sqlite+pysqlite://", creator=connect, poolclass=QueuePool,
                           future=True)
    event.listen(engine, "connect", on_connect)
    return engine


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def backup_to(engine: Engine, target: Path) -> Path:
    """Copy the live database into `target` with SQLite's online backup API (a consistent
    snapshot even while another connection writes); `target` appears only when complete."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)  # a part left by an interrupted copy
    raw = engine.raw_connection()
    try:
        copy_into(raw.driver_connection, tmp)  # type: ignore[arg-type]
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        raw.close()
    durable_replace(tmp, target)
    return target


def copy_into(source: sqlite3.Connection, target: Path) -> None:
    """SQLite's backup API from an open connection into a new single file (rollback
    journal, so the copy carries no -wal/-shm beside it)."""
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()


@dataclass
class Database:
    """An open database file: its engine and a session factory."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    on_close: list[Callable[[], None]] = field(default_factory=list)  # e.g. the write lock

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One short session per user operation; commit is the caller's (`s.commit()`)."""
        with self.sessions() as s:
            yield s

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed as one transaction (rolled back on error)."""
        with self.sessions.begin() as s:
            yield s

    def close(self) -> None:
        self.engine.dispose()
        while self.on_close:
            self.on_close.pop()()


def open_database(path: Path | str, *, create: bool = True, upgrade: bool = True,
                  write: bool = True, check: bool = True) -> Database:
    """Open the database at `path`, creating it only with `create` on a missing path.

    Nothing in the file changes until it is identified on a read-only connection
    (`checks.identify`) as an SQLite database of this app at a revision this version knows
    that (with `check`) passes `PRAGMA quick_check` and whose -wal is its own: a foreign,
    newer, unidentified (even empty), damaged, hard-linked, zero-byte or — for a writer —
    read-only file is refused with a Russian DatabaseError. Only then is it switched to WAL
    and, if older, upgraded in one transaction (a copy `name.before-REV.sqlite3` is kept).
    A new file is built beside and renamed when complete (`upgrade.create_new`). A reader
    (`write=False`) changes nothing unless the file must be upgraded, which it does under
    the write lock.
    """
    from desktop.storage.upgrade import create_new

    path = Path(path).expanduser()
    if check_file(path, create=create, write=write):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"Не удаётся создать папку «{path.parent}»: "
                                f"{os_error_text(exc)}.") from None
        try:
            if not create_new(path):
                check_file(path, write=write)  # made meanwhile by another program
        except OSError as exc:
            raise DatabaseError(f"Новая база данных «{path.name}» не создана: "
                                f"{os_error_text(exc)}.") from None
        except sqlite3.Error as exc:
            raise translate_error(exc, path) from exc
    try:
        current = identify(path, known_revisions(), check=check)
    except sqlite3.Error as exc:
        raise translate_error(exc, path) from exc
    wal = Path(f"{path}-wal")
    frozen = (not write and not writable(path)
              and (not wal.exists() or wal.stat().st_size == 0))
    engine = make_engine(path, create=False, immutable=frozen)
    try:
        _prepare(engine, path, current, upgrade=upgrade, write=write)
    except BaseException as exc:
        engine.dispose()
        if isinstance(exc, DatabaseError) or not isinstance(exc, Exception):
            raise
        raise translate_error(exc, path) from exc
    return Database(path=path, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


def _prepare(engine: Engine, path: Path, current: str, *, upgrade: bool, write: bool) -> None:
    head = head_revision()
    if write:
        _wal(engine)
    if current == head or not upgrade:
        return
    if not writable(path):
        raise DatabaseError(
            f"Файл «{path.name}» создан прежней версией программы и доступен только для "
            "чтения: обновить его нельзя. Скопируйте его в папку с правом записи. " + UNCHANGED)
    from desktop.storage.instance import write_lock
    from desktop.storage.upgrade import keep_before_copy, migrate

    with write_lock(path):
        _wal(engine)
        keep_before_copy(engine, path, current, head)
        engine.dispose()  # the upgrade runs on a connection of its own
        migrate(path, timeout_s=BUSY_TIMEOUT_MS / 1000)


def _wal(engine: Engine) -> None:
    with engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode=WAL").scalar()
    if str(mode).lower() != "wal":
        raise DatabaseError("Не удаётся перевести базу данных в режим журнала WAL "
                            f"(режим «{mode}»): файл занят другой программой "
                            "или только для чтения.")


def copy_file(src: Path, dst: Path) -> None:
    shutil.copy2(src, dst)
