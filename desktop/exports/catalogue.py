"""The one list of documents the program produces: the window's menus and the command line
are both built from it.

Each entry names the document (code, Russian title, the menu's text), what it is made for
(an application, a council meeting, a site, a year), the service that gathers its data and
the writer that renders it — as "module:function", loaded on first use so that start-up
imports neither docxtpl nor openpyxl. `outgoing` documents are numbered in the journal.
The Excel workbooks (`WORKBOOKS`) name their gatherer and writer as plain functions,
imported on first use in `_workbook_functions`.
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


@dataclass(frozen=True)
class Workbook:
    """One Excel workbook (`metodist export CODE`, a menu item of «Отчёты»): its names, the
    questions asked before writing it, the service that gathers its data and the pure
    writer that renders it.

    `options` are what the window asks before saving: "year" (a calendar year), "period"
    (deadlines due from – to), "paper" (A4 folds the secondary columns away, A3 prints them
    all). The command line offers the same (`--year`, `--from`/`--to`) and `--paper` for
    every workbook."""

    code: str
    title: str  # the command's help: «годовой реестр площадок»
    menu: str  # the menu item: «Экспорт реестра в Excel…»
    caption: str  # the window's dialogs: «Годовой реестр»
    file_name: str  # offered in the save dialog; {year} filled in
    running: str  # the progress dialog's title
    done: str  # the status bar's message when written: «Реестр записан»
    counted: tuple[str, str, str]  # what the result's rows are, for plural()
    options: tuple[str, ...] = ()

    @property
    def gather(self) -> Callable[..., Any]:
        """The service: (db, **options) -> the writer's data."""
        return _workbook_functions()[self.code][0]

    @property
    def write(self) -> Callable[..., Any]:
        """The pure writer: (data, path, paper, progress) -> ExportResult."""
        return _workbook_functions()[self.code][1]


_ROWS = ("строка", "строки", "строк")
WORKBOOKS: tuple[Workbook, ...] = (
    Workbook("registry", "годовой реестр площадок", "Экспорт реестра в Excel…",
             "Годовой реестр", "Реестр площадок {year}.xlsx", "Экспорт реестра",
             "Реестр записан", _ROWS, ("year", "paper")),
    Workbook("reviews", "результаты экспертизы", "Результаты экспертизы в Excel…",
             "Результаты экспертизы", "Результаты экспертизы.xlsx",
             "Экспорт результатов экспертизы", "Результаты экспертизы записаны", _ROWS,
             ("paper",)),
    Workbook("reports", "годовой отчёт о деятельности площадок",
             "Годовой отчёт площадок в Excel…", "Годовой отчёт площадок",
             "Итоги площадок {year}.xlsx", "Экспорт годового отчёта", "Годовой отчёт записан",
             ("площадка", "площадки", "площадок"), ("year",)),
    Workbook("deadlines", "сроки отчётов и процедур", "Сроки и отчёты в Excel…",
             "Сроки и отчёты", "Сроки отчётов.xlsx", "Экспорт сроков", "Сроки записаны",
             _ROWS, ("period", "paper")),
)


def _workbook_functions() -> dict[str, tuple[Callable[..., Any], Callable[..., Any]]]:
    """Each workbook's gatherer and writer. Imported on first use, in this one place: the
    gatherers bring SQLAlchemy and the models, which neither `metodist --help` nor the
    window's first paint needs."""
    from desktop.exports import deadlines_xlsx, registry_xlsx, reports_xlsx, reviews_xlsx
    from desktop.services.workbooks import deadlines, registry, reports, reviews

    return {"registry": (registry.collect_registry, registry_xlsx.write_registry),
            "reviews": (reviews.collect_reviews, reviews_xlsx.write_reviews),
            "reports": (reports.collect_reports, reports_xlsx.write_reports),
            "deadlines": (deadlines.collect_deadlines, deadlines_xlsx.write_deadlines)}


def workbook(code: str) -> Workbook:
    """The workbook `code` (registry, reviews, reports, deadlines)."""
    for w in WORKBOOKS:
        if w.code == code:
            return w
    known = ", ".join(w.code for w in WORKBOOKS)
    raise UserError(f"Неизвестная выгрузка «{code}». Есть: {known}.")


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
