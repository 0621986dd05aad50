"""The regulation's forms printed as forms (Омск, приложения 1–3): the application and the
programme field by field in tables, the registration number and date filled from the
registration, the signatures, stamp and date the form asks for; a paper package printing
what the program holds of it; the expert sheet with its expert, defects, criteria, ИТОГО
and bands. Read back with python-docx and PDF text."""

from __future__ import annotations

from docx import Document as Docx
from pdfcheck import pdf_text
from sqlalchemy import select
from test_documents import DAY, run, text_of

from desktop.models import Application, ApplicationDocument, Review
from desktop.profiles import get_profile
from desktop.services.applications.intake import PAPER
from desktop.services.printouts import write_application, write_expert_sheet
from desktop.text import long_date


def omsk_application(db) -> dict:
    with db.session() as s:
        app = s.scalar(select(Application).where(Application.profile_id == "omsk",
                                                 Application.state == "registered"))
        org = app.organisation
        return {"id": app.id, "reg": app.reg_number, "date": long_date(app.reg_date),
                "org": org.full_name, "address": org.address, "project": app.project_name,
                "head": org.head_name, "phone": org.phone}


def made(db, tmp_path, app_id: int):
    out = tmp_path / "application.docx"
    assert run(db, "document", "application", "--application", str(app_id), "-o", str(out),
               "--date", DAY.isoformat()) == 0
    return out


def cells(path) -> dict[str, str]:
    """label → value of every two-column row of the document's tables."""
    out = {}
    for table in Docx(str(path)).tables:
        for row in table.rows:
            texts = [c.text.replace("\u00a0", " ").strip() for c in row.cells]
            if len(texts) == 2 and texts[0]:
                out[texts[0]] = texts[1]
    return out


def test_appendix_1_and_2_print_as_tables_with_the_registration(demo_db, tmp_path):
    a = omsk_application(demo_db)
    path = made(demo_db, tmp_path, a["id"])
    table = cells(path)
    zayavka = get_profile("omsk").form("omsk_zayavka")
    programma = get_profile("omsk").form("omsk_programma")
    for f in (*zayavka.fields, *programma.fields):
        if not f.official and f.type != "table":
            assert f.label in table, f.label  # the label in a table cell, its value beside
    assert table[zayavka.field("org_full_name").label] == a["org"]
    assert table[zayavka.field("address").label] == a["address"]
    assert table[zayavka.field("project_name").label] == a["project"]
    assert "—" not in table.values()
    text = text_of(path)
    assert f"Регистрационный номер: {a['reg']}" in text
    assert f"Дата регистрации заявки: {a['date']}" in text
    assert "(заполняется экспертной комиссией)" in text
    assert text.count("Руководитель образовательной организации") >= 2  # both forms
    assert "Руководитель муниципальной стажировочной площадки" in text  # the programme's
    assert "(ФИО, подпись, печать)" in text and "М. П." in text
    assert "ЗАЯВКА НА ПОЛУЧЕНИЕ СТАТУСА МУНИЦИПАЛЬНОЙ СТАЖИРОВОЧНОЙ ПЛОЩАДКИ" in text
    assert "Форма — приложение 1 к Положению." in text


def test_a_paper_package_prints_what_the_program_holds(demo_db, tmp_path):
    a = omsk_application(demo_db)
    with demo_db.transaction() as s:
        for d in s.scalars(select(ApplicationDocument).where(
                ApplicationDocument.application_id == a["id"])):
            d.note, d.form_data, d.present = PAPER, {}, True
    path = made(demo_db, tmp_path, a["id"])
    table = cells(path)
    zayavka = get_profile("omsk").form("omsk_zayavka")
    assert table[zayavka.field("org_full_name").label] == a["org"]
    assert table[zayavka.field("project_name").label] == a["project"]
    assert table[zayavka.field("phone").label] == a["phone"]
    assert table[zayavka.field("protocol").label] == "см. оригинал"  # not held: on paper
    assert "—" not in table.values()
    text = text_of(path)
    assert text.count("Оригинал документа получен на бумаге") == 2
    pdf = pdf_text(write_application(demo_db, a["id"], tmp_path / "paper.pdf"))
    assert "Оригинал документа получен на бумаге" in pdf and " ".join(a["org"].split()) in pdf


def test_the_application_pdf_is_the_same_form(demo_db, tmp_path):
    a = omsk_application(demo_db)
    text = pdf_text(write_application(demo_db, a["id"], tmp_path / "app.pdf"))
    assert f"Регистрационный номер: {a['reg']}" in text
    assert f"Дата регистрации заявки: {a['date']}" in text
    assert "Реквизиты протокола" in text and "М. П." in text
    assert "(ФИО, должность, подпись)" in text and "Регистрационный номер: —" not in text


def test_the_expert_sheet_names_its_expert_and_prints_the_bands(demo_db, tmp_path):
    with demo_db.session() as s:
        review = s.scalar(select(Review).join(Application).where(
            Application.profile_id == "omsk", Review.total.is_not(None)))
        rid, total, expert = review.id, review.total, review.expert
        name, place = expert.full_name, expert.position
    text = pdf_text(write_expert_sheet(demo_db, rid, tmp_path / "sheet.pdf"))
    assert f"Эксперт — {name}, {place}" in text
    assert f"ИТОГО — общий балл (максимум 24) {total}" in text
    assert "Не выбрано направление реализации программы" in text
    for points in ("от 0 до 10 Низкий", "от 11 до 15 Удовлетворитель", "от 20 до 24 Высокий"):
        assert points in text
