"""iCalendar (RFC 5545) file of deadlines that Outlook and Thunderbird import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from desktop import APP_NAME, __version__
from desktop.fileio import atomic_output


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


def ics_text(rows: Iterable, stamp: dt.datetime | None = None) -> str:
    """rows: objects with id, due, what, organisation, site_number, state (DeadlineRow)."""
    stamp = stamp or dt.datetime.now(dt.UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0",
             f"PRODID:-//{APP_NAME}//{__version__}//RU", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:Сроки площадок"]
    for r in rows:
        if r.due is None:
            continue
        summary = f"{r.what} — {r.organisation}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:deadline-{r.id}@{APP_NAME}",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{r.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{r.due + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(f'Площадка № {r.site_number}. {r.organisation}. {r.what}')}",
            "TRANSP:TRANSPARENT",
            "STATUS:CONFIRMED" if r.state != "done" else "STATUS:CANCELLED",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))


def write_ics(rows: Iterable, path: Path | str) -> Path:
    target = Path(path)
    with atomic_output(target) as tmp:
        tmp.write_bytes(ics_text(rows).encode("utf-8"))
    return target
