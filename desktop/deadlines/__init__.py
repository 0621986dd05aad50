"""Deadline rules: working days and the dated occurrences a profile rule produces.

No Qt and no database here: `WorkCalendar` answers "is this a working day" (Russian public
holidays from the `holidays` package plus the user's transfers), and `occurrences()`
turns one DeadlineRule and a site's or application's dates into (key, date) pairs.
The key identifies an occurrence so recomputation keeps what was done.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from desktop.profiles import DeadlineRule, Profile

SOON_DAYS = 7
STATES = ("upcoming", "soon", "overdue", "done")
STATE_NAMES = {"upcoming": "предстоит", "soon": "в ближайшие 7 дней", "overdue": "просрочено",
               "done": "выполнено"}


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's end (31.08 + 6 → 28/29.02)."""
    if not months:
        return day
    y, m = divmod(day.month - 1 + months, 12)
    year = day.year + y
    last = 29 if m == 1 and calendar.isleap(year) else _MONTH_DAYS[m]
    return dt.date(year, m + 1, min(day.day, last))


@lru_cache(maxsize=64)
def _exceptions(year: int) -> frozenset[dt.date]:
    """The days of `year` whose working status differs from "Mon–Fri works": public
    holidays and transferred days off, and transferred working Saturdays (28.12.2024,
    01.11.2025), as the production calendar of the `holidays` package knows them."""
    import holidays  # loaded on first use: it is a large package

    cal = holidays.Russia(years=year)
    # Any other day is working exactly when it is Mon–Fri, so only these need asking.
    candidates = {d for d in (*cal.keys(), *cal.weekend_workdays) if d.year == year}
    return frozenset(d for d in candidates if cal.is_working_day(d) != (d.weekday() < 5))


@dataclass
class WorkCalendar:
    """Working days: the Russian production calendar (holidays, transfers, working
    Saturdays), corrected by the user's own entries. Rolled dates are remembered, so
    the overrides must not change after the calendar is made."""

    overrides: Mapping[dt.date, bool] = field(default_factory=dict)
    _rolled: dict[tuple[dt.date, str], dt.date] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def is_working(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return (day.weekday() < 5) != (day in _exceptions(day.year))

    def roll(self, day: dt.date, rule: str) -> dt.date:
        """Move a deadline that falls on a day off, as the rule says."""
        if rule == "none":
            return day
        found = self._rolled.get((day, rule))
        if found is None:
            found = self._rolled[(day, rule)] = self._roll(day, rule)
        return found

    def _roll(self, day: dt.date, rule: str) -> dt.date:
        step = dt.timedelta(days=1 if rule == "next_working_day" else -1)
        for _ in range(40):
            if self.is_working(day):
                return day
            day += step
        return day

    def last_working_day(self, year: int, month: int) -> dt.date:
        day = add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)
        return self.roll(day, "previous_working_day")


@dataclass(frozen=True)
class Anchors:
    """The dates a rule can count from (None where not known yet)."""

    registration: dt.date | None = None
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    certificate_issue: dt.date | None = None
    horizon: dt.date | None = None  # do not produce occurrences after this day


def occurrences(rule: DeadlineRule, profile: Profile, a: Anchors,
                cal: WorkCalendar) -> list[tuple[str, dt.date]]:
    """The dated occurrences of one rule for one site or application."""
    roll = rule.roll or profile.roll
    out: list[tuple[str, dt.date]] = []

    days = dt.timedelta(days=rule.offset_days)

    def shifted(day: dt.date) -> dt.date:
        return add_months(day, rule.offset_months) + days

    if rule.anchor == "registration" and a.registration:
        out.append(("once", cal.roll(shifted(a.registration), roll)))
    elif rule.anchor == "assignment" and a.term_start:
        if rule.every_months:
            end = a.term_end or a.horizon or add_months(a.term_start, 36)
            k = 1
            while True:
                day = shifted(add_months(a.term_start, rule.every_months * k))
                if day > end or (a.horizon and day > a.horizon) or k > 240:
                    break
                out.append((str(k), cal.roll(day, roll)))
                k += 1
        else:
            out.append(("once", cal.roll(shifted(a.term_start), roll)))
    elif rule.anchor == "term_end" and a.term_end:
        out.append(("once", cal.roll(shifted(a.term_end), roll)))
    elif rule.anchor == "certificate_issue" and a.certificate_issue:
        out.append(("once", cal.roll(shifted(a.certificate_issue), roll)))
    elif rule.anchor == "yearly":
        for year in _years(rule, a):
            if rule.day:
                last = add_months(dt.date(year, rule.month, 1), 1) - dt.timedelta(days=1)
                day = cal.roll(dt.date(year, rule.month, min(rule.day, last.day)), roll)
            else:
                day = cal.last_working_day(year, rule.month)
            out.append((str(year), day))
    elif rule.anchor == "window" and profile.windows and a.registration:
        window = next((w for w in profile.windows if w.contains(a.registration)),
                      profile.windows[0])
        end = window.end_for(a.registration)
        out.append((str(end.year), cal.roll(end, roll)))
    return out


def anchor_fields(rule: DeadlineRule) -> tuple[str, ...]:
    """The `Anchors` fields `occurrences()` reads for this rule: equal values give equal
    dates, so they can be remembered across sites that share a term or a date."""
    if rule.anchor in ("registration", "window"):
        return ("registration",)
    if rule.anchor == "term_end":
        return ("term_end",)
    if rule.anchor == "certificate_issue":
        return ("certificate_issue",)
    if rule.anchor == "assignment" and not rule.every_months:
        return ("term_start",)
    return ("registration", "term_start", "term_end", "horizon")


def _years(rule: DeadlineRule, a: Anchors) -> list[int]:
    if rule.applies_to == "application":
        return [a.registration.year] if a.registration else []
    if rule.applies_to == "centre":  # the centre's duty: each year from start to horizon
        first, until = a.term_start, a.horizon
        return list(range(first.year, until.year + 1)) if first and until else []
    if not a.term_start:
        return []
    last = (a.term_end or a.horizon or a.term_start).year
    if a.horizon:
        last = min(last, a.horizon.year)
    years = []
    for year in range(a.term_start.year, last + 1):
        if rule.day:
            probe = dt.date(year, rule.month, min(rule.day, 28))
        else:
            probe = add_months(dt.date(year, rule.month, 1), 1) - dt.timedelta(days=1)
        if probe < a.term_start:
            continue
        if a.term_end and dt.date(year, rule.month, 1) > a.term_end:
            continue
        years.append(year)
    return years


def late_days(due: dt.date | None, done_on: dt.date | None) -> int:
    """How many days after its date a deadline was met (0: on time or not met yet)."""
    return max(0, (done_on - due).days) if due and done_on else 0


def state_of(due: dt.date | None, done_on: dt.date | None, today: dt.date) -> str:
    if done_on is not None:
        return "done"
    if due is None:
        return "upcoming"
    if due < today:
        return "overdue"
    if due <= today + dt.timedelta(days=SOON_DAYS):
        return "soon"
    return "upcoming"
