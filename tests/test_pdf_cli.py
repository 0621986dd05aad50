"""The PDFs the window prints, from the command line: `document sheet --application APP
--expert PERSON` and `document application-pdf --application APP`, read back as text;
wrong input is one Russian line with rc 2."""

from __future__ import annotations

from pdfcheck import pdf_text
from sqlalchemy import select
from test_documents import run

from desktop.models import Application, Review


def test_sheet_and_application_pdf_from_the_command_line(demo_db, tmp_path, capsys):
    with demo_db.session() as s:
        review = s.scalar(select(Review).join(Application).where(
            Application.profile_id == "omsk", Review.total.is_not(None)))
        app_id, expert, name = review.application_id, review.expert_id, review.expert.full_name
        reg = review.application.reg_number
    sheet, app = tmp_path / "sheet.pdf", tmp_path / "app.pdf"
    assert run(demo_db, "document", "sheet", "--application", str(app_id), "--expert",
               str(expert), "-o", str(sheet)) == 0
    assert run(demo_db, "document", "application-pdf", "--application", str(app_id),
               "-o", str(app)) == 0
    assert "Записано: Экспертный лист (PDF)" in capsys.readouterr().out
    assert f"Эксперт — {name}" in pdf_text(sheet) and "ИТОГО" in pdf_text(sheet)
    assert f"Регистрационный номер: {reg}" in pdf_text(app)
    for args, words in ((["sheet", "--application", str(app_id), "--expert", "999999",
                          "-o", str(tmp_path / "x.pdf")], "не назначен"),
                        (["sheet", "--application", str(app_id), "-o",
                          str(tmp_path / "x.pdf")], "Укажите эксперта"),
                        (["application-pdf", "--application", str(app_id), "-o",
                          str(tmp_path / "x.docx")], "ФАЙЛ.pdf")):
        assert run(demo_db, "document", *args) == 2
        err = capsys.readouterr().err.strip()
        assert words in err and len(err.splitlines()) == 1, err
    assert not (tmp_path / "x.pdf").exists()
