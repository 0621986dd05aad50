"""Excel workbooks and PDFs read back: headers, rows against the database, dates, text, fonts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import or_, select

from desktop.exports.certificate_pdf import load_centre, sites_with_certificates
from desktop.exports.documents_pdf import write_application, write_expert_sheet
from desktop.exports.registry_xlsx import COLUMNS, export_registry
from desktop.exports.spravka_pdf import SpravkaData, write_spravki
from desktop.exports.workbooks import export_deadlines, export_reports, export_reviews
from desktop.models import Application, Certificate, Organisation, Review, Site
from desktop.services.common import set_setting
from desktop.text import long_date

from conftest import run_cli


def _active_in(db, year: int) -> int:
    lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
    with db.session() as s:
        return len(s.scalars(select(Site.id).where(
            Site.deleted_at.is_(None), Site.term_start <= hi,
            or_(Site.term_end.is_(None), Site.term_end >= lo))).all())


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _fonts_embedded(path) -> list[tuple[str, bool]]:
    out = []
    for page in PdfReader(path).pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            embedded = bool(desc and ("/FontFile2" in desc.get_object()
                                      or "/FontFile" in desc.get_object()))
            out.append((str(font["/BaseFont"]), embedded))
    return out


def test_registry_workbook(demo_db, tmp_path):
    with demo_db.transaction() as s:
        site = s.scalar(select(Site).where(Site.status == "active").order_by(Site.id))
        site.theme = "=СУММ(A1:A9)"
        site_number = site.number
    path = tmp_path / "registry.xlsx"
    result = export_registry(demo_db, 2026, path)
    wb = load_workbook(path)
    ws = wb.active
    assert ws.title == "Реестр 2026"
    assert "Информационно-методический центр" in ws["A1"].value
    assert "за 2026 год" in ws["A2"].value
    headers = [c.value for c in ws[4]]
    assert headers == [c.header for c in COLUMNS]
    data = list(ws.iter_rows(min_row=5, values_only=False))
    assert len(data) == result.rows == _active_in(demo_db, 2026) > 0
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == f"A4:S{4 + len(data)}"
    assert ws.print_title_rows == "$4:$4"
    assert ws.page_setup.orientation == "landscape"
    start = headers.index("Срок с")
    assert all(row[start].is_date and row[start].number_format == "DD.MM.YYYY" for row in data)
    theme_col = headers.index("Тема")
    formula_row = next(row for row in data if row[1].value == site_number)
    assert formula_row[theme_col].value == "=СУММ(A1:A9)"
    assert formula_row[theme_col].data_type == "s"
    assert ws.column_dimensions["C"].width == 40


def test_other_workbooks(demo_db, tmp_path):
    r = export_reviews(demo_db, tmp_path / "reviews.xlsx")
    ws = load_workbook(tmp_path / "reviews.xlsx").active
    with demo_db.session() as s:
        assert r.rows == len(s.scalars(select(Review.id)).all())
    header = [c.value for c in ws[4]]
    assert header[:5] == ["Заявка", "Организация", "Вид", "Профиль", "Эксперт"]
    assert {"К1", "К12", "Итого", "Уровень", "Средний балл"} <= set(header)
    omsk = [row for row in ws.iter_rows(min_row=5, values_only=True) if row[3] == "г. Омск"
            and row[header.index("Итого")] is not None]
    assert omsk and all(row[header.index("Уровень")] for row in omsk)

    r = export_reports(demo_db, 2026, tmp_path / "reports.xlsx")
    ws = load_workbook(tmp_path / "reports.xlsx").active
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert rows[-1][0] == "Итого" and r.rows == len(rows) - 1 == _active_in(demo_db, 2026)
    assert rows[-1][6] == sum(row[6] for row in rows[:-1]) > 0

    r = export_deadlines(demo_db, tmp_path / "deadlines.xlsx", date_from=dt.date(2026, 11, 1),
                         date_to=dt.date(2026, 12, 31))
    ws = load_workbook(tmp_path / "deadlines.xlsx").active
    rows = list(ws.iter_rows(min_row=5))
    assert len(rows) == r.rows > 0
    assert all(row[0].is_date and dt.date(2026, 11, 1) <= row[0].value.date() <=
               dt.date(2026, 12, 31) for row in rows)


def test_certificate_pdf_has_the_text_and_embedded_fonts(demo_db, tmp_path):
    with demo_db.transaction() as s:
        set_setting(s, "centre.head_name", "О. А. Верзунова")
        set_setting(s, "centre.city", "г. Кемерово")
        cert = s.scalar(select(Certificate).order_by(Certificate.id))
        org = cert.site.organisation.full_name
        number, issued, site_id = cert.number, cert.issued_on, cert.site_id
    out = tmp_path / "cert.pdf"
    proc = run_cli("certificate", "--site", str(site_id), "-o", str(out), "--db",
                   str(demo_db.path))
    assert proc.returncode == 0, proc.stderr
    text = re.sub(r"\s+", " ", _pdf_text(out))
    assert "СВИДЕТЕЛЬСТВО" in text and f"№ {number}" in text
    assert org.split("«")[0].strip() in text
    assert long_date(issued) in text.replace("\u202f", " ")
    assert "Верзунова" in text and "г. Кемерово" in text
    fonts = _fonts_embedded(out)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert not any("Helvetica" in name for name, _ in fonts)


def test_certificates_batch_one_file_per_site(demo_db, tmp_path):
    ids = sites_with_certificates(demo_db, 2026)
    out = tmp_path / "certs"
    proc = run_cli("certificates", "--year", "2026", "-o", str(out), "--db", str(demo_db.path))
    assert proc.returncode == 0, proc.stderr
    files = sorted(out.glob("*.pdf"))
    assert len(files) == len(ids) > 0
    assert all(len(PdfReader(f).pages) == 1 for f in files)


def test_export_errors_give_one_line_and_leave_no_file(demo_db, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    proc = run_cli("certificate", "--site", "99999", "-o", str(tmp_path / "x.pdf"), "--db",
                   str(demo_db.path))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "не найдена" in proc.stderr
    assert not (tmp_path / "x.pdf").exists()
    proc = run_cli("export", "registry", "--year", "2026", "-o",
                   str(tmp_path / "нет-папки" / "r.xlsx"), "--db", str(demo_db.path))
    assert proc.returncode == 2 and "не существует" in proc.stderr
    assert proc.stderr.strip().count("\n") == 0
    proc = run_cli("export", "registry", "--year", "2026", "-o", str(tmp_path), "--db",
                   str(demo_db.path))
    assert proc.returncode == 2 and "это папка" in proc.stderr
    assert list(tmp_path.iterdir()) == []
    proc = run_cli("export", "registry", "--year", "20266", "-o", str(tmp_path / "r.xlsx"),
                   "--db", str(demo_db.path))
    assert proc.returncode == 2 and "вне допустимого" in proc.stderr


def test_export_never_replaces_a_file_with_a_half_written_one(demo_db, tmp_path):
    """A target that cannot be replaced (here: a folder in its place) keeps what was there."""
    from desktop.errors import UserError

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old workbook")
    target.chmod(0o444)
    export_registry(demo_db, 2026, target)  # replacing a read-only file is allowed by rename
    assert load_workbook(target).active.title == "Реестр 2026"
    with pytest.raises(UserError):
        export_registry(demo_db, 2026, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


def test_spravka_renderer_prints_the_declined_name(demo_db, tmp_path):
    items = [SpravkaData(number="2026/1", issued_on=dt.date(2026, 11, 23),
                         name_dative="Ивановой Марии Петровне", position="учитель математики",
                         organisation="МБОУ «СОШ № 12»", event_name="Функциональная грамотность",
                         event_form="семинар", event_date=dt.date(2026, 11, 12), hours=4,
                         held_by="МБОУ «Гимназия № 1»",
                         site_kind="муниципальной стажировочной площадки", female=True,
                         signer_name="И. И. Петров"),
             SpravkaData(number="2026/2", issued_on=dt.date(2026, 11, 23),
                         name_dative="Петрову Сергею Ивановичу", position="учитель",
                         organisation="МБОУ «СОШ № 3»", event_name="Стажировка",
                         event_form="стажировка", event_date=None, hours=36,
                         held_by="МБОУ «Гимназия № 1»",
                         site_kind="муниципальной стажировочной площадки", female=False,
                         role="стажёр", programme="Наставничество", attestation="зачтено")]
    out = write_spravki(tmp_path / "spravki.pdf", items, load_centre(demo_db))
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    first = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    second = re.sub(r"\s+", " ", reader.pages[1].extract_text())
    assert "Ивановой Марии Петровне" in first and "приняла участие" in first
    assert "12 ноября 2026 г." in first.replace("\u202f", " ") and "№ 2026/1" in first
    assert "Петрову Сергею Ивановичу" in second and "прошёл стажировку" in second
    assert "36 часов" in second.replace("\xa0", " ") and "зачтено" in second
    assert all(embedded for _, embedded in _fonts_embedded(out))


def test_expert_sheet_and_application_pdfs(demo_db, tmp_path):
    with demo_db.session() as s:
        review = s.scalar(select(Review).join(Application).where(
            Application.profile_id == "omsk", Review.total.is_not(None)))
        review_id, total, band = review.id, review.total, review.band
        app = s.scalar(select(Application).where(Application.profile_id == "omsk",
                                                 Application.state == "registered"))
        app_id, org = app.id, s.get(Organisation, app.organisation_id).full_name
    sheet = re.sub(r"\s+", " ", _pdf_text(write_expert_sheet(demo_db, review_id,
                                                             tmp_path / "sheet.pdf")))
    assert "Экспертный лист" in sheet and "Не указано наименование организации-соискателя" in sheet
    assert f"Уровень: {band}" in sheet and str(total) in sheet
    assert "<b>" not in sheet
    app_text = re.sub(r"\s+", " ", _pdf_text(write_application(demo_db, app_id,
                                                               tmp_path / "app.pdf")))
    assert "Заявка на статус" in app_text and "Программа стажировочной площадки" in app_text
    assert "Реквизиты протокола" in app_text and org.split("«")[0].strip() in app_text
