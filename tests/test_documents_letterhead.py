"""The centre's letterhead (бланк) on the outgoing Word documents: its details entered and
checked in «Сведения о центре», printed on letters, named before printing when missing;
and the demo's documents free of artefacts (another city's addresses, file references,
a table titled twice). Documents are made through the command line and read back with
python-docx."""

from __future__ import annotations

import pytest
from docx import Document as Docx
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select
from test_documents import DAY, pick, run, text_of

from desktop.errors import UserError
from desktop.models import Application, Organisation, Site
from desktop.profiles import all_profiles, get_profile
from desktop.services.centre import get_centre, save_centre
from desktop.services.demo import place_of
from desktop.ui.settings_dialog import CentreDialog

from uihelpers import type_text, when_modal

CENTRE = {"name": "Муниципальное бюджетное учреждение «Информационно-методический центр»",
          "short_name": "МБУ ИМЦ", "founder": "Управление образования администрации города Омска",
          "head_position": "Директор", "head_name": "Е. В. Соколова", "city": "г. Омск",
          "address": "ул. Ленина, д. 5, г. Омск, 644000", "phone": "8 (3812) 25-14-07",
          "email": "imc@omsk.example.ru", "website": "https://imc.omsk.example.ru",
          "inn": "7707083893", "kpp": "550301001", "ogrn": "1027700132195"}


def corner(path) -> str:
    """The upper left cell of a letter: the centre's бланк."""
    return Docx(str(path)).tables[0].rows[0].cells[0].text.replace("\u00a0", " ")


def make(db, tmp_path, capsys, code: str, app_id: int) -> tuple[str, str]:
    """(the file's text, stderr) of a document made for an application."""
    out = tmp_path / f"{code}.docx"
    assert run(db, "document", code, "--application", str(app_id), "-o", str(out),
               "--date", DAY.isoformat()) == 0
    return text_of(out), capsys.readouterr().err


def test_letters_print_the_centres_letterhead(demo_db, tmp_path, capsys):
    save_centre(demo_db, CENTRE)
    app_id = pick(demo_db, "omsk")["app"]
    with demo_db.transaction() as s:  # so that the letter about missing documents has one
        s.get(Application, app_id).documents[0].present = False
    for code in ("notice", "missing", "invitation"):
        _text, err = make(demo_db, tmp_path, capsys, code, app_id)
        assert err == "", "nothing is missing: no warning"
        head = corner(tmp_path / f"{code}.docx").splitlines()
        assert head[:3] == [CENTRE["founder"], CENTRE["name"], "(МБУ ИМЦ)"]
        assert head[3:8] == [CENTRE["address"], "тел. 8 (3812) 25-14-07",
                             "e-mail: imc@omsk.example.ru", "https://imc.omsk.example.ru",
                             "ОГРН 1027700132195"]
        assert head[8] == "ИНН 7707083893 / КПП 550301001"
        assert head[-1].startswith("Исх. № ") and "25 декабря 2026 г." in head[-1]


def test_an_empty_detail_takes_no_line(demo_db, tmp_path, capsys):
    save_centre(demo_db, {**CENTRE, "founder": "", "short_name": "", "website": "", "inn": "",
                          "kpp": "", "ogrn": ""})
    app_id = pick(demo_db, "omsk")["app"]
    make(demo_db, tmp_path, capsys, "notice", app_id)
    assert [line for line in corner(tmp_path / "notice.docx").splitlines() if line] [:4] == [
        CENTRE["name"], CENTRE["address"], "тел. 8 (3812) 25-14-07",
        "e-mail: imc@omsk.example.ru"]


