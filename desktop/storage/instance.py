"""The write lock: one lock file beside the database that every writer of it holds.

QLockFile (QtCore only, no display needed) writes the owner's PID and host, and treats a
lock left by a crashed process as stale, so a crash never locks the user out.
- The window holds it while it runs (one window per database file).
- A CLI command that writes holds it for the whole command (`write_lock`): it waits a few
  seconds for another command to finish and otherwise refuses with a Russian message.
- `restore` holds it while it replaces the contents, so no writer of the app ever works on
  a file whose contents change under it.
Reading commands (deadlines, exports, check, backup) do not take it: SQLite's own locking
lets them read beside a writer, and a restore replaces the contents in one transaction.
The lock is re-entrant within a process: the window's own restore runs under its lock.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QLockFile

from desktop.errors import DatabaseError

# How long a writing command waits for another one before it refuses (milliseconds).
WRITE_LOCK_WAIT_MS = 10_000

_held: dict[Path, int] = {}  # locks held by this process: path -> nesting depth


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _key(db_path: Path | str) -> Path:
    return Path(os.path.abspath(Path(db_path).expanduser()))


def held_here(db_path: Path | str) -> bool:
    """Whether this process already holds the write lock of `db_path`."""
    return _held.get(_key(db_path), 0) > 0


class InstanceLock:
    def __init__(self, db_path: Path | str) -> None:
        self.db_path = _key(db_path)
        self.lock = QLockFile(str(lock_path(self.db_path)))
        self.lock.setStaleLockTime(0)  # stale only when the owning process is gone
        self._mine = False

    def acquire(self, wait_ms: int = 100) -> bool:
        """Take the lock (waiting up to `wait_ms`); True if this process now holds it."""
        if held_here(self.db_path):
            _held[self.db_path] += 1
            self._mine = True
            return True
        if not self.db_path.parent.is_dir():
            raise DatabaseError(f"Папка «{self.db_path.parent}» не существует.")
        if not self.lock.tryLock(wait_ms):
            error = self.lock.error()
            if error == QLockFile.LockError.PermissionError:
                raise DatabaseError(
                    f"Нет права записи в папку «{self.db_path.parent}»: база данных "
                    f"«{self.db_path.name}» доступна только для чтения.")
            if error == QLockFile.LockError.UnknownError:
                raise DatabaseError(
                    f"Не удаётся создать файл блокировки «{lock_path(self.db_path).name}» "
                    "рядом с базой данных: на диске нет места или диск недоступен. "
                    "Ничего не изменено.")
            return False
        _held[self.db_path] = 1
        self._mine = True
        return True

    def owner_pid(self) -> int | None:
        info = self.lock.getLockInfo()  # PySide6: (pid, host, app), or a leading ok flag
        values = [v for v in info if isinstance(v, int) and not isinstance(v, bool)]
        return values[0] if values and values[0] > 0 else None

    def release(self) -> None:
        if not self._mine:
            return
        self._mine = False
        depth = _held.get(self.db_path, 0) - 1
        if depth > 0:
            _held[self.db_path] = depth
            return
        _held.pop(self.db_path, None)
        self.lock.unlock()

    def busy_message(self) -> str:
        pid = self.owner_pid()
        return (f"База данных «{self.db_path.name}» сейчас изменяется другой программой "
                f"«Методист»{f' (процесс {pid})' if pid else ''}: открыто её окно или "
                "выполняется другая команда. Закройте окно или дождитесь окончания команды "
                "и повторите; ничего не изменено.")

    def __enter__(self) -> InstanceLock:
        if not self.acquire():
            pid = self.owner_pid()
            raise DatabaseError(
                f"База данных «{self.db_path.name}» уже открыта в программе «Методист»"
                + (f" (процесс {pid})" if pid else "")
                + ". Закройте её окно и повторите.")
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextlib.contextmanager
def write_lock(db_path: Path | str, wait_ms: int | None = None) -> Iterator[InstanceLock]:
    """Hold the database's write lock; waits for another writer, then refuses in Russian."""
    lock = InstanceLock(db_path)
    if not lock.acquire(WRITE_LOCK_WAIT_MS if wait_ms is None else wait_ms):
        raise DatabaseError(lock.busy_message())
    try:
        yield lock
    finally:
        lock.release()
