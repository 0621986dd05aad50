"""The certificate of status (Свидетельство): A4, the centre's name and emblem, number,
organisation, kind, theme, term, the order it rests on, signature block, Russian date.

`draw_certificate` draws one page on a canvas, so a batch of a thousand is one loop over
one canvas (one file) or one canvas per file. The organisation's name is printed as
registered (nominative) after «образовательной организации», so nothing has to be declined.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.colors import HexColor, black
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from desktop.errors import NotFoundError, UserError
from desktop.exports.pdf_common import (
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    PAGE,
    new_canvas,
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
    out: dict[int, CertificateData] = {}
    base = (select(Site.id, Site.profile_id, Site.kind_code, Site.theme, Site.term_start,
                   Site.term_end, Organisation.full_name, Certificate.number,
                   Certificate.issued_on, Order.number, Order.order_date)
            .join(Certificate, Certificate.site_id == Site.id)
            .join(Organisation, Organisation.id == Site.organisation_id)
            .outerjoin(Order, Order.id == Certificate.order_id)
            .where(Certificate.annulled.is_(False), Site.deleted_at.is_(None))
            .order_by(Certificate.issued_on, Certificate.id))
    rows = []
    orders: dict[int, tuple[str, dt.date]] = {}
    with db.session() as s:
        for start in range(0, len(ids), 500):  # SQLite limits bound parameters
            chunk = ids[start:start + 500]
            rows += s.execute(base.where(Site.id.in_(chunk))).all()
            # the order of the latest decision, for a certificate that names none
            orders.update((sid, (num, day)) for sid, num, day in s.execute(
                select(Decision.site_id, Order.number, Order.order_date)
                .join(Order, Order.id == Decision.order_id)
                .where(Decision.outcome.in_(("assign", "extend")), Decision.site_id.in_(chunk))
                .order_by(Order.order_date, Decision.id)))
    kinds: dict[tuple[str, str], tuple[str, str]] = {}
    for (sid, pid, kind, theme, start, end, org, number, issued,
         order_number, order_date) in rows:
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


@dataclass(frozen=True)
class _Block:
    """A centred paragraph: its lines (already wrapped), font, size, leading, colour."""

    lines: tuple[str, ...]
    font: str
    size: float
    leading: float
    gap: float  # space above
    color: object = black

    @property
    def height(self) -> float:
        return self.gap + self.leading * len(self.lines)


@lru_cache(maxsize=4096)  # kind names, fixed phrases and repeated names wrap once per run
def wrap_lines(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """Greedy line breaking at plain spaces only, so a no-break space keeps «№ 28» whole
    (str.split() would break there). Much cheaper than a platypus Paragraph, which
    matters for a batch of a thousand pages."""
    out: list[str] = []
    space = stringWidth(" ", font, size)
    for para_text in text.split("\n"):
        line, used = "", 0.0
        for word in para_text.split(" "):
            if not word:
                continue
            w = stringWidth(word, font, size)
            if line and used + space + w > width:
                out.append(line)
                line, used = word, w
            elif line:
                line, used = f"{line} {word}", used + space + w
            else:
                line, used = word, w
        out.append(line)
    return tuple(out)


def _nbsp(text: str) -> str:
    """Keep «№ 28» and «28 декабря» together when a line wraps."""
    text = text.replace("№ ", f"№{NBSP}")
    return re.sub(r"(\d) (?=[а-яё])", f"\\1{NBSP}", text)


def _body(d: CertificateData, scale: float, width: float) -> list[_Block]:
    """The body's blocks at a font scale."""
    gap = 5 * mm * scale

    def block(text: str, font: str, size: float, leading: float, space: float,
              color: object = black) -> _Block:
        size, leading = size * scale, leading * scale
        return _Block(wrap_lines(_nbsp(printable(text)), font, size, width), font,
                      size, leading, space, color)

    blocks = [block("Настоящее свидетельство подтверждает,\nчто образовательной организации",
                    FONT, 14, 17, 0),
              block(d.organisation, FONT_BOLD, 18, 22, gap * 0.8),
              block("присвоен статус", FONT, 14, 17, gap),
              block(d.kind_name, FONT_BOLD, 19, 23, gap * 0.6, NAVY)]
    if d.theme:
        blocks += [block("по теме", FONT, 14, 17, gap),
                   block(f"«{d.theme.strip().strip('«»')}»", FONT_ITALIC, 15, 19, gap * 0.5)]
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
            basis += f" № {d.order_number}"
        facts.append(basis)
    for i, fact in enumerate(facts):
        blocks.append(block(fact, FONT, 13.5, 17, gap * (1.8 if i == 0 else 0.4)))
    return blocks


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


def _head_lines(centre: Centre) -> tuple[str, ...]:
    return wrap_lines(_nbsp(printable(centre.name)), FONT_BOLD, 13, W - 2 * MARGIN - 10 * mm)


def _static_part(c: Canvas, centre: Centre) -> str:
    """The part every certificate of the centre shares — frame, centre's name, emblem,
    title, signature block — drawn once per file as a form and reused on every page."""
    key = hashlib.sha1(repr((centre.name, centre.short_name, centre.head_name,
                             centre.head_position, len(centre.logo or b""))).encode())
    name = f"cert{key.hexdigest()[:12]}"
    if c.hasForm(name):
        return name
    c.beginForm(name)
    _frame(c)
    y = H - 25 * mm
    c.setFont(FONT_BOLD, 13)
    for line in _head_lines(centre):
        y -= 16
        c.drawCentredString(W / 2, y + 3, line)
    y -= 4 * mm
    _emblem(c, centre, W / 2, y - 13 * mm, 26 * mm)
    y -= 42 * mm
    c.setFillColor(NAVY)
    c.setFont(FONT_BOLD, 34)
    c.drawCentredString(W / 2, y, "СВИДЕТЕЛЬСТВО")
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.6)
    c.line(W / 2 - 30 * mm, y - 13 * mm, W / 2 + 30 * mm, y - 13 * mm)
    c.setFillColor(black)
    _signature(c, centre)
    c.endForm()
    return name


def _title_y(centre: Centre) -> float:
    return H - 25 * mm - 16 * len(_head_lines(centre)) - 4 * mm - 42 * mm


def draw_certificate(c: Canvas, d: CertificateData, centre: Centre) -> None:
    """Draw one certificate on the current page (the caller calls showPage)."""
    c.doForm(_static_part(c, centre))
    y = _title_y(centre)
    c.setFillColor(black)
    c.setFont(FONT, 15)
    c.drawCentredString(W / 2, y - 9 * mm, f"№ {printable(d.number)}")
    body_top = y - 22 * mm
    room = body_top - SIGN_TOP
    width = W - 2 * MARGIN
    # A long name or theme shrinks the body's type until it fits above the signatures.
    for scale in (1.0, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6):
        blocks = _body(d, scale, width)
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
    place = f"{printable(centre.city)}, " if centre.city else ""
    c.drawCentredString(W / 2, 24 * mm, f"{place}{long_date(d.issued_on)}")


def _signature(c: Canvas, centre: Centre) -> None:
    """Position (wrapped if long) on the left, the line to sign, the name on the right;
    the last line of the position and the name share the line's baseline."""
    base = 47 * mm
    lines = wrap_lines(printable(centre.head_position or "Руководитель"), FONT, 13, 66 * mm)
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
