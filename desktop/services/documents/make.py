"""Making one Word document: gather its data, write it through the pure writer, and for an
outgoing document take its journal number in the same transaction as the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.exports.catalogue import by_code, gather, load
from desktop.services.centre import missing_text
from desktop.services.documents.data import Document
from desktop.services.journal import Written, write_numbered
from desktop.storage import Database


def prepare(db: Database, code: str, record: str, record_id: int) -> Document:
    """The data of document `code` for the record (application / meeting / site)."""
    return gather(by_code(code), db, record, record_id)


def missing_details(doc: Document) -> str:
    """The warning to show before printing («Не заполнены сведения о центре: почтовый
    адрес, телефон …»), or "" when the document lacks none of the centre's details."""
    return missing_text(doc.missing) if doc.missing else ""


def make_document(db: Database, code: str, record: str, record_id: int, path: Path | str, *,
                  day: dt.date | None = None, new_number: bool = False,
                  data: Document | None = None) -> Written:
    """Write document `code` for the record (application / meeting / site) into `path`
    (`data`: already gathered by `prepare`); `day` dates an outgoing document (default
    today); nothing is left on failure."""
    doc_type = by_code(code)
    data = data or gather(doc_type, db, record, record_id)
    writer = load(doc_type.writer)
    return write_numbered(db, data, path, lambda d, tmp: writer(d, tmp), day=day,
                          new_number=new_number)
