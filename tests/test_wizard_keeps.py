"""The wizard never loses work: every page of every profile keeps what was typed through
«< Назад» and «Далее >», the draft carries it, closing with changes asks, page 2 fills the
forms, a leader typed by name is kept, a document received on paper counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QMessageBox, QPlainTextEdit, QWizard

from desktop.models import Application, Organisation, Person
from desktop.services import applications as apps
from desktop.ui import widgets
from desktop.ui.forms import TableEditor
from desktop.ui.wizard import ApplicationWizard, DocumentPage, OrganisationPage

from uihelpers import type_text, when_modal

PROFILES = sorted(p.stem for p in (Path(__file__).parents[1] / "resources" / "profiles")
                  .glob("*.toml"))
LEADER = "Новикова Анна Сергеевна"


@pytest.fixture(autouse=True)
def _fixed_day():
    widgets.set_today(dt.date(2026, 10, 20))
    yield
    widgets.set_today(None)


@pytest.fixture
def org(db):
    with db.transaction() as s:
        o = Organisation(full_name="МБОУ «Лицей № 5»", short_name="Лицей № 5",
                         head_name="Петров Пётр Петрович", email="l5@mail.ru")
        s.add(o)
        s.flush()
        return o.id


def _click(qtbot, wizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def _values(page) -> object:
    """What a page shows (the thing that must survive Back and Next)."""
    if isinstance(page, OrganisationPage):
        return (page.org.currentText(), page.theme.text(), page.direction.currentText(),
                page.project.text(), page.leader.currentText(), page.term_end.text())
    if isinstance(page, DocumentPage):
        return (page.paper.isChecked(), page.form.values() if page.form else None)
    return None


def _type_page2(page: OrganisationPage) -> None:
    page.org.setCurrentIndex(page.org.findText("Лицей № 5"))
    type_text(page.theme, "Тема лицея")
    if page.direction.isEnabled():
        page.direction.setCurrentIndex(1)
    type_text(page.project, "Проект лицея")
    page.leader.lineEdit().clear()
    type_text(page.leader.lineEdit(), LEADER)
    if page.term_end.isEnabled():
        type_text(page.term_end, "31.12.2028")


def _type_document(page: DocumentPage, n: int) -> None:
    if page.form is None:
        page.paper.setChecked(True)
        return
    for i, (code, editor) in enumerate(page.form.editors.items()):
        field = page.form.form.field(code)
        if isinstance(editor, TableEditor):
            editor.add_row({c.code: f"{n}{i}{c.code[:3]}" for c in field.columns})
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.count() - 1)
        elif isinstance(editor, QPlainTextEdit):
            editor.clear()
            type_text(editor, f"текст {n}.{i}")
        else:
            editor.clear()
            type_text(editor, f"з{n}.{i}")


@pytest.mark.parametrize("profile_id", PROFILES)
def test_back_and_next_keep_every_typed_value_of_every_page(qtbot, db, org, profile_id):
    from desktop.profiles import get_profile

    for kind in get_profile(profile_id).kinds:
        wizard = ApplicationWizard(db, QUndoStack())
        qtbot.addWidget(wizard)
        wizard.show()
        page = wizard.kind_page
        page.profile.setCurrentIndex(page.profile.findData(profile_id))
        page.kind.setCurrentIndex(page.kind.findData(kind.code))
        _click(qtbot, wizard, QWizard.WizardButton.NextButton)
        _type_page2(wizard.org_page)
        typed = {id(wizard.org_page): _values(wizard.org_page)}
        _click(qtbot, wizard, QWizard.WizardButton.BackButton)
        _click(qtbot, wizard, QWizard.WizardButton.NextButton)
        assert _values(wizard.org_page) == typed[id(wizard.org_page)]
        _click(qtbot, wizard, QWizard.WizardButton.NextButton)
        assert wizard.org_page.leader_error.text() == ""
        for n, doc_page in enumerate(wizard.document_pages):
            assert wizard.currentPage() is doc_page, (kind.code, wizard.org_page.error.text())
            _type_document(doc_page, n)
            typed[id(doc_page)] = _values(doc_page)
            # «Назад» straight after typing, then «Далее»: the page is as it was typed
            _click(qtbot, wizard, QWizard.WizardButton.BackButton)
            _click(qtbot, wizard, QWizard.WizardButton.NextButton)
            assert _values(doc_page) == typed[id(doc_page)], (kind.code, doc_page.title())
            _click(qtbot, wizard, QWizard.WizardButton.NextButton)
        assert wizard.currentPage() is wizard.check_page
        # all the way back, then all the way forward: every page as it was typed
        while wizard.currentId() != wizard.startId():
            _click(qtbot, wizard, QWizard.WizardButton.BackButton)
            current = wizard.currentPage()
            if id(current) in typed:
                assert _values(current) == typed[id(current)], (profile_id, kind.code,
                                                                current.title())
        while wizard.currentPage() is not wizard.check_page:
            _click(qtbot, wizard, QWizard.WizardButton.NextButton)
            current = wizard.currentPage()
            if id(current) in typed:
                assert _values(current) == typed[id(current)], (profile_id, kind.code,
                                                                current.title())
        # and the draft holds it: reopened, the same values are on the same pages
        assert wizard.save() is not None
        draft = apps.load_draft(db, wizard.draft.id)
        assert draft.theme == "Тема лицея" and draft.project_name == "Проект лицея"
        with db.session() as s:
            leader = s.get(Person, draft.leader_id)
            assert leader is not None and leader.full_name == LEADER, "the leader is kept"
        for doc_page in wizard.document_pages:
            if doc_page.form is not None:
                assert draft.documents[doc_page.doc.code] == typed[id(doc_page)][1]
            else:
                assert draft.paper[doc_page.doc.code] is True
        wizard.close()


def _omsk_page_two_typed(qtbot, db) -> ApplicationWizard:
    """A new Омск СтП wizard on its second page, with that page typed in."""
    wizard = ApplicationWizard(db, QUndoStack())
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.kind_page
    page.profile.setCurrentIndex(page.profile.findData("omsk"))
    page.kind.setCurrentIndex(page.kind.findData("СтП"))
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _type_page2(wizard.org_page)
    return wizard


def _omsk_to_documents(qtbot, db) -> ApplicationWizard:
    wizard = _omsk_page_two_typed(qtbot, db)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    return wizard


def test_page_two_fills_the_forms_and_a_typed_field_is_never_overwritten(qtbot, db, org):
    wizard = _omsk_to_documents(qtbot, db)
    zayavka, programma = wizard.document_pages
    values = zayavka.form.values()
    assert values["org_full_name"] == "МБОУ «Лицей № 5»"
    assert values["head_name"] == "Петров Пётр Петрович" and values["email"] == "l5@mail.ru"
    assert values["project_name"] == "Проект лицея" and values["site_head"] == LEADER
    assert values["direction"] == wizard.org_page.direction.currentText() != ""
    zayavka.form.editors["project_name"].clear()
    type_text(zayavka.form.editors["project_name"], "Мой проект")
    _click(qtbot, wizard, QWizard.WizardButton.BackButton)
    wizard.org_page.project.clear()
    type_text(wizard.org_page.project, "Новое имя проекта")
    wizard.org_page.theme.clear()
    type_text(wizard.org_page.theme, "Новая тема")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert zayavka.form.values()["project_name"] == "Мой проект", "typed text is kept"
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert programma.form.values()["p1_name"] == "Новое имя проекта"
    assert programma.form.values()["p4_head"] == LEADER


def test_a_document_on_paper_counts_without_retyping(qtbot, db, org):
    wizard = _omsk_to_documents(qtbot, db)
    zayavka, programma = wizard.document_pages
    zayavka.paper.setChecked(True)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    programma.paper.setChecked(True)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    check = wizard.check_page
    states = [check.table.item(r, 1).text() for r in range(check.table.rowCount())]
    assert states == ["есть", "есть"]
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled(), check.rules.text()
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    with db.session() as s:
        app = s.get(Application, wizard.draft.id)
        assert app.state == "registered" and app.reg_date == dt.date(2026, 10, 20)
        assert {d.received_on for d in app.documents} == {dt.date(2026, 10, 20)}


def _answer(text: str):
    def act(box: QMessageBox) -> None:
        button = next(b for b in box.buttons() if b.text() == text)
        button.click()
    return act


def test_closing_with_changes_asks_and_each_answer_does_what_it_says(qtbot, db, org):
    wizard = _omsk_to_documents(qtbot, db)
    zayavka = wizard.document_pages[0]
    type_text(zayavka.form.editors["protocol"], "Протокол № 3")
    errors = when_modal(_answer("Отмена"))
    _click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not errors and wizard.isVisible(), "«Отмена» keeps the wizard open"
    errors = when_modal(_answer("Сохранить"))
    _click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not errors and not wizard.isVisible()
    draft = apps.load_draft(db, wizard.draft.id)
    assert draft.documents["zayavka"]["protocol"] == "Протокол № 3"

    again = ApplicationWizard(db, QUndoStack(), wizard.draft.id)
    qtbot.addWidget(again)
    again.show()
    for _ in range(3):
        _click(qtbot, again, QWizard.WizardButton.NextButton)
    editor = again.document_pages[0].form.editors["protocol"]
    assert editor.text() == "Протокол № 3"
    type_text(editor, " (копия)")
    errors = when_modal(_answer("Не сохранять"))
    _click(qtbot, again, QWizard.WizardButton.CancelButton)
    assert not errors and not again.isVisible()
    assert apps.load_draft(db, wizard.draft.id).documents["zayavka"]["protocol"] == \
        "Протокол № 3"


def test_the_draft_saves_itself_after_typing_pauses(qtbot, db, org):
    wizard = _omsk_to_documents(qtbot, db)
    assert wizard.autosave_timer.interval() == 1500
    wizard.autosave_timer.setInterval(10)  # the same debounce, without waiting 1.5 s
    type_text(wizard.document_pages[0].form.editors["protocol"], "Протокол № 9")
    assert wizard.autosave_timer.isActive()
    with qtbot.waitSignal(wizard.autosave_timer.timeout, timeout=2000):
        pass
    assert wizard.draft.id is not None and not wizard.is_dirty()
    assert apps.load_draft(db, wizard.draft.id).documents["zayavka"]["protocol"] == \
        "Протокол № 9"


def test_a_leader_typed_then_closed_comes_back_in_the_draft_and_every_picker(qtbot, db, org):
    """Type a new name, close («Сохранить»), continue the draft: the name is there, the
    autosave does not blank it, and the site card's and the next wizard's pickers offer it."""
    wizard = _omsk_page_two_typed(qtbot, db)
    wizard.save(silent=True)  # the autosave while typing: no half-typed person is added
    with db.session() as s:
        assert s.query(Person).count() == 0
    assert wizard.is_dirty(), "the typed name is not saved yet: closing must ask"
    errors = when_modal(_answer("Сохранить"))
    _click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not errors and not wizard.isVisible()

    again = ApplicationWizard(db, QUndoStack(), wizard.draft.id)
    qtbot.addWidget(again)
    again.show()
    _click(qtbot, again, QWizard.WizardButton.NextButton)
    assert again.org_page.leader.currentText() == LEADER
    again.save(silent=True)
    with db.session() as s:
        app = s.get(Application, wizard.draft.id)
        assert app.leader is not None and app.leader.full_name == LEADER

    from desktop.services.sites import choices

    assert LEADER in [name for _id, name in choices(db)[1]]
