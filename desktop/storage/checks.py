"""What is checked about a database file before anything is changed in it.

`check_file` looks at the file from outside (folder, size, the SQLite header, write
permission); `inspect` reads its schema revision without writing; `quick_check` runs
SQLite's `PRAGMA quick_check` (every page and b-tree is walked, index contents are not
compared with their tables). Measured: 0.25 s at 10 000 sites (155 MB), 5.5 s at 100 000
(1.5 GB, warm cache; 33 s cold). So on open a file up to FULL_CHECK_MAX_BYTES is checked
whole, a larger one by a sample: its tables in random order, each with its indexes, until
SAMPLE_BUDGET_S is spent. Every copy (automatic or not) gets the full `integrity_check`,
which is the daily backstop. Every refusal is a DatabaseError with a Russian sentence that
says the file was not changed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.errors import DatabaseError
from desktop.fileio import os_error_text

SQLITE_MAGIC = b"SQLite format 3\x00"
UNCHANGED = "Файл не изменён."
FULL_CHECK_MAX_BYTES = 256 * 1024 * 1024
SAMPLE_BUDGET_S = 1.0
log = logging.getLogger("metodist")


class DamagedDatabaseError(DatabaseError):
    """The file is an SQLite database of the app, but its pages are damaged."""


def writable(path: Path) -> bool:
    """Whether the file (and its folder, where SQLite keeps the -wal and -shm files) can be
    written by this user."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _links(path: Path) -> int:
    try:
        return os.stat(path).st_nlink
    except OSError:
        return 1


def check_file(path: Path, *, create: bool = False, write: bool = True) -> bool:
    """Refuse what cannot be our database; returns True when the file is to be created.

    A missing file is created only with `create`; a missing folder, a zero-byte file, a
    file that is not SQLite and (for a writer) a read-only file are refused.
    """
    if path.is_dir():
        raise DatabaseError(f"«{path}» — это папка, а не файл базы данных.")
    folder = path.parent if str(path.parent) else Path(".")
    if not path.exists():
        if not folder.is_dir() and not create:
            raise DatabaseError(f"Папка «{folder}» не существует: проверьте путь к базе данных "
                                f"«{path.name}».")
        if not create:
            raise DatabaseError(
                f"Файл базы данных «{path}» не найден. Проверьте путь; новая база создаётся "
                "только по просьбе: metodist --new --db ПУТЬ (или первый запуск окна).")
        return True
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseError(f"Файл «{path}» не читается: {os_error_text(exc)}.") from None
    if size == 0:
        raise DatabaseError(
            f"Файл «{path.name}» пуст (0 байт): это не база данных — вероятно, запись была "
            "прервана. Восстановите резервную копию или укажите другой файл. " + UNCHANGED)
    if head != SQLITE_MAGIC:
        raise DatabaseError(
            f"Файл «{path}» не является базой данных программы (это не файл SQLite). "
            "Откройте другой файл или восстановите резервную копию. " + UNCHANGED)
    if size and _links(path) > 1:
        raise DatabaseError(
            f"У файла «{path.name}» есть другие имена (жёсткие ссылки, {_links(path)} шт.): "
            "SQLite ведёт журнал каждого имени отдельно, и записи через одно имя теряются при "
            "открытии через другое. Скопируйте файл (не ссылкой) и откройте копию. " + UNCHANGED)
    if write and not writable(path):
        raise DatabaseError(
            f"Файл «{path.name}» доступен только для чтения (или нет права записи в его папку): "
            "изменения невозможны. Проверьте права доступа или скопируйте файл в папку, где "
            "есть право записи. " + UNCHANGED)
    return False


