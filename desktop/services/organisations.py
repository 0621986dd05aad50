"""Organisations directory: validation, create/update/soft delete, Excel import."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, UserError, ValidationError
from desktop.models import Organisation, Site, utcnow
from desktop.services.common import audit
from desktop.services.excel_import import (
    PROGRESS_EVERY,
    Field,
    ImportTable,
    Progress,
    read_table,
)
from desktop.storage import Database
from desktop.text import fold
from desktop.validation import check_email, check_phone, check_url, clean_text

FIELDS = ("full_name", "short_name", "org_type", "address", "head_name", "head_position", "phone",
          "email", "website", "inn", "notes")
LABELS = {"full_name": "Полное наименование (по уставу)", "short_name": "Краткое наименование",
          "org_type": "Тип", "address": "Адрес", "head_name": "Руководитель",
          "head_position": "Должность руководителя",
          "phone": "Телефон", "email": "Электронная почта", "website": "Сайт", "inn": "ИНН",
          "notes": "Примечание"}


@dataclass
class OrgData:
    id: int | None = None
    full_name: str = ""
    short_name: str = ""
    org_type: str = ""
    address: str = ""
    head_name: str = ""
    head_position: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    inn: str = ""
    notes: str = ""


@dataclass(slots=True)
class OrgRow:
    id: int
    short_name: str
    full_name: str
    org_type: str
    head_name: str
    phone: str
    email: str
    sites: int
    key: str


def existing_names(s: Session) -> dict[str, int]:
    """Folded short name → id of every organisation in the directory (one query)."""
    return {fold(name): oid for oid, name in s.execute(
        select(Organisation.id, Organisation.short_name).where(Organisation.deleted_at.is_(None)))}


def validate(s: Session, data: OrgData, names: dict[str, int] | None = None) -> dict[str, str]:
    """Field errors by name (empty: valid); cleans the fields in place. `names`
    (`existing_names`) replaces the per-call duplicate query in a loop over many rows."""
    errors: dict[str, str] = {}
    for name in FIELDS:
        try:
            setattr(data, name, clean_text(getattr(data, name), 2000, LABELS[name],
                                           one_line=name != "notes"))
        except UserError as exc:
            errors[name] = str(exc)
    if not data.full_name:
        errors["full_name"] = "Укажите полное наименование организации по уставу."
    if not data.short_name:
        errors["short_name"] = "Укажите краткое наименование организации."
    for name, check in (("phone", check_phone), ("email", check_email), ("website", check_url)):
        msg = check(getattr(data, name))
        if msg:
            errors[name] = msg
    if data.inn and not (data.inn.isdigit() and len(data.inn) in (10, 12)):
        errors["inn"] = "ИНН — 10 или 12 цифр."
    if data.short_name and "short_name" not in errors:
        if names is not None:
            clash = names.get(fold(data.short_name)) not in (None, data.id)
        else:
            clash = bool(s.scalar(select(Organisation.id).where(
                func.fold(Organisation.short_name) == fold(data.short_name),
                Organisation.deleted_at.is_(None), Organisation.id != (data.id or 0))))
        if clash:
            errors["short_name"] = "Организация с таким кратким наименованием уже есть."
    return errors


def get(db: Database, org_id: int) -> OrgData:
    with db.session() as s:
        org = s.get(Organisation, org_id)
        if org is None:
            raise NotFoundError(f"Организация № {org_id} не найдена.")
        return OrgData(id=org.id, **{k: getattr(org, k) for k in FIELDS})


def save_organisation(db: Database, data: OrgData) -> int:
    data = dataclasses.replace(data)
    with db.transaction() as s:
        errors = validate(s, data)
        if errors:
            raise ValidationError(errors)
        if data.id is None:
            created = Organisation(**{k: getattr(data, k) for k in FIELDS})
            s.add(created)
            s.flush()
            audit(s, "create", "organisation", created.id,
                  f"Создана организация {created.short_name}")
            return created.id
        org = s.get(Organisation, data.id)
        if org is None:
            raise NotFoundError(f"Организация № {data.id} не найдена.")
        changed = {k: [getattr(org, k), getattr(data, k)] for k in FIELDS
                   if getattr(org, k) != getattr(data, k)}
        for k, (_, new) in changed.items():
            setattr(org, k, new)
        if changed:
            audit(s, "update", "organisation", org.id,
                  "Изменены поля: " + ", ".join(LABELS[k].lower() for k in changed), changed)
        return org.id


def set_deleted(db: Database, org_id: int, deleted: bool) -> None:
    with db.transaction() as s:
        org = s.get(Organisation, org_id)
        if org is None:
            raise NotFoundError(f"Организация № {org_id} не найдена.")
        if deleted:
            active = s.scalar(select(func.count()).select_from(Site).where(
                Site.organisation_id == org_id, Site.deleted_at.is_(None)))
            if active:
                raise ValidationError({"short_name": "У организации есть площадки в реестре: "
                                       "сначала удалите или передайте их."})
            org.deleted_at = utcnow()
            audit(s, "delete", "organisation", org_id, f"Удалена организация {org.short_name}")
        else:
            org.deleted_at = None
            audit(s, "restore", "organisation", org_id,
                  f"Восстановлена организация {org.short_name}")


def list_rows(db: Database) -> list[OrgRow]:
    counts = (select(Site.organisation_id, func.count().label("n"))
              .where(Site.deleted_at.is_(None)).group_by(Site.organisation_id).subquery())
    stmt = (select(Organisation.id, Organisation.short_name, Organisation.full_name,
                   Organisation.org_type, Organisation.head_name, Organisation.phone,
                   Organisation.email, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.organisation_id == Organisation.id)
            .where(Organisation.deleted_at.is_(None)).order_by(Organisation.short_name))
    with db.session() as s:
        return [OrgRow(oid, short, full, kind, head, phone, email, sites,
                       key=fold(f"{short}\n{full}\n{head}"))
                for oid, short, full, kind, head, phone, email, sites in s.execute(stmt)]


def sites_of(db: Database, org_id: int) -> list[tuple[str, str, str, str]]:
    """(number, kind, theme, status) of every site of the organisation, past and present."""
    with db.session() as s:
        return [(number, kind, theme, status) for number, kind, theme, status in s.execute(
            select(Site.number, Site.kind_code, Site.theme, Site.status)
            .where(Site.organisation_id == org_id, Site.deleted_at.is_(None))
            .order_by(Site.term_start.desc()))]


# --------------------------------------------------------------------------- import

IMPORT_FIELDS = [
    Field("full_name", "Полное наименование", ("Полное наименование по уставу", "Наименование"),
          required=True),
    Field("short_name", "Краткое наименование", ("Сокращенное наименование", "Краткое"),
          required=True),
    Field("org_type", "Тип", ("Тип организации", "Вид")),
    Field("address", "Адрес", ("Фактический адрес", "Юридический адрес")),
    Field("head_name", "Руководитель", ("ФИО руководителя", "Директор")),
    Field("head_position", "Должность руководителя", ("Должность",)),
    Field("phone", "Телефон", ("Контактный телефон",)),
    Field("email", "Электронная почта", ("E-mail", "Email", "Эл. почта", "Почта")),
    Field("website", "Сайт", ("Адрес сайта", "Web-сайт")),
    Field("inn", "ИНН"),
]


@dataclass
class OrgImport:
    """A checked import: the rows that will be added and the rejected ones with reasons."""

    table: ImportTable
    accepted: list[OrgData] = field(default_factory=list)


def prepare_import(db: Database, path: Path | str, *,
                   progress: Progress | None = None) -> OrgImport:
    """Read and check the file; nothing is written (the preview). Linear in rows: the
    directory's names are read once. `progress(done, total)` may raise ImportCancelled."""
    table = read_table(path, IMPORT_FIELDS, progress=_half(progress, 0))
    result = OrgImport(table)
    rows = list(table.rows)
    with db.session() as s:
        names = existing_names(s)
        seen: dict[str, int] = {}
        for i, row in enumerate(rows, 1):
            if progress is not None and i % PROGRESS_EVERY == 0:
                progress(len(rows) + i, 2 * len(rows))
            # the import's fields are all text columns of OrgData
            values: dict[str, Any] = {k: ("" if v is None else str(v))
                                      for k, v in row.values.items()}
            data = OrgData(**values)
            errors = validate(s, data, names)
            key = fold(data.short_name)
            if not errors and key in seen:
                errors["short_name"] = f"Организация повторяется в файле (см. строку {seen[key]})."
            if errors:
                table.reject(row, "; ".join(errors.values()))
                continue
            seen[key] = row.row_no
            result.accepted.append(data)
    return result


