"""Letters address the organisation's head in the dative («Директору МБОУ «СОШ № 5»
М. Ю. Андреевой») and greet them by name and patronymic («Уважаемая Мария Юрьевна!»);
the declension behind it; and the narrow «№» column of a form's table in the application.
Documents are made through the command line and read back with python-docx."""

from __future__ import annotations

import pytest
from docx import Document as Docx
from docx.shared import Mm
from sqlalchemy import select
from test_documents import DAY, pick, run

from desktop.models import Application, ApplicationDocument
from desktop.services.declension import dative_initials, dative_phrase, split_name


def addressed(db, tmp_path, capsys, head: str, position: str,
              code: str = "notice") -> tuple[list[str], str]:
    """(the lines of the addressee's block, the salutation) of a letter to an organisation
    whose head is `head`, `position`."""
    app_id = pick(db, "omsk")["app"]
    with db.transaction() as s:
        org = s.get(Application, app_id).organisation
        org.short_name, org.head_name, org.head_position = "МБОУ «СОШ № 5»", head, position
    out = tmp_path / f"{code}.docx"
    assert run(db, "document", code, "--application", str(app_id), "-o", str(out),
               "--date", DAY.isoformat()) == 0
    capsys.readouterr()
    doc = Docx(str(out))
    block = doc.tables[0].rows[0].cells[1].text.replace("\u00a0", " ")
    paragraphs = [p.text for p in doc.paragraphs if p.text.strip()]
    greeting = next(p for p in paragraphs if p.startswith("Уважаем"))
    return [line for line in block.splitlines() if line], greeting


@pytest.mark.parametrize(("head", "position", "lines", "greeting"), [
    ("Андреева Мария Юрьевна", "директор",
     ["Директору МБОУ «СОШ № 5»", "М. Ю. Андреевой"], "Уважаемая Мария Юрьевна!"),
    ("Смирнов Игорь Геннадьевич", "заведующий",
     ["Заведующему МБОУ «СОШ № 5»", "И. Г. Смирнову"], "Уважаемый Игорь Геннадьевич!"),
    ("Орлова Т. Н.", "и. о. директора",
     ["И. о. директора МБОУ «СОШ № 5»", "Т. Н. Орловой"], "Уважаемый руководитель!"),
    ("Е. Шевчук", "заведующая",  # no gender pytrovich could tell: the name as typed
     ["Заведующей МБОУ «СОШ № 5»", "Е. Шевчук"], "Уважаемый руководитель!"),
    ("", "", ["Руководителю МБОУ «СОШ № 5»"], "Уважаемый руководитель!"),
])
def test_a_letter_addresses_the_head_in_the_dative(demo_db, tmp_path, capsys, head, position,
                                                   lines, greeting):
    block, salutation = addressed(demo_db, tmp_path, capsys, head, position)
    assert block[:len(lines)] == lines
    assert salutation == greeting
    # the organisation's address follows; nothing else stands in the name's place
    assert block[len(lines)].startswith(("644", "г. Омск")) or "," in block[len(lines)]


def test_every_letter_is_addressed_so(demo_db, tmp_path, capsys):
    with demo_db.transaction() as s:  # so that the letter about missing documents has one
        s.get(Application, pick(demo_db, "omsk")["app"]).documents[0].present = False
    for code in ("missing", "invitation"):
        block, salutation = addressed(demo_db, tmp_path, capsys, "Андреева Мария Юрьевна",
                                      "директор", code)
        assert block[:2] == ["Директору МБОУ «СОШ № 5»", "М. Ю. Андреевой"], code
        assert salutation == "Уважаемая Мария Юрьевна!", code