def inspect(conn: sqlite3.Connection, path: Path, known: set[str]) -> str:
    """The file's schema revision; refuses a foreign, newer or unidentified file (an SQLite
    file with no revision of ours — even an empty one — is not ours to turn into a
    database). Reads only, on a DB-API connection."""
    try:
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone() \
            if exists else None
    except sqlite3.Error as exc:
        raise translate_error(exc, path) from None
    current = row[0] if row else None
    if current is not None and current not in known:
        raise DatabaseError(
            f"Файл «{path.name}» создан более новой версией программы (схема {current}). "
            "Обновите программу или откройте другой файл. " + UNCHANGED)
    if current is None:
        raise DatabaseError(
            f"Файл «{path.name}» — база данных SQLite, но не программы «Методист» (в нём нет "
            "её схемы). " + UNCHANGED)
    return str(current)


def identify(path: Path, known: set[str], *, check: bool) -> str:
    """Everything decided before the file is opened for writing, on a read-only connection
    (so a foreign, newer or damaged file — and its -wal — is left exactly as it was): its
    revision (`inspect`), its pages (`quick_check`) and, after a crash, whether the -wal
    beside it is its own. Returns the revision."""
    wal = Path(f"{path}-wal")
    pending = wal.is_file() and wal.stat().st_size > 0
    frozen = not writable(path) and not pending
    try:
        with read_only(path, immutable=frozen) as conn:
            if pending:
                _wal_is_its_own(conn, path)
            current = inspect(conn, path, known)
            if check:
                try:
                    quick_check(conn, path, sample=True)
                except DamagedDatabaseError:
                    if pending and _sound_without_wal(path):
                        raise _foreign_wal(path) from None
                    raise
    except sqlite3.Error as exc:
        if pending and _sound_without_wal(path):
            raise _foreign_wal(path) from None
        raise translate_error(exc, path) from None
    return current


def _wal_is_its_own(conn: sqlite3.Connection, path: Path) -> None:
    """A -wal carried from another database (a copied file dropped beside an old -wal)
    would be applied to it page by page: the database id read with the -wal and without it
    must be the same."""
    from desktop.storage.identity import KEY

    def read(c: sqlite3.Connection) -> str | None:
        try:
            row = c.execute("SELECT value FROM setting WHERE key = ?", (KEY,)).fetchone()
        except sqlite3.Error:
            return "?"
        return row[0] if row else None

    with_wal = read(conn)
    with read_only(path, immutable=True) as bare:
        without = read(bare)
    if without is not None and with_wal != without:
        raise _foreign_wal(path)


def _sound_without_wal(path: Path) -> bool:
    try:
        with read_only(path, immutable=True) as bare:
            return [r[0] for r in bare.execute("PRAGMA quick_check(1)")] == ["ok"]
    except sqlite3.Error:
        return False


def _foreign_wal(path: Path) -> DatabaseError:
    return DatabaseError(
        f"Файл журнала «{path.name}-wal» рядом с базой «{path.name}» — не от этой базы данных "
        "(остался от другой базы или от прежней копии файла): применить его — значит испортить "
        "базу. Перенесите «-wal» и «-shm» в другую папку и откройте базу снова. " + UNCHANGED)


def quick_check(conn: Any, path: Path, *, sample: bool = False) -> None:
    """Refuse a damaged file (`PRAGMA quick_check`); `conn` is a SQLAlchemy or DB-API one.
    With `sample`, a file over FULL_CHECK_MAX_BYTES is checked table by table in random
    order within SAMPLE_BUDGET_S."""
    raw = getattr(getattr(conn, "connection", None), "driver_connection", conn)
    if sample and path.stat().st_size > FULL_CHECK_MAX_BYTES:
        _sampled_check(raw, path)
        return
    try:
        rows = [r[0] for r in raw.execute("PRAGMA quick_check(5)").fetchall()]
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc)) from None
    if rows != ["ok"]:
        raise _damaged(path, "; ".join(rows))


