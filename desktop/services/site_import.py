"""Import of an existing registry of sites from an .xlsx workbook.

Three steps, so that the window can show a preview the user corrects:
`read_sheet` finds the header row (title rows above it, merged or not, are skipped) and
`guess_mapping` matches its columns by name; `prepare_sites` checks every row against the
directory and the profiles without writing (organisations matched or marked for creation,
kinds and profiles by name or code, dates as text or as dates, order and certificate);
`commit_sites` (in `site_import_write`, re-exported here) writes everything in one
transaction. Each step is linear in the rows: everything looked up per row is read once
into dictionaries beforehand.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.models import Certificate, Site
from desktop.profiles import Profile, all_profiles, get_profile
from desktop.services import excel_import
from desktop.services.excel_import import HEADER_SCAN_ROWS, Field, Rejected
from desktop.services.excel_import import _key as header_key
from desktop.services.participant_import import _org_index, org_key
from desktop.services.site_import_write import BATCH, commit_sites
from desktop.storage import Database
from desktop.text import fold
from desktop.validation import check_term, clean_text, parse_date

FIELDS = [
    Field("number", "№ в реестре", ("Номер в реестре", "Регистрационный номер", "Рег. номер",
                                    "Номер площадки", "№ площадки", "Номер")),
    Field("organisation", "Организация", ("Наименование ОО", "ОО", "Образовательная организация",
                                          "Краткое наименование", "Учреждение",
                                          "Наименование организации")),
    Field("org_full_name", "Полное наименование", ("Полное наименование ОО",
                                                   "Полное наименование организации")),
    Field("profile", "Положение", ("Профиль", "Муниципалитет")),
    Field("kind", "Вид площадки", ("Вид", "Тип площадки", "Статус площадки")),
    Field("theme", "Тема", ("Тема площадки", "Тема проекта", "Тема инновационной деятельности",
                            "Тема (проблема)")),
    Field("direction", "Направление", ("Направление деятельности",)),
    Field("project_name", "Проект (программа)", ("Проект", "Программа", "Название проекта",
                                                 "Наименование проекта (программы)")),
    Field("term", "Срок", ("Срок реализации", "Срок действия статуса", "Период")),
    Field("term_start", "Начало срока", ("Дата начала", "Срок с", "Начало")),
    Field("term_end", "Окончание срока", ("Дата окончания", "Срок по", "Окончание",
                                          "Срок действия до")),
    Field("leader", "Руководитель", ("Руководитель площадки", "ФИО руководителя")),
    Field("order_number", "Номер приказа", ("Приказ", "Приказ №", "№ приказа",
                                            "Реквизиты приказа")),
    Field("order_date", "Дата приказа", ("Приказ от",)),
    Field("certificate", "Номер свидетельства", ("Свидетельство", "Свидетельство №",
                                                 "№ свидетельства")),
    Field("status", "Статус", ("Состояние", "Статус площадки (действует/снят)")),
]
LABELS = {f.code: f.label for f in FIELDS}
_STATUS = (("не действ", "completed"), ("действ", "active"), ("актив", "active"),
           ("присвоен", "active"), ("заверш", "completed"), ("истек", "completed"),
           ("окончен", "completed"),
           ("снят", "removed"), ("прекращ", "removed"), ("исключ", "removed"))
_DATE_RE = r"\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2}"
__all__ = ["BATCH", "FIELDS", "LABELS", "PreparedSite", "Sheet", "SiteImport", "commit_sites",
           "guess_mapping", "import_sites", "prepare_sites", "read_sheet"]


@dataclass
class Sheet:
    """The rows of the first sheet and where its header is."""

    name: str
    rows: list[tuple[Any, ...]]
    header_row: int  # index into rows
    headers: list[str]

    def data_rows(self) -> list[tuple[int, tuple[Any, ...]]]:
        """(row number as Excel shows it, cells) of the rows under the header."""
        return [(i + 1, r) for i, r in enumerate(self.rows) if i > self.header_row
                and any(c is not None and str(c).strip() for c in r)]


@dataclass
class PreparedSite:
    row_no: int
    number: str
    organisation: str  # as in the file
    org_full_name: str
    org_id: int | None  # None: created by the import
    profile_id: str
    kind_code: str
    theme: str
    direction: str
    project_name: str
    term_start: dt.date
    term_end: dt.date | None
    leader: str
    leader_position: str
    order_number: str
    order_date: dt.date | None
    certificate: str
    status: str


@dataclass
class SiteImport:
    profile_id: str
    rows: list[PreparedSite] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"imported": len(self.rows),
                "rejected": [{"row": r.row_no, "reason": r.reason} for r in self.rejected]}


def _load_rows(path: Path) -> list[tuple[Any, ...]]:
    """All rows of the first sheet, through the importers' one reader (its checks of size,
    zip bombs and row count included)."""
    if hasattr(excel_import, "_Sheet"):
        sheet = excel_import._Sheet(path)
        try:
            return list(sheet)
        finally:
            sheet.close()
    return excel_import._load_rows(path)  # type: ignore[attr-defined]


def read_sheet(path: Path | str) -> Sheet:
    """The first sheet; its header is the row within the first ten naming most fields."""
    path = Path(path)
    rows = _load_rows(path)
    best, best_count = -1, 0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        count = len(_match(row))
        if count > best_count:
            best, best_count = i, count
    if best < 0:
        raise UserError(f"В файле «{path.name}» не найдена строка заголовков реестра "
                        "(«Организация», «Вид площадки», «Тема», «Начало срока» …).")
    headers = ["" if c is None else str(c).strip() for c in rows[best]]
    return Sheet(path.name, rows, best, headers)


def _match(cells: tuple[Any, ...]) -> dict[str, int]:
    keys = [header_key(c) for c in cells]
    found: dict[str, int] = {}
    for f in FIELDS:
        names = {header_key(f.label), *(header_key(a) for a in f.aliases)}
        for idx, k in enumerate(keys):
            if k and k in names and idx not in found.values():
                found[f.code] = idx
                break
    return found


def guess_mapping(sheet: Sheet) -> dict[str, int]:
    """Field code → column index, matched by header names (the user may correct it)."""
    return _match(tuple(sheet.headers))


@dataclass
class _Seen:
    """What is taken so far — in the database or by an earlier row of the file: site
    numbers and certificate numbers (folded), and active (organisation, profile, kind)."""

    numbers: set[str]
    certificates: set[str]
    active: set[tuple[Any, str, str]]


class _Lookups:
    """Everything a row is checked against, read once."""

    def __init__(self, s: Session, default: Profile) -> None:
        self.default = default
        self.profiles: dict[str, Profile] = {}
        for p in all_profiles():
            town = re.sub(r"^(г\.|город)\s*", "", p.municipality)
            for name in (p.id, p.municipality, town, p.name):
                self.profiles.setdefault(fold(name).strip(), p)
        self.orgs = _org_index(s)
        self.numbers = {fold(n) for n in s.scalars(select(Site.number).where(
            Site.deleted_at.is_(None), Site.number != ""))}
        self.certificates = {fold(n) for n in s.scalars(select(Certificate.number))}
        self.active = set(s.execute(select(Site.organisation_id, Site.profile_id, Site.kind_code)
                                    .where(Site.status == "active", Site.deleted_at.is_(None))))

    def kind(self, profile: Profile, text: str) -> str | None:
        key = fold(text).strip()
        for k in profile.kinds:
            if key in (fold(k.code), fold(k.name)):
                return k.code
        return None


def _text(values: dict[str, Any], code: str, size: int = 1000) -> str:
    raw = values.get(code)
    if isinstance(raw, float) and raw.is_integer():  # a number typed in a number cell
        raw = int(raw)
    if isinstance(raw, dt.datetime | dt.date):
        raw = f"{raw:%d.%m.%Y}"
    return clean_text(raw, size, f"«{LABELS[code]}»")


def _date(raw: Any, label: str) -> dt.date | None:
    if isinstance(raw, str):  # «01.09.2025 г.», «с 01.09.2025»
        raw = re.sub(r"^\s*(с|от|по|до)\s+|\s*г(ода|\.)?\s*$", "", raw.strip())
    return parse_date(raw, label)


def _term(raw: Any) -> tuple[dt.date | None, dt.date | None]:
    """«01.09.2025 – 31.08.2027», «2025–2027», «с 01.09.2025 по 31.08.2027»."""
    text = str(raw or "").strip()
    dates = re.findall(_DATE_RE, text)
    if len(dates) == 2:
        return _date(dates[0], "Срок"), _date(dates[1], "Срок")
    years = re.fullmatch(r"(\d{4})\s*[-–—/]\s*(\d{4})(\s*(гг?\.?|годы))?", text)
    if years:
        return dt.date(int(years[1]), 9, 1), dt.date(int(years[2]), 8, 31)
    raise UserError(f"«Срок»: «{text[:40]}» — ожидается «ДД.ММ.ГГГГ – ДД.ММ.ГГГГ».")


def _order(number: str, raw_date: Any) -> tuple[str, dt.date | None]:
    """The order's number and date; «от 25.08.2025 № 123» in one cell is split."""
    day = _date(raw_date, "Дата приказа") if raw_date not in (None, "") else None
    found = re.search(_DATE_RE, number)
    if found:
        day = day or _date(found[0], "Дата приказа")
        number = number.replace(found[0], " ")
    number = re.sub(r"(?i)\b(приказ|от)\b|№|г\.", " ", number)
    return re.sub(r"\s+", " ", number).strip(" ,;"), day


