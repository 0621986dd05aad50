"""Word documents from .docx templates (docxtpl): the writer takes a gathered `Document`
and never queries.

The template of a document type is looked up in the user's templates folder, then in the
shipped `resources/templates/` — each first in the profile's own subfolder (wording that
differs: `omsk/order.docx`), then the common one (`order.docx`). Values are escaped
(autoescape): «&» and «<» in a theme print as typed. A field the template names but the
document lacks is an error in Russian, never a silently empty place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

from desktop.errors import UserError
from desktop.exports.docx_fields import ITEM_TYPES, template_env
from desktop.paths import resource, user_templates_dir
from desktop.services.documents.data import NOT_PRINTED, Document
from desktop.text import long_date, short_date

SUFFIX = ".docx"
NBSP = "\u00a0"
NUMBER_SIGN = re.compile(r"№ (?=\d)")
# A «№» column: its headings, and the width it gets where the template left it as wide as
# the others (a form's table repeats its columns evenly: `{%tc for … %}`).
NUMBER_HEADINGS = {"№", "№п/п", "n", "nп/п"}
NUMBER_MM = 12


def template_dirs() -> list[Path]:
    """Folders searched for templates, the user's first."""
    return [user_templates_dir(), resource("templates")]


def template_for(code: str, profile_id: str = "", dirs: list[Path] | None = None) -> Path:
    """The template of a document type for a profile (user's, then shipped)."""
    for folder in dirs or template_dirs():
        for candidate in ((folder / profile_id / f"{code}{SUFFIX}") if profile_id else None,
                          folder / f"{code}{SUFFIX}"):
            if candidate is not None and candidate.is_file():
                return candidate
    raise UserError(f"Нет шаблона документа «{code}{SUFFIX}» ни в папке пользователя, "
                    "ни среди поставляемых шаблонов.")


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").replace(",0", "")


def _value(value: Any) -> Any:
    """A value as the template prints it: dates in long form and «№ 5» with no-break
    spaces, no «None»."""
    if value is None:
        return ""
    if isinstance(value, dt.date):  # «4 сентября 2026 г.» never broken across lines
        return long_date(value).replace(" ", NBSP)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str):  # «МБОУ «СОШ № 5»»: the number stays with its sign
        return NUMBER_SIGN.sub(f"№{NBSP}", value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _value(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    return value


def _blank(cls: type) -> dict[str, str]:
    return {f.name: "" for f in dataclasses.fields(cls)}


def context(doc: Document) -> dict[str, Any]:
    """The template's fields: the document's own, dates in Russian long form, with
    `date_short`, `today` and, for an order, its rows by action."""
    from desktop.exports.docx_fields import optional_types

    out: dict[str, Any] = {}
    for f in dataclasses.fields(doc):
        if f.name in NOT_PRINTED:
            continue
        value = getattr(doc, f.name)
        cls = optional_types().get(f.name)
        out[f.name] = _blank(cls) if value is None and cls else _value(value)
    out["date_short"] = short_date(doc.date)
    out["today"] = _value(dt.date.today())
    rows = out["items"]
    for key, action in (("assigned", "assign"), ("extended", "extend"),
                        ("removed", "remove"), ("completed", "complete")):
        out[key] = [r for r in rows if isinstance(r, dict) and r.get("action") == action]
    return out


def narrow_number_columns(docx: Any) -> None:
    """Every table headed «№» (or «№ п/п») in its first column that is wider than it needs
    gets a narrow one; the width freed goes to the other columns in proportion, so the
    table keeps its width. Grid and cells both, as LibreOffice and Word lay out by each."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    narrow = int(Mm(NUMBER_MM).twips)
    for table in docx.tables:
        cols = table._tbl.tblGrid.findall(qn("w:gridCol"))
        if len(cols) < 2 or not table.rows:
            continue
        heading = table.rows[0].cells[0].text.lower().replace(" ", "").replace(NBSP, "")
        widths = [int(c.get(qn("w:w")) or 0) for c in cols]
        if heading not in NUMBER_HEADINGS or widths[0] <= narrow * 3 // 2:
            continue
        freed, rest = widths[0] - narrow, sum(widths[1:]) or 1
        widths = [narrow] + [w + freed * w // rest for w in widths[1:]]
        for col, w in zip(cols, widths, strict=True):
            col.set(qn("w:w"), str(w))
        for tr in table._tbl.tr_lst:
            at = 0
            for tc in tr.tc_lst:
                width = tc.get_or_add_tcPr().get_or_add_tcW()
                width.set(qn("w:w"), str(sum(widths[at:at + tc.grid_span])))
                width.set(qn("w:type"), "dxa")
                at += tc.grid_span


def render(doc: Document, path: Path | str, template: Path | None = None) -> Path:
    """Render `doc` into `path` (the caller writes to a temporary file and moves it)."""
    from zipfile import BadZipFile

    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError, UndefinedError

    source = template or template_for(doc.code, doc.profile.id)
    try:
        tpl = DocxTemplate(str(source))
        tpl.render(context(doc), template_env(), autoescape=True)
        narrow_number_columns(tpl.docx)
        tpl.save(str(path))
    except UndefinedError as exc:
        raise UserError(f"Шаблон «{source.name}» использует поле, которого нет в документе "
                        f"({exc.message}). Проверьте его: metodist templates check.") from None
    except TemplateError as exc:
        raise UserError(f"Шаблон «{source.name}»: ошибка в разметке полей — {exc}.") from None
    except (KeyError, ValueError, BadZipFile, PackageNotFoundError):  # not a .docx at all
        raise UserError(f"Шаблон «{source.name}» не читается как документ Word (.docx).") \
            from None
    return Path(path)


__all__ = ["ITEM_TYPES", "context", "render", "template_dirs", "template_for"]