@pytest.mark.parametrize(("typed", "dative"), [
    ("директор", "директору"), ("Заведующая", "Заведующей"),
    ("заместитель директора по УВР", "заместителю директора по УВР"),
    ("старший воспитатель", "старшему воспитателю"),
    ("исполняющий обязанности директора", "исполняющему обязанности директора"),
    ("и. о. директора", "и. о. директора"), ("ВРИО директора", "ВРИО директора"),
    ("директор МБОУ «СОШ № 5»", "директору МБОУ «СОШ № 5»"),
])
def test_a_position_declines_its_head_noun_or_stays_as_typed(typed, dative):
    assert dative_phrase(typed) == dative


@pytest.mark.parametrize(("typed", "dative"), [
    ("Андреева Мария Юрьевна", "М. Ю. Андреевой"), ("М.Ю. Андреева", "М. Ю. Андреевой"),
    ("Мария Юрьевна Андреева", "М. Ю. Андреевой"), ("Никитин А. М.", "А. М. Никитину"),
    ("Римская-Корсакова Анна Петровна", "А. П. Римской-Корсаковой"),
    ("Шевчук Елена Ивановна", "Е. И. Шевчук"),  # a woman's -ук is not declined
    ("Ли", "Ли"), ("John Smith", "John Smith"), ("Мария Юрьевна", "Мария Юрьевна"),
])
def test_a_head_is_named_in_the_dative_initials_first(typed, dative):
    assert dative_initials(typed) == dative


def test_a_name_written_some_other_way_is_not_split():
    assert split_name("М. Андреева Ю.") is None
    assert split_name("ИВАНОВА М. Ю.") is None


def test_the_application_forms_number_column_is_narrow(demo_db, tmp_path, capsys):
    """yaya's plan of events has a «№» column among five wide ones."""
    with demo_db.session() as s:
        app_id = s.scalar(select(Application.id).join(ApplicationDocument).where(
            Application.profile_id == "yaya", ApplicationDocument.present.is_(True),
            ApplicationDocument.doc_code == "plan")
            .order_by(Application.id).limit(1))
    out = tmp_path / "application.docx"
    assert run(demo_db, "document", "application", "--application", str(app_id), "-o",
               str(out)) == 0
    capsys.readouterr()
    tables = [t for t in Docx(str(out)).tables if t.rows[0].cells[0].text.strip() == "№"]
    assert tables, "the plan's table is printed"
    for table in tables:
        grid = [c.w for c in table._tbl.tblGrid.gridCol_lst]
        assert abs(grid[0] - Mm(12)) < Mm(0.1), "the number column is narrow"
        assert min(grid[1:]) > 2 * grid[0], "the freed width went to the others"
        assert abs(sum(grid) - Mm(165)) < Mm(1), "the table keeps its width"
        assert abs(table.rows[1].cells[0].width - Mm(12)) < Mm(0.1)
        assert table.rows[1].cells[0].text.strip() == "1"


def test_the_heads_position_typed_in_the_card_addresses_the_letter(qtbot, demo_db, tmp_path,
                                                                   capsys):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop.ui.organisations import OrganisationCard

    from uihelpers import type_text

    app_id = pick(demo_db, "omsk")["app"]
    with demo_db.session() as s:
        org_id = s.get(Application, app_id).organisation_id
    card = OrganisationCard(demo_db, org_id, QUndoStack())
    qtbot.addWidget(card)
    card.show()
    for key, value in (("head_name", "Лебедева Ольга Игоревна"),
                       ("head_position", "заведующая")):
        card.edits[key].clear()
        type_text(card.edits[key], value)
    qtbot.mouseClick(card.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not card.isVisible()
    out = tmp_path / "notice.docx"
    assert run(demo_db, "document", "notice", "--application", str(app_id), "-o", str(out),
               "--date", DAY.isoformat()) == 0
    capsys.readouterr()
    doc = Docx(str(out))
    block = doc.tables[0].rows[0].cells[1].text.replace("\u00a0", " ").splitlines()
    assert block[0].startswith("Заведующей ") and block[1] == "О. И. Лебедевой"
    assert "Уважаемая Ольга Игоревна!" in [p.text for p in doc.paragraphs]
