"""One program per database file: a lock file beside the database.

QLockFile (QtCore only, no display needed) writes the owner's PID and host, and treats a
lock left by a crashed process as stale, so a crash never locks the user out. The window
holds the lock while it runs; `restore` takes it too, so a file is never replaced under a
running window. Other CLI commands rely on SQLite's own locking (WAL plus busy timeout):
two writers wait for each other and never corrupt the file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from desktop.errors import DatabaseError


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    def __init__(self, db_path: Path | str) -> None:
        self.db_path = Path(db_path).resolve()
        self.lock = QLockFile(str(lock_path(self.db_path)))
        self.lock.setStaleLockTime(0)  # stale only when the owning process is gone

    def acquire(self) -> bool:
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        return self.lock.tryLock(100)

    def owner_pid(self) -> int | None:
        info = self.lock.getLockInfo()  # PySide6: (pid, host, app), or a leading ok flag
        values = [v for v in info if isinstance(v, int) and not isinstance(v, bool)]
        return values[0] if values and values[0] > 0 else None

    def release(self) -> None:
        self.lock.unlock()

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
