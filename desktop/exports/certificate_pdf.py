"""The certificate of status (Свидетельство): A4, the centre's name and emblem, number,
organisation, kind, theme, term, the order it rests on, signature block, Russian date.

`draw_certificate` draws one page on a canvas, so a batch of a thousand is one loop over
one canvas (one file) or one canvas per file. The organisation's name is printed as
registered (nominative) after «образовательной организации», so nothing has to be declined.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import HexColor, black
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from sqlalchemy import select

from desktop.errors import NotFoundError, UserError
from desktop.exports.pdf_common import (
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    PAGE,
    new_canvas,
    para,
    printable,
)
from desktop.fileio import atomic_output, ensure_writable
from desktop.models import Certificate, Decision, Order, Organisation, Site
from desktop.profiles import get_profile
from desktop.services.centre import Centre, load_centre
from desktop.storage import Database
from desktop.text import long_date

__all__ = ["Centre", "CertificateData", "certificate_data", "draw_certificate", "load_centre",
           "sites_with_certificates", "write_certificates"]

log = logging.getLogger("metodist")
W, H = PAGE
NAVY = HexColor("#1f3864")
GOLD = HexColor("#a67c00")
NBSP = "\u00a0"
MARGIN = 27 * mm  # text margin inside the double frame
SIGN_TOP = 62 * mm  # the body ends above this line; the signature block is below it


@dataclass
class CertificateData:
    """What one certificate prints (plain values, no database objects)."""

    site_id: int
    number: str
    issued_on: dt.date
    organisation: str
    kind_name: str
    theme: str
    term_start: dt.date | None
    term_end: dt.date | None
    order_number: str
    order_date: dt.date | None
    decided_by: str = ""


def certificate_data(db: Database, site_ids: Iterable[int]) -> list[CertificateData]:
    """Certificate data for the sites, in the given order (the latest valid certificate of
    each); a site without one is a user error naming it."""
    ids = list(site_ids)
    wanted = set(ids)
    out: dict[int, CertificateData] = {}
    stmt = (select(Site.id, Site.profile_id, Site.kind_code, Site.theme, Site.term_start,
                   Site.term_end, Organisation.full_name, Certificate.number,
                   Certificate.issued_on, Order.number, Order.order_date)
            .join(Certificate, Certificate.site_id == Site.id)
            .join(Organisation, Organisation.id == Site.organisation_id)
            .outerjoin(Order, Order.id == Certificate.order_id)
            .where(Certificate.annulled.is_(False), Site.deleted_at.is_(None))
            .order_by(Certificate.issued_on, Certificate.id))
    if len(ids) < 900:  # SQLite's limit on bound parameters; larger batches filter in Python
        stmt = stmt.where(Site.id.in_(ids))
    with db.session() as s:
        rows = s.execute(stmt).all()
        orders = {sid: (num, day) for sid, num, day in s.execute(
            select(Decision.site_id, Order.number, Order.order_date)
            .join(Order, Order.id == Decision.order_id)
            .where(Decision.outcome.in_(("assign", "extend")))
            .order_by(Order.order_date, Decision.id))}
    kinds: dict[tuple[str, str], tuple[str, str]] = {}
    for (sid, pid, kind, theme, start, end, org, number, issued,
         order_number, order_date) in rows:
        if sid not in wanted:
            continue
        if (pid, kind) not in kinds:
            try:
                k = get_profile(pid).kind(kind)
                kinds[pid, kind] = (k.name, k.decided_by)
            except UserError:  # a profile or kind removed since: print the code
                kinds[pid, kind] = (kind, "")
        if order_number is None:
            order_number, order_date = orders.get(sid, ("", None))
        out[sid] = CertificateData(
            site_id=sid, number=number, issued_on=issued, organisation=org,
            kind_name=kinds[pid, kind][0], theme=theme or "", term_start=start, term_end=end,
            order_number=order_number or "", order_date=order_date,
            decided_by=kinds[pid, kind][1])
    missing = [i for i in ids if i not in out]
    if missing:
        raise NotFoundError(
            f"Площадка № {missing[0]} не найдена или у неё нет действующего свидетельства "
            "(оно выдаётся после приказа о присвоении статуса).")
    return [out[i] for i in ids]


def _style(name: str, size: float, font: str = FONT, leading: float | None = None,
           align: int = TA_CENTER, color=black) -> ParagraphStyle:  # noqa: ANN001
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.22,
                          alignment=align, textColor=color)


STYLE_CENTRE = _style("cert-centre", 13, FONT_BOLD, 16)


def _body_styles(scale: float) -> dict[str, ParagraphStyle]:
    return {
        "lead": _style(f"cert-lead{scale}", 14 * scale),
        "org": _style(f"cert-org{scale}", 18 * scale, FONT_BOLD, 22 * scale),
        "kind": _style(f"cert-kind{scale}", 19 * scale, FONT_BOLD, 23 * scale, color=NAVY),
        "theme": _style(f"cert-theme{scale}", 15 * scale, FONT_ITALIC, 19 * scale),
        "fact": _style(f"cert-fact{scale}", 13.5 * scale, FONT, 17 * scale),
    }


def _nbsp(text: str) -> str:
    """Keep «№ 28» and «28 декабря» together when a line wraps."""
    text = text.replace("№ ", f"№{NBSP}")
    return re.sub(r"(\d) (?=[а-яё])", f"\\1{NBSP}", text)


def _body(d: CertificateData, scale: float) -> list[tuple[float, Paragraph]]:
    """The body paragraphs with the gap above each, at a font scale."""
    st = _body_styles(scale)
    gap = 5 * mm * scale
    items = [(0.0, Paragraph("Настоящее свидетельство подтверждает,<br/>"
                             "что образовательной организации", st["lead"])),
             (gap * 0.8, Paragraph(_nbsp(para(d.organisation)), st["org"])),
             (gap, Paragraph("присвоен статус", st["lead"])),
             (gap * 0.6, Paragraph(para(d.kind_name), st["kind"]))]
    if d.theme:
        items += [(gap, Paragraph("по теме", st["lead"])),
                  (gap * 0.5, Paragraph(f"«{_nbsp(para(d.theme.strip('«»'))) }»", st["theme"]))]
    facts = []
    if d.term_start:
        term = f"с {long_date(d.term_start)}"
        if d.term_end:
            term += f" по {long_date(d.term_end)}"
        facts.append(f"Срок действия статуса: {term}")
    if d.order_number or d.order_date:
        basis = "Основание: приказ"
        if d.order_date:
            basis += f" от {long_date(d.order_date)}"
        if d.order_number:
            basis += f" № {para(d.order_number)}"
        facts.append(basis)
    for i, fact in enumerate(facts):
        items.append((gap * (1.8 if i == 0 else 0.4), Paragraph(_nbsp(fact), st["fact"])))
    return items


def _emblem(c: Canvas, centre: Centre, x: float, y: float, size: float) -> None:
    """The centre's logo, or a drawn seal-like emblem with its abbreviation."""
    if centre.logo:
        try:
            c.drawImage(ImageReader(io.BytesIO(centre.logo)), x - size / 2, y - size / 2,
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
    c.setFillColor(NAVY)
    c.setFont(FONT_BOLD, size * 0.25)
    c.drawCentredString(x, y - size * 0.085, _abbreviation(centre))
    c.restoreState()


def _star(c: Canvas, x: float, y: float, r: float) -> None:
    import math

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


def _abbreviation(centre: Centre) -> str:
    """«МБУ ИМЦ» → «ИМЦ»; else the initials of the full name's capitalised words."""
    words = centre.short_name.split()
    if words and words[-1].isupper() and len(words[-1]) <= 5:
        return words[-1]
    inner = centre.name.split("«", 1)[-1]
    letters = "".join(w[0] for w in re.findall(r"[А-ЯЁA-Zа-яёa-z]{3,}", inner)[:4]).upper()
    return letters or "ИМЦ"


def _frame(c: Canvas) -> None:
    c.saveState()
    c.setStrokeColor(NAVY)
    c.setLineWidth(2.2)
    c.rect(12 * mm, 12 * mm, W - 24 * mm, H - 24 * mm)
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.8)
    c.rect(15 * mm, 15 * mm, W - 30 * mm, H - 30 * mm)
    c.restoreState()


