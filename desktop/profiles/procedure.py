"""Reading the procedure: its stages, the checks on their order, and the deadline rules
(a kind's deadlines and the centre's own duties)."""

from __future__ import annotations

from dataclasses import replace

from desktop.profiles.bodies import (
    ACTS,
    CENTRE,
    DEFAULT_ACT,
    DEFAULT_POWER,
    OPERATIVE,
    POWERS,
    Body,
    centre_body,
    implicit_body,
)
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
        signer_name=s.text("signer_name", ""), text=s.text("text", ""),
        body=s.text("body", ""), power=s.text("power", DEFAULT_POWER.get(stype, ""),
                                              choices=("", *POWERS)),
        to=s.text("to", ""), act=s.text("act", "", choices=("", *ACTS)),
        operative=s.text("operative", ""),
        source=s.text("source", "regulation", choices=SOURCES))
    s.done()
    return stage


def resolve_bodies(r: _Reader, stages: list[Stage], bodies: dict[str, Body],
                   operator: str) -> tuple[list[Stage], dict[str, Body]]:
    """Every stage with its body: a named one must exist; a stage naming nobody gets the
    implicit body of its actor / issuer / signer, or the centre. A body's names fill the
    stage's actor, issuer and signer where the stage leaves them out, so that every
    reader of a stage sees the same body."""
    out = dict(bodies)
    out.setdefault(CENTRE, centre_body(operator))
    resolved = []
    for st in stages:
        if st.body and st.body not in out:
            r.problem("stages", f"этап «{st.code}»: нет органа «{st.body}» в разделе [[bodies]]")
            resolved.append(st)
            continue
        body = out.get(st.body) if st.body else implicit_body(
            st.code, st.actor if st.type != "intake" else "", issuer=st.issuer,
            position=st.signer_position, signer=st.signer_name, operator=operator)
        if body is None:
            body = out[CENTRE]
        out.setdefault(body.code, body)
        if st.to and st.to not in out:
            r.problem("stages", f"этап «{st.code}»: нет органа «{st.to}» (поле «to»)")
        act = st.act or ((body.act or DEFAULT_ACT.get(st.type, ""))
                         if st.power == "issues" else "")
        resolved.append(replace(
            st, body=body.code, actor=st.actor or body.name,
            issuer=st.issuer or (body.name if st.power == "issues" and body.outside else ""),
            signer_position=st.signer_position or (body.head_position if body.outside else ""),
            signer_name=st.signer_name or (body.head_name if body.outside else ""),
            act=act, operative=st.operative or OPERATIVE.get(act, "")))
    return resolved, out


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
