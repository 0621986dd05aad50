"""Справки, the expert sheet and the filled application read back as text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pdfcheck import assert_fonts_embedded, pdf_text
from pypdf import PdfReader
from sqlalchemy import select

from desktop.errors import NotFoundError, UserError
from desktop.exports.spravka_pdf import SpravkaData, write_spravki, write_spravki_each
from desktop.models import Application, Organisation, Review
from desktop.services.printouts import write_application, write_expert_sheet


def _items() -> list[SpravkaData]:
    return [SpravkaData(number="2026/1", issued_on=dt.date(2026, 11, 23),
                        name_dative="Ивановой Марии Петровне", position="учитель математики",
                        organisation="МБОУ «СОШ № 12»", event_name="Функциональная грамотность",
                        event_form="семинар", event_date=dt.date(2026, 11, 12), hours=4,
                        held_by="МБОУ «Гимназия № 1»",
                        site_kind="муниципальной стажировочной площадки", female=True,
                        issuer="Муниципальное бюджетное общеобразовательное учреждение "
                               "«Гимназия № 1»", issuer_details="г. Омск, ул. Ленина, д. 5, "
                                                                "тел. 8 (3812) 20-30-40",
                        superior="МБУ «Информационно-методический центр»",
                        signer_position="Руководитель МБОУ «Гимназия № 1»",
                        signer_name="И. И. Петров"),
            SpravkaData(number="2026/2", issued_on=dt.date(2026, 11, 23),
                        name_dative="Петрову Сергею Ивановичу", position="учитель",
                        organisation="МБОУ «СОШ № 3»", event_name="Стажировка",
                        event_form="стажировка", event_date=None, hours=36,
                        held_by="МБОУ «Гимназия № 1»",
                        site_kind="муниципальной стажировочной площадки", female=False,
                        role="стажёр", programme="Наставничество", attestation="зачтено")]


def test_spravki_one_file_a_page_each(tmp_path):
    out = write_spravki(tmp_path / "spravki.pdf", _items())
    assert len(PdfReader(out).pages) == 2
    first, second = pdf_text(out, 0), pdf_text(out, 1)
    assert "СПРАВКА" in first and "№ 2026/1 от 23 ноября 2026 г." in first
    assert "Ивановой Марии Петровне" in first and "приняла участие" in first
    assert "— семинар «Функциональная грамотность», 12 ноября 2026 г., в объёме 4 часов." \
        in first
    assert "«Гимназия № 1» г. Омск, ул. Ленина, д. 5, тел. 8 (3812) 20-30-40" in first
    assert "Информационно-методический центр" in first
    assert "Руководитель МБОУ «Гимназия" in first and "И. И. Петров" in first
    raw = PdfReader(out).pages[0].extract_text()
    assert not re.search(r"№[ \u00a0]*\n", raw), "«№ 1» kept on one line"
    assert "Петрову Сергею Ивановичу" in second and "прошёл стажировку «Стажировка»" not in second
    assert "по программе «Наставничество» в объёме 36 часов." in second
    assert "Результат аттестации: зачтено." in second and "г.." not in first + second
    assert_fonts_embedded(out)


def test_spravki_one_file_each_and_errors(tmp_path):
    (tmp_path / "each").mkdir()
    paths = write_spravki_each(tmp_path / "each", _items())
    assert [p.name for p in paths] == ["Справка_2026_1.pdf", "Справка_2026_2.pdf"]
    assert all(len(PdfReader(p).pages) == 1 for p in paths)
    with pytest.raises(UserError, match="не существует"):
        write_spravki(tmp_path / "нет" / "s.pdf", _items())
    with pytest.raises(UserError, match="не существует"):
        write_spravki_each(tmp_path / "нет", _items())


def test_expert_sheet(demo_db, tmp_path):
    with demo_db.session() as s:
        review = s.scalar(select(Review).join(Application).where(
            Application.profile_id == "omsk", Review.total.is_not(None)))
        review_id, total, band, expert = (review.id, review.total, review.band,
                                          review.expert.last_name)
    out = write_expert_sheet(demo_db, review_id, tmp_path / "sheet.pdf")
    text = pdf_text(out)
    assert "Экспертный лист" in text and "Не указано наименование организации-соискателя" in text
    assert f"Уровень: {band}" in text and f"ИТОГО — общий балл (максимум 24) {total}" in text
    assert expert in text and "<b>" not in text
    assert_fonts_embedded(out)
    with pytest.raises(NotFoundError):
        write_expert_sheet(demo_db, 999999, tmp_path / "none.pdf")
    assert not (tmp_path / "none.pdf").exists()


def test_application_with_its_programme(demo_db, tmp_path):
    with demo_db.session() as s:
        app = s.scalar(select(Application).where(Application.profile_id == "omsk",
                                                 Application.state == "registered"))
        app_id, org = app.id, s.get(Organisation, app.organisation_id).full_name
    out = write_application(demo_db, app_id, tmp_path / "app.pdf")
    text = pdf_text(out)
    assert "ЗАЯВКА НА ПОЛУЧЕНИЕ СТАТУСА" in text and "ПРОГРАММА СТАЖИРОВОЧНОЙ ПЛОЩАДКИ" in text
    assert "Реквизиты протокола" in text and " ".join(org.split()) in text
    assert_fonts_embedded(out)
