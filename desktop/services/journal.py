"""The document journal: outgoing documents (исходящие) and received packages (входящие).

Numbers run per direction and calendar year (1, 2, 3 … from each 1 January) and are
printed by the centre's format, e.g. «{n}/01-15» → «7/01-15» (`{year}` for the year).
An outgoing number is taken only together with the file: the entry is added, the document
written to a temporary file and put in place, all inside one transaction — a failed write
takes no number. A document written again for the same record keeps its number and date
(a re-print) unless a new number is asked for. Orders keep the number they were issued
under (direction «ord»); they are listed with the outgoing documents.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import UserError, ValidationError
from desktop.fileio import atomic_output
from desktop.models import Application, JournalEntry, Organisation
from desktop.services.common import get_setting, os_user, set_setting
from desktop.services.documents.data import Document
from desktop.storage import Database
from desktop.text import short_date

OUT, IN, ORDERS = "out", "in", "ord"
FORMAT_KEYS = {OUT: "journal.out_format", IN: "journal.in_format"}
DEFAULT_FORMATS = {OUT: "{n}", IN: "{n}"}
_FIELD = re.compile(r"\{([^{}]*)\}")
# the journal a document type is entered in when its file is written
DIRECTION = {"notice": OUT, "missing": OUT, "invitation": OUT, "order": ORDERS}
TYPE_TITLES = {"notice": "Уведомление о решении", "missing": "Письмо о недостающих документах",
               "invitation": "Приглашение на заседание", "order": "Приказ",
               "package": "Заявка (пакет документов)"}


def check_format(fmt: str) -> str:
    """The format trimmed, or a Russian error: it must hold {n} and only {n} / {year}."""
    fmt = fmt.strip()
    names = _FIELD.findall(fmt)
    if "n" not in names:
        raise ValidationError({"format": "Формат номера должен содержать {n} — место "
                                         "порядкового номера, например «{n}/01-15»."})
    unknown = [n for n in names if n not in ("n", "year")]
    if unknown or fmt.count("{") != fmt.count("}"):
        raise ValidationError({"format": "В формате номера допустимы только {n} (порядковый "
                                         "номер) и {year} (год)."})
    if len(fmt) > 40:
        raise ValidationError({"format": "Формат номера длиннее 40 знаков."})
    return fmt


def format_number(fmt: str, n: int, year: int) -> str:
    return fmt.replace("{n}", str(n)).replace("{year}", str(year))


def numbering(db: Database) -> dict[str, str]:
    """The formats of outgoing and incoming numbers ({"out": …, "in": …})."""
    with db.session() as s:
        return {d: str(get_setting(s, key, DEFAULT_FORMATS[d]) or DEFAULT_FORMATS[d])
                for d, key in FORMAT_KEYS.items()}


def set_numbering(db: Database, out_format: str, in_format: str) -> None:
    values = {OUT: check_format(out_format), IN: check_format(in_format)}
    with db.transaction() as s:
        for d, value in values.items():
            set_setting(s, FORMAT_KEYS[d], value)


def _next_seq(s: Session, direction: str, year: int) -> int:
    last = s.scalar(select(func.max(JournalEntry.seq)).where(
        JournalEntry.direction == direction, JournalEntry.year == year))
    return (last or 0) + 1


def _add(s: Session, direction: str, day: dt.date, doc_type: str, title: str,
         correspondent: str, number: str = "", **links: int | None) -> JournalEntry:
    seq = _next_seq(s, direction, day.year)
    if not number:
        fmt = str(get_setting(s, FORMAT_KEYS[direction], DEFAULT_FORMATS[direction])
                  or DEFAULT_FORMATS[direction])
        number = format_number(fmt, seq, day.year)
    entry = JournalEntry(direction=direction, year=day.year, seq=seq, number=number[:50],
                         entry_date=day, doc_type=doc_type, title=title,
                         correspondent=correspondent, os_user=os_user(), **links)
    s.add(entry)
    s.flush()
    return entry


def enter_incoming(s: Session, app: Application, day: dt.date) -> JournalEntry:
    """A received package in the incoming journal (inside the registration's transaction)."""
    org = s.get(Organisation, app.organisation_id)
    documents = sum(1 for d in app.documents if d.present)
    return _add(s, IN, day, "package",
                f"Заявка ({app.kind_code}), рег. № {app.reg_number}; документов: {documents}",
                (org.full_name or org.short_name) if org else "", application_id=app.id)


@dataclass
class Written:
    """An outgoing document written: its file, number and date, and whether the number was
    already the record's (a re-print)."""

    path: Path
    number: str
    date: dt.date | None
    reprint: bool = False


def _existing(s: Session, doc: Document) -> JournalEntry | None:
    links = {k: v for k, v in doc.links.items()
             if k in ("application_id", "order_id") and v is not None}
    if not links:
        return None
    stmt = select(JournalEntry).where(JournalEntry.doc_type == doc.code)
    for key, value in links.items():
        stmt = stmt.where(getattr(JournalEntry, key) == value)
    return s.scalar(stmt.order_by(JournalEntry.id.desc()).limit(1))


def _summary(doc: Document) -> str:
    what = doc.order.title if doc.order else doc.title
    if doc.application is not None:
        what += f" по заявке рег. № {doc.application.reg_number}"
    return what


def write_numbered(db: Database, doc: Document, path: Path | str,
                   write: Callable[[Document, Path], None], *, day: dt.date | None = None,
                   new_number: bool = False) -> Written:
    """Write `doc` with `write(doc, tmp)`; an outgoing document takes its journal number in
    the same transaction (none when the write fails). Others are simply written."""
    target = Path(path)
    direction = DIRECTION.get(doc.code)
    if direction is None:
        with atomic_output(target) as tmp:
            write(doc, tmp)
        return Written(target, doc.number, doc.date)
    placed = False
    try:
        with db.transaction() as s:
            entry = None if new_number else _existing(s, doc)
            reprint = entry is not None
            if entry is None:
                if direction == ORDERS:
                    assert doc.order is not None
                    when, number = doc.order.date, doc.order.number
                else:
                    when, number = day or dt.date.today(), ""
                correspondent = doc.addressee.organisation if doc.addressee else (
                    "; ".join(sorted({r.organisation for r in doc.items}))[:2000])
                entry = _add(s, direction, when, doc.code, _summary(doc), correspondent,
                             number, **{k: v for k, v in doc.links.items()
                                        if k in ("application_id", "site_id", "meeting_id",
                                                 "order_id")})
            doc.number, doc.date = entry.number, entry.entry_date
            with atomic_output(target) as tmp:
                write(doc, tmp)
            placed = True
            entry.file_name = str(target)
            result = Written(target, entry.number, entry.entry_date, reprint)
    except BaseException:
        if placed:  # the file is in place but the number was not kept: take it back
            with contextlib.suppress(OSError):
                target.unlink()
        raise
    return result


@dataclass
class JournalRow:
    id: int
    direction: str
    number: str
    date: dt.date
    doc_type: str
    title: str
    correspondent: str
    application_id: int | None
    site_id: int | None
    file_name: str

    @property
    def type_title(self) -> str:
        return TYPE_TITLES.get(self.doc_type, self.doc_type)


def entries(db: Database, direction: str, year: int | None = None) -> list[JournalRow]:
    """The journal's entries, newest first; `direction` "out" lists orders with letters."""
    wanted = (OUT, ORDERS) if direction == OUT else (direction,)
    stmt = select(JournalEntry).where(JournalEntry.direction.in_(wanted))
    if year:
        stmt = stmt.where(JournalEntry.year == year)
    with db.session() as s:
        return [JournalRow(e.id, e.direction, e.number, e.entry_date, e.doc_type, e.title,
                           e.correspondent, e.application_id, e.site_id, e.file_name)
                for e in s.scalars(stmt.order_by(JournalEntry.entry_date.desc(),
                                                 JournalEntry.id.desc()))]


HEADERS = {OUT: ["Исх. №", "Дата", "Документ", "Содержание", "Адресат"],
           IN: ["Вх. №", "Дата поступления", "Документ", "Содержание", "Отправитель"]}


def table_rows(rows: list[JournalRow]) -> list[list[str]]:
    """The journal's lines as shown and exported."""
    return [[r.number, short_date(r.date), r.type_title, r.title, r.correspondent]
            for r in rows]


def export_journal(db: Database, direction: str, path: Path | str,
                   year: int | None = None) -> int:
    """The journal as a workbook (the table writer of «what is on screen»); rows written."""
    from desktop.exports.table_xlsx import TableData, write_table
    from desktop.services.centre import centre_name

    rows = entries(db, direction, year)
    title = "Журнал исходящих документов" if direction == OUT else \
        "Журнал входящих документов"
    data = TableData(title + (f" за {year} год" if year else ""), HEADERS[direction],
                     table_rows(rows), [90, 90, 200, 420, 320], centre=centre_name(db))
    write_table(data, path)
    return len(rows)


def check_year(year: int) -> None:
    if not 1990 <= year <= 2100:
        raise UserError(f"Год {year} вне допустимого диапазона (1990–2100).")
