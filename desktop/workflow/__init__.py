"""The application and site workflow without Qt: states, allowed transitions, terms,
profile rules (window, waiting period, leader eligibility) and review scoring.

The wizard and dialogs only drive these functions; tests call them directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.deadlines import add_months
from desktop.errors import UserError
from desktop.profiles import CriteriaSet, Kind, Profile


class WorkflowError(UserError):
    """A step the regulation does not allow now; the message says why."""


STATE_NAMES = {
    "draft": "черновик", "registered": "зарегистрирована", "review": "на экспертизе",
    "reviewed": "экспертиза завершена", "council": "в повестке совета",
    "approved": "решение о присвоении", "refused": "отказано", "revision": "на доработке",
    "ordered": "приказ издан", "withdrawn": "отозвана",
}
# state -> states it may move to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("registered", "withdrawn"),
    "registered": ("review", "council", "withdrawn"),
    "review": ("reviewed", "withdrawn"),
    "reviewed": ("council", "withdrawn"),
    "council": ("approved", "refused", "revision"),
    "revision": ("registered", "withdrawn"),
    "approved": ("ordered",),
    "refused": (),
    "ordered": (),
    "withdrawn": (),
}
FINAL = {s for s, nxt in TRANSITIONS.items() if not nxt}
OUTCOME_STATE = {"assign": "approved", "refuse": "refused", "revise": "revision"}


def has_review(kind: Kind) -> bool:
    return bool(kind.review.days or kind.review.criteria)


def check_transition(state: str, new: str, kind: Kind | None = None) -> None:
    """Raise WorkflowError unless `state → new` is allowed (for this kind)."""
    if new not in TRANSITIONS.get(state, ()):
        allowed = ", ".join(STATE_NAMES[s] for s in TRANSITIONS.get(state, ())) or "нет"
        raise WorkflowError(
            f"Заявку в состоянии «{STATE_NAMES.get(state, state)}» нельзя перевести в "
            f"«{STATE_NAMES.get(new, new)}». Возможные шаги: {allowed}.")
    if state == "registered" and new == "council" and kind is not None and has_review(kind):
        raise WorkflowError(
            f"Для вида «{kind.name}» положение требует экспертизы перед советом"
            + (f" ({kind.review.text})" if kind.review.text else "") + ".")


# --------------------------------------------------------------------------- terms


def compute_term(kind: Kind, start: dt.date,
                 requested_end: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The status term the order sets, per the kind's rule."""
    t = kind.term
    if t.mode == "calendar_year":
        return start, dt.date(start.year, 12, 31)
    if t.mode == "months":
        lo = t.min_months or t.months or t.max_months
        hi = t.max_months or t.months or lo
        if requested_end is None:
            months = t.months or lo
        else:
            months = _months_between(start, requested_end)
            if months < lo or months > hi:
                span = f"{lo}" if lo == hi else f"от {lo} до {hi}"
                raise WorkflowError(f"Срок статуса «{kind.name}» — {span} мес. ({t.text}); "
                                    f"запрошено {months} мес.")
        return start, add_months(start, months) - dt.timedelta(days=1)
    if requested_end is None:
        raise WorkflowError(f"Статус «{kind.name}» присваивается на срок реализации проекта "
                            "(программы): укажите дату окончания.")
    if requested_end <= start:
        raise WorkflowError("Окончание срока проекта должно быть позже его начала.")
    return start, requested_end


def _months_between(start: dt.date, end: dt.date) -> int:
    """Whole months of a term [start, end] (31.08.2027 after 01.09.2026 is 12)."""
    nxt = end + dt.timedelta(days=1)
    return (nxt.year - start.year) * 12 + nxt.month - start.month - (nxt.day < start.day)


def extend_term(kind: Kind, term_end: dt.date, months: int, extensions_done: int) -> dt.date:
    """The new end after an extension within the kind's limit."""
    ext = kind.extension
    if not ext.max_months:
        raise WorkflowError(f"Положение не предусматривает продления статуса «{kind.name}».")
    if extensions_done >= max(ext.times, 1):
        raise WorkflowError(f"Статус «{kind.name}» уже продлевался; {ext.text}")
    if months < 1 or months > ext.max_months:
        raise WorkflowError(f"Продление — не более чем на {ext.max_months} мес. ({ext.text})")
    return add_months(term_end + dt.timedelta(days=1), months) - dt.timedelta(days=1)


