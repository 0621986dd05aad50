"""Helpers shared by the command modules: opening the database, parsing dates, output files."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from desktop.errors import UserError  # noqa: F401  (re-exported for commands)
from desktop.fileio import atomic_output  # noqa: F401
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
