"""Reading the kinds of site and the tables they refer to: document forms, criteria sets
with their score bands, grounds of refusal and removal."""

from __future__ import annotations

from typing import Any

from desktop.profiles.procedure import _deadline
from desktop.profiles.reader import _Reader, _unique
from desktop.profiles.schema import (
    FIELD_TYPES,
    OUTCOMES,
    PASS_RULES,
    REVIEW_OUTCOMES,
    TERM_MODES,
    Band,
    Column,
    CriteriaSet,
    Criterion,
    Defect,
    Document,
    Extension,
    Form,
    FormField,
    Ground,
    Kind,
    ReviewRules,
    Term,
)


def _grounds(r: _Reader, key: str) -> tuple[Ground, ...]:
    out = []
    for g in r.tables(key):
        out.append(Ground(g.text("code"), g.text("text")))
        g.done()
    _unique(out, "code", r, key)
    return tuple(out)


def _form(code: str, r: _Reader, directions: tuple[str, ...]) -> Form:
    fields = []
    for f in r.tables("fields", required=True):
        ftype = f.text("type", "text", choices=FIELD_TYPES)
        columns = []
        for c in f.tables("columns"):
            columns.append(Column(c.text("code"), c.text("label")))
            c.done()
        if ftype == "table" and not columns:
            f.problem("columns", "у поля-таблицы должны быть столбцы")
        choices_from = f.text("choices_from", "", choices=("", "directions"))
        choices = f.texts("choices")
        if ftype == "choice" and not choices and not (choices_from and directions):
            f.problem("choices", "у поля-выбора должен быть список вариантов")
        fields.append(FormField(
            code=f.text("code"), label=f.text("label"), type=ftype, required=f.flag("required"),
            hint=f.text("hint", ""), choices=choices, choices_from=choices_from,
            columns=tuple(columns), section=f.text("section", ""), official=f.flag("official")))
        f.done()
    _unique(fields, "code", r, "fields")
    form = Form(code=code, title=r.text("title"), fields=tuple(fields), note=r.text("note", ""))
    r.done()
    return form


def _criteria(code: str, r: _Reader) -> CriteriaSet:
    defects = []
    for d in r.tables("defects"):
        defects.append(Defect(d.text("code"), d.text("text"), d.integer("penalty", -1, lo=-100,
                                                                        hi=0),
                              d.text("prefill_field", "")))
        d.done()
    criteria = []
    for item in r.tables("items", required=True):
        zero = item.table("zero_when")
        zero_when = (zero.text("item"), zero.integer("score", 0)) if zero else None
        if zero:
            zero.done()
        criteria.append(Criterion(code=item.text("code"), text=item.text("text"),
                                  group=item.text("group", ""), note=item.text("note", ""),
                                  max=item.integer("max", 2, lo=1, hi=100), zero_when=zero_when))
        item.done()
    codes = {c.code for c in criteria}
    for c in criteria:
        if c.zero_when and c.zero_when[0] not in codes:
            r.problem("items", f"критерий «{c.code}» ссылается на неизвестный «{c.zero_when[0]}»")
    bands = []
    for band in r.tables("bands", required=True):
        bands.append(Band(band.integer("min", lo=-100), band.integer("max", lo=-100),
                          band.text("level"), band.text("description"),
                          band.texts("allows", choices=OUTCOMES) if band.has("allows")
                          else OUTCOMES))
        band.done()
    total = sum(c.max for c in criteria)
    max_total = r.integer("max_total", total, lo=1)
    if max_total != total:
        r.problem("max_total", "не равен сумме максимальных баллов критериев")
    ordered = sorted(bands, key=lambda b: b.min)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.min != a.max + 1:
            r.problem("bands", f"диапазоны {a.min}–{a.max} и {b.min}–{b.max} не смыкаются")
    _unique(criteria, "code", r, "items")
    out = CriteriaSet(code=code, title=r.text("title"), scale=r.text("scale", ""),
                      defects=tuple(defects), criteria=tuple(criteria), bands=tuple(ordered),
                      max_total=max_total)
    r.done()
    return out


