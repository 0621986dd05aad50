"""Documents built from the profile's forms: the experts' conclusions on an application
(criteria, defects, total and band, or pass/fail, and the conclusion form) and the filled
application with its programme."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop.errors import UserError
from desktop.models import Application, Person, Review
from desktop.profiles import CriteriaSet, Form, Profile, get_profile
from desktop.services.declension import initials_first
from desktop.services.documents.common import (
    application_info,
    envelope,
    kind_info,
    load_app,
)
from desktop.services.documents.data import (
    Conclusion,
    Document,
    FieldValue,
    FormBlock,
    PackageDocument,
    Score,
    Signer,
    SignLine,
)
from desktop.services.prefill import known_values, prefill
from desktop.storage import Database
from desktop.text import capital, long_date


def value_text(value: Any) -> str:
    """A form value as printed: «—» for nothing, «да»/«нет», lists joined."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "—"
    return str(value)


def form_values(form: Form, data: dict[str, Any]) -> list[FieldValue]:
    """Every field of a form with its value; a table field with its columns and rows."""
    out: list[FieldValue] = []
    section = ""
    for f in form.fields:
        value = data.get(f.code)
        heading = f.section if f.section and f.section != section else ""
        section = f.section or section
        if f.type == "table":
            rows = [[str(r.get(c.code, "") or "") for c in f.columns]
                    for r in (value or []) if isinstance(r, dict)]
            # a table that is its section's only content is titled once, by the section
            label = "" if heading and heading.strip(" :") == f.label.strip(" :") else f.label
            out.append(FieldValue(label, "" if rows else "—", f.section, heading,
                                  [c.label for c in f.columns], rows))
        else:
            out.append(FieldValue(f.label, value_text(value), f.section, heading))
    return out


NOT_SUBMITTED = "не вынесено: лист эксперта не сдан"


def verdict_text(review: Review, crit: CriteriaSet | None, pass_fail: bool) -> str:
    """The expert's verdict as the conclusion states it: «положительное» or «отрицательное»
    on a pass/fail review, the band's meaning on a scored one."""
    if review.submitted_on is None:
        return NOT_SUBMITTED
    if pass_fail:
        return {True: "положительное", False: "отрицательное"}.get(
            review.passed, "не указано экспертом")  # type: ignore[arg-type]
    band = crit.band_for(review.total) if crit is not None and review.total is not None \
        else None
    return band.description if band else (review.band or "не указано экспертом")


def expert_place(expert: Person) -> str:
    """Where the expert works: the organisation on the person's card, else its position
    (a methodologist of the centre has no organisation on the card)."""
    if expert.organisation is not None:
        return expert.organisation.full_name
    return expert.position


def conclusion_data(db: Database, app_id: int) -> Document:
    """Each expert's conclusion on the application, per the profile's review rules."""
    with db.session() as s:
        app = load_app(s, app_id)
        profile: Profile = get_profile(app.profile_id)
        kind = profile.kind(app.kind_code)
        rules = kind.review
        if rules is None:
            raise UserError(f"Положение «{profile.name}» не предусматривает экспертизы вида "
                            f"«{kind.name}»: заключения нет.")
        reviews = list(s.scalars(select(Review).where(Review.application_id == app.id)
                                 .order_by(Review.id)))
        if not reviews:
            raise UserError(f"По заявке № {app.reg_number or app.id} эксперты ещё не назначены.")
        crit = profile.criteria.get(rules.criteria) if rules.criteria else None
        form = profile.forms.get(rules.form) if rules.form else None
        doc = envelope(s, "conclusion", "Экспертное заключение", profile, kind.stage("review"),
                       kind=kind_info(kind), application=application_info(app, kind))
        doc.scored = crit is not None
        for r in reviews:
            values = {sc.code: sc.value for sc in r.scores}
            c = Conclusion(r.expert.full_name, r.submitted_on, r.conclusion, r.total, r.band,
                           crit.max_total if crit else 0, r.passed,
                           signed=initials_first(r.expert.full_name),
                           organisation=expert_place(r.expert),
                           verdict=verdict_text(r, crit, rules.outcome == "pass_fail"),
                           heading=(form.title if form else "Экспертное заключение").upper(),
                           note=form.note if form else "")
            if crit is not None:
                c.scores = [Score(n, cr.text, values.get(cr.code), cr.max)
                            for n, cr in enumerate(crit.criteria, 1)]
                c.defects = [Score(n, d.text, values.get(d.code), d.penalty)
                             for n, d in enumerate(crit.defects, 1)]
            if form is not None:
                c.form = form_values(form, r.form_data or {})
            doc.items.append(c)
        doc.signer = Signer("Эксперт", "")
        doc.date = max((r.submitted_on for r in reviews if r.submitted_on), default=None)
        doc.links = {"application_id": app.id}
        return doc


PAPER_NOTE = ("Оригинал документа получен на бумаге и хранится в деле заявки; здесь "
              "напечатаны сведения о нём, которые есть в программе.")
NOT_HELD = "см. оригинал"  # a field of a paper document the program does not hold
BLANK_DATE = "«___» ____________ 20__ г."
HEAD = "Руководитель образовательной организации"
COMMISSION = "(заполняется экспертной комиссией)"
REGISTERED = "(заполняется при регистрации заявки в центре)"


