"""The steps of `metodist applications …` that need more than one service call."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from desktop.errors import UserError, ValidationError
from desktop.storage import Database


def new_application(db: Database, args: argparse.Namespace) -> dict[str, Any]:
    from desktop.profiles import get_profile
    from desktop.services import applications as apps
    from desktop.services.people import add_person

    kind = get_profile(args.profile).kind(args.kind)
    leader_id = (add_person(db, args.leader, organisation_id=args.organisation)
                 if args.leader else None)
    partners = list(args.partner or [])
    if partners and not kind.network:
        raise UserError(f"Вид «{kind.name}» не сетевой: партнёров (--partner) у заявки нет.")
    coleader = args.coleader
    if coleader and not kind.has_coleader:
        raise UserError(f"У вида «{kind.name}» положение не предусматривает соруководителя.")
    coleader_id = add_person(db, coleader) if coleader else None
    draft = apps.DraftData(profile_id=args.profile, kind_code=kind.code,
                           organisation_id=args.organisation, theme=args.theme,
                           direction=args.direction, project_name=args.project,
                           leader_id=leader_id, coleader_id=coleader_id,
                           partner_ids=partners)
    if args.paper:
        draft.paper = {d.code: True for d in kind.documents}
    app_id = apps.save_draft(db, draft)
    return {"id": app_id, "state": "draft"}


def score(db: Database, args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import select

    from desktop.models import Review
    from desktop.services import applications as apps

    profile, kind = apps.kind_of(db, args.id)
    with db.session() as s:
        review_id = s.scalar(select(Review.id).where(Review.application_id == args.id,
                                                     Review.expert_id == args.expert))
    if review_id is None:
        raise UserError(f"Эксперт № {args.expert} не назначен на заявку № {args.id}.")
    scores: dict[str, int] = {}
    defects: dict[str, bool] = {}
    crit = profile.criteria.get(kind.review.criteria) if kind.review and \
        kind.review.criteria else None
    if crit is not None:
        values = [v.strip() for v in args.scores.split(",") if v.strip()]
        if len(values) != len(crit.criteria):
            raise ValidationError({"scores": f"Нужно {len(crit.criteria)} оценок через запятую "
                                             f"(по критериям 1–{len(crit.criteria)}), "
                                             f"указано {len(values)}."})
        try:
            scores = {c.code: int(v) for c, v in zip(crit.criteria, values, strict=True)}
        except ValueError:
            raise ValidationError({"scores": "Оценки — целые числа через запятую."}) from None
        codes = {d.code for d in crit.defects}
        for code in (c.strip() for c in args.defects.split(",") if c.strip()):
            if code not in codes:
                raise ValidationError({"defects": f"Нет недочёта «{code}»; есть: "
                                                  f"{', '.join(sorted(codes))}."})
            defects[code] = True
    passed = {"yes": True, "no": False}.get(args.passed or "")
    form_data = None
    if args.json_file:
        from desktop.services.form_input import form_input, read_json_file

        if not (kind.review and kind.review.form):
            raise UserError(f"У вида «{kind.name}» положение не задаёт формы заключения: "
                            "--json-file не нужен.")
        form_data = form_input(profile, profile.form(kind.review.form),
                               read_json_file(args.json_file))
    total = apps.save_sheet(db, review_id, scores, defects, args.conclusion, args.date,
                            passed=passed, form_data=form_data, override=args.override)
    with db.session() as s:
        review = s.get(Review, review_id)
        assert review is not None
        return {"total": total, "band": review.band or None, "passed": review.passed,
                "form": review.form_data or {},
                "scores": {sc.code: sc.value for sc in review.scores if not sc.is_defect}}


def order(db: Database, args: argparse.Namespace) -> dict[str, Any]:
    from desktop.services import applications as apps
    from desktop.services.applications.show import application_json, site_json

    site_id = apps.issue_order(db, args.id, args.number, args.date, term_start=args.start,
                               term_end=args.end, override=args.override)
    site = site_json(db, site_id)
    issued = application_json(db, args.id)["order"]
    return {"site": site_id, "number": site["number"], "term_start": site["term_start"],
            "term_end": site["term_end"], "issued_by": issued["issued_by"] if issued else None,
            "date": dt.date.isoformat(args.date)}
