"""The schema revisions this version knows, read from the migration files.

Kept apart from `desktop.storage.db` so that start-up can compare a file's revision with
the head without importing SQLAlchemy or Alembic (~1 s together).
"""

from __future__ import annotations

import re
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

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
