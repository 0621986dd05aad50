"""Storage: the SQLite file, its connection settings and Alembic migrations."""

from desktop.storage.db import Database, backup_to, open_database

__all__ = ["Database", "backup_to", "open_database"]
