"""Reports intake: a report received against a deadline, on time or late, with its file and
the form the profile gives for that report (Омск: Appendix 4 — events table and analysis),
pre-filled from the site's held events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.errors import NotFoundError, UserError
from desktop.models import Deadline, Event, Participation, Report, ReportRow, Site
from desktop.profiles import Form, Ground, get_profile
from desktop.services.common import audit
from desktop.services.files import store_file
from desktop.storage import Database
from desktop.validation import check_date_range, clean_text

LATE_GROUND = "late_report"


@dataclass
class ReportRowData:
    name: str = ""
    date_text: str = ""
    practices: str = ""
    participants: int = 0
    organisations: str = ""
    results: str = ""
    event_id: int | None = None


@dataclass
class ReceivedReport:
    report_id: int
    late: bool
    days_late: int


@dataclass
class ReportDraft:
    """What the intake dialog starts from."""

    deadline_id: int
    site_id: int
    title: str
    due: dt.date | None
    profile_id: str
    form: Form | None  # the report's form from the profile's deadline rule
    rows: list[ReportRowData] = field(default_factory=list)
    form_data: dict[str, Any] = field(default_factory=dict)  # the form, pre-filled

    @property
    def has_form(self) -> bool:
        return self.form is not None


# The events table of a report form is pre-filled by column code from the held events.
EVENT_COLUMNS = {"name": "name", "date": "date_text", "practices": "practices",
                 "participants": "participants", "organisations": "organisations",
                 "results": "results"}


def _prefill(form: Form | None, rows: list[ReportRowData], site_name: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if form is None:
        return data
    for f in form.fields:
        if f.type == "table" and {c.code for c in f.columns} & EVENT_COLUMNS.keys():
            data[f.code] = [{c.code: str(getattr(r, EVENT_COLUMNS[c.code], "") or "")
                             for c in f.columns if c.code in EVENT_COLUMNS} for r in rows]
        elif f.code == "site_name":
            data[f.code] = site_name
    return data


def rows_from_form(form: Form | None, data: dict[str, Any]) -> list[ReportRowData]:
    """The events rows of a filled report form (they feed the annual summary)."""
    if form is None:
        return []
    for f in form.fields:
        if f.type == "table" and {c.code for c in f.columns} & EVENT_COLUMNS.keys():
            out = []
            for row in data.get(f.code) or []:
                count = str(row.get("participants", "")).strip()
                out.append(ReportRowData(
                    name=row.get("name", ""), date_text=row.get("date", ""),
                    practices=row.get("practices", ""),
                    participants=int(count) if count.isdigit() else 0,
                    organisations=row.get("organisations", ""), results=row.get("results", "")))
            return [r for r in out if any((r.name, r.date_text, r.practices, r.results))]
    return []


def draft_for(db: Database, deadline_id: int) -> ReportDraft:
    """The deadline with the site's held events of the period pre-filled (Appendix 4)."""
    with db.session() as s:
        d = s.get(Deadline, deadline_id)
        site = s.get(Site, d.site_id) if d is not None and d.site_id is not None else None
        if d is None or site is None:
            raise NotFoundError("Срок отчёта не найден.")
        profile = get_profile(site.profile_id)
        due = d.due_on or dt.date.today()
        since = due - dt.timedelta(days=183)
        events = s.scalars(select(Event).where(
            Event.site_id == site.id, Event.deleted_at.is_(None), Event.status == "held",
            Event.held_on > since, Event.held_on <= due).order_by(Event.held_on)).all()
        rows = []
        for e in events:
            people = s.scalars(select(Participation).where(Participation.event_id == e.id)).all()
            orgs = sorted({p.person.organisation.short_name for p in people
                           if p.person.organisation is not None})
            rows.append(ReportRowData(
                name=e.name, date_text=e.held_on.strftime("%d.%m.%Y") if e.held_on else "",
                practices=e.practice, participants=len(people), organisations="; ".join(orgs),
                results=e.result, event_id=e.id))
        rule = profile.rule(site.kind_code, d.rule_code)
        form = profile.forms.get(rule.form) if rule and rule.form else None
        org = site.organisation.short_name if site.organisation else ""
        return ReportDraft(deadline_id=d.id, site_id=site.id, title=d.what, due=d.due_on,
                           profile_id=site.profile_id, form=form, rows=rows,
                           form_data=_prefill(form, rows, f"{site.theme} ({org})".strip()))


def mark_received(db: Database, deadline_id: int, received_on: dt.date, *,
                  file: Path | None = None, analysis: str = "",
                  rows: list[ReportRowData] | None = None,
                  form_data: dict[str, Any] | None = None) -> ReceivedReport:
    """Record the report and close its deadline; late when received after the due date."""
    msg = check_date_range(received_on, "Дата получения")
    if msg:
        raise UserError(msg)
    if received_on > dt.date.today() + dt.timedelta(days=1):
        raise UserError("Дата получения отчёта не может быть в будущем.")
    analysis = clean_text(analysis, 20000, "Качественный анализ")
    with db.transaction() as s:
        d = s.get(Deadline, deadline_id)
        if d is None or d.site_id is None:
            raise NotFoundError("Срок отчёта не найден.")
        if d.done_on is not None:
            raise UserError(f"Отчёт по сроку «{d.what}» уже отмечен полученным "
                            f"{d.done_on:%d.%m.%Y}.")
        attachment = store_file(s, file) if file else None
        report = Report(site_id=d.site_id, deadline_id=d.id, title=d.what,
                        period=d.due_key, received_on=received_on,
                        attachment_id=attachment.id if attachment else None, analysis=analysis,
                        form_data=dict(form_data or {}))
        for pos, r in enumerate(rows or []):
            report.rows.append(ReportRow(
                position=pos, event_id=r.event_id, name=clean_text(r.name, 2000),
                date_text=clean_text(r.date_text, 100), practices=clean_text(r.practices),
                participants=max(0, int(r.participants or 0)),
                organisations=clean_text(r.organisations), results=clean_text(r.results)))
        days = (received_on - d.due_on).days if d.due_on else 0
        report.days_late = max(days, 0)  # stored: the card, registry and exports show it
        s.add(report)
        d.done_on = received_on
        s.flush()
        audit(s, "create", "report", report.id,
              f"Получен отчёт «{d.what}»" + (f", опоздание {days} дн." if days > 0 else ""),
              site_id=d.site_id)
        return ReceivedReport(report.id, days > 0, max(days, 0))


def removal_ground_suggestions(db: Database, site_id: int,
                               today: dt.date | None = None) -> list[Ground]:
    """The profile's "late or missing reports" ground when the site has such a report."""
    today = today or dt.date.today()
    with db.session() as s:
        site = s.get(Site, site_id)
        if site is None:
            raise NotFoundError(f"Площадка № {site_id} не найдена.")
        kind = get_profile(site.profile_id).kind(site.kind_code)
        grounds = [g for g in kind.removal_grounds if g.code == LATE_GROUND]
        if not grounds:
            return []
        late = s.scalar(select(Report.id).where(Report.site_id == site_id,
                                                Report.days_late > 0).limit(1))
        missing = s.scalar(select(Deadline.id).where(
            Deadline.site_id == site_id, Deadline.kind == "report", Deadline.done_on.is_(None),
            Deadline.due_on < today).limit(1))
        return grounds if (late or missing) else []
