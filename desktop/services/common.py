"""Small shared pieces of every service: the OS user, history rows, audit rows, settings."""

from __future__ import annotations

import datetime as dt
import getpass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import AuditLog, Setting, StatusHistory


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (service account, container)
        return "неизвестно"


def today() -> dt.date:
    return dt.date.today()


def add_history(
    s: Session,
    *,
    event: str,
    on: dt.date | None = None,
    site_id: int | None = None,
    application_id: int | None = None,
    from_status: str = "",
    to_status: str = "",
    ground_code: str = "",
    ground_text: str = "",
    decision_id: int | None = None,
    order_id: int | None = None,
    note: str = "",
) -> StatusHistory:
    """Append one history row (history is never rewritten)."""
    row = StatusHistory(
        site_id=site_id, application_id=application_id, happened_on=on or today(), event=event,
        from_status=from_status, to_status=to_status, ground_code=ground_code,
        ground_text=ground_text, decision_id=decision_id, order_id=order_id, note=note,
        os_user=os_user(),
    )
    s.add(row)
    return row


def audit(
    s: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    site_id: int | None = None,
) -> None:
    """Record who changed what (action: create | update | delete | restore)."""
    s.add(AuditLog(os_user=os_user(), action=action, entity=entity, entity_id=entity_id,
                   site_id=site_id, summary=summary, changes=changes or {}))


# Centre details printed on certificates and exports; edited once in the settings dialog.
CENTRE_DEFAULTS: dict[str, Any] = {
    "centre.name": "Муниципальное бюджетное учреждение «Информационно-методический центр»",
    "centre.short_name": "МБУ ИМЦ",
    "centre.head_name": "",
    "centre.head_position": "Директор",
    "centre.city": "",
    "centre.logo_attachment_id": None,
}


def get_setting(s: Session, key: str, default: Any = None) -> Any:
    row = s.get(Setting, key)
    if row is not None:
        return row.value
    return CENTRE_DEFAULTS.get(key, default)


def set_setting(s: Session, key: str, value: Any) -> None:
    row = s.get(Setting, key)
    if row is None:
        s.add(Setting(key=key, value=value))
    else:
        row.value = value


def all_settings(s: Session, prefix: str = "") -> dict[str, Any]:
    values = {k: v for k, v in CENTRE_DEFAULTS.items() if k.startswith(prefix)}
    for row in s.scalars(select(Setting).where(Setting.key.startswith(prefix))):
        values[row.key] = row.value
    return values


def next_number(s: Session, counter: str, *, year: int | None = None, width: int = 0) -> int:
    """Next value of a named counter kept in settings (registration and справка numbers)."""
    key = f"counter.{counter}" + (f".{year}" if year else "")
    value = int(get_setting(s, key, 0) or 0) + 1
    set_setting(s, key, value)
    return value
