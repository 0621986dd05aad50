"""The application wizard filled as a user would, for an Омск СтП and a Кемерово МИП."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QPlainTextEdit, QWizard
from sqlalchemy import select

from desktop.models import Application, Organisation, Person
from desktop.services import applications as apps
from desktop.ui.forms import TableEditor
from desktop.ui.wizard import ApplicationWizard, DocumentPage

from uihelpers import type_text


@pytest.fixture
def org(db):
    with db.transaction() as s:
        o = Organisation(full_name="МБОУ «Гимназия № 1»", short_name="Гимназия № 1")
        s.add(o)
        s.flush()
        s.add(Person(last_name="Орлова", first_name="Ирина", middle_name="Павловна",
                     category="highest", organisation_id=o.id))
        return o.id


def _next(qtbot, wizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def _fill_form(page: DocumentPage, skip: set[str] = frozenset()) -> None:
    for code, editor in page.form.editors.items():
        if code in skip:
            continue
        field = page.form.form.field(code)
        if isinstance(editor, TableEditor):
            editor.add_row({"event": "Семинар", "task": "1"})
            editor.add_row({"event": "Практикум", "task": "1"})
        elif field.type == "choice":
            editor.setCurrentIndex(1)
        elif isinstance(editor, QPlainTextEdit):
            editor.clear()  # what page 2 filled in is typed over
            type_text(editor, "Текст раздела")
        else:
            editor.clear()
            value = {"email": "g1@mail.ru", "phone": "8 (3812) 11-22-33",
                     "url": "https://g1.ru"}.get(field.type, "Заполнено")
            type_text(editor, value)


def _start(qtbot, db, profile: str, kind: str) -> ApplicationWizard:
    wizard = ApplicationWizard(db, QUndoStack())
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.kind_page
    page.profile.setCurrentIndex(page.profile.findData(profile))
    page.kind.setCurrentIndex(page.kind.findData(kind))
    _next(qtbot, wizard)
    org_page = wizard.org_page
    org_page.org.setCurrentIndex(org_page.org.findText("Гимназия № 1"))
    type_text(org_page.theme, "Сетевое обучение в гимназии")
    org_page.leader.setCurrentIndex(org_page.leader.findText("Орлова Ирина Павловна"))
    if org_page.term_end.isEnabled():
        type_text(org_page.term_end, "31.12.2028")
    _next(qtbot, wizard)
    return wizard


def test_omsk_wizard_refuses_an_incomplete_package_then_registers(qtbot, db, org):
    wizard = _start(qtbot, db, "omsk", "СтП")
    titles = [p.title() for p in wizard.document_pages]
    assert titles == ["Документ 1 из 2: Заявка",
                      "Документ 2 из 2: Программа стажировочной площадки"]
    zayavka = wizard.currentPage()
    assert isinstance(zayavka, DocumentPage)
    assert {"org_full_name", "direction", "protocol", "email"} <= set(zayavka.form.editors)
    _fill_form(zayavka)
    _next(qtbot, wizard)
    _next(qtbot, wizard)  # the programme is left empty
    check = wizard.currentPage()
    assert check is wizard.check_page
    states = {check.table.item(r, 0).text(): check.table.item(r, 1).text()
              for r in range(check.table.rowCount())}
    assert states == {"Заявка": "есть", "Программа стажировочной площадки": "нет"}
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    _fill_form(wizard.currentPage())
    _next(qtbot, wizard)
    check = wizard.check_page
    check.reg_date.setText("15.11.2026")  # after the window 1 October – 10 November
    assert "с 1 октября по 10 ноября" in check.rules.text()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    check.reg_date.setText("20.10.2026")  # the package was received inside the window
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.reg_number.startswith("2026-")
    with db.session() as s:
        app = s.get(Application, wizard.draft.id)
        assert app.state == "registered" and app.theme == "Сетевое обучение в гимназии"
        programme = next(d for d in app.documents if d.doc_code == "programma")
        assert [r["event"] for r in programme.form_data["plan"]] == ["Семинар", "Практикум"]


def test_kemerovo_mip_wizard_with_a_draft_saved_and_resumed(qtbot, db, org, tmp_path):
    wizard = _start(qtbot, db, "kemerovo", "МИП")
    assert [p.title() for p in wizard.document_pages] == [
        "Документ 1 из 2: Заявление", "Документ 2 из 2: Паспорт проекта"]
    _fill_form(wizard.currentPage())
    wizard.save()
    draft_id = wizard.draft.id
    assert draft_id and "сохранено" in wizard.windowTitle()
    wizard.close()
    resumed = ApplicationWizard(db, QUndoStack(), draft_id)
    qtbot.addWidget(resumed)
    resumed.show()
    _next(qtbot, resumed)
    _next(qtbot, resumed)
    first = resumed.currentPage()
    assert first.form.values()["theme"] == "Заполнено"
    _next(qtbot, resumed)
    scan = tmp_path / "паспорт.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    resumed.currentPage().attach(str(scan))
    _next(qtbot, resumed)
    assert resumed.button(QWizard.WizardButton.FinishButton).isEnabled()
    qtbot.mouseClick(resumed.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    with db.session() as s:
        app = s.get(Application, draft_id)
        assert app.state == "registered"
        passport = next(d for d in app.documents if d.doc_code == "pasport_proekta")
        assert passport.attachment.blob.data == b"%PDF-1.4 scan"
    # then scored, decided and ordered (the services the review and council dialogs call)
    with db.transaction() as s:
        expert = Person(last_name="Эксперт", first_name="Анна", is_expert=True)
        s.add(expert)
        s.flush()
        expert_id = expert.id
    review = apps.assign_experts(db, draft_id, [expert_id])[0]
    apps.save_sheet(db, review, {}, {}, "Рекомендовать", passed=True)
    meeting = apps.create_meeting(db, "kemerovo", dt.date.today(), "3")
    apps.put_on_agenda(db, meeting, [draft_id])
    apps.decide(db, meeting, draft_id, "assign")
    site_id = apps.issue_order(db, draft_id, "12-о", dt.date.today())
    with db.session() as s:
        assert s.scalar(select(Application.state).where(Application.id == draft_id)) == "ordered"
        assert s.scalar(select(Application.site_id).where(Application.id == draft_id)) == site_id



def test_review_sheet_scores_live_and_council_issues_the_order(qtbot, db, org):
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop.models import Site
    from desktop.ui.applications import CouncilDialog, ReviewSheetDialog

    wizard = _start(qtbot, db, "omsk", "СтП")
    _fill_form(wizard.currentPage(), skip={"protocol"})  # no protocol requisites: defect F3
    _next(qtbot, wizard)
    _fill_form(wizard.currentPage())
    _next(qtbot, wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.reg_number == "", "the protocol field is required: registration refused"
    assert "Реквизиты протокола" in wizard.check_page.table.item(0, 2).text()
    app_id = wizard.draft.id
    draft = apps.load_draft(db, app_id)  # the requisites arrive later and are filled in
    with db.transaction() as s:
        expert = Person(last_name="Экспертова", first_name="Вера", is_expert=True)
        s.add(expert)
        s.flush()
        expert_id = expert.id
    draft.documents["zayavka"]["protocol"] = "Протокол педсовета № 3 от 01.10.2026"
    apps.save_draft(db, draft)
    apps.register(db, app_id, day=dt.date(2026, 10, 20))  # inside the Омск window
    review_id = apps.assign_experts(db, app_id, [expert_id])[0]
    with db.transaction() as s:  # the protocol turns out to be missing after all
        from desktop.models import ApplicationDocument

        doc = s.scalar(select(ApplicationDocument).where(
            ApplicationDocument.application_id == app_id,
            ApplicationDocument.doc_code == "zayavka"))
        doc.form_data = {**doc.form_data, "protocol": ""}
    sheet = ReviewSheetDialog(db, review_id, app_id)
    qtbot.addWidget(sheet)
    assert sheet.defects["F3"].isChecked() and not sheet.defects["F1"].isChecked()
    for spin in sheet.scores.values():
        spin.setValue(2)
    assert sheet.sheet_result.total == 23 and sheet.sheet_result.band == "Высокий уровень"
    sheet.scores["4"].setValue(0)
    assert sheet.sheet_result.forced_zero == ("8",) and sheet.sheet_result.total == 19
    assert "Средний" in sheet.total.text()
    qtbot.mouseClick(sheet.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    council = CouncilDialog(db, app_id)
    qtbot.addWidget(council)
    type_text(council.protocol, "7")
    type_text(council.order_number, "321-о")
    qtbot.mouseClick(council.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert council.site_id, council.error.text()
    with db.session() as s:
        site = s.get(Site, council.site_id)
        assert site.status == "active" and site.certificates[0].order.number == "321-о"
