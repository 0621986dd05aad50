"""Word documents from templates: every document for every profile on the demo data, made
through the command line and read back with python-docx against the database."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from docx import Document as Docx
from office import DOCUMENTS, pick
from sqlalchemy import select, update

from desktop.cli import main
from desktop.models import (
    Application,
    ApplicationDocument,
    CouncilMeeting,
    Decision,
    JournalEntry,
    Order,
    Organisation,
    Review,
    Site,
)
from desktop.profiles import all_profiles, get_profile

DAY = dt.date(2026, 12, 25)
LONG_DAY = "25 декабря 2026 г."
LONG_DATE = re.compile(r"\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|"
                       r"октября|ноября|декабря) \d{4} г\.")


def text_of(path) -> str:
    """Every paragraph and table cell of a .docx, one per line (no-break spaces, which keep
    dates and «№ 17» on one line, read as spaces)."""
    doc = Docx(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    return "\n".join(lines).replace("\u00a0", " ")


def run(db, *args: str) -> int:
    return main(["--db", str(db.path), *args])


@pytest.mark.parametrize("profile_id", [p.id for p in all_profiles(include_user=False)])
def test_every_document_for_every_profile(demo_db, tmp_path, capsys, profile_id):
    ids = pick(demo_db, profile_id)
    with demo_db.transaction() as s:  # one document of the package is missing
        first = s.scalar(select(ApplicationDocument).where(
            ApplicationDocument.application_id == ids["app"]).order_by(
            ApplicationDocument.position).limit(1))
        first.present, missing_title = False, first.title
        app = s.get(Application, ids["app"])
        org, reg, theme = app.organisation.full_name, app.reg_number, app.theme
        outcome = s.scalar(select(Decision.outcome).where(Decision.application_id == app.id))
        reviewed = get_profile(profile_id).kind(app.kind_code).review is not None
        ordered = get_profile(profile_id).kind(app.kind_code).stage("order") is not None
        meeting = s.get(CouncilMeeting, ids["meeting"])
        meeting_day = meeting.meeting_date
    made = {}
    for code, option, key in DOCUMENTS:
        record = ids[key]
        out = tmp_path / f"{code}.docx"
        rc = run(demo_db, "document", code, option, str(record), "-o", str(out),
                 "--date", DAY.isoformat())
        err = capsys.readouterr().err
        if code == "conclusion" and not reviewed:
            assert rc == 2 and "не предусматривает экспертизы" in err and not out.exists()
            continue
        if code == "order" and not ordered:  # Кемерово: the НМС decides, no order is issued
            assert rc == 2 and "приказов нет" in err and not out.exists()
            continue
        assert rc == 0, err
        made[code] = text_of(out)
        assert LONG_DATE.search(made[code]), code
        assert "None" not in made[code] and "{{" not in made[code]
        assert not re.search(r"\(\s*[,)]", made[code]), code  # no «()» or «(, протокол …»
    decision_words = {"assign": "присвоить статус", "refuse": "отказать",
                      "revise": "вернуть заявку на доработку"}[outcome]
    assert org in made["notice"] and decision_words in made["notice"]
    assert f"Исх. № 1 от {LONG_DAY}" in made["notice"]
    assert f"Исх. № 2 от {LONG_DAY}" in made["missing"]
    assert f"{missing_title} | отсутствует в пакете" in made["missing"]  # any gender reads
    assert f"Исх. № 3 от {LONG_DAY}" in made["invitation"]
    assert LONG_DATE.search(made["invitation"]).group(0) in made["invitation"]
    assert reg in made["agenda"] and theme in made["agenda"]
    assert f"РЕШИЛИ: {decision_words}" in made["protocol"]
    from desktop.text import long_date

    assert long_date(meeting_day) in made["protocol"]
    assert org in made["application"]
    if profile_id == "kemerovo":
        assert "для защиты инновационного проекта" in made["invitation"]
    if not ordered:
        return
    # the order's appendix: one row per decision of that order, against the database
    with demo_db.session() as s:
        order = s.scalar(select(Order).join(Decision, Decision.order_id == Order.id)
                         .where(Decision.site_id == ids["site"]))
        rows = s.execute(select(Site.number, Organisation.full_name).join(
            Decision, Decision.site_id == Site.id).join(
            Organisation, Organisation.id == Site.organisation_id).where(
            Decision.order_id == order.id)).all()
        journal = s.scalars(select(JournalEntry).order_by(JournalEntry.id)).all()
    appendix = Docx(str(tmp_path / "order.docx")).tables[-1]
    # («№ 33» is kept on one line by a no-break space)
    body = [[c.text.replace("\u00a0", " ") for c in r.cells] for r in appendix.rows[1:]]
    assert [(r[1], r[2]) for r in body] == [tuple(r) for r in rows]
    assert f"№ {order.number}" in made["order"] and long_date(order.order_date) in made["order"]
    assert [(e.direction, e.number, e.doc_type) for e in journal] == [
        ("ord", order.number, "order"), ("out", "1", "notice"), ("out", "2", "missing"),
        ("out", "3", "invitation")]
    if profile_id == "omsk":  # the profile's own order template (п. 4.8 of its regulation)
        assert "на заседании Экспертной комиссии (протокол №" in made["notice"]
        assert "на заседание Экспертной комиссии " in made["invitation"]
        assert "утвердить темы и сроки работы" in made["order"]
        assert "Средний балл:" in made["protocol"] and "ИТОГО:" in made["conclusion"]
        # each sheet signed with the initials first, short enough not to break the line
        assert re.search(r"Эксперт \| _+ \| [А-ЯЁ]\. [А-ЯЁ]\. [А-ЯЁ][а-яё]+$",
                         made["conclusion"], re.M)



def test_protocol_gives_the_experts_words_where_nobody_scores(demo_db, tmp_path):
    """Кемерово's expert group writes a conclusion, no scores: the protocol's extract for a
    МИП quotes each submitted conclusion; a kind its regulation does not review (ОМП) has
    no expertise in its protocol at all."""
    with demo_db.session() as s:
        def decided(kind: str) -> int:
            return s.scalar(select(Application.id).join(
                Decision, Decision.application_id == Application.id).where(
                Application.profile_id == "kemerovo", Application.kind_code == kind,
                Decision.meeting_id.is_not(None)).order_by(Application.id).limit(1))
        mip, omp = decided("МИП"), decided("ОМП")
        said = s.scalars(select(Review.conclusion).where(
            Review.application_id == mip, Review.submitted_on.is_not(None))).all()
        assert said and not s.scalar(select(Review.id).where(Review.application_id == omp))
    for app, out in ((mip, tmp_path / "mip.docx"), (omp, tmp_path / "omp.docx")):
        assert run(demo_db, "document", "protocol", "--application", str(app), "-o",
                   str(out)) == 0
    text = text_of(tmp_path / "mip.docx")
    assert "Эксперт | Заключение" in text and "Баллы" not in text
    for conclusion in said:
        assert conclusion.strip() in text
    assert "Результаты экспертизы" not in text_of(tmp_path / "omp.docx")


def test_list_json_and_errors_leave_no_file(demo_db, tmp_path, capsys):
    assert run(demo_db, "document", "--list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [d["type"] for d in listed] == ["agenda", "protocol", "order", "notice", "missing",
                                           "invitation", "conclusion", "application"]
    assert {d["type"] for d in listed if d["outgoing"]} == {"order", "notice", "missing",
                                                           "invitation"}
    out = tmp_path / "n.docx"
    with demo_db.session() as s:
        draft = s.scalar(select(Application.id).where(Application.state == "registered"))
    assert run(demo_db, "document", "notice", "--application", str(draft), "-o", str(out)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "решение ещё не принято" in err[0] and not out.exists()
    assert run(demo_db, "document", "agenda", "--application", "1", "-o", str(out)) == 2
    assert "--meeting" in capsys.readouterr().err and not out.exists()
    assert run(demo_db, "document", "notice", "--application", "99999", "-o", str(out)) == 2
    assert "не найдена" in capsys.readouterr().err
    with demo_db.session() as s:
        assert s.scalar(select(JournalEntry.id)) is None  # no number taken by a failure


def test_autoescape_keeps_ampersand_and_angle_brackets(demo_db, tmp_path):
    ids = pick(demo_db, "omsk")
    theme = "Школа & семья: <проект> «A&B»"
    with demo_db.transaction() as s:
        s.execute(update(Application).where(Application.id == ids["app"]).values(theme=theme))
    for code, option, record in (("notice", "--application", ids["app"]),
                                 ("protocol", "--application", ids["app"])):
        out = tmp_path / f"{code}.docx"
        assert run(demo_db, "document", code, option, str(record), "-o", str(out)) == 0
        assert theme in text_of(out)


def test_failed_write_takes_no_number_and_reprint_keeps_it(demo_db, tmp_path):
    from desktop.services.documents import notice_data
    from desktop.services.journal import set_numbering, write_numbered

    ids = pick(demo_db, "yaya")
    set_numbering(demo_db, "{n}/01-15", "{n}-вх")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "notice.docx"

    def broken(_doc, tmp):
        tmp.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    from desktop.errors import UserError

    with pytest.raises(UserError, match="нет свободного места"):
        write_numbered(demo_db, notice_data(demo_db, ids["app"]), target, broken, day=DAY)
    assert not list(out.iterdir())  # neither the file nor a temporary one
    from desktop.exports.docx_documents import render

    first = write_numbered(demo_db, notice_data(demo_db, ids["app"]), target, render, day=DAY)
    again = write_numbered(demo_db, notice_data(demo_db, ids["app"]), target, render,
                           day=DAY + dt.timedelta(days=3))
    assert (first.number, again.number, again.date, again.reprint) == (
        "1/01-15", "1/01-15", DAY, True)
    new_year = write_numbered(demo_db, notice_data(demo_db, ids["app"]), target, render,
                              day=dt.date(2027, 1, 11), new_number=True)
    assert new_year.number == "1/01-15"  # numbering restarts on 1 January
    assert "Исх. № 1/01-15 от 11 января 2027 г." in text_of(target)


def test_numbering_format_is_checked(demo_db):
    from desktop.errors import ValidationError
    from desktop.services.journal import set_numbering

    for bad in ("01-15", "{x}/01", "{n"):
        with pytest.raises(ValidationError):
            set_numbering(demo_db, bad, "{n}")


def test_registration_enters_the_incoming_journal_and_exports(demo_db, tmp_path, capsys):
    from openpyxl import load_workbook

    from desktop.services.applications import register_application
    from desktop.services.journal import entries, set_numbering

    set_numbering(demo_db, "{n}", "{n}-вх/{year}")
    with demo_db.transaction() as s:
        draft = s.scalar(select(Application).where(Application.state == "draft",
                                                   Application.profile_id == "yaya"))
        for d in draft.documents:
            d.present = True
        draft_id, org = draft.id, draft.organisation.full_name
    register_application(demo_db, draft_id, day=dt.date(2026, 11, 20), override="тест")
    [entry] = entries(demo_db, "in")
    assert (entry.number, entry.date, entry.correspondent, entry.application_id) == (
        "1-вх/2026", dt.date(2026, 11, 20), org, draft_id)
    out = tmp_path / "входящие.xlsx"
    assert run(demo_db, "journal", "in", "--year", "2026", "-o", str(out)) == 0
    sheet = load_workbook(out).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert ["Вх. №", "Дата поступления", "Документ", "Содержание", "Отправитель"] in [
        [v for v in row[:5]] for row in values]
    assert any(row[0] == "1-вх/2026" and row[4] == org for row in values)


def test_user_template_overrides_and_renamed_field_is_reported(demo_db, tmp_path, capsys):
    from desktop.paths import user_templates_dir

    folder = user_templates_dir() / "omsk"
    folder.mkdir(parents=True, exist_ok=True)
    doc = Docx()
    doc.add_paragraph("НАШ БЛАНК {{ centre.name }}, приказ № {{ number }} от {{ date }}")
    doc.save(str(folder / "order.docx"))
    ids = pick(demo_db, "omsk")
    out = tmp_path / "order.docx"
    assert run(demo_db, "document", "order", "--site", str(ids["site"]), "-o", str(out)) == 0
    assert text_of(out).startswith("НАШ БЛАНК")
    bad = tmp_path / "bad"
    bad.mkdir()
    doc = Docx()
    doc.add_paragraph("{{ centre.nam }} — {{ organisation }}")
    doc.add_paragraph("{%p for item in items %}")
    doc.add_paragraph("{{ item.org }} {{ item.title }}")
    doc.add_paragraph("{%p endfor %}")
    doc.save(str(bad / "missing.docx"))
    capsys.readouterr()
    assert run(demo_db, "templates", "check", str(bad)) == 2
    captured = capsys.readouterr()
    problems = captured.err.strip().splitlines()
    assert problems == [
        "missing.docx: неизвестное поле «organisation»",
        "missing.docx: неизвестное поле «centre.nam» — может быть, «centre.name»?",
        "missing.docx: неизвестное поле «item.org»",
    ]
    assert "item.title" in captured.out
    # rendering with it names the field instead of leaving a blank
    import shutil

    shutil.copy(bad / "missing.docx", user_templates_dir() / "notice.docx")
    assert run(demo_db, "document", "notice", "--application", str(ids["app"]), "-o",
               str(tmp_path / "n.docx")) == 2
    assert "templates check" in capsys.readouterr().err
    assert not (tmp_path / "n.docx").exists()


def test_shipped_templates_use_only_known_fields(capsys):
    from desktop.exports.docx_documents import template_dirs

    assert main(["templates", "check", str(template_dirs()[1])]) == 0
    assert capsys.readouterr().err == ""
