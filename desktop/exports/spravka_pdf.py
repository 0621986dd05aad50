"""Participation справки for teachers and trainees: one page each, one file or many.

The справка is issued by the organisation on whose base the site works and signed by its
head (Омск, положение 002), so that organisation heads the page, under the centre's name.
`write_spravki(path, items, centre)` writes one file with a page per справка;
`write_spravki_each(folder, items, centre)` writes one file each.
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
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from desktop.errors import UserError
from desktop.exports.pdf_common import FONT, FONT_BOLD, PAGE, new_canvas, para, printable, styles
from desktop.fileio import atomic_output, ensure_writable
from desktop.services.centre import Centre
from desktop.text import long_date, plural

__all__ = ["Centre", "SpravkaData", "body_text", "draw_spravka", "file_name", "write_spravki",
           "write_spravki_each"]

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
    return para(text)


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


GREY = HexColor("#555555")
LEFT = 30 * mm  # official-paper margins: 30 mm left for binding, 15 mm right
RIGHT = W - 15 * mm
STYLE_SUPERIOR = ParagraphStyle("spr-sup", fontName=FONT, fontSize=10.5, leading=13,
                                alignment=TA_CENTER, textColor=GREY)
STYLE_BODY = ParagraphStyle("spr-body", parent=styles()["normal"], firstLineIndent=12.5 * mm,
                            leading=16)
STYLE_ISSUER = ParagraphStyle("spr-org", fontName=FONT_BOLD, fontSize=13, leading=16,
                              alignment=TA_CENTER)


def draw_spravka(c: Canvas, d: SpravkaData, centre: Centre) -> None:
    """Draw one справка on the current page (the caller calls showPage)."""
    width = RIGHT - LEFT
    y = H - 20 * mm
    for text, style in ((centre.name, STYLE_SUPERIOR), (d.held_by, STYLE_ISSUER)):
        if not text:
            continue
        p = Paragraph(para(text), style)
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
    """Position (wrapped) on the left, the line to sign, the name on the right, sharing
    the baseline of the position's last line."""
    lines = simpleSplit(printable(d.signer_position), FONT, 12, 68 * mm)
    c.setFont(FONT, 12)
    for i, line in enumerate(reversed(lines[-3:])):
        c.drawString(LEFT, base + 1 + i * 14, line)
    c.setLineWidth(0.5)
    c.line(102 * mm, base, 140 * mm, base)
    c.setFont(FONT, 9)
    c.drawCentredString(121 * mm, base - 4 * mm, "(подпись)")
    name, size = printable(d.signer_name), 12.0
    while size > 9 and stringWidth(name, FONT, size) > RIGHT - 144 * mm:
        size -= 0.5
    c.setFont(FONT, size)
    c.drawRightString(RIGHT, base + 1, name)
    c.setFont(FONT, 11)
    c.drawString(LEFT, base - 12 * mm, "М. П.")


def file_name(d: SpravkaData) -> str:
    return "Справка_" + re.sub(r"[^\w.-]+", "_", d.number) + ".pdf"


def write_spravki(path: Path | str, items: list[SpravkaData], centre: Centre,
                  progress: Callable[[int], None] | None = None) -> Path:
    """One PDF with one page per справка (written whole or not at all)."""
    target = ensure_writable(path)
    with atomic_output(target) as tmp:
        c = new_canvas(tmp)
        c.setTitle("Справки об участии")
        for i, d in enumerate(items, start=1):
            draw_spravka(c, d, centre)
            c.showPage()
            if progress and i % 50 == 0:
                progress(i)
        c.save()
    if progress:
        progress(len(items))
    return target


def write_spravki_each(folder: Path | str, items: list[SpravkaData], centre: Centre) -> list[Path]:
    """One PDF per справка in the folder (created if needed)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"«{folder}» — файл, а нужна папка для справок.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Не удаётся создать папку «{folder}»: {exc.strerror}.") from None
    return [write_spravki(folder / file_name(d), [d], centre) for d in items]
