"""iCalendar (RFC 5545) file of deadlines that Outlook and Thunderbird import.

Each deadline is an all-day event with reminders (`VALARM`) at 9:00 a number of days
before (7 and 1 by default). A deadline already met stays in the calendar as
«выполнено» without reminders — re-importing the file then updates the event the user
imported earlier instead of leaving an open one behind — or is left out on request.
UIDs carry the database's id (`desktop.storage.identity.database_id`), so they are stable
from one export to the next and two databases' calendars never overwrite each other.
The writer takes plain rows and never queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from desktop import APP_NAME, __version__
from desktop.errors import UserError
from desktop.fileio import atomic_output

DEFAULT_ALARMS = (7, 1)
REMIND_AT_HOUR = 9


class CalendarRow(Protocol):
    """What the writer reads of a deadline (desktop.services.deadlines.DeadlineRow)."""

    id: int
    due: dt.date | None
    what: str
    organisation: str
    site_number: str
    state: str


def parse_alarms(text: str) -> tuple[int, ...]:
    """«7, 1» → (7, 1): days before the deadline, largest first; «нет» or empty → none."""
    text = text.strip().casefold()
    if text in ("", "нет", "-"):
        return ()
    days: set[int] = set()
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        if not part:
            continue
        if not part.isdigit() or int(part) > 365:
            raise UserError(f"Напоминание «{part}»: укажите число дней от 0 до 365 "
                            "(например: 7, 1).")
        days.add(int(part))
    return tuple(sorted(days, reverse=True))


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets are folded (continuation lines start with a space)."""
    out: list[str] = []
    current = ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def _trigger(days: int) -> str:
    """At 9:00 `days` before an all-day event that starts at midnight."""
    if days == 0:
        return f"PT{REMIND_AT_HOUR}H"
    return f"-P{days - 1}DT{24 - REMIND_AT_HOUR}H"


def _when(days: int) -> str:
    return {0: "Сегодня", 1: "Завтра"}.get(days, f"Через {days} дн.")


def ics_text(rows: Iterable[CalendarRow], calendar_id: str, *,
             alarms: Sequence[int] = DEFAULT_ALARMS, include_done: bool = True,
             stamp: dt.datetime | None = None) -> str:
    """The calendar; `calendar_id` (the database id) makes every UID unique per database."""
    stamp = stamp or dt.datetime.now(dt.UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0",
             f"PRODID:-//{APP_NAME}//{__version__}//RU", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:Сроки площадок"]
    for r in rows:
        if r.due is None:
            continue
        done = r.state == "done"
        if done and not include_done:
            continue
        summary = f"{r.what} — {r.organisation}"
        if done:
            summary = f"Выполнено: {summary}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:deadline-{r.id}-{calendar_id}@{APP_NAME}",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{r.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{r.due + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(f'Площадка № {r.site_number}. {r.organisation}. {r.what}')}",
            "TRANSP:TRANSPARENT",
            "STATUS:CONFIRMED",
        ]
        if not done:
            for days in alarms:
                lines += ["BEGIN:VALARM", "ACTION:DISPLAY",
                          f"DESCRIPTION:{_escape(f'{_when(days)}: {summary}')}",
                          f"TRIGGER:{_trigger(days)}", "END:VALARM"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))


def write_ics(rows: Iterable[CalendarRow], path: Path | str, calendar_id: str, *,
              alarms: Sequence[int] = DEFAULT_ALARMS, include_done: bool = True) -> Path:
    """Write the calendar; the file appears only when complete."""
    target = Path(path)
    text = ics_text(rows, calendar_id, alarms=alarms, include_done=include_done)
    with atomic_output(target) as tmp:
        tmp.write_bytes(text.encode("utf-8"))
    return target
