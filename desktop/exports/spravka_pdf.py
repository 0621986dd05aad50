"""Participation справки for teachers and trainees: one page each, one file or many."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from desktop.exports.certificate_pdf import Centre
from desktop.exports.pdf_common import FONT, FONT_BOLD, PAGE, new_canvas, styles
from desktop.fileio import atomic_output
from desktop.text import long_date, plural

W, H = PAGE


@dataclass
class SpravkaData:
    number: str
    issued_on: dt.date
    name_dative: str  # «Ивановой Марии Петровне»
    position: str
    organisation: str
    event_name: str
    event_form: str
    event_date: dt.date | None
    hours: int
    held_by: str  # the organisation on whose base the site works
    site_kind: str  # «муниципальной стажировочной площадки»
    female: bool | None = None
    role: str = "участник"
    programme: str = ""
    attestation: str = ""
    signer_position: str = "Руководитель образовательной организации"
    signer_name: str = ""


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _verb(female: bool | None, male: str, fem: str) -> str:
    if female is None:
        return f"{male}({fem[len(male):]})" if fem.startswith(male) else male
    return fem if female else male


def body_text(d: SpravkaData) -> str:
    """The sentence of the справка (kept in one place for the PDF and the preview)."""
    who = f"<b>{_esc(d.name_dative)}</b>"
    extra = ", ".join(p for p in (d.position, d.organisation) if p)
    if extra:
        who += f" ({_esc(extra)})"
    when = f" {long_date(d.event_date)}" if d.event_date else ""
    hours = f" в объёме {plural(d.hours, 'час', 'часа', 'часов')}" if d.hours else ""
    if d.role == "стажёр" or d.event_form == "стажировка":
        text = (f"Выдана {who} в том, что {_verb(d.female, 'он', 'она')} "
                f"{_verb(d.female, 'прошёл', 'прошла')} стажировку "
                f"на базе {_esc(d.site_kind)} ({_esc(d.held_by)})")
        if d.programme:
            text += f" по программе «{_esc(d.programme)}»"
        text += f"{hours}{when and ', ' + when.strip()}."
        if d.attestation:
            text += f" Результат аттестации: {_esc(d.attestation)}."
        return text
    title = d.event_name if "«" in d.event_name else f"«{d.event_name}»"
    form = d.event_form or ""
    if form and not d.event_name.casefold().startswith(form.casefold()):
        title = f"{form} {title}"
    return (f"Выдана {who} в том, что {_verb(d.female, 'он', 'она')} "
            f"{_verb(d.female, 'принял', 'приняла')} участие в мероприятии "
            f"{_esc(d.site_kind)} ({_esc(d.held_by)}) — {_esc(title)}"
            f"{when and ', ' + when.strip()}{hours}.")


def draw_spravka(c: Canvas, d: SpravkaData, centre: Centre) -> None:
    st = styles()
    top = H - 25 * mm
    head = Paragraph(_esc(centre.name), st["center"])
    _, h = head.wrap(W - 60 * mm, H)
    head.drawOn(c, 30 * mm, top - h)
    y = top - h - 18 * mm
    c.setFont(FONT_BOLD, 18)
    c.drawCentredString(W / 2, y, "СПРАВКА")
    c.setFont(FONT, 12)
    c.drawCentredString(W / 2, y - 7 * mm, f"№ {d.number} от {long_date(d.issued_on)}")
    body = Paragraph(body_text(d), st["normal"])
    _, h = body.wrap(W - 55 * mm, H)
    body.drawOn(c, 30 * mm, y - 20 * mm - h)
    y = y - 20 * mm - h - 8 * mm
    c.drawString(30 * mm, y, "Справка выдана для предъявления по месту требования.")
    base = y - 30 * mm
    c.drawString(30 * mm, base, d.signer_position)
    c.line(30 * mm, base - 12 * mm, 80 * mm, base - 12 * mm)
    c.drawRightString(W - 20 * mm, base - 11 * mm, d.signer_name)
    c.setFont(FONT, 9)
    c.drawString(45 * mm, base - 16 * mm, "(подпись)")
    c.drawString(30 * mm, base - 24 * mm, "М. П.")


def file_name(d: SpravkaData) -> str:
    return "Справка_" + re.sub(r"[^\w.-]+", "_", d.number) + ".pdf"


def write_spravki(path: Path | str, items: list[SpravkaData], centre: Centre,
                  progress: Callable[[int], None] | None = None) -> Path:
    """One PDF with one page per справка."""
    target = Path(path)
    with atomic_output(target) as tmp:
        c = new_canvas(tmp)
        c.setTitle("Справки об участии")
        for i, d in enumerate(items, start=1):
            draw_spravka(c, d, centre)
            c.showPage()
            if progress and i % 50 == 0:
                progress(i)
        c.save()
    return target


def write_spravki_each(folder: Path | str, items: list[SpravkaData], centre: Centre) -> list[Path]:
    """One PDF per справка in the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_spravki(folder / file_name(d), [d], centre) for d in items]
