"""Helpers shared by the command modules: opening the database, parsing dates, output files."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from pathlib import Path

from desktop.errors import UserError  # noqa: F401  (re-exported for commands)
from desktop.fileio import atomic_output  # noqa: F401
from desktop.paths import default_db_path
from desktop.storage import Database, open_database


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def open_db(args: argparse.Namespace, *, create: bool = False, write: bool = True,
            check: bool = True) -> Database:
    """Open the command's database.

    A missing file is created only by a command that makes one (`create`, e.g. `demo`) or
    when the user asks with `--new`; otherwise a missing file or folder, a zero-byte file
    or a foreign one is a Russian error (exit 2) and nothing is created or changed.
    A writer (`write`, the default: commands are writers unless they say otherwise) holds
    the database's write lock until `db.close()`: it waits for another writing command and
    refuses beside an open window, so a restore never replaces contents under it; it also
    refuses a read-only file. Readers (`write=False`) take no lock and change nothing.
    `check=False` skips the quick integrity check on open (for `check` itself).
    """
    from desktop.storage.checks import check_file

    path = db_path(args)
    create = create or bool(getattr(args, "new", False))
    new = check_file(path, create=create, write=write)
    if not write and not new:
        return open_database(path, create=False, write=False, check=check)
    made = [p for p in (path.parent, *path.parent.parents) if not p.exists()] if new else []
    if made:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from desktop.fileio import os_error_text

            raise UserError(f"Не удаётся создать папку «{path.parent}»: "
                            f"{os_error_text(exc)}.") from None
    from desktop.storage.instance import WRITE_LOCK_WAIT_MS, InstanceLock

    lock = InstanceLock(path)
    try:
        if not lock.acquire(WRITE_LOCK_WAIT_MS):
            raise UserError(lock.busy_message())
        db = open_database(path, create=new, check=check)
    except BaseException:
        lock.release()
        for folder in made:  # a failed --new leaves no empty folders behind
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    db.on_close.append(lock.release)
    return db


def parse_date(text: str) -> dt.date:
    """argparse type: ISO (2026-12-25) or Russian (25.12.2026) date."""
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"«{text}» — не дата (ожидается ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)")
