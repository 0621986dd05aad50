"""The Кемерово «Заключение экспертной группы»: its sections filled on the sheet in the
window and from the command line (`applications score --json-file`), its verdict always
printed; Омск's conclusion with defects, criteria, ИТОГО and the bands; the demo's reviews
consistent with their applications. Documents are read back with python-docx."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from sqlalchemy import select
from test_documents import DAY, run, text_of

from desktop.models import Application, Review
from desktop.profiles import get_profile
from desktop.ui.review_sheet import ReviewSheetDialog

from uihelpers import type_text

SECTIONS = {"relevance": "Проект отвечает задачам городской программы развития образования.",
            "readiness": "Творческая группа из шести педагогов высшей категории.",
            "recommendations": "Показать на защите план трансляции опыта."}


def reopened_review(db) -> tuple[int, list[tuple[int, int]]]:
    """A Кемерово application reviewed in the demo, put back on review with its sheets
    not yet submitted: (application id, [(review id, expert id)])."""
    with db.transaction() as s:
        app = s.scalar(select(Application).where(
            Application.profile_id == "kemerovo", Application.state == "reviewed"))
        app.state = "review"
        reviews = list(s.scalars(select(Review).where(Review.application_id == app.id)
                                 .order_by(Review.id)))
        for r in reviews:
            r.submitted_on, r.passed, r.form_data, r.conclusion, r.band = None, None, {}, "", ""
        return app.id, [(r.id, r.expert_id) for r in reviews]


def conclusion_text(db, tmp_path, app_id: int) -> str:
    out = tmp_path / "conclusion.docx"
    assert run(db, "document", "conclusion", "--application", str(app_id), "-o", str(out),
               "--date", DAY.isoformat()) == 0
    return text_of(out)


def test_the_sections_and_verdict_from_the_command_line(demo_db, tmp_path, capsys):
    app_id, reviews = reopened_review(demo_db)
    sections = tmp_path / "sections.json"
    sections.write_text(json.dumps(SECTIONS, ensure_ascii=False), encoding="utf-8")
    for n, (_rid, expert) in enumerate(reviews):
        assert run(demo_db, "applications", "score", str(app_id), "--expert", str(expert),
                   "--passed", "no" if n == 0 else "yes", "--json-file", str(sections),
                   "--conclusion", "Рекомендовать к защите на НМС.",
                   "--date", "2026-11-20") == 0
    out = capsys.readouterr().out
    assert "Лист сохранён: отрицательное." in out and "None" not in out
    text = conclusion_text(demo_db, tmp_path, app_id)
    assert text.count("ЗАКЛЮЧЕНИЕ ЭКСПЕРТНОЙ ГРУППЫ") == len(reviews)
    form = get_profile("kemerovo").form("kem_conclusion")
    for f in form.fields:
        assert text.count(f.label) == len(reviews)
        assert text.count(SECTIONS[f.code]) == len(reviews)
    assert text.count("Заключение: отрицательное.") == 1
    assert text.count("Заключение: положительное.") == len(reviews) - 1


def test_a_wrong_sections_file_is_one_russian_line_and_saves_nothing(demo_db, tmp_path,
                                                                     capsys):
    app_id, reviews = reopened_review(demo_db)
    bad = tmp_path / "bad.json"
    for content, words in ((json.dumps({"relevanse": "…"}), "нет поля «relevanse»"),
                           ("{не json", "не JSON"),
                           (json.dumps({"relevance": ["a"]}), "ожидается текст")):
        bad.write_text(content, encoding="utf-8")
        assert run(demo_db, "applications", "score", str(app_id), "--expert",
                   str(reviews[0][1]), "--passed", "yes", "--json-file", str(bad)) == 2
        err = capsys.readouterr().err.strip()
        assert words in err and len(err.splitlines()) == 1, err
    assert run(demo_db, "applications", "score", str(app_id), "--expert", str(reviews[0][1]),
               "--passed", "yes", "--json-file", str(tmp_path / "нет.json")) == 2
    assert "не найден" in capsys.readouterr().err
    with demo_db.session() as s:
        assert s.get(Review, reviews[0][0]).submitted_on is None


def test_the_sheet_in_the_window_fills_the_sections(qtbot, demo_db, tmp_path, capsys):
    app_id, reviews = reopened_review(demo_db)
    for rid, _expert in reviews:
        sheet = ReviewSheetDialog(demo_db, rid, app_id)
        qtbot.addWidget(sheet)
        assert sheet.form is not None
        save = sheet.buttons.button(sheet.buttons.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert "положительное или отрицательное" in sheet.error.text()  # no verdict yet
        sheet.verdict.setCurrentIndex(sheet.verdict.findData(True))
        for code, text in SECTIONS.items():
            editor = sheet.form.editors[code]
            editor.setFocus()
            type_text(editor, text)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert sheet.result() == sheet.DialogCode.Accepted, sheet.error.text()
    text = conclusion_text(demo_db, tmp_path, app_id)
    for value in SECTIONS.values():
        assert text.count(value) == len(reviews)
    assert text.count("Заключение: положительное.") == len(reviews)


def test_an_unsubmitted_sheet_says_so(demo_db, tmp_path):
    app_id, _reviews = reopened_review(demo_db)
    text = conclusion_text(demo_db, tmp_path, app_id)
    assert "Заключение: не вынесено: лист эксперта не сдан." in text


def test_the_demo_reviews_agree_with_their_applications(demo_db):
    profile = get_profile("kemerovo")
    with demo_db.session() as s:
        rows = s.execute(select(Review, Application.state, Application.kind_code)
                         .join(Application, Application.id == Review.application_id)
                         .where(Application.profile_id == "kemerovo",
                                Review.submitted_on.is_not(None))).all()
        assert rows
        for review, state, kind_code in rows:
            rules = profile.kind(kind_code).review
            assert rules is not None and rules.outcome == "pass_fail"
            assert review.passed is not None
            assert review.band == ("положительное" if review.passed else "отрицательное")
            assert ("Не рекомендовать" in review.conclusion) == (not review.passed)
            form = profile.form(rules.form)
            assert all(review.form_data.get(f.code) for f in form.fields)
            if state in ("approved", "ordered"):
                assert review.passed
            if state == "refused":
                assert not review.passed
