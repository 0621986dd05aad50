"""Reading a profile file: decoding, TOML, and validation that names every problem.

Every problem is one Russian line naming the file and the field. Unknown keys are refused
with the nearest known key («неизвестное поле «requred» — возможно, «required»»), so a
misspelt rule never silently disappears. A UTF-8 BOM is accepted; a Windows-1251 file is
recognised and the message says how to save it as UTF-8.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

from desktop.errors import ProfileError
from desktop.profiles.schema import (
    APPLIES_TO,
    DEADLINE_ANCHORS,
    DEADLINE_KINDS,
    ENFORCE,
    FIELD_TYPES,
    LEADER_CATEGORIES,
    OUTCOMES,
    PASS_RULES,
    REVIEW_OUTCOMES,
    ROLL_RULES,
    SCHEMA_VERSION,
    SOURCES,
    STAGE_TYPES,
    TERM_MODES,
    Band,
    Column,
    CriteriaSet,
    Criterion,
    DeadlineRule,
    Defect,
    Document,
    Extension,
    Form,
    FormField,
    Ground,
    Kind,
    Leader,
    Profile,
    Reapply,
    ReviewRules,
    Stage,
    Term,
    Window,
)

_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class ProfileProblems(ProfileError):
    """Every problem of one file; `problems` holds one Russian line each."""

    def __init__(self, origin: str, problems: list[str]) -> None:
        self.origin = origin
        self.problems = problems
        more = f" (и ещё {len(problems) - 1})" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)


class _Reader:
    """Typed access to one TOML table. A wrong value is recorded as a problem (naming the
    field) and a safe default is returned, so one pass finds every problem of a file."""

    def __init__(self, data: Any, where: str, origin: str, problems: list[str]) -> None:
        self.where, self.origin, self.problems = where, origin, problems
        self.used: set[str] = set()
        if not isinstance(data, dict):
            self.problem("", "ожидается таблица (раздел) TOML")
            data = {}
        self.data: dict[str, Any] = data

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where and key else (key or self.where or "файл")

    def problem(self, key: str, what: str) -> None:
        self.problems.append(f"Профиль {self.origin}: поле «{self._name(key)}»: {what}.")

    def has(self, key: str) -> bool:
        self.used.add(key)
        return key in self.data

    def text(self, key: str, default: str | None = None, *, choices: tuple[str, ...] = ()) -> str:
        self.used.add(key)
        if key not in self.data:
            if default is None:
                self.problem(key, "обязательное поле отсутствует")
                return choices[0] if choices else ""
            return default
        value = self.data[key]
        if not isinstance(value, str) or (default is None and not value.strip()):
            self.problem(key, "ожидается непустая строка")
            return default if default is not None else (choices[0] if choices else "")
        if choices and value not in choices:
            self.problem(key, f"допустимые значения: {', '.join(c or '«»' for c in choices)}")
            return default if default is not None else choices[0]
        return value

    def integer(self, key: str, default: int = 0, *, lo: int = 0, hi: int = 10_000) -> int:
        self.used.add(key)
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, "ожидается целое число")
            return default
        if not lo <= value <= hi:
            self.problem(key, f"ожидается число от {lo} до {hi}")
            return default
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        self.used.add(key)
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.problem(key, "ожидается true или false")
            return default
        return value

    def texts(self, key: str, *, choices: tuple[str, ...] = ()) -> tuple[str, ...]:
        self.used.add(key)
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(key, "ожидается список непустых строк")
            return ()
        bad = [v for v in value if choices and v not in choices]
        if bad:
            self.problem(key, f"недопустимое значение «{bad[0]}»; допустимые: {', '.join(choices)}")
            return tuple(v for v in value if v not in bad)
        return tuple(value)

    def tables(self, key: str, *, required: bool = False) -> list[_Reader]:
        self.used.add(key)
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.problem(key, "ожидается список таблиц ([[...]])")
            return []
        if required and not value:
            self.problem(key, "список не может быть пустым")
        return [_Reader(v, f"{self._name(key)}[{i + 1}]", self.origin, self.problems)
                for i, v in enumerate(value)]

    def table(self, key: str) -> _Reader | None:
        self.used.add(key)
        if key not in self.data:
            return None
        return _Reader(self.data[key], self._name(key), self.origin, self.problems)

    def month_day(self, key: str) -> tuple[int, int]:
        raw = self.text(key)
        m = re.fullmatch(r"(\d{2})-(\d{2})", raw)
        if not m:
            if raw:
                self.problem(key, "ожидается дата в виде ММ-ДД, например 10-01")
            return (1, 1)
        month, day = int(m[1]), int(m[2])
        if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
            self.problem(key, f"такой даты нет в календаре: {raw}")
            return (1, 1)
        return month, day

    def done(self) -> None:
        """Refuse the keys nobody read: a misspelt rule must not silently disappear."""
        known = sorted(self.used)
        for key in self.data:
            if key not in self.used:
                near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f" — возможно, «{near[0]}»" if near else ""
                self.problems.append(f"Профиль {self.origin}: неизвестное поле "
                                     f"«{self._name(key)}»{hint}.")


def _unique(items: list[Any], attr: str, r: _Reader, key: str) -> None:
    seen: set[str] = set()
    for item in items:
        value = getattr(item, attr)
        if value in seen:
            r.problem(key, f"код «{value}» повторяется")
        seen.add(value)


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


def parse_profile(data: dict[str, Any], origin: str, path: Path | None = None) -> Profile:
    """Validate parsed TOML and build a Profile; raises ProfileProblems listing every
    problem, one line each naming the field."""
    problems: list[str] = []
    r = _Reader(data, "", origin, problems)
    schema = r.integer("schema", SCHEMA_VERSION, lo=1, hi=1000)
    if schema > SCHEMA_VERSION:
        raise ProfileProblems(origin, [f"Профиль {origin}: поле «schema»: версия формата "
                                       f"{schema} новее поддерживаемой ({SCHEMA_VERSION})."])
    pid = r.text("id")
    if pid and not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", pid):
        r.problem("id", "только латинские строчные буквы, цифры, «-» и «_»")
    directions = r.texts("directions")
    forms_table = r.table("forms")
    forms = {code: _form(code, _Reader(v, f"forms.{code}", origin, problems), directions)
             for code, v in (forms_table.data.items() if forms_table else [])}
    crit_table = r.table("criteria")
    criteria = {code: _criteria(code, _Reader(v, f"criteria.{code}", origin, problems))
                for code, v in (crit_table.data.items() if crit_table else [])}
    stages = [_stage(s) for s in r.tables("stages", required=True)]
    _check_stages(r, stages)
    ctx = {"forms": forms, "criteria": criteria, "stages": stages,
           "refusal": _grounds(r, "refusal_grounds"), "removal": _grounds(r, "removal_grounds")}
    kinds = [_kind(k, ctx) for k in r.tables("kinds", required=True)]
    _unique(kinds, "code", r, "kinds")
    windows = []
    for w in r.tables("application_windows"):
        windows.append(Window(w.month_day("start"), w.month_day("end"),
                              w.text("enforce", "refuse", choices=ENFORCE), w.text("text")))
        w.done()
    reapply = None
    ra = r.table("reapply")
    if ra:
        reapply = Reapply(ra.integer("months", lo=1, hi=120), ra.texts("kinds"),
                          ra.text("enforce", "refuse", choices=ENFORCE), ra.text("text"))
        for code in reapply.kinds:
            if code not in {k.code for k in kinds}:
                ra.problem("kinds", f"нет вида площадки «{code}»")
        ra.done()
    leader = Leader()
    ld = r.table("leader")
    if ld:
        leader = Leader(ld.texts("categories", choices=LEADER_CATEGORIES),
                        ld.text("enforce", "warn", choices=ENFORCE), ld.text("text"))
        ld.done()
    duties = [_deadline(d, forms, centre=True) for d in r.tables("duties")]
    _unique(duties, "code", r, "duties")
    cal = r.table("calendar")
    roll = "next_working_day"
    if cal:
        roll = cal.text("roll", "next_working_day", choices=ROLL_RULES)
        cal.done()
    profile = Profile(
        id=pid, name=r.text("name"), municipality=r.text("municipality"),
        operator=r.text("operator"), source=r.text("source", ""), kinds=tuple(kinds),
        directions=directions, forms_of_work=r.texts("forms_of_work"), leader=leader,
        reapply=reapply, windows=tuple(windows), roll=roll, forms=forms, criteria=criteria,
        duties=tuple(duties), funding_sources=r.texts("funding_sources"),
        reports_text=r.text("reports_text", ""), replaces=r.text("replaces", ""), path=path)
    r.done()
    if problems:
        raise ProfileProblems(origin, problems)
    return profile


def decode(raw: bytes, origin: str) -> str:
    """UTF-8 (a BOM is fine); a Windows-1251 file gets a message saying how to re-save it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError:
        text = ""
    if re.search(r"[А-Яа-яЁё]{3}", text):
        raise ProfileProblems(origin, [
            f"Профиль {origin}: файл сохранён в кодировке Windows-1251, а нужна UTF-8. "
            "Откройте его в Блокноте, выберите «Файл → Сохранить как…», в поле «Кодировка» — "
            "UTF-8, и сохраните."])
    raise ProfileProblems(origin, [f"Профиль {origin}: файл не в кодировке UTF-8."])


def load_profile_file(path: Path) -> Profile:
    """Load and validate one profile file."""
    origin = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileProblems(origin, [f"Профиль {origin}: файл не читается "
                                       f"({exc.strerror or 'ошибка ввода-вывода'})."]) from None
    try:
        data = tomllib.loads(decode(raw, origin))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileProblems(origin, [f"Профиль {origin}: ошибка синтаксиса TOML: "
                                       f"{_toml_message(exc)}."]) from None
    return parse_profile(data, origin, path)


_TOML_RU = (("Expected", "ожидается"), ("Invalid", "неверное значение"),
            ("Unterminated string", "незакрытая строка"), ("Cannot overwrite a value",
                                                            "значение задано дважды"),
            ("Cannot declare", "повторное объявление"), ("at line", "в строке"),
            ("column", "позиция"), ("at end of document", "в конце файла"))


def _toml_message(exc: Exception) -> str:
    text = str(exc)
    for en, ru in _TOML_RU:
        text = text.replace(en, ru)
    return text