def draw_certificate(c: Canvas, d: CertificateData, centre: Centre) -> None:
    """Draw one certificate on the current page (the caller calls showPage)."""
    width = W - 2 * MARGIN
    _frame(c)
    head = Paragraph(_nbsp(para(centre.name)), STYLE_CENTRE)
    _, h = head.wrap(width - 10 * mm, H)
    top = H - 25 * mm
    head.drawOn(c, MARGIN + 5 * mm, top - h)
    y = top - h - 4 * mm
    _emblem(c, centre, W / 2, y - 13 * mm, 26 * mm)
    y -= 26 * mm + 16 * mm
    c.setFillColor(NAVY)
    c.setFont(FONT_BOLD, 34)
    c.drawCentredString(W / 2, y, "СВИДЕТЕЛЬСТВО")
    c.setFillColor(black)
    c.setFont(FONT, 15)
    c.drawCentredString(W / 2, y - 9 * mm, f"№ {printable(d.number)}")
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.6)
    c.line(W / 2 - 30 * mm, y - 13 * mm, W / 2 + 30 * mm, y - 13 * mm)
    body_top = y - 22 * mm
    room = body_top - SIGN_TOP
    # A long name or theme shrinks the body's type until it fits above the signatures.
    for scale in (1.0, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6):
        items = _body(d, scale)
        heights = [gap + p.wrap(width, H)[1] for gap, p in items]
        if sum(heights) <= room:
            break
    y = body_top - max(0.0, (room - sum(heights)) * 0.35)  # a short body sits a bit lower
    for (_gap, p), h in zip(items, heights, strict=True):
        y -= h
        p.drawOn(c, MARGIN, y)
    _signature(c, d, centre)