def _sampled_check(raw: sqlite3.Connection, path: Path) -> None:
    deadline = time.monotonic() + SAMPLE_BUDGET_S
    try:
        tables = [r[0] for r in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc)) from None
    random.shuffle(tables)
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    checked = []
    try:
        for name in tables:
            try:
                rows = [r[0] for r in raw.execute(f'PRAGMA quick_check("{name}")').fetchall()]
            except sqlite3.OperationalError as exc:
                if "interrupt" in str(exc).lower():
                    break  # the budget is spent: the rest waits for another open
                raise _damaged(path, str(exc)) from None
            except sqlite3.DatabaseError as exc:
                raise _damaged(path, str(exc)) from None
            if rows != ["ok"]:
                raise _damaged(path, "; ".join(rows))
            checked.append(name)
    finally:
        raw.set_progress_handler(None, 0)
    log.info("sampled check of %s: %d of %d tables whole", path, len(checked), len(tables))


def _damaged(path: Path, detail: str) -> DamagedDatabaseError:
    log.warning("quick_check of %s: %s", path, detail[:500])
    return DamagedDatabaseError(
        f"База данных «{path.name}» повреждена: проверка целостности нашла ошибки в файле. "
        "Восстановите её из резервной копии. " + UNCHANGED)


@contextlib.contextmanager
def read_only(path: Path, *, immutable: bool = False) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a file that is not open in the app (a copy, a candidate
    for restore, a damaged database). SQLite creates -wal/-shm beside a file in WAL mode
    even for a read-only connection; those it created, still empty, are removed after.
    `immutable`: the file alone, as it is on disk (no -wal read, nothing made beside it)."""
    sidecars = [Path(f"{path}{s}") for s in ("-wal", "-shm")]
    existed = [p.exists() for p in sidecars]
    mode = "ro&immutable=1" if immutable else "ro"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
    try:
        yield conn
    finally:
        conn.close()
        wal, shm = sidecars
        if not existed[0] and wal.exists() and wal.stat().st_size == 0:
            with contextlib.suppress(OSError):
                wal.unlink()
                if not existed[1]:
                    shm.unlink(missing_ok=True)


def integrity_problem(path: Path) -> str | None:
    """`PRAGMA integrity_check` of a closed file opened read-only (a backup copy); None
    when it is sound, else the first problems found."""
    try:
        with read_only(path) as conn:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check(5)").fetchall()]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(rows)[:200]


def is_storage_error(exc: BaseException) -> bool:
    """An error of the file rather than a bug: locked, read-only, full disk (SQLite's
    OperationalError, through SQLAlchemy or not) or damaged pages met while reading."""
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, sqlite3.OperationalError):
        return True
    text = str(orig).lower()
    return isinstance(orig, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text)


def translate_error(exc: BaseException, path: Path) -> DatabaseError:
    """A Russian message for the usual ways a file cannot be opened or written."""
    if isinstance(exc, DatabaseError):
        return exc
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, OSError):
        return DatabaseError(f"Файл «{path.name}»: {os_error_text(orig)}.")
    text = str(orig).lower()
    if "locked" in text or "busy" in text:
        return DatabaseError(
            f"База данных «{path.name}» занята другой программой (файл заблокирован). "
            "Закройте другую копию программы и повторите.")
    if "readonly" in text or "read-only" in text or "attempt to write" in text:
        return DatabaseError(
            f"Файл «{path.name}» открыт только для чтения: изменения невозможны. "
            "Скопируйте его в папку, где есть право записи, или проверьте права доступа.")
    if "disk" in text and ("full" in text or "i/o" in text) or "no space" in text:
        return DatabaseError(
            f"Недостаточно места на диске для «{path.name}» или диск неисправен. Освободите "
            "место и повторите; сохранённые ранее данные не пострадали.")
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return DamagedDatabaseError(
            f"Файл «{path.name}» повреждён или не является базой данных программы. "
            "Восстановите резервную копию (Файл → Восстановить из копии).")
    if "unable to open" in text:
        return DatabaseError(
            f"Не удаётся открыть файл «{path}»: нет доступа или папки не существует.")
    log.warning("database error on %s: %r", path, orig)
    return DatabaseError(f"Ошибка базы данных «{path.name}»: операция не выполнена "
                         "(подробности в журнале программы). Сохранённые данные не изменены.")
