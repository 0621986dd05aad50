"""The certificate of status (Свидетельство): A4, the centre's name and emblem, number,
organisation, kind, theme, term, the order it rests on, signature block, Russian date.

`draw_certificate` draws one page on a canvas, so a batch of a thousand is one loop over
one canvas (one file) or one canvas per file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from sqlalchemy import select

from desktop.errors import NotFoundError, UserError
from desktop.exports.pdf_common import FONT, FONT_BOLD, FONT_ITALIC, PAGE, new_canvas
from desktop.fileio import atomic_output, ensure_writable
from desktop.models import Attachment, Certificate, Decision, Order, Site
from desktop.profiles import get_profile
from desktop.services.common import all_settings
from desktop.storage import Database
from desktop.text import long_date

W, H = PAGE
NAVY = HexColor("#1f3864")
GOLD = HexColor("#a67c00")


@dataclass
class Centre:
    name: str
    head_name: str
    head_position: str
    city: str
    logo: bytes | None = None
    short_name: str = ""


@dataclass
class CertificateData:
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
    decided_by: str


def load_centre(db: Database) -> Centre:
    with db.session() as s:
        c = all_settings(s, "centre.")
        logo = None
        if c.get("centre.logo_attachment_id"):
            att = s.get(Attachment, c["centre.logo_attachment_id"])
            logo = att.blob.data if att else None
    return Centre(c["centre.name"], c["centre.head_name"], c["centre.head_position"],
                  c["centre.city"], logo, c.get("centre.short_name") or "")


def certificate_data(db: Database, site_ids: Iterable[int]) -> list[CertificateData]:
    """Certificate data for the sites, in the given order; a site without one is an error."""
    ids = list(site_ids)
    out: dict[int, CertificateData] = {}
    with db.session() as s:
        rows = s.execute(
            select(Site, Certificate)
            .join(Certificate, Certificate.site_id == Site.id)
            .where(Site.id.in_(ids) if len(ids) < 900 else Site.id.is_not(None),
                   Certificate.annulled.is_(False))
            .order_by(Certificate.id)).all()
        orders = {sid: (num, day) for sid, num, day in s.execute(
            select(Decision.site_id, Order.number, Order.order_date)
            .join(Order, Order.id == Decision.order_id)
            .where(Decision.outcome.in_(("assign", "extend"))).order_by(Decision.id))}
        wanted = set(ids)
        for site, cert in rows:
            if site.id not in wanted:
                continue
            try:
                kind = get_profile(site.profile_id).kind(site.kind_code)
                kind_name, decided_by = kind.name, kind.decided_by
            except UserError:
                kind_name, decided_by = site.kind_code, ""
            order_number, order_date = orders.get(site.id, ("", None))
            if cert.order is not None:
                order_number, order_date = cert.order.number, cert.order.order_date
            out[site.id] = CertificateData(
                site_id=site.id, number=cert.number, issued_on=cert.issued_on,
                organisation=site.organisation.full_name, kind_name=kind_name,
                theme=site.theme, term_start=site.term_start, term_end=site.term_end,
                order_number=order_number, order_date=order_date, decided_by=decided_by)
    missing = [i for i in ids if i not in out]
    if missing:
        raise NotFoundError(
            f"Площадка № {missing[0]} не найдена или у неё нет свидетельства "
            "(оно выдаётся после приказа о присвоении статуса).")
    return [out[i] for i in ids]


def _style(size: float, font: str = FONT, leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle(f"c{size}{font}", fontName=font, fontSize=size,
                          leading=leading or size * 1.25, alignment=TA_CENTER)


STYLE_CENTRE = _style(13, FONT_BOLD)
STYLE_BODY = _style(14)
STYLE_ORG = _style(17, FONT_BOLD, 21)
STYLE_KIND = _style(18, FONT_BOLD, 22)
STYLE_THEME = _style(14, FONT_ITALIC, 18)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _para(c: Canvas, text: str, style: ParagraphStyle, top: float, width: float = W - 50 * mm) -> float:
    """Draw a centred paragraph whose top is at `top`; returns the y below it."""
    p = Paragraph(text, style)
    _, h = p.wrap(width, H)
    p.drawOn(c, (W - width) / 2, top - h)
    return top - h


def _emblem(c: Canvas, centre: Centre, x: float, y: float, size: float) -> None:
    if centre.logo:
        try:
            c.drawImage(ImageReader(io.BytesIO(centre.logo)), x - size / 2, y - size / 2,
                        size, size, preserveAspectRatio=True, mask="auto")
            return
        except Exception:  # an unreadable image: fall back to the drawn emblem
            pass
    c.saveState()
    c.setStrokeColor(GOLD)
    c.setLineWidth(1.6)
    c.circle(x, y, size / 2)
    c.setLineWidth(0.6)
    c.circle(x, y, size / 2 - 2.2 * mm)
    c.setFillColor(NAVY)
    c.setFont(FONT_BOLD, size * 0.26)
    # The abbreviation from the short name («МБУ ИМЦ» → «ИМЦ»), else from the full name.
    words = centre.short_name.split()
    short = words[-1] if words and words[-1].isupper() and len(words[-1]) <= 5 else "".join(
        w[0] for w in re.findall(r"[А-ЯЁA-Z][а-яёa-z]+", centre.name)[:3]).upper()
    c.drawCentredString(x, y - size * 0.09, short or "ИМЦ")
    c.restoreState()


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
    """One certificate page."""
    _frame(c)
    y = _para(c, _esc(centre.name), STYLE_CENTRE, H - 26 * mm, W - 60 * mm)
    _emblem(c, centre, W / 2, y - 20 * mm, 26 * mm)
    y -= 40 * mm
    c.setFillColor(NAVY)
    c.setFont(FONT_BOLD, 34)
    c.drawCentredString(W / 2, y - 12 * mm, "СВИДЕТЕЛЬСТВО")
    c.setFillColor(HexColor("#000000"))
    c.setFont(FONT, 15)
    c.drawCentredString(W / 2, y - 22 * mm, f"№ {d.number}")
    y -= 36 * mm
    y = _para(c, "настоящее свидетельство подтверждает, что", STYLE_BODY, y)
    y = _para(c, _esc(d.organisation), STYLE_ORG, y - 5 * mm)
    y = _para(c, "присвоен статус", STYLE_BODY, y - 6 * mm)
    y = _para(c, _esc(d.kind_name), STYLE_KIND, y - 4 * mm)
    if d.theme:
        y = _para(c, "по теме", STYLE_BODY, y - 6 * mm)
        y = _para(c, f"«{_esc(d.theme)}»", STYLE_THEME, y - 3 * mm)
    if d.term_start:
        term = f"с {long_date(d.term_start)}" + (f" по {long_date(d.term_end)}" if d.term_end
                                                 else "")
        y = _para(c, f"Срок действия статуса: {term}", STYLE_BODY, y - 8 * mm)
    if d.order_number or d.order_date:
        basis = "Основание: приказ"
        if d.order_date:
            basis += f" от {long_date(d.order_date)}"
        if d.order_number:
            basis += f" № {_esc(d.order_number)}"
        _para(c, basis, STYLE_BODY, y - 3 * mm)
    # signature block
    base = 52 * mm
    c.setFont(FONT, 13)
    c.drawString(25 * mm, base, centre.head_position or "Руководитель")
    c.line(95 * mm, base - 1 * mm, 140 * mm, base - 1 * mm)
    c.drawRightString(W - 25 * mm, base, centre.head_name or "")
    c.setFont(FONT, 9)
    c.drawCentredString(117.5 * mm, base - 5 * mm, "(подпись)")
    c.drawString(25 * mm, base - 12 * mm, "М. П.")
    c.setFont(FONT, 13)
    place = f"{centre.city}, " if centre.city else ""
    c.drawCentredString(W / 2, 26 * mm, f"{place}{long_date(d.issued_on)}")


def _file_name(number: str) -> str:
    return "Свидетельство_" + re.sub(r"[^\w.-]+", "_", number) + ".pdf"


def write_certificates(db: Database, site_ids: Iterable[int], target: Path | str,
                       progress: Callable[[int], None] | None = None, *,
                       one_file: bool | None = None) -> list[Path]:
    """Certificates of the sites: one PDF (target ends with .pdf) or one file each in a folder."""
    target = Path(target)
    single = target.suffix.lower() == ".pdf" if one_file is None else one_file
    if single:
        ensure_writable(target)
    data = certificate_data(db, site_ids)
    centre = load_centre(db)
    if single:
        with atomic_output(target) as tmp:
            c = new_canvas(tmp)
            c.setTitle("Свидетельства")
            for i, d in enumerate(data, start=1):
                draw_certificate(c, d, centre)
                c.showPage()
                if progress and i % 50 == 0:
                    progress(i)
            c.save()
        return [target]
    if target.exists() and not target.is_dir():
        raise UserError(f"«{target}» — файл, а нужна папка для свидетельств.")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Не удаётся создать папку «{target}»: {exc.strerror}.") from None
    paths = []
    for i, d in enumerate(data, start=1):
        path = target / _file_name(d.number)
        with atomic_output(path) as tmp:
            c = new_canvas(tmp)
            c.setTitle(f"Свидетельство № {d.number}")
            draw_certificate(c, d, centre)
            c.showPage()
            c.save()
        paths.append(path)
        if progress and i % 50 == 0:
            progress(i)
    return paths


def sites_with_certificates(db: Database, year: int) -> list[int]:
    """Sites whose certificate was issued in the year."""
    with db.session() as s:
        return list(s.scalars(
            select(Certificate.site_id).join(Site, Site.id == Certificate.site_id)
            .where(Certificate.annulled.is_(False), Site.deleted_at.is_(None),
                   Certificate.issued_on >= dt.date(year, 1, 1),
                   Certificate.issued_on <= dt.date(year, 12, 31))
            .order_by(Certificate.number)))