def test_missing_details_are_named_before_printing(demo_db, tmp_path, capsys):
    app_id = pick(demo_db, "omsk")["app"]
    text, err = make(demo_db, tmp_path, capsys, "notice", app_id)
    assert err.startswith("Внимание: Не заполнены сведения о центре: должность руководителя, "
                          "ФИО руководителя, почтовый адрес, телефон, электронная почта.")
    assert "None" not in text
    # the profile's operator stands in for the centre's name: printed, so not named
    assert get_profile("omsk").operator in corner(tmp_path / "notice.docx")
    save_centre(demo_db, {k: CENTRE[k] for k in ("name", "head_position", "head_name")})
    _text, err = make(demo_db, tmp_path, capsys, "invitation", app_id)
    assert "почтовый адрес, телефон, электронная почта" in err and "руководителя" not in err
    _text, err = make(demo_db, tmp_path, capsys, "application", app_id)
    assert err == "", "the application is signed by the organisation's head, not the centre"


def test_the_window_asks_then_the_letter_carries_what_was_filled_in(qtbot, demo_db, tmp_path):
    import datetime as dt

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from desktop.exports.catalogue import by_code
    from desktop.ui import documents
    from desktop.ui.handover import FILL
    from desktop.ui.main_window import MainWindow

    w = MainWindow(demo_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    seen: list[str] = []

    def answer(widget) -> None:  # noqa: ANN001 - whichever modal comes next
        if isinstance(widget, QMessageBox):
            seen.append(widget.text())
            next(b for b in widget.buttons() if b.text() == FILL).click()
        else:  # «Сведения о центре»
            seen.append("centre")
            for key, value in CENTRE.items():
                widget.edits[key].clear()
                type_text(widget.edits[key], value)
            widget.save()
        errors.extend(when_modal(answer))

    errors = when_modal(answer)
    target = tmp_path / "письмо.docx"
    documents.make(w, by_code("notice"), ("application", pick(demo_db, "omsk")["app"]),
                   path=target, day=dt.date(2026, 12, 25), open_after=False)
    assert not errors, errors
    assert seen[0].startswith("Не заполнены сведения о центре:") and "почтовый адрес" in seen[0]
    assert seen[1:] == ["centre"], "asked once: after saving nothing is missing"
    assert CENTRE["address"] in corner(target) and "ИНН 7707083893" in corner(target)


def test_the_dialog_checks_each_detail_next_to_its_field(qtbot, demo_db, tmp_path):
    dialog = CentreDialog(demo_db)
    qtbot.addWidget(dialog)
    dialog.show()
    for key, bad in (("email", "imc@omsk"), ("phone", "звоните"), ("inn", "7707083894"),
                     ("ogrn", "12345")):
        dialog.edits[key].clear()
        type_text(dialog.edits[key], bad)
        dialog.edits[key].editingFinished.emit()
        assert dialog.errors[key].isVisible() and dialog.errors[key].text(), key
    assert "контрольная цифра" in dialog.errors["inn"].text()
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == "Исправьте отмеченные поля."
    assert get_centre(demo_db)["email"] == ""
    dialog.grab().save(str(tmp_path / "centre_errors.png"))
    for key in ("email", "phone", "inn", "ogrn"):
        dialog.edits[key].clear()
        type_text(dialog.edits[key], CENTRE[key])
    dialog.edits["email"].editingFinished.emit()
    assert not dialog.errors["email"].isVisible()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert get_centre(demo_db)["inn"] == "7707083893"
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= 1366 and dialog.height() <= min(screen.height(), 768)


@pytest.mark.parametrize(("key", "value", "words"), [
    ("email", "imc.omsk.ru", "не адрес электронной почты"),
    ("website", "сайт центра", "не адрес сайта"),
    ("kpp", "55030", "не КПП"),
    ("ogrn", "1027700132196", "контрольная цифра"),
])
def test_a_wrong_detail_is_refused_with_its_label(demo_db, key, value, words):
    with pytest.raises(UserError, match=words):
        save_centre(demo_db, {**CENTRE, key: value})
    assert get_centre(demo_db)[key] == ""


def test_templates_check_knows_the_letterhead_fields(demo_db, tmp_path, capsys):
    folder = tmp_path / "ours"
    folder.mkdir()
    doc = Docx()
    doc.add_paragraph("{{ centre.founder }} {{ centre.address }} {{ centre.phone }} "
                      "{{ centre.email }} {{ centre.website }} {{ centre.inn }} {{ centre.kpp }} "
                      "{{ centre.ogrn }} {{ centre.contacts }} {{ centre.requisites }}")
    doc.save(str(folder / "notice.docx"))
    assert run(demo_db, "templates", "check", str(folder)) == 0
    assert "centre.requisites" in capsys.readouterr().out
    doc = Docx()
    doc.add_paragraph("{{ centre.adress }} {{ order.founder }}")
    doc.save(str(folder / "notice.docx"))
    assert run(demo_db, "templates", "check", str(folder)) == 2
    assert capsys.readouterr().err.strip() == (
        "notice.docx: неизвестное поле «centre.adress» — может быть, «centre.address»?")


def test_demo_organisations_are_in_their_profiles_city(demo_db, tmp_path, capsys):
    with demo_db.session() as s:
        rows = s.execute(select(Site.profile_id, Organisation.address).join(
            Organisation, Organisation.id == Site.organisation_id)).all()
        rows += s.execute(select(Application.profile_id, Organisation.address).join(
            Organisation, Organisation.id == Application.organisation_id)).all()
    for profile_id, address in rows:
        assert place_of(get_profile(profile_id)).city in address, (profile_id, address)
    app_id = pick(demo_db, "omsk")["app"]
    make(demo_db, tmp_path, capsys, "notice", app_id)
    addressee = Docx(str(tmp_path / "notice.docx")).tables[0].rows[0].cells[1].text
    assert "г. Омск" in addressee and "Кемерово" not in addressee


@pytest.mark.parametrize("profile_id", [p.id for p in all_profiles(include_user=False)])
def test_no_file_reference_or_twice_titled_table_reaches_a_document(demo_db, tmp_path,
                                                                    profile_id):
    assert "seeds/" not in get_profile(profile_id).source
    ids = pick(demo_db, profile_id)
    out = tmp_path / "order.docx"
    if any(k.stage("order") is not None for k in get_profile(profile_id).kinds):
        assert run(demo_db, "document", "order", "--site", str(ids["site"]), "-o",
                   str(out)) == 0
        text = text_of(out)
        assert get_profile(profile_id).source in text and "seeds" not in text
        assert "на основании протокола заседания" in text
    out = tmp_path / "application.docx"
    assert run(demo_db, "document", "application", "--application", str(ids["app"]), "-o",
               str(out)) == 0
    lines = text_of(out).splitlines()
    assert "заполнено" not in "\n".join(lines), "the demo's forms read as filled in"
    for i, line in enumerate(lines[:-1]):
        assert lines[i + 1].rstrip(":") != line or not line, f"«{line}» titled twice"


def test_every_example_the_form_shows_passes_its_own_check():
    from desktop.services.centre import DETAILS, detail_problem

    assert [d.key for d in DETAILS if detail_problem(d.key, d.example)] == []


def test_an_order_the_centre_issues_carries_its_founder_and_city(demo_db, tmp_path):
    # Яйский ИМЦ confirms by its own order (Кемерово's НМС issues none)
    profile = get_profile("yaya")
    save_centre(demo_db, {**CENTRE, "name": profile.operator, "city": "пгт Яя"})
    out = tmp_path / "order.docx"
    ids = pick(demo_db, "yaya")
    assert run(demo_db, "document", "order", "--site", str(ids["site"]), "-o", str(out)) == 0
    lines = [p.text for p in Docx(str(out)).paragraphs if p.text]
    assert lines[:3] == [CENTRE["founder"], profile.operator, "П Р И К А З"]
    assert "пгт Яя" in lines
    # issued by the department, an outside body: the centre's draft («ПРОЕКТ»), no founder,
    # the department's city
    out = tmp_path / "omsk.docx"
    assert run(demo_db, "document", "order", "--site", str(pick(demo_db, "omsk")["site"]),
               "-o", str(out)) == 0
    lines = [p.text for p in Docx(str(out)).paragraphs if p.text]
    assert lines[:2] == ["ПРОЕКТ", "Департамент образования Администрации города Омска"]
    assert "г. Омск" in lines and CENTRE["founder"] not in lines
