"""The demo obeys its profiles' rules: a package received inside the profile's window,
scores whose band allows the decision the application got, an order signed on a working
day (never on 1 January or a Sunday), and no order where the procedure has none."""

from __future__ import annotations

import datetime as dt

from desktop.deadlines import WorkCalendar
from desktop.profiles import CriteriaSet, Kind, Profile

OUTCOME_OF = {"approved": "assign", "ordered": "assign", "refused": "refuse",
              "revision": "revise"}
_CALENDAR = WorkCalendar()


def in_window(profile: Profile, day: dt.date) -> dt.date:
    """The day, or the last day before it inside one of the profile's windows."""
    if not profile.windows:
        return day
    for back in range(367):
        d = day - dt.timedelta(days=back)
        if any(w.contains(d) for w in profile.windows):
            return d
    return day


def order_day(start: dt.date) -> dt.date:
    """The order's date for a status from `start`: the last working day on or before it
    (a status from 1 January is ordered in December)."""
    return _CALENDAR.roll(start, "previous_working_day")


def has_order(kind: Kind) -> bool:
    """The procedure ends in an order (Кемерово's НМС decides and certifies: no order)."""
    return kind.stage("order") is not None


def _total(crit: CriteriaSet, scores: dict[str, int], penalty: int) -> int:
    for c in crit.criteria:
        if c.zero_when and scores[c.zero_when[0]] == c.zero_when[1]:
            scores[c.code] = 0
    return max(0, sum(scores.values()) + penalty)


def fit_band(crit: CriteriaSet, scores: dict[str, int], penalty: int, state: str) -> int:
    """Raise the lowest scores, criterion by criterion, until the total's band allows the
    decision the application got (Омск: «Низкий» cannot be assigned); the total."""
    outcome = OUTCOME_OF.get(state)
    total = _total(crit, scores, penalty)
    for c in sorted(crit.criteria, key=lambda c: scores[c.code]):
        band = crit.band_for(total)
        if outcome is None or band is None or outcome in band.allows:
            break
        scores[c.code] = c.max
        total = _total(crit, scores, penalty)
    return total


# The head of an organisation is the one on its card: a site's leader drawn as «директор»
# or «заведующий» is their deputy, so no school has two directors.
_DEPUTIES = {"директор": "заместитель директора по УМР",
             "заведующий": "заместитель заведующего по ВМР"}


def deputy(position: str) -> str:
    return _DEPUTIES.get(position, position)
