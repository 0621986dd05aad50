"""The certificate (Свидетельство) read back: text, Russian dates, embedded fonts, batches,
long content on one page, the emblem, and the CLI's errors leaving no file."""

from __future__ import annotations

import datetime as dt
import io

from pdfcheck import assert_fonts_embedded, pdf_text
from pypdf import PdfReader
from sqlalchemy import select

from desktop.exports.certificate_pdf import (
    CertificateData,
    draw_certificate,
    sites_with_certificates,
    write_certificates,
)
from desktop.exports.pdf_common import new_canvas, printable
from desktop.models import Certificate
from desktop.services.centre import Centre, load_centre, save_centre
from desktop.services.common import set_setting
from desktop.text import long_date

from conftest import run_cli


def _first_certificate(db):
    with db.transaction() as s:
        set_setting(s, "centre.head_name", "О. А. Верзунова")
        set_setting(s, "centre.city", "г. Кемерово")
        cert = s.scalar(select(Certificate).where(Certificate.annulled.is_(False))
                        .order_by(Certificate.id))
        return (cert.site_id, cert.number, cert.issued_on, cert.site.organisation.full_name,
                cert.site.theme)


def test_certificate_via_cli_has_the_text_and_embedded_fonts(demo_db, tmp_path):
    site_id, number, issued, org, theme = _first_certificate(demo_db)
    out = tmp_path / "cert.pdf"
    proc = run_cli("certificate", "--site", str(site_id), "-o", str(out), "--db",
                   str(demo_db.path))
    assert proc.returncode == 0, proc.stderr
    assert len(PdfReader(out).pages) == 1
    text = pdf_text(out)
    assert "СВИДЕТЕЛЬСТВО" in text and f"№ {number}" in text
    assert " ".join(org.split()) in text  # the full name, whatever line breaks it took
    assert theme.split()[0] in text
    assert f"г. Кемерово, {long_date(issued)}".replace("\u202f", " ") in text
    assert "Верзунова" in text and "присвоен статус" in text and "Срок действия" in text
    assert_fonts_embedded(out)


def test_glyphs_the_serif_lacks_are_printed_as_text(tmp_path):
    assert printable("100 ₽") == "100 руб."
    assert printable("«тема» № 5 – 7 — 8\u202fг.\u00a0") == "«тема» № 5 – 7 — 8\u202fг.\u00a0"
    assert printable("a\x0bb") == "ab"
    centre = Centre("МБУ «Информационно-методический центр»", "И. И. Петров", "Директор",
                    "г. Омск")
    d = CertificateData(1, "2026/00001", dt.date(2026, 12, 25), "МБОУ «СОШ № 1»",
                        "муниципальная стажировочная площадка", "Бюджет 100 ₽ – «тест» — ok",
                        dt.date(2026, 1, 1), dt.date(2026, 12, 31), "12-о", dt.date(2025, 12, 25))
    c = new_canvas(tmp_path / "g.pdf")
    draw_certificate(c, d, centre)
    c.showPage()
    c.save()
    text = pdf_text(tmp_path / "g.pdf")
    assert "Бюджет 100 руб. – «тест» — ok" in text and "25 декабря 2026 г." in text
    assert "с 1 января 2026 г. по 31 декабря 2026 г." in text
    assert_fonts_embedded(tmp_path / "g.pdf")


