"""Storage: the SQLite file, its connection settings and Alembic migrations.

`Database`, `open_database` and `backup_to` are imported on first use: the window's start-up
imports `desktop.storage.instance` and `desktop.storage.revisions` before it needs SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.storage.db import Database, backup_to, open_database

__all__ = ["Database", "backup_to", "open_database"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from desktop.storage import db

        return getattr(db, name)
    raise AttributeError(f"module 'desktop.storage' has no attribute {name!r}")