def _kind(r: _Reader, ctx: dict[str, Any]) -> Kind:
    forms, criteria, stages = ctx["forms"], ctx["criteria"], ctx["stages"]
    docs = []
    for d in r.tables("documents", required=True):
        doc = Document(d.text("code"), d.text("name"), d.flag("required", True),
                       d.text("description", ""), d.text("form", ""), d.flag("typed"))
        if doc.form and doc.form not in forms:
            d.problem("form", f"нет формы «{doc.form}» в разделе [forms]")
        if doc.typed and not doc.form:
            d.problem("typed", "набирать можно только документ с формой (поле form)")
        d.done()
        docs.append(doc)
    _unique(docs, "code", r, "documents")
    term = Term("project")
    t = r.table("term")
    if t is None:
        r.problem("term", "обязательный раздел отсутствует")
    else:
        late = t.month_day("late_order_after") if t.has("late_order_after") else None
        term = Term(t.text("mode", choices=TERM_MODES), t.integer("months", 0, hi=120),
                    t.integer("min_months", 0, hi=120), t.integer("max_months", 0, hi=120),
                    late, t.text("text", ""))
        if term.mode == "months" and not (term.months or term.max_months):
            t.problem("months", "для срока в месяцах нужно число месяцев")
        if late and term.mode != "calendar_year":
            t.problem("late_order_after", "имеет смысл только для срока «calendar_year»")
        t.done()
    e = r.table("extension")
    ext = Extension()
    if e:
        ext = Extension(e.integer("max_months", 0, hi=120), e.integer("times", 1, hi=10),
                        e.text("text", ""))
        e.done()
    review = None
    rv = r.table("review")
    if rv:
        review = ReviewRules(
            criteria=rv.text("criteria", ""), outcome=rv.text("outcome", "score",
                                                              choices=REVIEW_OUTCOMES),
            pass_rule=rv.text("pass_rule", "all", choices=PASS_RULES),
            binding=rv.flag("binding", True), form=rv.text("form", ""), text=rv.text("text", ""))
        if review.criteria and review.criteria not in criteria:
            rv.problem("criteria", f"нет набора критериев «{review.criteria}» в разделе [criteria]")
        if review.outcome == "score" and not review.criteria and review.binding:
            rv.problem("criteria", "для оценки баллами нужен набор критериев (или outcome = "
                                   "\"pass_fail\")")
        if review.form and review.form not in forms:
            rv.problem("form", f"нет формы «{review.form}» в разделе [forms]")
        rv.done()
    codes = r.texts("stages")
    by_code = {s.code: s for s in stages}
    for c in codes:
        if c not in by_code:
            r.problem("stages", f"нет этапа «{c}» в разделе [[stages]]")
    kind_stages = tuple(by_code[c] for c in codes if c in by_code) if codes else tuple(stages)
    types = [s.type for s in kind_stages]
    if review is None and "review" in types:
        r.problem("review", "в процедуре есть этап экспертизы, а раздела [kinds.review] нет")
    if review is not None and "review" not in types:
        r.problem("stages", "есть раздел [kinds.review], а этапа экспертизы (type = \"review\") "
                            "в процедуре нет")
    deadlines = [_deadline(d, forms) for d in r.tables("deadlines")]
    for dl in deadlines:
        if dl.stage and dl.stage not in {s.code for s in kind_stages}:
            r.problem("deadlines", f"срок «{dl.code}»: нет этапа «{dl.stage}» в процедуре вида")
    _unique(deadlines, "code", r, "deadlines")
    kind = Kind(
        code=r.text("code"), name=r.text("name"), network=r.flag("network"),
        documents=tuple(docs), term=term, extension=ext, review=review,
        deadlines=tuple(deadlines),
        removal_grounds=_grounds(r, "removal_grounds") or ctx["removal"],
        refusal_grounds=_grounds(r, "refusal_grounds") or ctx["refusal"],
        stages=kind_stages, genitive=r.text("genitive", ""),
        description=r.text("description", ""), has_coleader=r.flag("has_coleader"),
        duties=r.texts("duties"))
    r.done()
    return kind