def _status(text: str) -> str:
    key = fold(text).strip()
    if not key:
        return "active"
    for stem, code in _STATUS:
        if key.startswith(stem) or f" {stem}" in key:
            return code
    raise UserError(f"Статус «{text[:40]}» не распознан (действует, завершена, снят).")


def _row(values: dict[str, Any], look: _Lookups, seen: _Seen) -> PreparedSite:
    """One row checked; raises UserError with the reason it is rejected."""
    t = {k: v for k, v in values.items() if k not in ("term_start", "term_end", "term",
                                                     "order_date")}
    organisation = _text(t, "organisation", 300)
    if not organisation:
        raise UserError("Не указана организация.")
    profile = look.default
    if t.get("profile"):
        named = look.profiles.get(fold(str(t["profile"])).strip())
        if named is None:
            raise UserError(f"Положение «{str(t['profile'])[:60]}» не найдено среди профилей.")
        profile = named
    kind_text = _text(t, "kind", 200)
    kind = look.kind(profile, kind_text) if kind_text else (
        profile.kinds[0].code if len(profile.kinds) == 1 else None)
    if kind is None:
        known = ", ".join(k.code for k in profile.kinds)
        raise UserError(f"Вид площадки «{kind_text or '—'}» не найден в положении "
                        f"«{profile.municipality}» (есть: {known}).")
    theme = _text(t, "theme")
    if not theme:
        raise UserError("Не указана тема площадки.")
    start = _date(values.get("term_start"), "Начало срока")
    end = _date(values.get("term_end"), "Окончание срока")
    if values.get("term") not in (None, "") and start is None:
        start, end2 = _term(values["term"])
        end = end or end2
    if start is None:
        raise UserError("Не указано начало срока.")
    problem = check_term(start, end)
    if problem:
        raise UserError(problem)
    status = _status(_text(t, "status", 100))
    full = _text(t, "org_full_name", 2000)
    found = look.orgs.get(org_key(organisation)) or (look.orgs.get(org_key(full)) if full
                                                     else None)
    org_id = found[0] if found else None
    number = _text(t, "number", 50)
    if number and fold(number) in seen.numbers:
        raise UserError(f"Площадка с номером {number} уже есть в реестре.")
    certificate = _text(t, "certificate", 50)
    if certificate and fold(certificate) in seen.certificates:
        raise UserError(f"Свидетельство № {certificate} уже выдано другой площадке.")
    org_ref: Any = org_id if org_id is not None else org_key(full or organisation)
    if status == "active" and (org_ref, profile.id, kind) in seen.active:
        raise UserError(f"У организации «{organisation}» уже есть действующая площадка вида "
                        f"«{kind}».")
    order_number, order_date = _order(_text(t, "order_number", 200), values.get("order_date"))
    if order_number and order_date is None:
        raise UserError("Указан номер приказа без даты.")
    leader, _, position = _text(t, "leader", 400).partition(",")
    if number:
        seen.numbers.add(fold(number))
    if certificate:
        seen.certificates.add(fold(certificate))
    if status == "active":
        seen.active.add((org_ref, profile.id, kind))
    return PreparedSite(0, number, organisation, full or organisation, org_id, profile.id, kind,
                        theme, _text(t, "direction"), _text(t, "project_name"), start, end,
                        leader.strip(), position.strip(), order_number[:50], order_date,
                        certificate, status)


