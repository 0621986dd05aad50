"""Participation справки for teachers and trainees as PDF: one page each, one file or many.

A pure writer of the plain data desktop.services.spravki gathers: the issuer (the
organisation on whose base the site works, or the centre) heads the page with its address,
phone and e-mail, the number and date, the sentence with the declined name, the event's
title and date, and the signer's position and name. Dates and numbers never break across
lines («7 августа 2025 г.», «№ 17») and a sentence never ends «г..».
`render_spravki(path, items)` draws into a file as it is (the service gives it temporary
files); `write_spravki` / `write_spravki_each` write whole files or none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import HexColor, black
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from desktop.exports.pdf_common import (
    FONT,
    FONT_BOLD,
    PAGE,
    new_canvas,
    para,
    printable,
    sentence,
    signature_block,
    styles,
    unbreakable,
)
from desktop.fileio import atomic_output, atomic_outputs
from desktop.text import long_date, plural

__all__ = ["SpravkaData", "body_text", "draw_spravka", "file_name", "render_spravki",
           "write_spravki", "write_spravki_each"]

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
    issuer: str = ""  # heads the page: the organisation or the centre
    issuer_details: str = ""  # address, phone, e-mail
    superior: str = ""  # the centre's name above the organisation's
    signer_position: str = "Руководитель образовательной организации"
    signer_name: str = ""
    city: str = ""


def _esc(text: str) -> str:
    return para(text)


def _verb(female: bool | None, male: str, fem: str) -> str:
    if female is None:
        return f"{male}({fem[len(male):]})" if fem.startswith(male) else male
    return fem if female else male


def _hours(hours: int) -> str:
    """«в объёме 4 часов», «в объёме 21 часа» (the genitive after «в объёме»)."""
    return f" в объёме {plural(hours, 'часа', 'часов', 'часов')}" if hours else ""


def _title(d: SpravkaData) -> tuple[str, str]:
    """(form, title in quotes): «Ярмарка «Робототехника»» → ("ярмарка", "«Робототехника»")."""
    name, form = " ".join(d.event_name.split()), " ".join(d.event_form.split())
    if form and name.casefold().startswith(form.casefold()):
        name = name[len(form):].strip(" :—-")
    if name and "«" not in name:
        name = f"«{name}»"
    return form.lower(), name


def body_text(d: SpravkaData) -> str:
    """The sentence of the справка (kept in one place for the PDF and the preview), as
    platypus markup with no-break spaces inside dates and numbers."""
    who = f"<b>{_esc(d.name_dative)}</b>"
    extra = ", ".join(p for p in (d.position, d.organisation) if p)
    if extra:
        who += f" ({_esc(extra)})"
    when = f", {long_date(d.event_date)}" if d.event_date else ""
    base = f"{_esc(d.site_kind)} ({_esc(d.held_by)})" if d.held_by else _esc(d.site_kind)
    form, title = _title(d)
    if d.role == "стажёр" or d.event_form == "стажировка":
        text = (f"Выдана {who} в том, что {_verb(d.female, 'он', 'она')} "
                f"{_verb(d.female, 'прошёл', 'прошла')} стажировку"
                + (f" {_esc(title)}" if title else "") + f" на базе {base}")
        if d.programme:
            text += f" по программе «{_esc(d.programme.strip('«» '))}»"
        text = sentence(f"{text}{_hours(d.hours)}{when}")
        if d.attestation:
            text += " " + sentence(f"Результат аттестации: {_esc(d.attestation)}")
        return unbreakable(text)
    event = " ".join(p for p in (form, title) if p)
    return unbreakable(sentence(
        f"Выдана {who} в том, что {_verb(d.female, 'он', 'она')} "
        f"{_verb(d.female, 'принял', 'приняла')} участие в мероприятии {base}"
        + (f" — {_esc(event)}" if event else "") + when
        + (f",{_hours(d.hours)}" if when and d.hours else _hours(d.hours))))


GREY = HexColor("#555555")
LEFT = 30 * mm  # official-paper margins: 30 mm left for binding, 15 mm right
RIGHT = W - 15 * mm
STYLE_SUPERIOR = ParagraphStyle("spr-sup", fontName=FONT, fontSize=10.5, leading=13,
                                alignment=TA_CENTER, textColor=GREY)
STYLE_BODY = ParagraphStyle("spr-body", parent=styles()["normal"], firstLineIndent=12.5 * mm,
                            leading=16)
STYLE_ISSUER = ParagraphStyle("spr-org", fontName=FONT_BOLD, fontSize=13, leading=16,
                              alignment=TA_CENTER)
STYLE_DETAILS = ParagraphStyle("spr-details", fontName=FONT, fontSize=10, leading=12,
                               alignment=TA_CENTER)


def draw_spravka(c: Canvas, d: SpravkaData) -> None:
    """Draw one справка on the current page (the caller calls showPage)."""
    width = RIGHT - LEFT
    y = H - 20 * mm
    for text, style in ((d.superior, STYLE_SUPERIOR), (d.issuer, STYLE_ISSUER),
                        (d.issuer_details, STYLE_DETAILS)):
        if not text:
            continue
        p = Paragraph(unbreakable(para(text)), style)
        _, h = p.wrap(width, H)
        p.drawOn(c, LEFT, y - h)
        y -= h + 1.5 * mm
    c.setStrokeColor(black)
    c.setLineWidth(0.8)
    c.line(LEFT, y, RIGHT, y)
    y -= 16 * mm
    c.setFillColor(black)
    c.setFont(FONT_BOLD, 18)
    c.drawCentredString((LEFT + RIGHT) / 2, y, "СПРАВКА")
    c.setFont(FONT, 12)
    c.drawCentredString((LEFT + RIGHT) / 2, y - 7 * mm,
                        f"№ {printable(d.number)} от {long_date(d.issued_on)}")
    body = Paragraph(body_text(d), STYLE_BODY)
    _, h = body.wrap(width, H)
    y -= 18 * mm + h
    body.drawOn(c, LEFT, y)
    y -= 9 * mm
    c.setFont(FONT, 12)
    c.drawString(LEFT + 12.5 * mm, y, "Справка выдана для предъявления по месту требования.")
    _signature(c, d, y - 30 * mm)


def _signature(c: Canvas, d: SpravkaData, base: float) -> None:
    signature_block(c, d.signer_position, d.signer_name, base=base, left=LEFT, right=RIGHT,
                    line=(102 * mm, 140 * mm), size=12, position_width=68 * mm,
                    stamp_gap=12 * mm)


def file_name(d: SpravkaData) -> str:
    """«Справка_2026_17.pdf» — by the register number, safe on Windows."""
    return "Справка_" + re.sub(r"[^\w.-]+", "_", d.number).strip("_") + ".pdf"


def render_spravki(path: Path, items: list[SpravkaData],
                   progress: Callable[[int], None] | None = None) -> Path:
    """Draw the справки into `path` as it is, a page each (the caller makes it atomic)."""
    c = new_canvas(path)
    c.setTitle("Справка" if len(items) == 1 else "Справки об участии")
    if items:
        c.setAuthor(items[0].issuer)
    for i, d in enumerate(items, start=1):
        draw_spravka(c, d)
        c.showPage()
        if progress and i % 50 == 0:
            progress(i)
    c.save()
    if progress:
        progress(len(items))
    return path


def write_spravki(path: Path | str, items: list[SpravkaData],
                  progress: Callable[[int], None] | None = None) -> Path:
    """One PDF with one page per справка (written whole or not at all)."""
    with atomic_output(path) as tmp:
        render_spravki(tmp, items, progress)
    return Path(path)


def write_spravki_each(folder: Path | str, items: list[SpravkaData]) -> list[Path]:
    """One PDF per справка in an existing folder: all of them or none."""
    folder = Path(folder)
    paths = [folder / file_name(d) for d in items]
    with atomic_outputs(paths) as temps:
        for tmp, d in zip(temps, items, strict=True):
            render_spravki(tmp, [d])
    return paths
