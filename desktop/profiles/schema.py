"""The profile's data: what a regulation says, as frozen dataclasses (no I/O, no Qt).

A profile is a municipality's regulation: the kinds of site, the procedure as an ordered
list of stages (who acts, who issues the order and the certificate), the package of
documents with forms, terms, deadlines (each saying whether the regulation sets it or the
centre adopted it), the rules that bind (windows, waiting periods, bands) — each with how
it is enforced: «refuse», «warn» or «info» — and the criteria of the review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.errors import ProfileError
from desktop.profiles.bodies import CENTRE, Body, centre_body

SCHEMA_VERSION = 2

FIELD_TYPES = ("text", "multiline", "date", "choice", "table", "number", "email", "phone", "url")
TERM_MODES = ("project", "months", "calendar_year")
DEADLINE_KINDS = ("report", "procedure", "publication", "plan")
# What a deadline is counted from; see desktop.deadlines for their meaning.
DEADLINE_ANCHORS = (
    "registration",  # application registration (= package received) date
    "assignment",  # status assigned (order date / term start)
    "term_end",  # end of the site's term
    "certificate_issue",  # certificate issued
    "yearly",  # a fixed day of each calendar year (month + day, day 0: last working day)
    "window",  # the end of the application window the package was received in
)
APPLIES_TO = ("site", "application", "centre")
SOURCES = ("regulation", "centre")  # «по положению» | «принято в центре»
ROLL_RULES = ("next_working_day", "previous_working_day", "none")
LEADER_CATEGORIES = ("administration", "highest", "first", "none")
ENFORCE = ("refuse", "warn", "info")
STAGE_TYPES = ("intake", "review", "decision", "order", "confirmation", "certificate",
               "publication")
OUTCOMES = ("assign", "refuse", "revise")
REVIEW_OUTCOMES = ("score", "pass_fail")
PASS_RULES = ("all", "majority")
SOURCE_NAMES = {"regulation": "по положению", "centre": "принято в центре"}
ENFORCE_NAMES = {"refuse": "запрещает", "warn": "предупреждает", "info": "справочно"}


@dataclass(frozen=True)
class Ground:
    code: str
    text: str


@dataclass(frozen=True)
class Column:
    code: str
    label: str


@dataclass(frozen=True)
class FormField:
    code: str
    label: str
    type: str = "text"
    required: bool = False
    hint: str = ""
    choices: tuple[str, ...] = ()
    choices_from: str = ""  # "directions": the choices are the profile's directions
    columns: tuple[Column, ...] = ()
    section: str = ""
    official: bool = False  # filled by the commission / centre, not by the applicant


@dataclass(frozen=True)
class Form:
    code: str
    title: str
    fields: tuple[FormField, ...]
    note: str = ""

    def field(self, code: str) -> FormField:
        for f in self.fields:
            if f.code == code:
                return f
        raise KeyError(code)


@dataclass(frozen=True)
class Document:
    code: str
    name: str
    required: bool = True
    description: str = ""
    form: str = ""  # code of a Form in the profile, or ""
    typed: bool = False  # the form must be typed in; otherwise a paper copy or scan suffices


@dataclass(frozen=True)
class Term:
    mode: str  # project | months | calendar_year
    months: int = 0
    min_months: int = 0
    max_months: int = 0
    # calendar_year: an order on or after this day gives the status through the next year
    late_order_after: tuple[int, int] | None = None
    text: str = ""


@dataclass(frozen=True)
class Extension:
    max_months: int = 0  # 0: no extension foreseen
    times: int = 0
    text: str = ""


@dataclass(frozen=True)
class DeadlineRule:
    code: str
    what: str
    kind: str
    anchor: str
    source: str = "regulation"
    every_months: int = 0
    offset_days: int = 0
    offset_months: int = 0
    month: int = 0
    day: int = 0  # 0 with month set: the last working day of that month
    on_request: bool = False
    applies_to: str = "site"  # site | application | centre
    stage: str = ""  # the procedure stage whose completion fulfils this deadline
    enforce: str = "warn"  # for stage deadlines: a step after the date is refused / warned
    form: str = ""  # the report's form (e.g. Омск приложение 4)
    roll: str = ""  # overrides the profile's calendar rule
    text: str = ""


@dataclass(frozen=True)
class ReviewRules:
    criteria: str = ""  # code of a CriteriaSet in the profile
    outcome: str = "score"  # score (bands) | pass_fail (each expert's conclusion)
    pass_rule: str = "all"  # pass_fail: all experts or a majority must be positive
    binding: bool = True  # the result binds the decision (a refusal quotes the band)
    form: str = ""  # the expert conclusion form
    text: str = ""


@dataclass(frozen=True)
class Stage:
    """One step of the procedure: who acts, what they issue, within what time."""

    code: str
    type: str
    name: str
    actor: str = ""
    outcomes: tuple[str, ...] = OUTCOMES  # decision stages
    issuer: str = ""  # order / certificate / confirmation: who issues the document
    signer_position: str = ""
    signer_name: str = ""
    text: str = ""
    body: str = ""  # the code of the stage's body ([[bodies]], "centre" for the centre)
    power: str = ""  # proposes | recommends | decides | issues | "" (intake, publication)
    to: str = ""  # proposes / recommends: the body that then acts
    act: str = ""  # issues: приказ | распоряжение | постановление | решение | свидетельство
    operative: str = ""  # the act's operative words («ПРИКАЗЫВАЮ:»)
    source: str = "regulation"  # regulation | centre (a stage the centre added by custom)


@dataclass(frozen=True)
class Window:
    start: tuple[int, int]  # (month, day); "02-29" means the last day of February
    end: tuple[int, int]
    enforce: str = "refuse"
    text: str = ""

    def contains(self, day: dt.date) -> bool:
        md = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= md <= self.end
        return md >= self.start or md <= self.end  # crosses the new year

    def end_for(self, received: dt.date) -> dt.date:
        """The last day of the window a package received on `received` belongs to."""
        year = received.year
        if self.start > self.end and (received.month, received.day) >= self.start:
            year += 1
        return month_day(year, self.end)


def month_day(year: int, md: tuple[int, int]) -> dt.date:
    """(month, day) in `year`; 29 February becomes the 28th in a common year."""
    m, d = md
    while True:
        try:
            return dt.date(year, m, d)
        except ValueError:
            d -= 1


@dataclass(frozen=True)
class Reapply:
    """A waiting period after a refusal, scoped to the kinds the regulation names."""

    months: int
    kinds: tuple[str, ...] = ()  # empty: every kind of the profile
    enforce: str = "refuse"
    text: str = ""


@dataclass(frozen=True)
class Leader:
    categories: tuple[str, ...] = ()
    enforce: str = "warn"
    text: str = ""


@dataclass(frozen=True)
class Kind:
    code: str
    name: str
    network: bool
    documents: tuple[Document, ...]
    term: Term
    extension: Extension
    review: ReviewRules | None
    deadlines: tuple[DeadlineRule, ...]
    removal_grounds: tuple[Ground, ...]
    refusal_grounds: tuple[Ground, ...]
    stages: tuple[Stage, ...]
    genitive: str = ""  # «муниципальной инновационной площадки» for documents
    description: str = ""
    has_coleader: bool = False
    duties: tuple[str, ...] = ()

    @property
    def required_documents(self) -> list[str]:
        return [d.name for d in self.documents if d.required]

    def stage(self, stage_type: str) -> Stage | None:
        return next((s for s in self.stages if s.type == stage_type), None)

    def stages_of(self, stage_type: str) -> list[Stage]:
        return [s for s in self.stages if s.type == stage_type]

    @property
    def decided_by(self) -> str:
        """Who decides (the last decision stage's actor), for display."""
        decisions = self.stages_of("decision")
        return decisions[-1].actor or decisions[-1].name if decisions else ""

    @property
    def order_issuer(self) -> str:
        st = self.stage("order")
        return st.issuer if st else ""


@dataclass(frozen=True)
class Defect:
    code: str
    text: str
    penalty: int = -1
    prefill_field: str = ""  # the form field whose emptiness shows this defect


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str
    group: str = ""
    note: str = ""
    max: int = 2
    zero_when: tuple[str, int] | None = None  # (criterion code, score) forcing 0


@dataclass(frozen=True)
class Band:
    min: int
    max: int
    level: str
    description: str
    allows: tuple[str, ...] = OUTCOMES  # the decisions this band permits

    @property
    def accept(self) -> bool:
        return "assign" in self.allows


@dataclass(frozen=True)
class CriteriaSet:
    code: str
    title: str
    scale: str
    defects: tuple[Defect, ...]
    criteria: tuple[Criterion, ...]
    bands: tuple[Band, ...]
    max_total: int

    def band_for(self, total: float) -> Band | None:
        """The band of a total; a mean between two bands (15.5) belongs to the lower one."""
        for band in self.bands:
            if band.min <= total < band.max + 1:
                return band
        return None


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    municipality: str
    operator: str
    source: str
    kinds: tuple[Kind, ...]
    directions: tuple[str, ...] = ()
    forms_of_work: tuple[str, ...] = ()
    leader: Leader = Leader()
    reapply: Reapply | None = None
    windows: tuple[Window, ...] = ()
    roll: str = "next_working_day"
    forms: dict[str, Form] = field(default_factory=dict)
    criteria: dict[str, CriteriaSet] = field(default_factory=dict)
    duties: tuple[DeadlineRule, ...] = ()  # the centre's own deadlines (once per year)
    funding_sources: tuple[str, ...] = ()
    reports_text: str = ""
    replaces: str = ""
    path: Path | None = None
    bodies: dict[str, Body] = field(default_factory=dict)  # every stage's body by code

    def body(self, code: str) -> Body:
        """A body by code (the centre's own under CENTRE, "centre")."""
        try:
            return self.bodies[code]
        except KeyError:
            raise ProfileError(f"В профиле «{self.name}» нет органа «{code}».") from None

    def body_of(self, stage: Stage | None) -> Body:
        """The body that acts at a stage (the centre where the stage names nobody)."""
        return self.bodies.get(stage.body if stage else "") or self.bodies.get(
            CENTRE) or centre_body(self.operator)

    @property
    def council(self) -> str:
        """The deciding body of the first kind, for display (meetings' default body)."""
        return self.kinds[0].decided_by if self.kinds else ""

    def kind(self, code: str) -> Kind:
        for k in self.kinds:
            if k.code == code:
                return k
        raise ProfileError(f"В профиле «{self.name}» нет вида площадки «{code}».")

    def form(self, code: str) -> Form:
        try:
            return self.forms[code]
        except KeyError:
            raise ProfileError(f"В профиле «{self.name}» нет формы «{code}».") from None

    def rule(self, kind_code: str | None, rule_code: str) -> DeadlineRule | None:
        """A deadline rule by code: a kind's, or the centre's duty (kind None)."""
        rules = self.duties
        if kind_code is not None:
            try:
                rules = self.kind(kind_code).deadlines
            except ProfileError:
                return None
        return next((r for r in rules if r.code == rule_code), None)

    def to_json(self) -> dict[str, Any]:
        """The `metodist profiles --json` view of this profile."""
        return {
            "id": self.id,
            "name": self.name,
            "municipality": self.municipality,
            "operator": self.operator,
            "council": self.council,
            "source": self.source,
            "replaces": self.replaces or None,
            "path": str(self.path) if self.path else None,
            "directions": list(self.directions),
            "windows": [{"start": f"{w.start[0]:02d}-{w.start[1]:02d}",
                         "end": f"{w.end[0]:02d}-{w.end[1]:02d}",
                         "enforce": w.enforce} for w in self.windows],
            "kinds": [
                {
                    "code": k.code,
                    "name": k.name,
                    "network": k.network,
                    "decided_by": k.decided_by,
                    "required_documents": k.required_documents,
                    "stages": [{"code": s.code, "type": s.type, "name": s.name,
                                "actor": s.actor, "issuer": s.issuer, "body": s.body,
                                "power": s.power, "to": s.to or None, "act": s.act or None,
                                "source": s.source} for s in k.stages],
                    "term": {
                        "mode": k.term.mode,
                        "months": k.term.months,
                        "min_months": k.term.min_months,
                        "max_months": k.term.max_months,
                    },
                    "extension_max_months": k.extension.max_months,
                    "deadlines": [
                        {"code": d.code, "what": d.what, "anchor": d.anchor, "source": d.source,
                         "stage": d.stage or None, "enforce": d.enforce}
                        for d in k.deadlines
                    ],
                }
                for k in self.kinds
            ],
            "duties": [{"code": d.code, "what": d.what, "source": d.source}
                       for d in self.duties],
        }