def _signature(c: Canvas, d: CertificateData, centre: Centre) -> None:
    """Position (wrapped if long) on the left, the line to sign, the name on the right;
    the last line of the position and the name share the line's baseline."""
    base = 47 * mm
    lines = simpleSplit(printable(centre.head_position or "Руководитель"), FONT, 13, 66 * mm)
    c.setFillColor(black)
    c.setFont(FONT, 13)
    for i, line in enumerate(reversed(lines[-3:])):
        c.drawString(MARGIN, base + 1 + i * 15, line)
    c.setStrokeColor(black)
    c.setLineWidth(0.5)
    c.line(96 * mm, base, 128 * mm, base)
    c.setFont(FONT, 9)
    c.drawCentredString(112 * mm, base - 4 * mm, "(подпись)")
    # «И. О. Фамилия» on one line: a long double surname gets smaller type, never a break.
    name = printable(centre.head_name)
    room, size = W - MARGIN - 132 * mm, 13.0
    while size > 9 and stringWidth(name, FONT, size) > room:
        size -= 0.5
    c.setFont(FONT, size)
    c.drawRightString(W - MARGIN, base + 1, name)
    c.setFont(FONT, 11)
    c.drawString(MARGIN, base - 11 * mm, "М. П.")
    c.setFont(FONT, 13)
    place = f"{printable(centre.city)}, " if centre.city else ""
    c.drawCentredString(W / 2, 24 * mm, f"{place}{long_date(d.issued_on)}")


def file_name(number: str) -> str:
    """«Свидетельство_2026_00003.pdf» — safe on Windows."""
    return "Свидетельство_" + re.sub(r"[^\w.-]+", "_", number).strip("_") + ".pdf"


def write_certificates(db: Database, site_ids: Iterable[int], target: Path | str,
                       progress: Callable[[int], None] | None = None, *,
                       one_file: bool | None = None) -> list[Path]:
    """Certificates of the sites: one PDF with a page each (target ends with .pdf, or
    one_file=True) or one file each in the target folder. Returns the files written."""
    target = Path(target)
    single = target.suffix.lower() == ".pdf" if one_file is None else one_file
    if single:
        ensure_writable(target)
    data = certificate_data(db, site_ids)
    centre = load_centre(db)
    if single:
        with atomic_output(target) as tmp:
            c = new_canvas(tmp)
            c.setTitle("Свидетельство" if len(data) == 1 else "Свидетельства")
            c.setAuthor(centre.name)
            for i, d in enumerate(data, start=1):
                draw_certificate(c, d, centre)
                c.showPage()
                if progress and i % 50 == 0:
                    progress(i)
            c.save()
        if progress:
            progress(len(data))
        return [target]
    if target.exists() and not target.is_dir():
        raise UserError(f"«{target}» — файл, а нужна папка для свидетельств.")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Не удаётся создать папку «{target}»: {exc.strerror}.") from None
    paths = []
    for i, d in enumerate(data, start=1):
        path = target / file_name(d.number)
        with atomic_output(path) as tmp:
            c = new_canvas(tmp)
            c.setTitle(f"Свидетельство № {d.number}")
            c.setAuthor(centre.name)
            draw_certificate(c, d, centre)
            c.showPage()
            c.save()
        paths.append(path)
        if progress and i % 50 == 0:
            progress(i)
    if progress:
        progress(len(data))
    return paths


def sites_with_certificates(db: Database, year: int) -> list[int]:
    """Sites whose (valid) certificate was issued in the year, by certificate number."""
    with db.session() as s:
        return list(dict.fromkeys(s.scalars(
            select(Certificate.site_id).join(Site, Site.id == Certificate.site_id)
            .where(Certificate.annulled.is_(False), Site.deleted_at.is_(None),
                   Certificate.issued_on >= dt.date(year, 1, 1),
                   Certificate.issued_on <= dt.date(year, 12, 31))
            .order_by(Certificate.number))))
