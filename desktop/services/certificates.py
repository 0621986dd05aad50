"""What a certificate of status (Свидетельство) prints, gathered for the PDF writer.

Issuer and signer come from the kind's certificate stage in the profile, else from the
centre's details («Сведения о центре»); a detail neither gives is printed blank and named
in `missing`, so the user is told before printing instead of getting «Директор ____».
«Основание» cites what assigned the status: the order with the body that issued it
(«приказ Министерства … от … № …»), or, where the procedure has no order (Кемерово: the
НМС decides and the certificate itself assigns the status), the council's decision with
its date and protocol. The PDF is drawn by desktop.exports.certificate_pdf from this data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.errors import NotFoundError, UserError
from desktop.models import Certificate, CouncilMeeting, Decision, Order, Organisation, Site
from desktop.profiles import Kind, get_profile
from desktop.services.centre import REQUIRED, Centre, load_centre, missing_text
from desktop.services.declension import genitive, kind_genitive
from desktop.storage import Database
from desktop.text import long_date

__all__ = ["CertificateData", "basis_text", "certificate_data", "file_name", "missing_details",
           "sites_with_certificates", "write_certificates"]


@dataclass
class CertificateData:
    """What one certificate prints (plain values, no database objects)."""

    site_id: int
    site_number: str
    number: str
    issued_on: dt.date
    organisation: str
    kind_name: str  # nominative, as the profile names it
    kind_genitive: str  # «муниципальной инновационной площадки»
    theme: str
    term_start: dt.date | None
    term_end: dt.date | None
    basis: str  # «приказ Департамента образования … от 25 декабря 2025 г. № 12-о»
    issuer: str  # heads the page
    emblem: str  # the letters in the drawn emblem («НМЦ»)
    signer_position: str
    signer_name: str
    city: str = ""
    missing: tuple[str, ...] = ()  # the centre's details this certificate lacks (labels)


@dataclass(frozen=True)
class _Basis:
    order_number: str = ""
    order_date: dt.date | None = None
    order_issuer: str = ""
    body: str = ""
    meeting_date: dt.date | None = None
    protocol: str = ""


def basis_text(kind: Kind | None, b: _Basis) -> str:
    """«приказ Департамента … от 25 декабря 2025 г. № 12-о» or «решение Научно-методического
    совета (НМС) от 10 марта 2026 г., протокол № 3» (see the module's docstring)."""
    has_order_stage = kind is None or kind.stage("order") is not None
    decision = ""
    if b.meeting_date:
        decision = "решение"
        body = b.body or (kind.decided_by if kind else "")
        if body:
            decision += f" {genitive(body)}"
        decision += f" от {long_date(b.meeting_date)}"
        if b.protocol:
            decision += f", протокол № {b.protocol}"
    if decision and not has_order_stage:
        return decision
    if b.order_number or b.order_date:
        issuer = b.order_issuer or (kind.order_issuer if kind else "")
        text = "приказ" + (f" {genitive(issuer)}" if issuer else "")
        if b.order_date:
            text += f" от {long_date(b.order_date)}"
        if b.order_number:
            text += f" № {b.order_number}"
        return text
    return decision


def _decision_for(found: list[tuple], order_id: int | None, issued: dt.date) -> _Basis:
    """The decision a certificate rests on: the one carried out by its order, else the
    latest taken by the day it was issued (else the latest of all)."""
    for oid, b in reversed(found):
        if order_id is not None and oid == order_id:
            return b
    for _oid, b in reversed(found):
        if b.meeting_date is None or b.meeting_date <= issued:
            return b
    return found[-1][1] if found else _Basis()


def emblem_letters(name: str, short_name: str = "") -> str:
    """«МБУ ИМЦ» → «ИМЦ»; «МБОУ ДПО «Научно-методический центр»» → «НМЦ»; else ""."""
    words = short_name.split()
    if words and words[-1].isupper() and len(words[-1]) <= 5:
        return words[-1]
    inner = name.split("«", 1)[-1] if "«" in name else name
    letters = re.findall(r"[А-ЯЁA-Zа-яёa-z]{3,}", inner)
    if "«" not in name:
        letters = [w for w in letters if w[0].isupper()]
    return "".join(w[0] for w in letters[:4]).upper()


def _signed(kind: Kind | None, centre: Centre) -> tuple[str, str, str, str, tuple[str, ...]]:
    """(issuer, emblem, signer position, signer name, missing labels) for a kind."""
    stage = kind.stage("certificate") if kind else None
    missing = []
    issuer = stage.issuer if stage and stage.issuer else centre.name
    if not (stage and stage.issuer) and "name" in centre.missing:
        missing.append(REQUIRED["name"])
    position = stage.signer_position if stage and stage.signer_position else ""
    name = stage.signer_name if stage and stage.signer_name else ""
    if not position:
        position = centre.head_position
        if "head_position" in centre.missing:
            missing.append(REQUIRED["head_position"])
    if not name:
        name = centre.head_name
        if "head_name" in centre.missing:
            missing.append(REQUIRED["head_name"])
    if issuer == centre.name:
        emblem = emblem_letters(centre.name, centre.short_name)
    else:
        emblem = emblem_letters(issuer)
    return issuer, emblem, position, name, tuple(missing)


def certificate_data(db: Database, site_ids: Iterable[int],
                     centre: Centre | None = None) -> list[CertificateData]:
    """Certificate data for the sites, in the given order (the latest valid certificate of
    each); a site without one is a user error naming it."""
    ids = list(site_ids)
    centre = centre or load_centre(db)
    base = (select(Site.id, Site.number, Site.profile_id, Site.kind_code, Site.theme,
                   Site.term_start, Site.term_end, Organisation.full_name, Certificate.number,
                   Certificate.issued_on, Certificate.order_id, Order.number, Order.order_date,
                   Order.issued_by)
            .join(Certificate, Certificate.site_id == Site.id)
            .join(Organisation, Organisation.id == Site.organisation_id)
            .outerjoin(Order, Order.id == Certificate.order_id)
            .where(Certificate.annulled.is_(False), Site.deleted_at.is_(None))
            .order_by(Certificate.issued_on, Certificate.id))
    rows: list[Any] = []
    decisions: dict[int, list[tuple]] = {}  # site → [(order id, _Basis), ...] oldest first
    with db.session() as s:
        for start in range(0, len(ids), 500):  # SQLite limits bound parameters
            chunk = ids[start:start + 500]
            rows += s.execute(base.where(Site.id.in_(chunk))).all()
            # the decisions assigning or extending the status: their meeting and order
            for sid, oid, num, day, by, body, met, protocol in s.execute(
                    select(Decision.site_id, Decision.order_id, Order.number, Order.order_date,
                           Order.issued_by, CouncilMeeting.body, CouncilMeeting.meeting_date,
                           CouncilMeeting.protocol_number)
                    .outerjoin(Order, Order.id == Decision.order_id)
                    .outerjoin(CouncilMeeting, CouncilMeeting.id == Decision.meeting_id)
                    .where(Decision.outcome.in_(("assign", "extend")),
                           Decision.site_id.in_(chunk))
                    .order_by(Decision.id)):
                if sid is None:  # the select asks for site ids; never None here
                    continue
                decisions.setdefault(sid, []).append((oid, _Basis(
                    num or "", day, by or "", body or "", met, protocol or "")))
    kinds: dict[tuple[str, str], Kind | None] = {}
    out: dict[int, CertificateData] = {}
    for (sid, site_number, pid, code, theme, start, end, org, number, issued, order_id,
         order_number, order_date, order_issuer) in rows:
        if (pid, code) not in kinds:
            try:
                kinds[pid, code] = get_profile(pid).kind(code)
            except UserError:  # a profile or kind removed since: print the code
                kinds[pid, code] = None
        kind = kinds[pid, code]
        b = _decision_for(decisions.get(sid, []), order_id, issued)
        if order_id is not None:
            b = replace(b, order_number=order_number or "", order_date=order_date,
                        order_issuer=order_issuer or "")
        basis = basis_text(kind, b)
        issuer, emblem, position, signer, missing = _signed(kind, centre)
        name = kind.name if kind else code
        out[sid] = CertificateData(
            site_id=sid, site_number=site_number or "", number=number, issued_on=issued,
            organisation=org, kind_name=name,
            kind_genitive=kind_genitive(name, kind.genitive if kind else ""),
            theme=theme or "", term_start=start, term_end=end, basis=basis, issuer=issuer,
            emblem=emblem, signer_position=position, signer_name=signer, city=centre.city,
            missing=missing)
    missing_ids = [i for i in ids if i not in out]
    if missing_ids:
        raise NotFoundError(
            f"Площадка № {missing_ids[0]} не найдена или у неё нет действующего свидетельства "
            "(оно выдаётся после приказа о присвоении статуса).")
    return [out[i] for i in ids]


def missing_details(items: Iterable[CertificateData]) -> str:
    """The warning to show before printing («Не заполнены сведения о центре: …»), or ""."""
    labels: list[str] = []
    for d in items:
        labels += [m for m in d.missing if m not in labels]
    order = list(REQUIRED.values())
    return missing_text(sorted(labels, key=order.index)) if labels else ""


def file_name(d: CertificateData) -> str:
    """«Свидетельство_2026-00061.pdf» — by the site's registry number, safe on Windows."""
    key = d.site_number or d.number
    return "Свидетельство_" + re.sub(r"[^\w.-]+", "_", key).strip("_") + ".pdf"


def write_certificates(db: Database, site_ids: Iterable[int], target: Path | str,
                       progress: Callable[[int], None] | None = None, *,
                       one_file: bool | None = None) -> list[Path]:
    """Certificates of the sites: one PDF with a page each (target ends with .pdf, or
    one_file=True) or one file each, named by the site's number, in the target folder."""
    from desktop.exports.certificate_pdf import write_certificate_files, write_certificate_pdf

    target = Path(target)
    single = target.suffix.lower() == ".pdf" if one_file is None else one_file
    centre = load_centre(db)
    if single:
        from desktop.fileio import ensure_writable

        ensure_writable(target)
        items = certificate_data(db, site_ids, centre)
        return [write_certificate_pdf(target, items, centre.logo, progress)]
    if target.exists() and not target.is_dir():
        raise UserError(f"«{target}» — файл, а нужна папка для свидетельств.")
    items = certificate_data(db, site_ids, centre)
    return write_certificate_files(target, [(file_name(d), d) for d in items], centre.logo,
                                   progress)


def sites_with_certificates(db: Database, year: int) -> list[int]:
    """Sites whose (valid) certificate was issued in the year, by certificate number."""
    with db.session() as s:
        return list(dict.fromkeys(s.scalars(
            select(Certificate.site_id).join(Site, Site.id == Certificate.site_id)
            .where(Certificate.annulled.is_(False), Site.deleted_at.is_(None),
                   Certificate.issued_on >= dt.date(year, 1, 1),
                   Certificate.issued_on <= dt.date(year, 12, 31))
            .order_by(Certificate.number))))