def _half(progress: Progress | None, start: int) -> Progress | None:
    """Reading the file is the first half of the preview's progress."""
    if progress is None:
        return None
    return lambda done, total: progress(start + done, 2 * max(total, done))


def commit_import(db: Database, prepared: OrgImport, *,
                  progress: Progress | None = None) -> int:
    """Add every accepted organisation in one transaction (all or nothing); cancelling
    (`progress` raising ImportCancelled) rolls everything back."""
    total = len(prepared.accepted)
    with db.transaction() as s:
        names = existing_names(s)
        batch: list[Organisation] = []
        for i, data in enumerate(prepared.accepted, 1):
            errors = validate(s, dataclasses.replace(data), names)
            if errors:  # the database changed since the preview
                raise ValidationError(errors)
            batch.append(Organisation(**{k: getattr(data, k) for k in FIELDS}))
            names[fold(data.short_name)] = 0  # a repeat further down is a clash too
            if len(batch) == PROGRESS_EVERY or i == total:
                _add_batch(s, batch)
                if progress is not None:
                    progress(i, total)
    return total


def _add_batch(s: Session, batch: list[Organisation]) -> None:
    """Insert a batch in one flush (ids come back together), then its audit records."""
    s.add_all(batch)
    s.flush()
    for org in batch:
        audit(s, "create", "organisation", org.id, f"Импортирована организация {org.short_name}")
    batch.clear()
