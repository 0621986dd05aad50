"""The certificate of status (Свидетельство) as PDF: A4, the issuer's name and emblem,
number, organisation, kind, theme, term, what it rests on («Основание»), signature block,
Russian date. A pure writer: it draws the plain data desktop.services.certificates gathers.

`draw_certificate` draws one page on a canvas, so a batch of a thousand is one loop over
one canvas (one file) or one canvas per file. The organisation's name is printed as
registered (nominative) after «образовательной организации», so nothing has to be declined.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop.errors import UserError
from desktop.exports.pdf_common import (
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    PAGE,
    new_canvas,
    printable,
    signature_block,
    unbreakable,
    wrap_lines,
)
from desktop.fileio import atomic_output, os_error_text
from desktop.services.certificates import CertificateData
from desktop.text import long_date

__all__ = ["CertificateData", "draw_certificate", "write_certificate_files",
           "write_certificate_pdf"]

log = logging.getLogger("metodist")
W, H = PAGE
NAVY = HexColor("#1f3864")
GOLD = HexColor("#a67c00")
MARGIN = 27 * mm  # text margin inside the double frame
SIGN_TOP = 62 * mm  # the body ends above this line; the signature block is below it


@dataclass(frozen=True)
class _Block:
    """A centred paragraph: its lines (already wrapped), font, size, leading, colour."""

    lines: tuple[str, ...]
    font: str
    size: float
    leading: float
    gap: float  # space above
    color: Color = black

    @property
    def height(self) -> float:
        return self.gap + self.leading * len(self.lines)


# (text, font, size, leading, gap in 5 mm steps, colour) of each block of the body
_Spec = tuple[str, str, float, float, float, Color]


@lru_cache(maxsize=4096)  # fixed phrases, kinds and repeated names are prepared once a run
def _prepared(text: str) -> str:
    return unbreakable(printable(text))


def _specs(d: CertificateData) -> list[_Spec]:
    """The body's texts, prepared once per certificate (not once per trial font scale)."""
    specs: list[_Spec] = [
        (_prepared("Настоящее свидетельство подтверждает,\nчто образовательной организации"),
         FONT, 14, 17, 0, black),
        (_prepared(d.organisation), FONT_BOLD, 18, 22, 0.8, black),
        (_prepared("присвоен статус"), FONT, 14, 17, 1, black),
        (_prepared(d.kind_genitive or d.kind_name), FONT_BOLD, 19, 23, 0.6, NAVY)]
    if d.theme:
        specs += [(_prepared("по теме"), FONT, 14, 17, 1, black),
                  (_prepared(f"«{d.theme.strip().strip('«»')}»"), FONT_ITALIC, 15, 19, 0.5,
                   black)]
    facts = []
    if d.term_start:
        term = f"с {long_date(d.term_start)}"
        if d.term_end:
            term += f" по {long_date(d.term_end)}"
        facts.append(f"Срок действия статуса: {term}")
    if d.basis:
        facts.append(f"Основание: {d.basis}")
    specs += [(unbreakable(printable(fact)), FONT, 13.5, 17, 1.8 if i == 0 else 0.4, black)
              for i, fact in enumerate(facts)]
    return specs


def _body(specs: list[_Spec], scale: float, width: float) -> list[_Block]:
    """The body's blocks at a font scale."""
    gap = 5 * mm * scale
    return [_Block(wrap_lines(text, font, size * scale, width), font, size * scale,
                   leading * scale, gap * space, color)
            for text, font, size, leading, space, color in specs]


def _emblem(c: Canvas, letters: str, logo: bytes | None, x: float, y: float,
            size: float) -> None:
    """The centre's logo, or a drawn seal-like emblem with the issuer's letters."""
    if logo:
        try:
            c.drawImage(ImageReader(io.BytesIO(logo)), x - size / 2, y - size / 2,
                        size, size, preserveAspectRatio=True, anchor="c", mask="auto")
            return
        except Exception:  # an unreadable image: the drawn emblem instead, noted in the log
            log.warning("centre logo cannot be drawn; using the drawn emblem", exc_info=True)
    c.saveState()
    c.setStrokeColor(GOLD)
    c.setLineWidth(1.6)
    c.circle(x, y, size / 2)
    c.setLineWidth(0.5)
    c.circle(x, y, size / 2 - 2 * mm)
    c.setFillColor(GOLD)
    _star(c, x, y - size * 0.3, 1.4 * mm)
    _star(c, x, y + size * 0.3, 1.4 * mm)
    if letters:
        c.setFillColor(NAVY)
        c.setFont(FONT_BOLD, size * 0.25)
        c.drawCentredString(x, y - size * 0.085, printable(letters))
    c.restoreState()


def _star(c: Canvas, x: float, y: float, r: float) -> None:
    path = c.beginPath()
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.42
        a = math.pi / 2 + i * math.pi / 5
        px, py = x + rad * math.cos(a), y + rad * math.sin(a)
        if i == 0:
            path.moveTo(px, py)
        else:
            path.lineTo(px, py)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


def _frame(c: Canvas) -> None:
    c.saveState()
    c.setStrokeColor(NAVY)
    c.setLineWidth(2.2)
    c.rect(12 * mm, 12 * mm, W - 24 * mm, H - 24 * mm)
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.8)
    c.rect(15 * mm, 15 * mm, W - 30 * mm, H - 30 * mm)
    c.restoreState()


