"""Helpers shared by the command modules: opening the database, parsing dates, output files."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from desktop.errors import UserError
from desktop.paths import default_db_path
from desktop.storage import Database, open_database


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def open_db(args: argparse.Namespace, *, create: bool = True) -> Database:
    return open_database(db_path(args), create=create)


def parse_date(text: str) -> dt.date:
    """argparse type: ISO (2026-12-25) or Russian (25.12.2026) date."""
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"«{text}» — не дата (ожидается ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)")


@contextlib.contextmanager
def atomic_output(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path`, on error it is
    removed, so a failed export never leaves a half-written file."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"Папка «{folder}» не существует.")
    if not os.access(folder, os.W_OK):
        raise UserError(f"Нет права записи в папку «{folder}».")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        try:
            os.replace(tmp, target)
        except PermissionError:
            raise UserError(
                f"Файл «{target.name}» занят другой программой (возможно, открыт в Excel) "
                "или защищён от записи. Закройте его и повторите."
            ) from None
    finally:
        if tmp.exists():
            tmp.unlink()
