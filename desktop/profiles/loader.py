"""Reading a profile file: decoding, TOML, and validation that names every problem.

Every problem is one Russian line naming the file and the field. Unknown keys are refused
with the nearest known key («неизвестное поле «requred» — возможно, «required»»), so a
misspelt rule never silently disappears. A UTF-8 BOM is accepted; a Windows-1251 file is
recognised and the message says how to save it as UTF-8.

The parts: `reader` (typed access collecting problems), `kinds` (kinds, forms, criteria and
bands), `procedure` (stages and deadline rules); this module reads the file and the
profile's top-level tables.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from desktop.profiles.bodies import read_bodies
from desktop.profiles.kinds import _criteria, _form, _grounds, _kind
from desktop.profiles.procedure import _check_stages, _deadline, _stage, resolve_bodies
from desktop.profiles.reader import ProfileProblems, _Reader, _unique
from desktop.profiles.schema import (
    ENFORCE,
    LEADER_CATEGORIES,
    ROLL_RULES,
    SCHEMA_VERSION,
    Leader,
    Profile,
    Reapply,
    Window,
)


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
    stages, bodies = resolve_bodies(r, stages, read_bodies(r), r.text("operator"))
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
        reports_text=r.text("reports_text", ""), replaces=r.text("replaces", ""), path=path,
        bodies=bodies)
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
