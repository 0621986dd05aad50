"""Printing workbooks and Word documents as the user's office suite does: LibreOffice
headless converts them to PDF (one start for every file of the session, see conftest's
`office_prints`), pdfplumber reads sizes and positions of the text."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import select

from desktop.models import Application, ApplicationDocument, Decision, Site

# Every workbook printed (the catalogue's, and the registry tab «as on screen»).
WORKBOOKS = ("registry_a4", "registry_a3", "reviews", "reports", "deadlines", "on_screen")
# Every Word document with the record it is made for.
DOCUMENTS = (("agenda", "--meeting", "meeting"), ("protocol", "--meeting", "meeting"),
             ("order", "--site", "site"), ("notice", "--application", "app"),
             ("missing", "--application", "app"), ("invitation", "--application", "app"),
             ("conclusion", "--application", "app"), ("application", "--application", "app"))


def soffice() -> str:
    """The LibreOffice binary; the test is skipped on a machine without it (CI has it)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice (soffice) не установлен: печать книг Excel не проверить")
    return found


def convert_to_pdf(files: list[Path], folder: Path) -> dict[str, Path]:
    """Convert every file with one LibreOffice start; name (stem) → PDF."""
    profile = folder / "lo-profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder), *map(str, files)],
        check=True, capture_output=True, timeout=240)
    out = {f.stem: folder / f"{f.stem}.pdf" for f in files}
    missing = [name for name, pdf in out.items() if not pdf.exists()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return out


def smallest_text_pt(page: pdfplumber.page.Page) -> float:
    return min(c["size"] for c in page.chars if c["text"].strip())


def overlapping_words(page: pdfplumber.page.Page, tolerance: float = 0.5) -> list[tuple]:
    """Pairs of words whose boxes intersect: text drawn over other text."""
    words = page.extract_words()
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if dx > tolerance and dy > tolerance:
                found.append((a["text"], b["text"], round(a["top"]), round(b["top"])))
    return found


def pick(db, profile_id: str) -> dict[str, int]:  # noqa: ANN001 - a Database
    """Records of one profile: a decided application, its meeting, an ordered site."""
    with db.session() as s:
        app, meeting = s.execute(
            select(Application.id, Decision.meeting_id).join(
                Decision, Decision.application_id == Application.id)
            .where(Application.profile_id == profile_id, Decision.meeting_id.is_not(None),
                   Application.state.in_(("approved", "refused", "revision")))
            .order_by(Application.id).limit(1)).one()
        sites = (select(Decision.site_id).where(Decision.site_id.is_not(None))
                 .join(Site, Site.id == Decision.site_id).where(Site.profile_id == profile_id)
                 .order_by(Decision.site_id).limit(1))
        # an ordered site; where the procedure has no order (Кемерово), a decided one
        site = (s.scalar(sites.where(Decision.order_id.is_not(None)))
                or s.scalar(sites))
    return {"app": app, "meeting": meeting, "site": site}


def make_documents(db, folder: Path, day: str) -> dict[str, Path]:  # noqa: ANN001
    """Every document of every shipped profile through `metodist document`, one package
    document missing so that the letter asking for it has something to list; name
    («omsk-order») → .docx. A document the profile has no use for (a conclusion where
    nobody reviews) is left out, as the command refuses it."""
    from desktop.cli import main
    from desktop.profiles import all_profiles

    made = {}
    for profile in all_profiles(include_user=False):
        ids = pick(db, profile.id)
        with db.transaction() as s:
            first = s.scalar(select(ApplicationDocument).where(
                ApplicationDocument.application_id == ids["app"]).order_by(
                ApplicationDocument.position).limit(1))
            first.present = False
        for code, option, record in DOCUMENTS:
            out = folder / f"{profile.id}-{code}.docx"
            if main(["--db", str(db.path), "document", code, option, str(ids[record]),
                     "-o", str(out), "--date", day]) == 0:
                made[out.stem] = out
    return made


def write_workbooks(db, folder: Path, today: dt.date) -> list[Path]:  # noqa: ANN001
    """Each workbook of the catalogue, and the registry tab «as on screen», in `folder`."""
    from desktop.exports.table_xlsx import TableData, write_table
    from desktop.services.registry import load_rows
    from desktop.services.workbooks.make import make_workbook
    from desktop.text import short_date

    def on_screen() -> TableData:  # as «Экспорт того, что на экране» with a few columns
        rows = load_rows(db, today)
        return TableData("Реестр площадок",
                         ["№", "Организация", "Тема", "Руководитель", "Срок по"],
                         [[r.number, r.organisation, r.theme, r.leader, short_date(r.term_end)]
                          for r in rows], [80, 170, 400, 115, 90], ["Отбор: все площадки"],
                         "Информационно-методический центр")

    files = {
        "registry_a4": lambda p: make_workbook(db, "registry", p, year=today.year),
        "registry_a3": lambda p: make_workbook(db, "registry", p, year=today.year,
                                               paper="a3"),
        "reviews": lambda p: make_workbook(db, "reviews", p),
        "reports": lambda p: make_workbook(db, "reports", p, year=today.year),
        "deadlines": lambda p: make_workbook(db, "deadlines", p, today=today),
        "on_screen": lambda p: write_table(on_screen(), p),
    }
    for name, write in files.items():
        write(folder / f"{name}.xlsx")
    return [folder / f"{name}.xlsx" for name in WORKBOOKS]
