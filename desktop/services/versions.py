"""Several users on one database: record versions and write serialisation.

A card carries the `version` of its record (`desktop.models.base.Versioned`) from opening
to saving. `check_version` refuses a save over a record changed meanwhile, naming who
changed it and when (the latest audit row); the ORM's own version check in the UPDATE's
WHERE clause catches the change that lands between this check and the write
(`StaleDataError`, turned into the same refusal by `refused_if_stale`).

`serialise_writes` makes a check-then-write (the next registry number, the one active
site of a kind) atomic against other connections: SQLite takes its write lock
(`BEGIN IMMEDIATE`), PostgreSQL one transaction-scoped advisory lock.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.errors import UserError
from desktop.models import AuditLog
from desktop.storage import Database

T = TypeVar("T")

# pg_advisory_xact_lock key of the app's writes that must not interleave ("МЕТО")
ADVISORY_KEY = 0x4D45544F


class ConflictError(UserError):
    """A save over a record another user changed since it was opened; nothing written."""

    def __init__(self, message: str, *, entity: str, entity_id: int,
                 current: int | None = None) -> None:
        super().__init__(message)
        self.entity, self.entity_id, self.current = entity, entity_id, current


def _local(at: dt.datetime) -> str:
    return at.replace(tzinfo=dt.UTC).astimezone().strftime("%d.%m.%Y %H:%M")


def conflict_message(s: Session, entity: str, entity_id: int) -> str:
    """«Запись изменена другим пользователем (кто, когда)» from the record's latest audit
    row (the audit is written in the same transaction as every change)."""
    row = s.execute(select(AuditLog.os_user, AuditLog.at).where(
        AuditLog.entity == entity, AuditLog.entity_id == entity_id)
        .order_by(AuditLog.id.desc()).limit(1)).first()
    who = (row.os_user or "неизвестно") if row else "неизвестно"
    when = _local(row.at) if row else "время неизвестно"
    return f"Запись изменена другим пользователем ({who}, {when})."


def check_version(s: Session, entity: str, record: object, expected: int | None) -> None:
    """Refuse when the record's version is no longer `expected` (None: not checked)."""
    current = record.version  # type: ignore[attr-defined]
    if expected is not None and current != expected:
        record_id = record.id  # type: ignore[attr-defined]
        raise ConflictError(conflict_message(s, entity, record_id), entity=entity,
                            entity_id=record_id, current=current)


@contextlib.contextmanager
def refused_if_stale(db: Database, entity: str, entity_id: int | None) -> Iterator[None]:
    """Turn the ORM's version check failing at flush or commit into a ConflictError."""
    try:
        yield
    except StaleDataError:
        if entity_id is None:
            raise
        with db.session() as s:
            message = conflict_message(s, entity, entity_id)
        raise ConflictError(message, entity=entity, entity_id=entity_id) from None


def serialise_writes(s: Session) -> None:
    """From here to the commit no other connection writes: what this transaction reads
    next is what it writes over. Call it before the read a write depends on.

    SQLite: `BEGIN IMMEDIATE` when the transaction has not written yet (pysqlite begins
    one only at the first INSERT/UPDATE, so the reads before it saw no snapshot); once it
    has written it already holds the write lock. PostgreSQL: an advisory lock held until
    the transaction ends."""
    conn = s.connection()
    if conn.dialect.name == "sqlite":
        raw = conn.connection.driver_connection
        if raw is not None and not raw.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_KEY})


def differences(original: Any, mine: Any, current: Any,
                fields: Sequence[str]) -> list[tuple[str, Any, Any, Any]]:
    """(field, as opened, as typed, as in the database now) of each field that either the
    user or the other user changed."""
    return [(f, getattr(original, f), getattr(mine, f), getattr(current, f)) for f in fields
            if getattr(mine, f) != getattr(original, f)
            or getattr(current, f) != getattr(original, f)]


def rebase(original: T, mine: T, current: T, fields: Sequence[str]) -> T:
    """What the card shows after «Загрузить заново»: the record as it is now, with every
    field the user changed kept as typed (nothing typed is lost), on the current version."""
    kept = {f: getattr(mine, f) for f in fields if getattr(mine, f) != getattr(original, f)}
    return dataclasses.replace(current, **kept)  # type: ignore[type-var]