# --------------------------------------------------------------------------- profile rules


@dataclass(frozen=True)
class RuleNote:
    """A rule of the regulation that the application breaks (blocking or a warning)."""

    text: str
    blocking: bool


def window_note(profile: Profile, day: dt.date) -> RuleNote | None:
    w = profile.application_window
    if w is None:
        return None
    start, end = dt.date(day.year, *w.start), dt.date(day.year, *w.end)
    if start <= day <= end:
        return None
    return RuleNote(f"Заявка подаётся вне срока приёма. {w.text}", blocking=False)


def reapply_note(profile: Profile, last_refusal: dt.date | None, day: dt.date) -> RuleNote | None:
    if not profile.reapply_after_months or last_refusal is None:
        return None
    allowed = add_months(last_refusal, profile.reapply_after_months)
    if day >= allowed:
        return None
    return RuleNote(f"Повторная заявка возможна не ранее {allowed:%d.%m.%Y} "
                    f"(отказ {last_refusal:%d.%m.%Y}). {profile.reapply_text}", blocking=True)


def leader_note(profile: Profile, category: str | None) -> RuleNote | None:
    if not profile.leader_categories:
        return None
    if category in profile.leader_categories:
        return None
    return RuleNote(f"Руководитель не соответствует требованию положения: "
                    f"{profile.leader_requirement}", blocking=False)


def active_site_note(kind: Kind, existing_number: str | None) -> RuleNote | None:
    if not existing_number:
        return None
    return RuleNote(f"У организации уже есть действующая площадка вида «{kind.name}» "
                    f"(№ {existing_number}).", blocking=True)


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class SheetResult:
    total: int
    band: str
    band_description: str
    accept: bool
    forced_zero: tuple[str, ...]
    scores: dict[str, int]


def score_sheet(crit: CriteriaSet, scores: dict[str, int],
                defects: dict[str, bool | int]) -> SheetResult:
    """Total with formal defects (penalty each), the zero_when rule, the band."""
    final: dict[str, int] = {}
    for c in crit.criteria:
        value = int(scores.get(c.code, 0) or 0)
        if not 0 <= value <= c.max:
            raise WorkflowError(f"Критерий {c.code}: оценка {value} вне шкалы 0–{c.max}.")
        final[c.code] = value
    forced = []
    for c in crit.criteria:
        if c.zero_when and final.get(c.zero_when[0]) == c.zero_when[1] and final[c.code]:
            final[c.code] = 0
            forced.append(c.code)
    penalty = sum(d.penalty for d in crit.defects if defects.get(d.code))
    total = max(0, sum(final.values()) + penalty)
    band = crit.band_for(total)
    return SheetResult(total, band.level if band else "", band.description if band else "",
                       bool(band and band.accept), tuple(forced), final)


def mean_total(totals: list[int]) -> float | None:
    return round(sum(totals) / len(totals), 1) if totals else None


def prefill_defects(form_data: dict[str, dict], crit: CriteriaSet) -> dict[str, bool]:
    """Formal defects visible in the filled forms (the expert may override them).

    F1 no organisation name, F2 no direction, F3 no protocol requisites — found by the
    form fields whose codes say so (org_full_name, direction, protocol).
    """
    merged: dict[str, object] = {}
    for data in form_data.values():
        merged.update(data or {})
    found = {}
    checks = {0: "org_full_name", 1: "direction", 2: "protocol"}
    for i, d in enumerate(crit.defects):
        field = checks.get(i)
        if field:
            found[d.code] = not str(merged.get(field) or "").strip()
    return found


def events_per_task(plan: list[dict], tasks_text: str) -> dict[int, int]:
    """How many plan events serve each task (tasks: one per line of the tasks field)."""
    tasks = [t for t in (tasks_text or "").splitlines() if t.strip()]
    counts = {i: 0 for i in range(1, len(tasks) + 1)}
    for row in plan or []:
        try:
            n = int(str(row.get("task", "")).strip())
        except ValueError:
            continue
        if n in counts:
            counts[n] += 1
    return counts
