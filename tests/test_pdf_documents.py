"""Справки, the expert sheet and the filled application read back as text."""

from __future__ import annotations

import datetime as dt

import pytest
from pdfcheck import assert_fonts_embedded, pdf_text
from pypdf import PdfReader
from sqlalchemy import select

from desktop.errors import NotFoundError, UserError
from desktop.exports.application_pdf import write_application
from desktop.exports.expert_sheet_pdf import write_expert_sheet
from desktop.exports.spravka_pdf import SpravkaData, write_spravki, write_spravki_each
from desktop.models import Application, Organisation, Review
from desktop.services.centre import load_centre


def _items() -> list[SpravkaData]:
    return [SpravkaData(number="2026/1", issued_on=dt.date(2026, 11, 23),
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


def test_spravki_one_file_a_page_each(demo_db, tmp_path):
    out = write_spravki(tmp_path / "spravki.pdf", _items(), load_centre(demo_db))
    assert len(PdfReader(out).pages) == 2
    first, second = pdf_text(out, 0), pdf_text(out, 1)
    assert "СПРАВКА" in first and "№ 2026/1 от 23 ноября 2026 г." in first
    assert "Ивановой Марии Петровне" in first and "приняла участие" in first
    assert "12 ноября 2026 г." in first and "4 часа" in first
    assert "МБОУ «Гимназия № 1»" in first and "Информационно-методический центр" in first
    assert "Петрову Сергею Ивановичу" in second and "прошёл стажировку" in second
    assert "36 часов" in second and "зачтено" in second
    assert_fonts_embedded(out)


def test_spravki_one_file_each_and_errors(demo_db, tmp_path):
    paths = write_spravki_each(tmp_path / "each", _items(), load_centre(demo_db))
    assert [p.name for p in paths] == ["Справка_2026_1.pdf", "Справка_2026_2.pdf"]
    assert all(len(PdfReader(p).pages) == 1 for p in paths)
    (tmp_path / "busy").write_text("x")
    with pytest.raises(UserError, match="нужна папка"):
        write_spravki_each(tmp_path / "busy", _items(), load_centre(demo_db))
    with pytest.raises(UserError, match="не существует"):
        write_spravki(tmp_path / "нет" / "s.pdf", _items(), load_centre(demo_db))


def test_expert_sheet(demo_db, tmp_path):
    with demo_db.session() as s:
        review = s.scalar(select(Review).join(Application).where(
            Application.profile_id == "omsk", Review.total.is_not(None)))
        review_id, total, band, expert = (review.id, review.total, review.band,
                                          review.expert.last_name)
    out = write_expert_sheet(demo_db, review_id, tmp_path / "sheet.pdf")
    text = pdf_text(out)
    assert "Экспертный лист" in text and "Не указано наименование организации-соискателя" in text
    assert f"Уровень: {band}" in text and f"Общий балл (максимум 24) {total}" in text
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
    assert "Заявка на статус" in text and "Программа стажировочной площадки" in text
    assert "Реквизиты протокола" in text and " ".join(org.split()) in text
    assert_fonts_embedded(out)
