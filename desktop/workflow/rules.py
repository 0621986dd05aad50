"""Rules that bind: one pure function per rule of a profile, each returning a Verdict.

A verdict says what the rule does with this case — «refuse» (the step is refused unless the
methodologist overrides it with a written reason), «warn» (the step goes ahead with a
warning kept in the history) or «info» — and quotes the regulation's own words. Services
collect the verdicts of a step and call `enforce()`; the window shows them as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.deadlines import add_months
from desktop.errors import UserError
from desktop.profiles import Band, CriteriaSet, Kind, Profile, ReviewRules

OUTCOME_NAMES = {"assign": "присвоить статус", "refuse": "отказать",
                 "revise": "вернуть на доработку"}


@dataclass(frozen=True)
class Verdict:
    """What one rule says about one step: level refuse | warn | info, and why."""

    rule: str  # window | reapply | leader | active_site | band | pass_fail | deadline | conflict
    level: str
    text: str  # the case, in Russian («Пакет получен 15.11.2026 — вне срока приёма.»)
    clause: str = ""  # the regulation's words

    @property
    def blocking(self) -> bool:
        return self.level == "refuse"

    @property
    def message(self) -> str:
        return f"{self.text} {self.clause}".strip()

    def to_json(self) -> dict:
        return {"rule": self.rule, "level": self.level, "text": self.text,
                "clause": self.clause}


class RuleRefusal(UserError):
    """A step the regulation refuses; the methodologist may override it with a reason."""

    def __init__(self, verdicts: list[Verdict]) -> None:
        self.verdicts = verdicts
        super().__init__(" ".join(v.message for v in verdicts)
                         + " Чтобы принять решение вопреки правилу, укажите основание.")


def enforce(verdicts: Sequence[Verdict | None], override: str = "") -> list[Verdict]:
    """Raise RuleRefusal for refusing verdicts unless `override` gives a reason; return the
    verdicts that go on record (warnings, and refusals overridden)."""
    real = [v for v in verdicts if v is not None]
    refusals = [v for v in real if v.level == "refuse"]
    if refusals and not override.strip():
        raise RuleRefusal(refusals)
    return [v for v in real if v.level in ("refuse", "warn")]


def _d(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def window_verdict(profile: Profile, received: dt.date) -> Verdict | None:
    """The package must be received within one of the profile's application windows."""
    if not profile.windows or any(w.contains(received) for w in profile.windows):
        return None
    strict = next((w for w in profile.windows if w.enforce == "refuse"), profile.windows[0])
    return Verdict("window", strict.enforce, f"Пакет получен {_d(received)} — вне срока "
                   "приёма заявок.", " ".join(w.text for w in profile.windows))


def reapply_verdict(profile: Profile, kind: Kind, refusals: list[tuple[dt.date, str]],
                    received: dt.date) -> Verdict | None:
    """A waiting period after a refusal, for the kinds the regulation names."""
    rule = profile.reapply
    if rule is None or (rule.kinds and kind.code not in rule.kinds):
        return None
    scoped = [day for day, code in refusals if not rule.kinds or code in rule.kinds]
    if not scoped:
        return None
    last = max(scoped)
    allowed = add_months(last, rule.months)
    if received >= allowed:
        return None
    return Verdict("reapply", rule.enforce, f"Отказ от {_d(last)}: повторная заявка возможна "
                   f"не ранее {_d(allowed)}.", rule.text)


def leader_verdict(profile: Profile, category: str | None) -> Verdict | None:
    rule = profile.leader
    if not rule.categories or category in rule.categories:
        return None
    return Verdict("leader", rule.enforce, "Руководитель не соответствует требованию "
                   "положения.", rule.text)


def active_site_verdict(kind: Kind, existing_number: str | None) -> Verdict | None:
    if not existing_number:
        return None
    return Verdict("active_site", "refuse", f"У организации уже есть действующая площадка вида "
                   f"«{kind.name}» (№ {existing_number}).")


def band_verdict(crit: CriteriaSet, review: ReviewRules, mean: float | None,
                 outcome: str) -> Verdict | None:
    """The band of the experts' mean binds the decision (Омск: «Низкий» refuses
    «присвоить»)."""
    if mean is None:
        return Verdict("band", "refuse" if review.binding else "warn",
                       "Нет ни одного экспертного листа: решение по баллам невозможно.")
    band: Band | None = crit.band_for(mean)
    if band is None or outcome in band.allows:
        return None
    allowed = ", ".join(OUTCOME_NAMES[o] for o in band.allows) or "нет"
    return Verdict("band", "refuse" if review.binding else "warn",
                   f"Средний балл {mean:g} — уровень «{band.level}»: решение «"
                   f"{OUTCOME_NAMES[outcome]}» не допускается (допустимо: {allowed}).",
                   f"{band.level}: {band.description}.")


def pass_fail_verdict(review: ReviewRules, conclusions: list[bool],
                      outcome: str) -> Verdict | None:
    """A pass/fail expert conclusion binds «присвоить»."""
    if outcome != "assign":
        return None
    positive = sum(conclusions)
    ok = (conclusions and (positive == len(conclusions) if review.pass_rule == "all"
                           else positive * 2 > len(conclusions)))
    if ok:
        return None
    need = "всех экспертов" if review.pass_rule == "all" else "большинства экспертов"
    return Verdict("pass_fail", "refuse" if review.binding else "warn",
                   f"Для присвоения статуса нужно положительное заключение {need}: "
                   f"положительных {positive} из {len(conclusions)}.", review.text)


def late_step_verdict(what: str, due: dt.date | None, done: dt.date, enforce_level: str,
                      clause: str) -> Verdict | None:
    """A procedure step done after its deadline."""
    if due is None or done <= due:
        return None
    days = (done - due).days
    return Verdict("deadline", enforce_level, f"Срок «{what}» — {_d(due)}; шаг выполняется "
                   f"{_d(done)}, позже на {days} дн.", clause)
