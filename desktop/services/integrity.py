"""`metodist check`: SQLite's integrity and foreign-key checks plus the app's own rules."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from sqlalchemy import func, select, text

from desktop.models import Application, Blob, Decision, Site, StatusHistory
from desktop.storage import Database

STATUS_EVENTS = ("assigned", "extended", "removed", "completed", "status_changed", "created")


def check_database(db: Database, today: dt.date | None = None) -> list[str]:
    """Problems found, as Russian sentences (an empty list means the file is sound)."""
    today = today or dt.date.today()
    problems: list[str] = []
    with db.engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:  # SQLite's own (English) lines go to the log
            logging.getLogger("metodist").warning("integrity_check: %s", "; ".join(rows[:50]))
            problems.append(f"Файл базы данных повреждён: проверка целостности SQLite нашла "
                            f"ошибок: {len(rows)} (подробности в журнале программы). "
                            "Восстановите базу из последней исправной резервной копии.")
        fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        for table, rowid, parent, _ in fk[:20]:
            problems.append(f"Таблица {table}, строка {rowid}: ссылка на несуществующую "
                            f"запись в {parent}.")
        if len(fk) > 20:
            problems.append(f"… и ещё {len(fk) - 20} нарушенных ссылок.")
    with db.session() as s:
        for blob_id, sha, data in s.execute(select(Blob.id, Blob.sha256, Blob.data)):
            if hashlib.sha256(data).hexdigest() != sha:
                problems.append(f"Вложенный файл № {blob_id}: содержимое не совпадает с "
                                "контрольной суммой (файл повреждён).")
        for number, start, end in s.execute(select(Site.number, Site.term_start, Site.term_end)
                                            .where(Site.term_end < Site.term_start)):
            problems.append(f"Площадка № {number}: окончание срока ({end:%d.%m.%Y}) раньше "
                            f"начала ({start:%d.%m.%Y}).")
        late = s.scalar(select(func.count()).select_from(StatusHistory).where(
            StatusHistory.happened_on > today + dt.timedelta(days=366)))
        if late:
            problems.append(f"В истории {late} записей с датой более чем через год — "
                            "проверьте даты.")
        last = (select(StatusHistory.site_id, func.max(StatusHistory.id).label("hid"))
                .where(StatusHistory.site_id.is_not(None), StatusHistory.to_status != "",
                       StatusHistory.event.in_(STATUS_EVENTS))
                .group_by(StatusHistory.site_id).subquery())
        mismatch = s.execute(
            select(Site.number, Site.status, StatusHistory.to_status)
            .join(last, last.c.site_id == Site.id)
            .join(StatusHistory, StatusHistory.id == last.c.hid)
            .where(Site.status != StatusHistory.to_status)).all()
        for number, status, hist in mismatch[:20]:
            problems.append(f"Площадка № {number}: статус «{status}» не совпадает с последней "
                            f"записью истории («{hist}»).")
        orphans = s.scalar(select(func.count()).select_from(Decision).where(
            Decision.application_id.is_not(None),
            ~Decision.application_id.in_(select(Application.id))))
        if orphans:
            problems.append(f"{orphans} решений ссылаются на несуществующие заявки.")
        s.execute(text("SELECT 1"))
    return problems
