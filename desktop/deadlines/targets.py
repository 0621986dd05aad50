"""The wanted set of deadlines: what the profiles' rules produce for sites, applications and
the centre's own duties, keyed so that recomputation can diff it against the stored rows.

No database here: the service reads plain rows, hands them to a `Planner` and writes the
difference. A planner lives for one recomputation; it remembers each kind's rules and
each rule's occurrences for the same dates (sites assigned by one order share them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields
from operator import itemgetter
from typing import NamedTuple

from desktop.deadlines import Anchors, WorkCalendar, add_months, anchor_fields, occurrences
from desktop.errors import ProfileError
from desktop.profiles import DeadlineRule, Profile

HORIZON_YEARS = 2
CLOSED_APPLICATION_STATES = ("refused", "withdrawn")

# site_id, application_id, profile_id (centre duties only), rule code, occurrence key
Key = tuple[int | None, int | None, str | None, str, str]
# what, kind, due, done (None: not done, or done by hand and kept as it is)
Target = tuple[str, str, dt.date, dt.date | None]
# id, profile_id, kind_code, term_start, term_end, status
SiteRow = tuple[int, str, str, dt.date | None, dt.date | None, str]
# id, profile_id, kind_code, reg_date, state, stages_done {stage: ISO date}
ApplicationRow = tuple[int, str, str, dt.date | None, str, Mapping[str, str] | None]


FIELDS = tuple(f.name for f in fields(Anchors))  # the order of an `Anchors` tuple


def rule_key(profile_id: str, kind_code: str, rule_code: str) -> str:
    """How a centre-adopted rule is named in the switched-off setting ("" kind: a duty)."""
    return f"{profile_id}/{kind_code}/{rule_code}"


class _Rule(NamedTuple):
    rule: DeadlineRule
    memo: tuple[int, str]  # the rule and its profile, for remembering its occurrences
    pick: Callable[[tuple], object]  # the anchor values it reads, from an `Anchors` tuple


# occurrence key, due date, the wanted (what, kind, due, not done)
Occurrence = tuple[str, dt.date, Target]


class Planner:
    """Computes the wanted deadlines for one recomputation (one calendar, one today)."""

    def __init__(self, profiles: Mapping[str, Profile], cal: WorkCalendar, today: dt.date,
                 off: set[str]) -> None:
        self.profiles, self.cal, self.today, self.off = profiles, cal, today, off
        self.horizon = add_months(today, 12 * HORIZON_YEARS)
        self._rules: dict[tuple[str, str, str], list[_Rule]] = {}
        self._occ: dict[tuple, list[Occurrence]] = {}

    def rules(self, profile: Profile, kind_code: str, applies_to: str) -> list[_Rule]:
        """A kind's rules for sites or applications, without those the centre switched off."""
        key = (profile.id, kind_code, applies_to)
        found = self._rules.get(key)
        if found is None:
            try:
                kind = profile.kind(kind_code)
            except ProfileError:  # a kind removed from a user's profile: keep what exists
                found = []
            else:
                found = [_Rule(r, (id(r), profile.id),
                               itemgetter(*(FIELDS.index(f) for f in anchor_fields(r))))
                         for r in kind.deadlines if r.applies_to == applies_to and not (
                             r.source == "centre"
                             and rule_key(profile.id, kind_code, r.code) in self.off)]
            self._rules[key] = found
        return found

    def _occurrences(self, r: _Rule, profile: Profile, values: tuple) -> list[Occurrence]:
        """`occurrences()` of one rule, computed once for the anchor values it reads."""
        key = (r.memo, r.pick(values))
        found = self._occ.get(key)
        if found is None:
            rule = r.rule
            found = self._occ[key] = [
                (occ, due, (rule.what, rule.kind, due, None))
                for occ, due in occurrences(rule, profile, Anchors(*values), self.cal)]
        return found

    def sites(self, rows: Iterable[SiteRow], certs: Mapping[int, dt.date]) -> dict[Key, Target]:
        """A site's reports and terms; an inactive site's stop at its end or today."""
        out: dict[Key, Target] = {}
        horizon, today, memo = self.horizon, self.today, self._occ
        for site_id, profile_id, kind_code, start, end, status in rows:
            profile = self.profiles.get(profile_id)
            if profile is None:
                continue
            stop = horizon if status == "active" else min(horizon, end or today, today)
            values = (None, start, end, certs.get(site_id), stop)
            for r in self.rules(profile, kind_code, "site"):
                found = memo.get((r.memo, r.pick(values)))
                if found is None:
                    found = self._occurrences(r, profile, values)
                code = r.rule.code
                for occ, _due, target in found:
                    out[(site_id, None, None, code, occ)] = target
        return out

    def applications(self, rows: Iterable[ApplicationRow]) -> dict[Key, Target]:
        """A procedure deadline lives until its stage is done and then keeps the date it
        was done (late or not); an application refused or withdrawn drops what was not
        done."""
        out: dict[Key, Target] = {}
        for app_id, profile_id, kind_code, reg_date, state, stages_done in rows:
            profile = self.profiles.get(profile_id)
            if profile is None or reg_date is None:
                continue
            done_map = stages_done or {}
            closed = state in CLOSED_APPLICATION_STATES or state == "ordered"
            values = (reg_date, None, None, None, None)
            for r in self.rules(profile, kind_code, "application"):
                rule = r.rule
                for occ, due, target in self._occurrences(r, profile, values):
                    done: dt.date | None = None
                    if rule.stage:
                        stage_done = done_map.get(rule.stage)
                        done = dt.date.fromisoformat(stage_done) if stage_done else None
                    elif rule.anchor == "window":  # received within the window: met
                        done = reg_date if reg_date <= due else None
                    if done is None and closed:
                        continue
                    out[(None, app_id, None, rule.code, occ)] = (
                        target if done is None else (rule.what, rule.kind, due, done))
        return out

    def centre(self, used: Mapping[str, dt.date]) -> dict[Key, Target]:
        """The centre's own duties (Дубна: the annual registry), once a year for each
        profile in use, from the first year it was used to the horizon."""
        out: dict[Key, Target] = {}
        last = min(self.horizon, dt.date(self.today.year, 12, 31))
        for profile_id, first in used.items():
            profile = self.profiles.get(profile_id)
            if profile is None:
                continue
            anchors = Anchors(term_start=first, horizon=last)
            for rule in profile.duties:
                if rule.source == "centre" and rule_key(profile.id, "", rule.code) in self.off:
                    continue
                for key, due in occurrences(rule, profile, anchors, self.cal):
                    out[(None, None, profile_id, rule.code, key)] = (
                        rule.what, rule.kind, due, None)
        return out
