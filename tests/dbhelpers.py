"""Reading a database file back in tests: its rows, its bytes' hash, its organisations."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path


def dump(path: Path) -> dict[str, list]:
    with closing(sqlite3.connect(path)) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def names(path: Path) -> set[str]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return {r[0] for r in conn.execute("SELECT short_name FROM organisation")}