def official_values(app: Application) -> dict[str, str]:
    """What the commission fills on a form, from the registration."""
    return {"reg_number": app.reg_number or "",
            "reg_date": long_date(app.reg_date) if app.reg_date else ""}


def form_blocks(form: Form, data: dict[str, Any], official: dict[str, str],
                missing: str = "—") -> tuple[list[FormBlock], list[FieldValue]]:
    """The form's applicant fields as tables — runs of fields label beside value, with a
    heading row at each section, and each table field as its own table — and the fields
    the commission fills, from the registration."""
    blocks: list[FormBlock] = []
    done: list[FieldValue] = []
    section = ""
    for f in form.fields:
        if f.official:
            done.append(FieldValue(f.label, official.get(f.code) or "_______________"))
            continue
        value = data.get(f.code)
        if f.type == "table":
            rows = [[str(r.get(c.code, "") or "") for c in f.columns]
                    for r in (value or []) if isinstance(r, dict)]
            titled = bool(f.section) and f.section.strip(" :") == f.label.strip(" :")
            if f.section and f.section != section and not titled:
                blocks.append(FormBlock([FieldValue("", heading=f.section)]))
            section = f.section or section
            blocks.append(FormBlock(label=f.label, columns=[c.label for c in f.columns],
                                    rows=rows or [[missing] + [""] * (len(f.columns) - 1)]))
            continue
        if not blocks or blocks[-1].columns:
            blocks.append(FormBlock())
        if f.section and f.section != section:
            blocks[-1].fields.append(FieldValue("", heading=f.section))
        section = f.section or section
        text = value_text(value)
        blocks[-1].fields.append(FieldValue(f.label, missing if text == "—" else text,
                                            f.section))
    return blocks, done


def _signs(app: Application, kind_genitive: str, first: bool) -> list[SignLine]:
    """The signatures a package document asks for: the application itself the head's
    (Омск, приложение 1); the programme and the other documents the site leader's and the
    head's with the stamp (приложение 2)."""
    org = app.organisation
    head = SignLine(HEAD, initials_first(org.head_name), "(ФИО, подпись)")
    if first:
        return [head]
    out = []
    if app.leader is not None:
        name = initials_first(app.leader.full_name)
        out.append(SignLine(f"Руководитель {kind_genitive}",
                            ", ".join(x for x in (name, app.leader.position) if x),
                            "(ФИО, должность, подпись)"))
    head.hint = "(ФИО, подпись, печать)"
    return [*out, head]


def application_data(db: Database, app_id: int) -> Document:
    """The application as filled: every document of the package with its form's fields as
    the regulation's tables, the signatures, stamp and date the form asks for, the
    registration filled in; a paper document with what the program holds of it."""
    from desktop.services.applications.intake import PAPER  # intake reaches this module

    with db.session() as s:
        app = load_app(s, app_id)
        profile = get_profile(app.profile_id)
        kind = profile.kind(app.kind_code)
        known = known_values(db, organisation_id=app.organisation_id,
                             leader_id=app.leader_id, theme=app.theme,
                             direction=app.direction, project_name=app.project_name)
        info = kind_info(kind)
        doc = envelope(s, "application", "Заявка", profile, None, kind=info,
                       application=application_info(app, kind))
        official = official_values(app)
        for n, d in enumerate(sorted(app.documents, key=lambda x: x.position)):
            spec = next((x for x in kind.documents if x.code == d.doc_code), None)
            form = profile.form(spec.form) if spec is not None and spec.form else None
            item = PackageDocument(d.title, d.present,
                                   d.attachment.file_name if d.attachment else "",
                                   heading=(form.title if form else d.title).upper(),
                                   note=form.note if form else "")
            on_paper = d.note == PAPER
            if d.present and form is not None:
                data = {**prefill(form, known), **{k: v for k, v in (d.form_data or {}).items()
                                                   if v not in (None, "", [])}}
                item.fields = form_values(form, data)
                item.blocks, item.official = form_blocks(form, data, official,
                                                         NOT_HELD if on_paper else "—")
                item.signs = _signs(app, info.genitive, first=n == 0)
                item.stamp = n > 0
                item.date_line = "" if n == 0 else (long_date(app.submitted_on)
                                                    if app.submitted_on else BLANK_DATE)
                item.official_note = COMMISSION if item.official else ""
            if n == 0 and not item.official:  # the form gives no lines: the centre's own
                item.official = [FieldValue("Регистрационный номер",
                                            official["reg_number"] or "_______________"),
                                 FieldValue("Дата регистрации",
                                            official["reg_date"] or "_______________")]
                item.official_note = REGISTERED
            if d.present and on_paper:
                item.paper = PAPER_NOTE
            doc.items.append(item)
        org = app.organisation
        doc.signer = Signer(capital(org.head_position) or "Руководитель образовательной "
                            "организации", initials_first(org.head_name))
        doc.number, doc.date = app.reg_number, app.reg_date
        doc.links = {"application_id": app.id}
        return doc