def test_a_very_long_name_and_theme_stay_on_one_page_above_the_signatures(tmp_path):
    centre = Centre("Муниципальное автономное учреждение дополнительного профессионального "
                    "образования «Центр развития образования» городского округа Дубна",
                    "Е. В. Соколова-Дмитриевская", "Директор МАУ ДПО «ЦРО»", "г. Дубна")
    theme = " ".join(["Формирование функциональной грамотности обучающихся"] * 40)
    d = CertificateData(1, "2026/00123", dt.date(2026, 12, 25), "Муниципальное бюджетное "
                        "дошкольное образовательное учреждение «Детский сад № 128» " * 3,
                        "опорная (стажировочная) методическая площадка", theme,
                        dt.date(2026, 1, 1), dt.date(2027, 12, 31), "1234-о", dt.date(2025, 12, 1))
    out = tmp_path / "long.pdf"
    c = new_canvas(out)
    draw_certificate(c, d, centre)
    c.showPage()
    c.save()
    text = pdf_text(out)
    assert len(PdfReader(out).pages) == 1
    assert "Соколова-Дмитриевская" in text and "№ 128" in text
    # the body's last line stays above the signature block (the position's top line)
    ys: dict[str, float] = {}

    def visit(fragment, cm, tm, font, size):  # noqa: ANN001 - pypdf's visitor signature
        for key in ("Основание", "Директор", "подпись"):
            if key in fragment:
                ys[key] = tm[5] * cm[3] + cm[5]

    PdfReader(out).pages[0].extract_text(visitor_text=visit)
    assert ys["Основание"] > ys["Директор"] + 10 > ys["подпись"]


def test_batch_one_file_per_site_and_one_file_for_all(demo_db, tmp_path):
    ids = sites_with_certificates(demo_db, 2026)
    assert ids
    out = tmp_path / "certs"
    proc = run_cli("certificates", "--year", "2026", "-o", str(out), "--db", str(demo_db.path))
    assert proc.returncode == 0, proc.stderr
    files = sorted(out.glob("*.pdf"))
    assert len(files) == len(ids)
    assert all(len(PdfReader(f).pages) == 1 for f in files)
    assert "свидетельств" in proc.stdout
    seen = []
    paths = write_certificates(demo_db, ids, tmp_path / "all.pdf", progress=seen.append)
    assert paths == [tmp_path / "all.pdf"] and seen[-1] == len(ids)
    assert len(PdfReader(paths[0]).pages) == len(ids)
    assert_fonts_embedded(paths[0])


def test_the_centre_logo_replaces_the_drawn_emblem(demo_db, tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), (31, 56, 100)).save(logo)
    save_centre(demo_db, {"name": "МБОУ ДПО «Научно-методический центр»", "city": "г. Кемерово",
                          "head_name": "Е. В. Соколова", "head_position": "Директор"},
                logo=logo)
    assert load_centre(demo_db).logo == logo.read_bytes()
    site_id = _first_certificate(demo_db)[0]
    out = write_certificates(demo_db, [site_id], tmp_path / "c.pdf")[0]
    raw = out.read_bytes()
    assert b"/Subtype /Image" in raw or b"/Subtype/Image" in raw
    assert "Научно-методический центр" in pdf_text(out)


def test_cli_errors_are_one_russian_line_and_leave_no_file(demo_db, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    proc = run_cli("certificate", "--site", "99999", "-o", str(out / "x.pdf"), "--db",
                   str(demo_db.path))
    assert proc.returncode != 0
    assert proc.stderr.strip().count("\n") == 0 and "не найдена" in proc.stderr
    proc = run_cli("certificate", "--site", "1", "-o", str(out / "нет" / "x.pdf"), "--db",
                   str(demo_db.path))
    assert proc.returncode != 0 and "не существует" in proc.stderr
    assert proc.stderr.strip().count("\n") == 0
    (out / "file.txt").write_text("x")
    proc = run_cli("certificates", "--year", "2026", "-o", str(out / "file.txt"), "--db",
                   str(demo_db.path))
    assert proc.returncode != 0 and "нужна папка" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["file.txt"]


def test_certificate_pages_are_a4_portrait(demo_db, tmp_path):
    site_id = _first_certificate(demo_db)[0]
    out = write_certificates(demo_db, [site_id], tmp_path / "c.pdf")[0]
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert io.BytesIO(out.read_bytes()).getbuffer().nbytes < 200_000
