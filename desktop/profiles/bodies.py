"""The bodies of a procedure (`[[bodies]]`) and what each stage's body may do.

A body is who acts at a stage: the centre itself, one of its organs (an expert group or
commission, a council), or an outside body (a department, an Управление, a ministry, a
committee) that issues its act on its own letterhead. Each stage names its body and its
power: it *proposes* or *recommends* to another body, *decides*, or *issues* the act (an
order, a распоряжение, a постановление, a решение, a certificate) with the act's
operative words («ПРИКАЗЫВАЮ:»).

A stage without `body` still works: its `actor` / `issuer` / `signer_*` describe an
implicit body (the shorthand of a profile written before bodies existed); the centre is
the body of a stage that names nobody. Nothing here imports Qt or the database.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from desktop.profiles.reader import _Reader, _unique

# What a body may do at a stage.
POWERS = ("proposes", "recommends", "decides", "issues")
# The acts a body issues and their operative words (the profile may give its own).
ACTS = ("приказ", "распоряжение", "постановление", "решение", "свидетельство")
OPERATIVE = {"приказ": "ПРИКАЗЫВАЮ:", "распоряжение": "", "постановление": "ПОСТАНОВЛЯЮ:",
             "решение": "РЕШИЛ:", "свидетельство": ""}
# The default power of a stage of each type.
DEFAULT_POWER = {"review": "proposes", "decision": "decides", "order": "issues",
                 "confirmation": "issues", "certificate": "issues"}
DEFAULT_ACT = {"order": "приказ", "certificate": "свидетельство", "confirmation": "решение"}
CENTRE = "centre"


@dataclass(frozen=True)
class Body:
    """One body: its name and its genitive (empty: declined when printed),
    whether it is outside the centre, the act it issues, its head and secretary, and the
    address its letterhead prints. `quorum` ("1/2", "2/3") is the share of the members
    that must be present (more than half: "1/2")."""

    code: str
    name: str
    genitive: str = ""
    outside: bool = False
    act: str = ""
    head_position: str = ""
    head_name: str = ""
    secretary: str = ""
    address: str = ""
    city: str = ""
    quorum: str = ""
    text: str = ""

    def with_overrides(self, values: dict[str, str]) -> Body:
        """The body with the centre's own entries (`bodies set`) over the profile's."""
        known = {k: v for k, v in values.items() if k in OVERRIDABLE and v}
        return replace(self, **known) if known else self  # type: ignore[arg-type]

    def quorum_met(self, members: int | None, present: int | None) -> bool | None:
        """Whether `present` of `members` make the quorum; None when it cannot be said."""
        if not self.quorum or not members or present is None:
            return None
        share = Fraction(self.quorum)
        return present > members * share if share == Fraction(1, 2) else \
            present >= members * share

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, "genitive": self.genitive,
                "outside": self.outside, "act": self.act,
                "head_position": self.head_position, "head_name": self.head_name,
                "secretary": self.secretary, "address": self.address}


# What `metodist bodies set` may change (kept in the database, over the profile).
OVERRIDABLE = ("head_name", "head_position", "secretary", "address", "city")


def read_body(b: _Reader) -> Body:
    body = Body(
        code=b.text("code"), name=b.text("name"), genitive=b.text("genitive", ""),
        outside=b.flag("outside"), act=b.text("act", "", choices=("", *ACTS)),
        head_position=b.text("head_position", ""), head_name=b.text("head_name", ""),
        secretary=b.text("secretary", ""), address=b.text("address", ""),
        city=b.text("city", ""), quorum=b.text("quorum", ""), text=b.text("text", ""))
    if body.quorum:
        try:
            share = Fraction(body.quorum)
            if not 0 < share <= 1:
                raise ValueError
        except (ValueError, ZeroDivisionError):
            b.problem("quorum", "доля присутствующих членов — дробь от 0 до 1: \"1/2\", \"2/3\"")
    if body.code == CENTRE:
        b.problem("code", f"код «{CENTRE}» зарезервирован за самим центром")
    b.done()
    return body


def read_bodies(r: _Reader) -> dict[str, Body]:
    bodies = [read_body(b) for b in r.tables("bodies")]
    _unique(bodies, "code", r, "bodies")
    return {b.code: b for b in bodies}


def centre_body(operator: str) -> Body:
    """The centre itself: its details come from «Сведения о центре»."""
    return Body(CENTRE, operator, outside=False)


def implicit_body(code: str, name: str, *, issuer: str, position: str, signer: str,
                  operator: str) -> Body | None:
    """The body a stage without `body` describes by its actor / issuer / signer; None when
    it names nobody but the centre."""
    named = issuer or name
    if not named or named == operator:
        return None
    return Body(f"_{code}", named, outside=bool(issuer) and issuer != operator,
                head_position=position, head_name=signer)
