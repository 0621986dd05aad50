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
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from desktop.errors import DatabaseError
from desktop.text import fold

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5000


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.create_function("fold", 1, fold, deterministic=True)
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    return engine


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


_REVISION = re.compile(r'^revision\s*=\s*["\']([^"\']+)["\']', re.M)
_DOWN = re.compile(r'^down_revision\s*=\s*(?:["\']([^"\']+)["\']|None)', re.M)


def _revisions() -> dict[str, str | None]:
    """revision → down_revision, read from the migration files without importing Alembic
    (which costs ~0.4 s of start-up and is only needed when a file must be upgraded)."""
    out: dict[str, str | None] = {}
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(text), _DOWN.search(text)
        if rev:
            out[rev.group(1)] = down.group(1) if down else None
    return out


def known_revisions() -> set[str]:
    return set(_revisions())


def head_revision() -> str:
    revs = _revisions()
    parents = {d for d in revs.values() if d}
    heads = [r for r in revs if r not in parents]
    return heads[0] if len(heads) == 1 else ""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _current(conn)


def _current(conn) -> str | None:  # noqa: ANN001 - a SQLAlchemy connection
    exists = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").first()
    if not exists:
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def check_file(path: Path) -> None:
    """Refuse, with a Russian message, a file that is not an SQLite database."""
    if path.is_dir():
        raise DatabaseError(f"«{path}» — это папка, а не файл базы данных.")
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except PermissionError:
        raise DatabaseError(f"Нет доступа к файлу «{path}»: недостаточно прав.") from None
    except OSError as exc:
        raise DatabaseError(f"Файл «{path}» не читается: {exc.strerror}.") from None
    if head != SQLITE_MAGIC:
        raise DatabaseError(
            f"Файл «{path}» не является базой данных программы (это не файл SQLite). "
            "Откройте другой файл или восстановите резервную копию."
        )


def backup_to(engine: Engine, target: Path) -> Path:
    """Copy the live database into `target` with SQLite's online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(tmp)
        try:
            raw.driver_connection.backup(dest)  # type: ignore[union-attr]
        finally:
            dest.close()
    finally:
        raw.close()
    tmp.replace(target)
    return target


@dataclass
class Database:
    """An open database file: its engine and a session factory."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]

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


def open_database(path: Path | str, *, create: bool = True, upgrade: bool = True) -> Database:
    """Open (creating and migrating as needed) the database at `path`.

    Raises DatabaseError with a Russian message for a file that is not SQLite, from a newer
    version of the app, locked, read-only or in a folder that cannot be written.
    An older file is copied aside (`name.before-REV.sqlite3`) before it is upgraded.
    """
    path = Path(path).expanduser()
    check_file(path)
    if not path.exists():
        if not create:
            raise DatabaseError(f"Файл базы данных «{path}» не найден.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"Не удаётся создать папку «{path.parent}»: {exc.strerror}.") from None
    engine = make_engine(path)
    try:
        _prepare(engine, path, upgrade=upgrade)
    except DatabaseError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        raise translate_error(exc, path) from exc
    return Database(path=path, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


def _prepare(engine: Engine, path: Path, *, upgrade: bool) -> None:
    head = head_revision()
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        known = known_revisions()
        current = _current(conn)
        tables = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type='table'"
        ).scalar_one()
    if current is not None and current not in known:
        raise DatabaseError(
            f"Файл «{path.name}» создан более новой версией программы (схема {current}). "
            "Обновите программу или откройте другой файл; файл не изменён."
        )
    if current is None and tables:
        raise DatabaseError(
            f"Файл «{path.name}» — база данных SQLite, но не программы «Методист». Файл не изменён."
        )
    if current == head or not upgrade:
        return
    if current is not None:
        backup_to(engine, path.with_name(f"{path.stem}.before-{head}{path.suffix}"))
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def translate_error(exc: BaseException, path: Path) -> DatabaseError:
    """A Russian message for the usual ways a file cannot be opened or written."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return DatabaseError(
            f"База данных «{path.name}» занята другой программой (файл заблокирован). "
            "Закройте другую копию программы и повторите."
        )
    if "readonly" in text or "read-only" in text or "attempt to write" in text:
        return DatabaseError(
            f"Файл «{path.name}» открыт только для чтения: изменения невозможны. "
            "Скопируйте его в папку, где есть право записи, или проверьте права доступа."
        )
    if "disk" in text and ("full" in text or "i/o" in text) or "no space" in text:
        return DatabaseError(
            f"Недостаточно места на диске для «{path.name}». Освободите место и повторите; "
            "сохранённые ранее данные не пострадали."
        )
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return DatabaseError(
            f"Файл «{path.name}» повреждён или не является базой данных программы. "
            "Восстановите резервную копию (Файл → Восстановить из копии)."
        )
    if "unable to open" in text:
        return DatabaseError(f"Не удаётся открыть файл «{path}»: нет доступа или папки не существует.")
    return DatabaseError(f"Ошибка базы данных «{path.name}»: {getattr(exc, 'orig', exc)}")


def copy_file(src: Path, dst: Path) -> None:
    shutil.copy2(src, dst)
