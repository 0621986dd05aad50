"""Regulation profiles: each municipality's regulation as data (TOML), validated on load.

A profile holds the kinds of site it defines, each kind's required package of documents
(with form fields where the regulation gives a form), term and extension rules, the
reporting and procedure deadlines, review criteria and bands, grounds for refusal and
removal, and the list of directions. Shipped profiles live in `resources/profiles/`; a
user's own profiles in the user profiles folder (see `desktop.paths`). The format is
described in `resources/profiles/README.md`.

Nothing here imports Qt or the database.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from desktop.errors import ProfileError
from desktop.paths import resource, user_profiles_dir

SCHEMA_VERSION = 1

FIELD_TYPES = ("text", "multiline", "date", "choice", "table", "number", "email", "phone", "url")
TERM_MODES = ("project", "months", "calendar_year")
DEADLINE_KINDS = ("report", "procedure", "publication", "plan")
# What a deadline is counted from; see desktop.deadlines for their meaning.
DEADLINE_ANCHORS = (
    "registration",  # application registration date
    "assignment",  # status assigned (order date / term start)
    "term_end",  # end of the site's term
    "certificate_issue",  # certificate issued
    "yearly",  # a fixed day of each calendar year (month + day or "last_working")
    "window",  # the profile's application window (its end)
    "on_request",  # date set by the user (regulation says "по запросу")
)
ROLL_RULES = ("next_working_day", "previous_working_day", "none")
LEADER_CATEGORIES = ("administration", "highest", "first", "none")


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
    # "directions": the choices are the profile's directions
    choices_from: str = ""
    columns: tuple[Column, ...] = ()
    section: str = ""
    # filled by the commission / centre, not by the applicant
    official: bool = False


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


@dataclass(frozen=True)
class Term:
    mode: str  # project | months | calendar_year
    months: int = 0
    min_months: int = 0
    max_months: int = 0
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
    every_months: int = 0
    offset_days: int = 0
    offset_months: int = 0
    month: int = 0
    day: int = 0  # 0 with month set: the last working day of that month
    on_request: bool = False
    applies_to: str = "site"  # site | application
    roll: str = ""  # overrides the profile's calendar rule
    text: str = ""


@dataclass(frozen=True)
class ReviewRules:
    days: int = 0  # 0: no fixed review period
    criteria: str = ""  # code of a CriteriaSet in the profile
    text: str = ""


@dataclass(frozen=True)
class Kind:
    code: str
    name: str
    network: bool
    decided_by: str
    documents: tuple[Document, ...]
    term: Term
    extension: Extension
    review: ReviewRules
    deadlines: tuple[DeadlineRule, ...]
    removal_grounds: tuple[Ground, ...]
    refusal_grounds: tuple[Ground, ...]
    description: str = ""
    confirmed_by: str = ""
    has_coleader: bool = False
    duties: tuple[str, ...] = ()

    @property
    def required_documents(self) -> list[str]:
        return [d.name for d in self.documents if d.required]


@dataclass(frozen=True)
class Defect:
    code: str
    text: str
    penalty: int = -1


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
    accept: bool = False


@dataclass(frozen=True)
class CriteriaSet:
    code: str
    title: str
    scale: str
    defects: tuple[Defect, ...]
    criteria: tuple[Criterion, ...]
    bands: tuple[Band, ...]
    max_total: int

    def band_for(self, total: int) -> Band | None:
        for band in self.bands:
            if band.min <= total <= band.max:
                return band
        return None


@dataclass(frozen=True)
class Window:
    start: tuple[int, int]  # (month, day)
    end: tuple[int, int]
    text: str = ""


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    municipality: str
    operator: str
    council: str
    source: str
    kinds: tuple[Kind, ...]
    directions: tuple[str, ...] = ()
    forms_of_work: tuple[str, ...] = ()
    leader_requirement: str = ""
    leader_categories: tuple[str, ...] = ()
    reapply_after_months: int = 0
    reapply_text: str = ""
    application_window: Window | None = None
    roll: str = "next_working_day"
    forms: dict[str, Form] = field(default_factory=dict)
    criteria: dict[str, CriteriaSet] = field(default_factory=dict)
    funding_sources: tuple[str, ...] = ()
    reports_text: str = ""
    path: Path | None = None

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

    def to_json(self) -> dict[str, Any]:
        """The `metodist profiles --json` view of this profile."""
        return {
            "id": self.id,
            "name": self.name,
            "municipality": self.municipality,
            "operator": self.operator,
            "council": self.council,
            "source": self.source,
            "directions": list(self.directions),
            "kinds": [
                {
                    "code": k.code,
                    "name": k.name,
                    "network": k.network,
                    "decided_by": k.decided_by,
                    "required_documents": k.required_documents,
                    "term": {
                        "mode": k.term.mode,
                        "months": k.term.months,
                        "min_months": k.term.min_months,
                        "max_months": k.term.max_months,
                    },
                    "extension_max_months": k.extension.max_months,
                    "review_days": k.review.days,
                    "deadlines": [
                        {"code": d.code, "what": d.what, "anchor": d.anchor} for d in k.deadlines
                    ],
                }
                for k in self.kinds
            ],
        }


# --------------------------------------------------------------------------- validation


class _Reader:
    """Typed access to one TOML table with errors that name the file and the field."""

    def __init__(self, data: Any, where: str, origin: str) -> None:
        if not isinstance(data, dict):
            raise ProfileError(f"{origin}: {where or 'файл'}: ожидается таблица (раздел) TOML.")
        self.data = data
        self.where = where
        self.origin = origin

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def fail(self, key: str, what: str) -> ProfileError:
        return ProfileError(f"Профиль {self.origin}: поле «{self._name(key)}»: {what}.")

    def str(self, key: str, default: str | None = None, *, choices: tuple[str, ...] = ()) -> str:
        if key not in self.data:
            if default is None:
                raise self.fail(key, "обязательное поле отсутствует")
            return default
        value = self.data[key]
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.fail(key, "ожидается непустая строка")
        if choices and value not in choices:
            raise self.fail(key, f"допустимые значения: {', '.join(choices)}")
        return value

    def int(self, key: str, default: int = 0, *, lo: int = 0, hi: int = 10_000) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "ожидается целое число")
        if not lo <= value <= hi:
            raise self.fail(key, f"ожидается число от {lo} до {hi}")
        return value

    def bool(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "ожидается true или false")
        return value

    def strs(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, "ожидается список непустых строк")
        return tuple(value)

    def tables(self, key: str, *, required: bool = False) -> list[_Reader]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "ожидается список таблиц ([[...]])")
        if required and not value:
            raise self.fail(key, "список не может быть пустым")
        return [_Reader(v, f"{self._name(key)}[{i + 1}]", self.origin) for i, v in enumerate(value)]

    def table(self, key: str) -> _Reader | None:
        if key not in self.data:
            return None
        return _Reader(self.data[key], self._name(key), self.origin)

    def month_day(self, key: str) -> tuple[int, int]:
        raw = self.str(key)
        m = re.fullmatch(r"(\d{2})-(\d{2})", raw)
        if not m or not (1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= 31):
            raise self.fail(key, "ожидается дата в виде ММ-ДД, например 10-01")
        return int(m[1]), int(m[2])


def _unique(items: list[Any], attr: str, reader: _Reader, key: str) -> None:
    seen: set[str] = set()
    for item in items:
        value = getattr(item, attr)
        if value in seen:
            raise reader.fail(key, f"код «{value}» повторяется")
        seen.add(value)


def _grounds(r: _Reader, key: str) -> tuple[Ground, ...]:
    out = [Ground(g.str("code"), g.str("text")) for g in r.tables(key)]
    _unique(out, "code", r, key)
    return tuple(out)


def _form(code: str, r: _Reader, directions: tuple[str, ...]) -> Form:
    fields = []
    for f in r.tables("fields", required=True):
        ftype = f.str("type", "text", choices=FIELD_TYPES)
        columns = tuple(Column(c.str("code"), c.str("label")) for c in f.tables("columns"))
        if ftype == "table" and not columns:
            raise f.fail("columns", "у поля-таблицы должны быть столбцы")
        choices_from = f.str("choices_from", "", choices=("", "directions"))
        choices = f.strs("choices")
        if ftype == "choice" and not choices and not (choices_from and directions):
            raise f.fail("choices", "у поля-выбора должен быть список вариантов")
        fields.append(
            FormField(
                code=f.str("code"),
                label=f.str("label"),
                type=ftype,
                required=f.bool("required"),
                hint=f.str("hint", ""),
                choices=choices,
                choices_from=choices_from,
                columns=columns,
                section=f.str("section", ""),
                official=f.bool("official"),
            )
        )
    _unique(fields, "code", r, "fields")
    return Form(code=code, title=r.str("title"), fields=tuple(fields), note=r.str("note", ""))


def _criteria(code: str, r: _Reader) -> CriteriaSet:
    defects = tuple(
        Defect(d.str("code"), d.str("text"), d.int("penalty", -1, lo=-100, hi=0))
        for d in r.tables("defects")
    )
    criteria = []
    for c in r.tables("items", required=True):
        zero = c.table("zero_when")
        criteria.append(
            Criterion(
                code=c.str("code"),
                text=c.str("text"),
                group=c.str("group", ""),
                note=c.str("note", ""),
                max=c.int("max", 2, lo=1, hi=100),
                zero_when=(zero.str("item"), zero.int("score", 0)) if zero else None,
            )
        )
    codes = {c.code for c in criteria}
    for c in criteria:
        if c.zero_when and c.zero_when[0] not in codes:
            raise r.fail("items", f"критерий «{c.code}» ссылается на неизвестный «{c.zero_when[0]}»")
    bands = tuple(
        Band(b.int("min", lo=-100), b.int("max", lo=-100), b.str("level"), b.str("description"),
             b.bool("accept"))
        for b in r.tables("bands", required=True)
    )
    max_total = r.int("max_total", sum(c.max for c in criteria), lo=1)
    if max_total != sum(c.max for c in criteria):
        raise r.fail("max_total", "не равен сумме максимальных баллов критериев")
    ordered = sorted(bands, key=lambda b: b.min)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.min != a.max + 1:
            raise r.fail("bands", f"диапазоны {a.min}–{a.max} и {b.min}–{b.max} не смыкаются")
    _unique(criteria, "code", r, "items")
    return CriteriaSet(
        code=code, title=r.str("title"), scale=r.str("scale", ""), defects=defects,
        criteria=tuple(criteria), bands=tuple(ordered), max_total=max_total,
    )


def _deadline(d: _Reader) -> DeadlineRule:
    rule = DeadlineRule(
        code=d.str("code"),
        what=d.str("what"),
        kind=d.str("kind", "report", choices=DEADLINE_KINDS),
        anchor=d.str("anchor", choices=DEADLINE_ANCHORS),
        every_months=d.int("every_months", 0, hi=120),
        offset_days=d.int("offset_days", 0, lo=-366, hi=3660),
        offset_months=d.int("offset_months", 0, lo=-120, hi=120),
        month=d.int("month", 0, hi=12),
        day=d.int("day", 0, hi=31),
        on_request=d.bool("on_request"),
        applies_to=d.str("applies_to", "site", choices=("site", "application")),
        roll=d.str("roll", "", choices=("", *ROLL_RULES)),
        text=d.str("text", ""),
    )
    if rule.anchor == "yearly" and not rule.month:
        raise d.fail("month", "для ежегодного срока нужен месяц")
    return rule


def _kind(r: _Reader, forms: dict[str, Form], criteria: dict[str, CriteriaSet],
          refusal: tuple[Ground, ...], removal: tuple[Ground, ...]) -> Kind:
    docs = []
    for d in r.tables("documents", required=True):
        doc = Document(d.str("code"), d.str("name"), d.bool("required", True),
                       d.str("description", ""), d.str("form", ""))
        if doc.form and doc.form not in forms:
            raise d.fail("form", f"нет формы «{doc.form}» в разделе [forms]")
        docs.append(doc)
    _unique(docs, "code", r, "documents")
    t = r.table("term")
    if t is None:
        raise r.fail("term", "обязательный раздел отсутствует")
    term = Term(t.str("mode", choices=TERM_MODES), t.int("months", 0, hi=120),
                t.int("min_months", 0, hi=120), t.int("max_months", 0, hi=120), t.str("text", ""))
    if term.mode == "months" and not (term.months or term.max_months):
        raise t.fail("months", "для срока в месяцах нужно число месяцев")
    e = r.table("extension")
    ext = (Extension(e.int("max_months", 0, hi=120), e.int("times", 1, hi=10), e.str("text", ""))
           if e else Extension())
    rv = r.table("review")
    review = (ReviewRules(rv.int("days", 0, hi=366), rv.str("criteria", ""), rv.str("text", ""))
              if rv else ReviewRules())
    if review.criteria and review.criteria not in criteria:
        raise rv.fail("criteria", f"нет набора критериев «{review.criteria}» в разделе [criteria]")
    deadlines = [_deadline(d) for d in r.tables("deadlines")]
    _unique(deadlines, "code", r, "deadlines")
    own_removal = _grounds(r, "removal_grounds")
    own_refusal = _grounds(r, "refusal_grounds")
    return Kind(
        code=r.str("code"),
        name=r.str("name"),
        network=r.bool("network"),
        decided_by=r.str("decided_by"),
        documents=tuple(docs),
        term=term,
        extension=ext,
        review=review,
        deadlines=tuple(deadlines),
        removal_grounds=own_removal or removal,
        refusal_grounds=own_refusal or refusal,
        description=r.str("description", ""),
        confirmed_by=r.str("confirmed_by", ""),
        has_coleader=r.bool("has_coleader"),
        duties=r.strs("duties"),
    )


def parse_profile(data: dict[str, Any], origin: str, path: Path | None = None) -> Profile:
    """Validate parsed TOML and build a Profile; raises ProfileError naming the field."""
    r = _Reader(data, "", origin)
    schema = r.int("schema", SCHEMA_VERSION, lo=1, hi=1000)
    if schema > SCHEMA_VERSION:
        raise r.fail("schema", f"версия формата {schema} новее поддерживаемой ({SCHEMA_VERSION})")
    pid = r.str("id")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", pid):
        raise r.fail("id", "только латинские строчные буквы, цифры, «-» и «_»")
    directions = r.strs("directions")
    forms_table = r.table("forms")
    forms = {code: _form(code, _Reader(v, f"forms.{code}", origin), directions)
             for code, v in (forms_table.data.items() if forms_table else [])}
    crit_table = r.table("criteria")
    criteria = {code: _criteria(code, _Reader(v, f"criteria.{code}", origin))
                for code, v in (crit_table.data.items() if crit_table else [])}
    refusal = _grounds(r, "refusal_grounds")
    removal = _grounds(r, "removal_grounds")
    kinds = [_kind(k, forms, criteria, refusal, removal) for k in r.tables("kinds", required=True)]
    _unique(kinds, "code", r, "kinds")
    w = r.table("application_window")
    window = Window(w.month_day("start"), w.month_day("end"), w.str("text", "")) if w else None
    cal = r.table("calendar")
    return Profile(
        id=pid,
        name=r.str("name"),
        municipality=r.str("municipality"),
        operator=r.str("operator"),
        council=r.str("council"),
        source=r.str("source", ""),
        kinds=tuple(kinds),
        directions=directions,
        forms_of_work=r.strs("forms_of_work"),
        leader_requirement=r.str("leader_requirement", ""),
        leader_categories=_categories(r),
        reapply_after_months=r.int("reapply_after_months", 0, hi=120),
        reapply_text=r.str("reapply_text", ""),
        application_window=window,
        roll=cal.str("roll", "next_working_day", choices=ROLL_RULES) if cal else "next_working_day",
        forms=forms,
        criteria=criteria,
        funding_sources=r.strs("funding_sources"),
        reports_text=r.str("reports_text", ""),
        path=path,
    )


def _categories(r: _Reader) -> tuple[str, ...]:
    values = r.strs("leader_categories")
    if any(c not in LEADER_CATEGORIES for c in values):
        raise r.fail("leader_categories", f"допустимые значения: {', '.join(LEADER_CATEGORIES)}")
    return values


def load_profile_file(path: Path) -> Profile:
    """Load and validate one profile file."""
    origin = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileError(f"Профиль {origin}: файл не читается ({exc.strerror}).") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProfileError(f"Профиль {origin}: файл не в кодировке UTF-8.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"Профиль {origin}: ошибка синтаксиса TOML: {exc}.") from None
    return parse_profile(data, origin, path)


def builtin_dir() -> Path:
    return resource("profiles")


@lru_cache(maxsize=8)
def _load_all(dirs: tuple[Path, ...]) -> tuple[Profile, ...]:
    profiles: dict[str, Profile] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            profile = load_profile_file(path)
            profiles[profile.id] = profile  # a user's profile with the same id overrides
    return tuple(profiles.values())


def all_profiles(*, include_user: bool = True) -> list[Profile]:
    """Every profile: the shipped ones, then the user's own (which may override by id)."""
    dirs = (builtin_dir(), user_profiles_dir()) if include_user else (builtin_dir(),)
    return list(_load_all(dirs))


def get_profile(profile_id: str) -> Profile:
    for p in all_profiles():
        if p.id == profile_id:
            return p
    known = ", ".join(p.id for p in all_profiles())
    raise ProfileError(f"Неизвестный профиль «{profile_id}». Есть: {known}.")


def install_user_profile(path: Path) -> Profile:
    """Validate a user's profile file and copy it into the user profiles folder."""
    profile = load_profile_file(path)
    target = user_profiles_dir() / f"{profile.id}.toml"
    target.write_bytes(path.read_bytes())
    _load_all.cache_clear()
    return load_profile_file(target)


def reload_profiles() -> None:
    _load_all.cache_clear()