def prepare_sites(db: Database, sheet: Sheet, profile_id: str,
                  mapping: dict[str, int] | None = None) -> SiteImport:
    """Check every row; nothing is written. `mapping`: field code → column index."""
    default = get_profile(profile_id)
    mapping = guess_mapping(sheet) if mapping is None else mapping
    missing = [LABELS[c] for c in ("organisation", "theme") if c not in mapping]
    if "term_start" not in mapping and "term" not in mapping:
        missing.append(LABELS["term_start"])
    if missing:
        raise UserError(f"В файле «{sheet.name}» не сопоставлены столбцы: "
                        + ", ".join(f"«{m}»" for m in missing) + ".")
    result = SiteImport(default.id)
    with db.session() as s:
        look = _Lookups(s, default)
    seen = _Seen(set(look.numbers), set(look.certificates), set(look.active))
    new_orgs: dict[str, str] = {}
    for row_no, cells in sheet.data_rows():
        values = {code: cells[i] if i < len(cells) else None for code, i in mapping.items()}
        try:
            site = _row(values, look, seen)
        except UserError as exc:
            result.rejected.append(Rejected(row_no, str(exc)))
            continue
        site.row_no = row_no
        if site.org_id is None:
            new_orgs.setdefault(org_key(site.org_full_name), site.organisation)
        result.rows.append(site)
    result.new_organisations = list(new_orgs.values())
    return result


def import_sites(db: Database, path: Path | str, profile_id: str, *, dry_run: bool = False,
                 mapping: dict[str, int] | None = None) -> SiteImport:
    """Read, check and (unless `dry_run`) write a registry file; the result says what was
    imported and which rows were rejected and why."""
    prepared = prepare_sites(db, read_sheet(path), profile_id, mapping)
    if not dry_run:
        commit_sites(db, prepared)
    return prepared
