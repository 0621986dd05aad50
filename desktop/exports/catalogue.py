"""The one list of documents the program produces: the window's menus and the command line
are both built from it.

Each entry names the document (code, Russian title, the menu's text), what it is made for
(an application, a council meeting, a site, a year), the service that gathers its data and
the writer that renders it — as "module:function", loaded on first use so that start-up
imports neither docxtpl nor openpyxl. `outgoing` documents are numbered in the journal.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.errors import UserError

NEEDS_TEXT = {"application": "заявка", "meeting": "заседание", "site": "площадка",
              "year": "год", "event": "мероприятие", "": "—"}
OPTIONS = {"application": "app_id", "meeting": "meeting_id", "site": "site_id"}


@dataclass(frozen=True)
class DocType:
    """One kind of document: how it is named, what it is for, who gathers and writes it."""

    code: str
    title: str
    needs: tuple[str, ...]
    gather: str  # "module:function" of the service (Database, **record) -> data
    writer: str  # "module:function" of the pure writer (data, path) -> path
    family: str = "docx"  # docx | xlsx | pdf
    outgoing: bool = False  # numbered in the outgoing journal when written
    menu: str = ""  # the menu item's text
    command: str = "document"  # the CLI command that makes it

    def to_json(self) -> dict[str, Any]:
        return {"type": self.code, "title": self.title, "needs": list(self.needs),
                "outgoing": self.outgoing, "format": self.family, "command": self.command}


_DOCX = "desktop.exports.docx_documents:render"
_DOCS = "desktop.services.documents"

DOCUMENTS: tuple[DocType, ...] = (
    DocType("agenda", "Повестка заседания", ("meeting",), f"{_DOCS}:agenda_data", _DOCX,
            menu="Повестка заседания…"),
    DocType("protocol", "Протокол заседания (выписка по заявке)", ("meeting", "application"),
            f"{_DOCS}:protocol_data", _DOCX, menu="Протокол заседания / выписка…"),
    DocType("order", "Приказ с приложением (список площадок)", ("site", "application", "meeting"),
            f"{_DOCS}:order_data", _DOCX, outgoing=True, menu="Приказ с приложением…"),
    DocType("notice", "Уведомление организации о решении", ("application",),
            f"{_DOCS}:notice_data", _DOCX, outgoing=True, menu="Уведомление о решении…"),
    DocType("missing", "Письмо о недостающих документах", ("application",),
            f"{_DOCS}:missing_data", _DOCX, outgoing=True,
            menu="Письмо о недостающих документах…"),
    DocType("invitation", "Приглашение на заседание (защиту проекта)", ("application",),
            f"{_DOCS}:invitation_data", _DOCX, outgoing=True, menu="Приглашение на заседание…"),
    DocType("conclusion", "Экспертное заключение", ("application",),
            f"{_DOCS}:conclusion_data", _DOCX, menu="Экспертное заключение…"),
    DocType("application", "Заявка и программа (как заполнены)", ("application",),
            f"{_DOCS}:application_data", _DOCX, menu="Заявка и программа в Word…"),
    # Workbooks (`metodist export NAME`); their writers gather and write in one call.
    DocType("registry", "годовой реестр площадок", ("year",), "",
            "desktop.exports.registry_xlsx:export_registry", "xlsx",
            menu="Экспорт реестра в Excel…", command="export"),
    DocType("reviews", "результаты экспертизы", (), "",
            "desktop.exports.reviews_xlsx:export_reviews", "xlsx",
            menu="Результаты экспертизы в Excel…", command="export"),
    DocType("reports", "годовой отчёт о деятельности площадок", ("year",), "",
            "desktop.exports.reports_xlsx:export_reports", "xlsx",
            menu="Годовой отчёт площадок в Excel…", command="export"),
    DocType("deadlines", "сроки отчётов и процедур", (), "",
            "desktop.exports.deadlines_xlsx:export_deadlines", "xlsx",
            menu="Сроки и отчёты в Excel…", command="export"),
    # PDFs of the «certificates» work (issue 15), made by their own commands (`certificate`,
    # `certificates`, `spravki`) with the service that gathers and numbers them.
    DocType("certificate", "Свидетельство площадки", ("site",),
            "desktop.services.certificates:certificate_data",
            "desktop.exports.certificate_pdf:write_certificate_pdf", "pdf",
            menu="Свидетельство площадки: просмотр и печать…", command="certificate"),
    DocType("certificates", "Свидетельства за год", ("year",),
            "desktop.services.certificates:sites_with_certificates",
            "desktop.exports.certificate_pdf:write_certificate_pdf", "pdf",
            menu="Свидетельства за год в PDF…", command="certificates"),
    DocType("spravki", "Справки об участии в мероприятии", ("event",),
            "desktop.services.spravki:write", "desktop.exports.spravka_pdf:write_spravki",
            "pdf", menu="Справки об участии…", command="spravki"),
)


def of_family(family: str) -> list[DocType]:
    return [d for d in DOCUMENTS if d.family == family]


def word_documents() -> list[DocType]:
    """The documents `metodist document TYPE` makes (Word, from templates)."""
    return of_family("docx")


def by_code(code: str) -> DocType:
    for d in DOCUMENTS:
        if d.code == code:
            return d
    known = ", ".join(d.code for d in word_documents())
    raise UserError(f"Неизвестный тип документа «{code}». Есть: {known}.")


def load(ref: str) -> Callable[..., Any]:
    """The function named "module:function" (imported now, not at start-up)."""
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


def gather(doc_type: DocType, db: Any, record: str, record_id: int) -> Any:
    """The document's data for one record ("application", "meeting" or "site")."""
    if record not in doc_type.needs:
        allowed = " или ".join(f"--{n}" for n in doc_type.needs)
        raise UserError(f"Документ «{doc_type.title}» составляется по: {allowed}.")
    return load(doc_type.gather)(db, **{OPTIONS[record]: record_id})