def _head_lines(issuer: str) -> tuple[str, ...]:
    if not issuer.strip():
        return ()
    return wrap_lines(_prepared(issuer), FONT_BOLD, 13, W - 2 * MARGIN - 10 * mm)


def _static_part(c: Canvas, d: CertificateData, logo: bytes | None) -> str:
    """The part every certificate of one issuer shares — frame, issuer's name, emblem,
    title, signature block — drawn once per file as a form and reused on every page."""
    key = hashlib.sha1(repr((d.issuer, d.emblem, d.signer_position, d.signer_name,
                             len(logo or b""))).encode())
    name = f"cert{key.hexdigest()[:12]}"
    if c.hasForm(name):
        return name
    c.beginForm(name)
    _frame(c)
    y = H - 25 * mm
    c.setFont(FONT_BOLD, 13)
    for line in _head_lines(d.issuer):
        y -= 16
        c.drawCentredString(W / 2, y + 3, line)
    y -= 4 * mm
    _emblem(c, d.emblem, logo, W / 2, y - 13 * mm, 26 * mm)
    y -= 42 * mm
    c.setFillColor(NAVY)
    c.setFont(FONT_BOLD, 34)
    c.drawCentredString(W / 2, y, "СВИДЕТЕЛЬСТВО")
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.6)
    c.line(W / 2 - 30 * mm, y - 13 * mm, W / 2 + 30 * mm, y - 13 * mm)
    c.setFillColor(black)
    _signature(c, d)
    c.endForm()
    return name


def _title_y(d: CertificateData) -> float:
    return H - 25 * mm - 16 * len(_head_lines(d.issuer)) - 4 * mm - 42 * mm


def draw_certificate(c: Canvas, d: CertificateData, logo: bytes | None = None) -> None:
    """Draw one certificate on the current page (the caller calls showPage)."""
    c.doForm(_static_part(c, d, logo))
    y = _title_y(d)
    c.setFillColor(black)
    c.setFont(FONT, 15)
    c.drawCentredString(W / 2, y - 9 * mm, f"№ {printable(d.number)}")
    body_top = y - 22 * mm
    room = body_top - SIGN_TOP
    width = W - 2 * MARGIN
    # A long name or theme shrinks the body's type until it fits above the signatures.
    specs = _specs(d)
    for scale in (1.0, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6):
        blocks = _body(specs, scale, width)
        height = sum(b.height for b in blocks)
        if height <= room:
            break
    while height > room:  # still too long at the smallest type: cut the longest block short
        i = max(range(len(blocks)), key=lambda k: len(blocks[k].lines))
        b = blocks[i]
        if len(b.lines) < 2:
            break
        lines = (*b.lines[:-2], b.lines[-2].rstrip("»") + "…»")
        blocks[i] = _Block(lines, b.font, b.size, b.leading, b.gap, b.color)
        height = sum(x.height for x in blocks)
    y = body_top - max(0.0, (room - height) * 0.35)  # a short body sits a bit lower
    for b in blocks:
        y -= b.gap
        c.setFillColor(b.color)
        c.setFont(b.font, b.size)
        for line in b.lines:
            y -= b.leading
            c.drawCentredString(W / 2, y + (b.leading - b.size) * 0.9, line)
    c.setFillColor(black)
    c.setFont(FONT, 13)
    place = f"{printable(d.city)}, " if d.city else ""
    c.drawCentredString(W / 2, 24 * mm, f"{place}{long_date(d.issued_on)}")


def _signature(c: Canvas, d: CertificateData) -> None:
    signature_block(c, d.signer_position, d.signer_name, base=47 * mm, left=MARGIN,
                    right=W - MARGIN, line=(96 * mm, 128 * mm), size=13,
                    position_width=66 * mm, stamp_gap=11 * mm)


def write_certificate_pdf(target: Path, items: Sequence[CertificateData],
                          logo: bytes | None = None,
                          progress: Callable[[int], None] | None = None) -> Path:
    """One PDF with a page per certificate (written whole or not at all)."""
    with atomic_output(target) as tmp:
        c = new_canvas(tmp)
        c.setTitle("Свидетельство" if len(items) == 1 else "Свидетельства")
        if items:
            c.setAuthor(items[0].issuer)
        for i, d in enumerate(items, start=1):
            draw_certificate(c, d, logo)
            c.showPage()
            if progress and i % 50 == 0:
                progress(i)
        c.save()
    if progress:
        progress(len(items))
    return target


def write_certificate_files(folder: Path, named: Sequence[tuple[str, CertificateData]],
                            logo: bytes | None = None,
                            progress: Callable[[int], None] | None = None) -> list[Path]:
    """One PDF per certificate in the folder (created if needed), under the given names."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Не удаётся создать папку «{folder}»: {os_error_text(exc)}.") from None
    paths = []
    for i, (name, d) in enumerate(named, start=1):
        path = folder / name
        with atomic_output(path) as tmp:
            c = new_canvas(tmp)
            c.setTitle(f"Свидетельство № {d.number}")
            c.setAuthor(d.issuer)
            draw_certificate(c, d, logo)
            c.showPage()
            c.save()
        paths.append(path)
        if progress and i % 50 == 0:
            progress(i)
    if progress:
        progress(len(named))
    return paths
