"""The procedure inside a transaction: stage dates, stage deadlines, verdicts on record.

Each step of the cycle (registration, review, decision, order) is a stage of the profile's
procedure. When a stage is completed its date goes into `application.stages_done`; the
deadlines tied to that stage are then closed with that date (and so measured late).
Verdicts that went on record — warnings, and refusals overridden with a reason — are
written to the application's history and the audit log.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.deadlines import Anchors, occurrences
from desktop.models import Application, Site
from desktop.profiles import Kind, Profile, Stage
from desktop.services.common import add_history, audit
from desktop.services.deadlines import work_calendar
from desktop.services.versions import serialise_writes
from desktop.workflow import Verdict, enforce
from desktop.workflow.rules import late_step_verdict


def mark_done(app: Application, stage: Stage, day: dt.date) -> None:
    done = dict(app.stages_done or {})
    done[stage.code] = day.isoformat()
    app.stages_done = done  # a new dict: the JSON column sees the change


def done_map(app: Application) -> dict[str, str]:
    return dict(app.stages_done or {})


def stage_due(s: Session, profile: Profile, kind: Kind, app: Application,
              stage: Stage) -> list[tuple[str, str, dt.date, str, str]]:
    """(rule code, what, due date, enforce, clause) of the deadlines tied to `stage`."""
    cal = work_calendar(s)
    out = []
    for rule in kind.deadlines:
        if rule.stage != stage.code or rule.applies_to != "application":
            continue
        for _key, due in occurrences(rule, profile, Anchors(registration=app.reg_date), cal):
            out.append((rule.code, rule.what, due, rule.enforce, rule.text))
    return out


def late_verdicts(s: Session, profile: Profile, kind: Kind, app: Application, stage: Stage,
                  day: dt.date) -> list[Verdict | None]:
    return [late_step_verdict(what, due, day, level, clause)
            for _c, what, due, level, clause in stage_due(s, profile, kind, app, stage)]


def apply_verdicts(s: Session, app: Application, verdicts: Sequence[Verdict | None],
                   override: str, day: dt.date, step: str) -> list[Verdict]:
    """Refuse (RuleRefusal) or put the warnings and the overridden refusals on record."""
    kept = enforce(verdicts, override)
    for v in kept:
        if v.level == "refuse":
            note = f"{step}: принято вопреки правилу. {v.message} Основание: {override.strip()}"
            add_history(s, event="rule_override", application_id=app.id, on=day, note=note)
            audit(s, "update", "application", app.id, note, {"rule": v.rule,
                                                             "override": override.strip()})
        else:
            add_history(s, event="rule_warning", application_id=app.id, on=day,
                        note=f"{step}: {v.message}")
    return kept


_NUMBER = re.compile(r"^(\d{4})-(\d+)$")


def next_registry_number(s: Session, year: int) -> str:
    """The one numbering of the registry: «ГГГГ-NNNN», from the largest number of the year
    among applications and sites, so a new number never collides with an existing one.
    A site keeps the number of the application it came from; its certificate too.
    Read under the write lock to the commit, so two users never get the same number."""
    serialise_writes(s)
    prefix = f"{year}-"
    numbers = [*s.scalars(select(Application.reg_number).where(
                   Application.reg_number.startswith(prefix))),
               *s.scalars(select(Site.number).where(Site.number.startswith(prefix)))]
    largest = 0
    for n in numbers:
        m = _NUMBER.match(n or "")
        if m:
            largest = max(largest, int(m[2]))
    return f"{year}-{largest + 1:04d}"
