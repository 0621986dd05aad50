"""The application and site workflow without Qt: the procedure's stages as the profile
lists them, states, terms and review scoring; the binding rules are in `rules`.

The wizard and dialogs only drive these functions; tests call them directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.deadlines import add_months
from desktop.errors import UserError
from desktop.profiles import CriteriaSet, Kind, Stage, month_day
from desktop.workflow.rules import OUTCOME_NAMES as OUTCOME_NAMES
from desktop.workflow.rules import RuleRefusal as RuleRefusal
from desktop.workflow.rules import Verdict as Verdict
from desktop.workflow.rules import enforce as enforce


class WorkflowError(UserError):
    """A step the regulation does not allow now; the message says why."""


STATE_NAMES = {
    "draft": "черновик", "registered": "зарегистрирована", "review": "на экспертизе",
    "reviewed": "экспертиза завершена", "council": "в повестке совета",
    "approved": "решение о присвоении", "refused": "отказано", "revision": "на доработке",
    "ordered": "статус присвоен", "withdrawn": "отозвана", "recommended": "рекомендована",
}
# state -> states it may move to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("registered", "withdrawn"),
    "registered": ("review", "council", "withdrawn"),
    "review": ("reviewed", "withdrawn"),
    "reviewed": ("council", "review", "withdrawn"),
    "council": ("approved", "recommended", "refused", "revision"),
    "recommended": ("council", "withdrawn"),
    "revision": ("registered", "withdrawn"),
    "approved": ("ordered",),
    "refused": (),
    "ordered": (),
    "withdrawn": (),
}
FINAL = {s for s, nxt in TRANSITIONS.items() if not nxt}


def check_transition(state: str, new: str) -> None:
    """Raise WorkflowError unless `state → new` is allowed."""
    if new not in TRANSITIONS.get(state, ()):
        allowed = ", ".join(STATE_NAMES[s] for s in TRANSITIONS.get(state, ())) or "нет"
        raise WorkflowError(
            f"Заявку в состоянии «{STATE_NAMES.get(state, state)}» нельзя перевести в "
            f"«{STATE_NAMES.get(new, new)}». Возможные шаги: {allowed}.")


# --------------------------------------------------------------------------- stages

DECIDING = ("decision", "confirmation")


def assigning_stage(kind: Kind) -> Stage:
    """The stage whose document assigns the status: the order, or the certificate where
    the regulation has no order (Кемерово: НМС → свидетельство)."""
    stage = kind.stage("order") or kind.stage("certificate")
    assert stage is not None, "the loader requires an order or a certificate stage"
    return stage


def current_stage(kind: Kind, done: dict[str, str]) -> Stage | None:
    """The first stage of the procedure not done yet (None: every stage is done)."""
    return next((s for s in kind.stages if s.code not in done), None)


def require_before(kind: Kind, stage: Stage, done: dict[str, str]) -> None:
    """Refuse a stage while an earlier one is not done («положение требует …»)."""
    for s in kind.stages:
        if s.code == stage.code:
            return
        if s.code not in done and s.type not in ("publication",):
            raise WorkflowError(
                f"Положение требует этапа «{s.name}»"
                + (f" ({s.actor})" if s.actor else "") + f" перед этапом «{stage.name}»"
                + (f": {s.text}" if s.text else "") + ".")


def deciding_stage(kind: Kind, done: dict[str, str], code: str = "") -> Stage:
    """The decision (or outside confirmation) stage to act on now, or the one named."""
    stages = [s for s in kind.stages if s.type in DECIDING]
    if not stages:
        raise WorkflowError(f"В процедуре вида «{kind.name}» нет этапа решения.")
    if code:
        stage = next((s for s in stages if s.code == code), None)
        if stage is None:
            raise WorkflowError(f"В процедуре нет этапа решения «{code}».")
        return stage
    return next((s for s in stages if s.code not in done), stages[-1])


def is_last_decision(kind: Kind, stage: Stage) -> bool:
    return [s for s in kind.stages if s.type in DECIDING][-1].code == stage.code


# --------------------------------------------------------------------------- terms


def compute_term(kind: Kind, start: dt.date,
                 requested_end: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The status term the order sets, per the kind's rule."""
    t = kind.term
    if t.mode == "calendar_year":
        late = t.late_order_after and start >= month_day(start.year, t.late_order_after)
        return start, dt.date(start.year + (1 if late else 0), 12, 31)
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


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class SheetResult:
    total: int
    band: str
    band_description: str
    accept: bool
    forced_zero: tuple[str, ...]
    scores: dict[str, int]


def score_sheet(crit: CriteriaSet, scores: Mapping[str, int],
                defects: Mapping[str, bool | int]) -> SheetResult:
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


def mean_band(crit: CriteriaSet, totals: list[int]) -> tuple[float | None, str]:
    mean = mean_total(totals)
    band = crit.band_for(mean) if mean is not None else None
    return mean, band.level if band else ""


def mean_total(totals: list[int]) -> float | None:
    return round(sum(totals) / len(totals), 1) if totals else None


def prefill_defects(form_data: dict[str, dict], crit: CriteriaSet) -> dict[str, bool]:
    """Formal defects visible in the filled forms (the expert may override them).

    Each defect with `prefill_field` in the profile is found when that field is empty
    (Омск F1 no organisation name, F2 no direction, F3 no protocol requisites).
    """
    merged: dict[str, object] = {}
    for data in form_data.values():
        merged.update(data or {})
    return {d.code: not str(merged.get(d.prefill_field) or "").strip()
            for d in crit.defects if d.prefill_field}


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

