"""Reading the procedure: its stages, the checks on their order, and the deadline rules
(a kind's deadlines and the centre's own duties)."""

from __future__ import annotations

from desktop.profiles.reader import _Reader, _unique
from desktop.profiles.schema import (
    APPLIES_TO,
    DEADLINE_ANCHORS,
    DEADLINE_KINDS,
    ENFORCE,
    OUTCOMES,
    ROLL_RULES,
    SOURCES,
    STAGE_TYPES,
    DeadlineRule,
    Form,
    Stage,
)


def _deadline(d: _Reader, forms: dict[str, Form], *, centre: bool = False) -> DeadlineRule:
    rule = DeadlineRule(
        code=d.text("code"),
        what=d.text("what"),
        kind=d.text("kind", "report", choices=DEADLINE_KINDS),
        anchor=d.text("anchor", choices=("yearly",) if centre else DEADLINE_ANCHORS),
        source=d.text("source", choices=SOURCES),
        every_months=d.integer("every_months", 0, hi=120),
        offset_days=d.integer("offset_days", 0, lo=-366, hi=3660),
        offset_months=d.integer("offset_months", 0, lo=-120, hi=120),
        month=d.integer("month", 0, hi=12),
        day=d.integer("day", 0, hi=31),
        on_request=d.flag("on_request"),
        applies_to="centre" if centre else d.text("applies_to", "site", choices=APPLIES_TO[:2]),
        stage=d.text("stage", ""),
        enforce=d.text("enforce", "warn", choices=ENFORCE),
        form=d.text("form", ""),
        roll=d.text("roll", "", choices=("", *ROLL_RULES)),
        text=d.text("text", ""),
    )
    if rule.anchor == "yearly" and not rule.month:
        d.problem("month", "для ежегодного срока нужен месяц")
    if rule.source == "regulation" and not rule.text:
        d.problem("text", "срок «по положению» должен цитировать пункт положения")
    if rule.form and rule.form not in forms:
        d.problem("form", f"нет формы «{rule.form}» в разделе [forms]")
    d.done()
    return rule


def _stage(s: _Reader) -> Stage:
    stype = s.text("type", choices=STAGE_TYPES)
    stage = Stage(
        code=s.text("code"), type=stype, name=s.text("name"), actor=s.text("actor", ""),
        outcomes=s.texts("outcomes", choices=OUTCOMES) if s.has("outcomes") else
        (("assign", "refuse", "revise") if stype == "decision" else ()),
        issuer=s.text("issuer", ""), signer_position=s.text("signer_position", ""),
        signer_name=s.text("signer_name", ""), text=s.text("text", ""))
    s.done()
    return stage


def _check_stages(r: _Reader, stages: list[Stage]) -> None:
    _unique(stages, "code", r, "stages")
    types = [s.type for s in stages]
    if "intake" not in types:
        r.problem("stages", "в процедуре нет этапа типа «intake» (приём заявки)")
    if "order" not in types and "certificate" not in types:
        r.problem("stages", "в процедуре нет этапа, присваивающего статус: «order» (приказ) "
                            "или «certificate» (свидетельство)")
    if "intake" in types and types[0] != "intake":
        r.problem("stages", "процедура начинается с приёма заявки (type = \"intake\")")
    for t in ("review", "order", "confirmation", "certificate", "publication"):
        if types.count(t) > 1:
            r.problem("stages", f"этап типа «{t}» может быть только один")
