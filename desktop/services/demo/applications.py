"""Demo applications: their package's forms filled in, experts' reviews, council meetings
and decisions, for applications still open at every step of the procedure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.models import (
    Application,
    ApplicationDocument,
    CouncilMeeting,
    Decision,
    Organisation,
    Person,
    Review,
    ReviewScore,
    StatusHistory,
)
from desktop.profiles import Kind, Profile
from desktop.services.demo.people import BuilderBase
from desktop.services.demo.rules import fit_band, in_window
from desktop.services.demo.verdicts import (
    conclusion_for,
    conclusion_for_band,
    form_sections,
    passes,
)
from desktop.services.demo.words import filler, stages_done, table_cell


class Applications(BuilderBase):
    """Applications with their documents, reviews and decisions."""

    def meeting(self, profile: Profile, kind: Kind, day: dt.date) -> int:
        return self.add(CouncilMeeting, profile_id=profile.id, body=kind.decided_by,
                        meeting_date=day, protocol_number=f"{self.rnd.randrange(1, 12)}",
                        notes="")

    def application(self, profile: Profile, kind: Kind, org: int, state: str, submitted: dt.date,
                    *, theme: str, leader: int | None, coleader: int | None,
                    site_id: int | None = None) -> int:
        r = self.rnd
        registered = state != "draft"
        if registered:
            self.reg_seq += 1
        direction = r.choice(profile.directions) if profile.directions else ""
        app_id = self.add(
            Application, profile_id=profile.id, kind_code=kind.code, purpose="assign",
            organisation_id=org, site_id=site_id, theme=theme, direction=direction,
            project_name=f"Программа «{theme}»", term_start=None, term_end=None,
            leader_id=leader, coleader_id=coleader, state=state,
            reg_number=f"{submitted.year}-{self.reg_seq:04d}" if registered else "",
            reg_date=submitted if registered else None, submitted_on=submitted,
            ground_code="", notes="", draft={}, stages_done=stages_done(kind, state, submitted),
        )
        complete = state != "draft" or r.random() < 0.5
        for pos, doc in enumerate(kind.documents):
            present = complete or pos == 0
            self.add(ApplicationDocument, application_id=app_id, doc_code=doc.code,
                     title=doc.name, position=pos, present=present,
                     received_on=submitted if present else None,
                     form_data=self.form_data(profile, doc.form, theme, direction,
                                               org, leader) if present
                     else {}, attachment_id=None, note="")
        self.add(StatusHistory, application_id=app_id, site_id=None, happened_on=submitted,
                 event="created", from_status="", to_status="draft", ground_code="",
                 ground_text="", note="", os_user="demo")
        if registered:
            self.add(StatusHistory, application_id=app_id, site_id=None, happened_on=submitted,
                     event="registered", from_status="draft", to_status="registered",
                     ground_code="", ground_text="", note="", os_user="demo")
        self.result.applications += 1
        return app_id

    def form_data(self, profile: Profile, form_code: str, theme: str, direction: str,
                  org: int | None = None, leader: int | None = None) -> dict:
        if not form_code:
            return {}
        data: dict[str, Any] = {}
        values = self.form_values(theme, org, leader)
        for f in profile.form(form_code).fields:
            if f.official:
                continue
            if f.type == "table":
                data[f.code] = [
                    {c.code: (str(i + 1) if c.code in ("n", "no", "num") else
                              table_cell(c.label, i)) for c in f.columns}
                    for i in range(self.rnd.randrange(2, 5))
                ]
            elif f.type == "choice":
                data[f.code] = direction or (f.choices[0] if f.choices else "")
            elif f.type == "date":
                data[f.code] = self.today.isoformat()
            else:
                data[f.code] = values.get(f.code) or filler(f.label, theme)
        return data

    def form_values(self, theme: str, org: int | None, leader: int | None) -> dict[str, str]:
        """What an applicant writes in the usual fields, from its organisation's card."""
        o = self.known.get((Organisation, org or 0), {})
        p = self.known.get((Person, leader or 0), {})
        person = (f"{p['last_name']} {p['first_name']} {p['middle_name']}, {p['position']}"
                  if p else "")
        programme = f"Программа «{theme}»"
        return {
            "org_full_name": o.get("full_name", ""), "legal_name": o.get("full_name", ""),
            "short_name": o.get("short_name", ""), "address": o.get("address", ""),
            "legal_address": f"{o.get('address', '')}, тел. {o.get('phone', '')}",
            "phone": o.get("phone", ""), "email": o.get("email", ""),
            "website": o.get("website", ""),
            "contacts": f"тел. {o.get('phone', '')}, e-mail: {o.get('email', '')}",
            "head_name": o.get("head_name", ""), "head": o.get("head_name", ""),
            "leader": person, "site_head": person, "p4_head": person, "contact_person": person,
            "theme": theme, "project_name": programme, "p1_name": programme, "name": programme,
            "term": "3 года", "p2_term": "3 года",
            "protocol": "протокол заседания педагогического совета от 28 августа № 1"}

    def reviews(self, profile: Profile, kind: Kind, app_id: int, registered: dt.date,
                *, scored: bool, state: str = "", theme: str = "") -> None:
        r = self.rnd
        # A kind the regulation does not review gets no reviews; its draws are still made,
        # so the rest of the seeded demo stays as it was.
        reviewed = kind.review is not None
        crit = (profile.criteria.get(kind.review.criteria)
                if kind.review and kind.review.criteria else None)
        pass_fail = kind.review is not None and kind.review.outcome == "pass_fail"
        form = (profile.form(kind.review.form) if kind.review and kind.review.form else None)
        days = 14
        experts = r.sample(self.experts, k=min(len(self.experts), r.choice([1, 2, 2, 3])))
        for n, expert in enumerate(experts):
            total = None
            band = ""
            passed = passes(state, n) if pass_fail and scored else None
            conclusion = conclusion_for(passes(state, n)) if scored else ""
            if not reviewed:
                if scored:
                    r.randrange(3, days + 1)  # the submission day's draw, kept
                continue
            rid = self.ids(Review)
            if scored and crit is not None:
                scores = {c.code: r.choice([0, 1, 2, 2, 2]) for c in crit.criteria}
                defects = {d.code: (d.penalty if r.random() < 0.1 else 0) for d in crit.defects}
                total = fit_band(crit, scores, sum(defects.values()), state)
                b = crit.band_for(total)
                band = b.level if b else ""
                conclusion = conclusion_for_band(b)
                for code, value in scores.items():
                    self.add(ReviewScore, review_id=rid, code=code, is_defect=False, value=value,
                             prefilled=False)
                for code, value in defects.items():
                    self.add(ReviewScore, review_id=rid, code=code, is_defect=True, value=value,
                             prefilled=False)
            self.add(Review, id=rid, application_id=app_id, expert_id=expert,
                     assigned_on=registered, due_on=registered + dt.timedelta(days=days),
                     submitted_on=(registered + dt.timedelta(days=r.randrange(3, days + 1))
                                   if scored else None),
                     total=total, band=band if not pass_fail or passed is None
                     else ("положительное" if passed else "отрицательное"), passed=passed,
                     form_data=(form_sections(form, theme, passes(state, n))
                                if form is not None and scored else {}),
                     conclusion=conclusion)
            self.result.reviews += 1

    def open_application(self, profile: Profile, kind: Kind, org: int, state: str) -> None:
        r = self.rnd
        submitted = in_window(profile, self.date_between(self.today - dt.timedelta(days=120),
                                                         self.today - dt.timedelta(days=1)))
        leader = self.person(org, position="заместитель директора по УВР",
                             category="administration")
        theme = self.theme()
        app_id = self.application(profile, kind, org, state, submitted, theme=theme,
                                  leader=leader,
                                  coleader=r.choice(self.staff) if kind.has_coleader else None)
        if state in ("review", "reviewed", "council", "approved", "refused", "revision"):
            self.reviews(profile, kind, app_id, submitted, scored=state != "review", state=state,
                         theme=theme)
            self.add(StatusHistory, application_id=app_id, site_id=None, happened_on=submitted,
                     event="review_assigned", from_status="registered", to_status="review",
                     ground_code="", ground_text="", note="", os_user="demo")
        if state in ("approved", "refused", "revision"):
            day = min(self.today, submitted + dt.timedelta(days=30))
            meeting = self.meeting(profile, kind, day)
            ground = (kind.refusal_grounds[0] if state == "refused" and kind.refusal_grounds
                      else None)
            outcome = {"approved": "assign", "refused": "refuse", "revision": "revise"}[state]
            decision = self.add(Decision, meeting_id=meeting, application_id=app_id, site_id=None,
                                outcome=outcome, ground_code=ground.code if ground else "",
                                ground_text=ground.text if ground else "", term_start=None,
                                term_end=None, order_id=None, notes="")
            self.add(StatusHistory, application_id=app_id, site_id=None, happened_on=day,
                     event="decided", from_status="council", to_status=state,
                     ground_code=ground.code if ground else "",
                     ground_text=ground.text if ground else "", decision_id=decision,
                     note="", os_user="demo")
