"""The whole Омск cycle in the window from an empty database, as a new centre does it: the
start page, the centre's details, an organisation, two experts in the directory, the
wizard with Back and Next, a document received on paper, registration, assigning experts
(one refused as a conflict of interest), two sheets, the council dialog with the mean and
band, the order, the certificate; then a late May report stored as late."""

from __future__ import annotations

import datetime as dt

from pdfcheck import pdf_text
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWizard
from sqlalchemy import select

from desktop.models import Deadline, Report, Site
from desktop.services import applications as apps
from desktop.ui import widgets
from desktop.ui.main_window import MainWindow

from uihelpers import type_text, when_modal

# A year back, so that the May report received late is in the past for the service, which
# refuses a received date after today's.
REGISTERED = dt.date(2025, 10, 20)


def _modal(qtbot, action, trigger) -> None:
    """Open a modal dialog with `trigger()` and act in it with `action(dialog)`."""
    errors = when_modal(action)
    trigger()
    assert not errors, errors


def _save(dialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    button = (box.button(QDialogButtonBox.StandardButton.Save)
              or box.button(QDialogButtonBox.StandardButton.Ok))
    button.click()


def _click(wizard, which) -> None:
    wizard.button(which).click()


def test_omsk_cycle_in_the_window_from_an_empty_database(qtbot, db, tmp_path):
    widgets.set_today(REGISTERED)
    try:
        _cycle(qtbot, db, tmp_path)
    finally:
        widgets.set_today(None)


def _cycle(qtbot, db, tmp_path) -> None:  # noqa: PLR0915 - one story, told in order
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(db, settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.tabs.currentWidget() is getattr(w, "start_page", None))
    start = w.start_page

    # 1. the centre's details from the start page
    def centre(dialog) -> None:
        for key, text in (("name", "МБУ «Центр развития образования»"),
                          ("short_name", "МБУ ЦРО"), ("head_name", "Е. В. Лебедева"),
                          ("city", "г. Омск")):
            dialog.edits[key].clear()
            type_text(dialog.edits[key], text)
        _save(dialog)

    _modal(qtbot, centre, start.buttons["centre"].click)
    assert start.marks["centre"].text() == "✓"
    start.profile.setCurrentIndex(start.profile.findData("omsk"))
    assert start.marks["profile"].text() == "✓"

    # 2. an organisation, 3. two experts in the directory (one works there)
    def organisation(card) -> None:
        type_text(card.edits["full_name"], "МБОУ «Гимназия № 19»")
        type_text(card.edits["short_name"], "Гимназия № 19")
        _save(card)

    _modal(qtbot, organisation, lambda: w.organisations.open_card(None))
    from desktop.ui.people import PersonDialog

    for last, first, middle, works_there in (("Белова", "Анна", "Ивановна", False),
                                             ("Зайцев", "Олег", "Петрович", True)):
        person = PersonDialog(db, None, w, expert=True)
        qtbot.addWidget(person)
        for edit, text in ((person.last_name, last), (person.first_name, first),
                           (person.middle_name, middle)):
            type_text(edit, text)
        if works_there:
            person.organisation.setCurrentIndex(person.organisation.findText("Гимназия № 19"))
        assert person.is_expert.isChecked()
        _save(person)
        assert person.saved_id, "the expert is in the directory"

    # 4. the wizard: Back and Next keep the typed text; the programme arrives on paper
    seen: dict[str, object] = {}

    def wizard_story(wizard) -> None:
        assert wizard.kind_page.profile.currentData() == "omsk", "the centre's profile first"
        _click(wizard, QWizard.WizardButton.NextButton)
        page2 = wizard.org_page
        page2.org.setCurrentIndex(page2.org.findText("Гимназия № 19"))
        type_text(page2.theme, "Цифровая образовательная среда гимназии")
        page2.direction.setCurrentIndex(1)
        type_text(page2.project, "Школа цифровых решений")
        type_text(page2.leader.lineEdit(), "Соколова Марина Юрьевна")
        type_text(page2.term_end, "30.06.2028")
        _click(wizard, QWizard.WizardButton.NextButton)
        zayavka, programma = wizard.document_pages
        assert zayavka.form.values()["site_head"] == "Соколова Марина Юрьевна"
        for code, text in (("term", "2026–2028"), ("address", "г. Омск, ул. Мира, 1"),
                           ("head_name", "Кузнецов И. И."), ("contact_person", "Соколова М. Ю."),
                           ("phone", "8 (3812) 11-22-33"), ("website", "https://g19.ru"),
                           ("email", "g19@mail.ru"), ("protocol", "Протокол № 2 от 01.10.2025")):
            editor = zayavka.form.editors[code]
            editor.clear()
            type_text(editor, text)
        typed = zayavka.form.values()
        _click(wizard, QWizard.WizardButton.BackButton)
        _click(wizard, QWizard.WizardButton.NextButton)
        seen["kept"] = zayavka.form.values() == typed
        _click(wizard, QWizard.WizardButton.NextButton)
        programma.paper.setChecked(True)
        _click(wizard, QWizard.WizardButton.NextButton)
        check = wizard.check_page
        check.reg_date.setText(REGISTERED.strftime("%d.%m.%Y"))
        seen["states"] = [check.table.item(r, 1).text() for r in range(check.table.rowCount())]
        _click(wizard, QWizard.WizardButton.FinishButton)
        seen["number"] = wizard.reg_number

    _modal(qtbot, wizard_story, start.buttons["application"].click)
    assert seen["kept"] and seen["states"] == ["есть", "есть"]
    number = seen["number"]
    assert number.startswith("2025-")
    app_id = next(r.id for r in apps.list_applications(db) if r.reg_number == number)

    # 5. assigning experts: the one from the applicant's school is refused as a conflict
    view = w.applications
    w.tabs.setCurrentWidget(view)
    view.refresh()

    def assign(dialog) -> None:
        for r in range(dialog.table.rowCount()):
            dialog.table.item(r, 0).setCheckState(Qt.CheckState.Checked)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        seen["conflict"] = dialog.error.text()
        seen["still_open"] = dialog.isVisible()
        for r in range(dialog.table.rowCount()):
            if "Зайцев" in dialog.table.item(r, 1).text():
                dialog.table.item(r, 0).setCheckState(Qt.CheckState.Unchecked)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    _modal(qtbot, assign, lambda: _assign(view, app_id))
    assert "онфликт" in seen["conflict"] and seen["still_open"]
    reviews = apps.reviews_of(db, app_id)
    assert [r[1] for r in reviews] == ["Белова Анна Ивановна"]
    # a second expert without a conflict, added and assigned through the same dialog
    from desktop.services.people import add_person

    add_person(db, "Орлов Игорь Васильевич", expert=True)

    def assign_second(dialog) -> None:
        for r in range(dialog.table.rowCount()):
            if "Орлов" in dialog.table.item(r, 1).text():
                dialog.table.item(r, 0).setCheckState(Qt.CheckState.Checked)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    _modal(qtbot, assign_second, lambda: _assign(view, app_id))
    reviews = apps.reviews_of(db, app_id)
    assert len(reviews) == 2

    # 6. two sheets, each naming its expert
    from desktop.ui.review_sheet import ReviewSheetDialog

    for (review_id, expert, *_rest), value in zip(reviews, (2, 1), strict=True):
        sheet = ReviewSheetDialog(db, review_id, app_id, w)
        qtbot.addWidget(sheet)
        assert expert in sheet.windowTitle()
        for spin in sheet.scores.values():
            spin.setValue(value)
        for box in sheet.defects.values():
            box.setChecked(False)
        _save(sheet)
    assert all(r[4] for r in apps.reviews_of(db, app_id))

    # 7. the council dialog shows the mean and band; the order assigns the status
    from desktop.ui.council import CouncilDialog

    council = CouncilDialog(db, app_id, w)
    qtbot.addWidget(council)
    summary = apps.council_summary(db, app_id)
    assert summary.mean == 18 and summary.mean_band
    assert "Средний балл: 18" in council.mean.text() and summary.mean_band in council.mean.text()
    type_text(council.protocol, "7")
    type_text(council.order_number, "321-о")
    _save(council)
    assert council.site_id, council.error.text()
    with db.session() as s:
        site = s.get(Site, council.site_id)
        assert site.status == "active" and site.leader is not None
        assert site.leader.full_name == "Соколова Марина Юрьевна", "the leader typed on page 2"

    # 8. the certificate, from the registry's menu action
    w.tabs.setCurrentWidget(w.registry)
    w.refresh()
    w.registry.select_site(council.site_id)
    action = next(a for a in w.findChildren(type(w.export_action))
                  if a.text().startswith("Свидетельство"))
    # the user picks the folder; the file is named by the site's registry number
    _modal(qtbot, lambda d: (d.setDirectory(str(tmp_path)), d.accept()), action.trigger)
    qtbot.waitUntil(lambda: getattr(w, "pdf_dialog", None) is not None, timeout=20000)
    with db.session() as s:
        number = s.get(Site, council.site_id).number
    assert w.pdf_dialog.path == tmp_path / f"Свидетельство_{number}.pdf"
    assert "Гимназия № 19" in pdf_text(w.pdf_dialog.path).replace("\n", " ")
    w.pdf_dialog.close()

    # 8a. the order and the notice from «Документы Word»; the first asks for the centre's
    # details a letter's бланк needs, and the methodologist fills them in there and then
    _documents(qtbot, w, db, app_id, council.site_id, tmp_path)

    # 9. the May report arrives ten days late: stored as late
    from desktop.ui.report_dialog import ReportDialog

    with db.session() as s:
        may = s.scalars(select(Deadline).where(Deadline.site_id == council.site_id)
                        .order_by(Deadline.due_on)).all()
        may = next(d for d in may if d.due_on.month in (5, 6))
        may_id, due = may.id, may.due_on
    report = ReportDialog(db, may_id, w)
    qtbot.addWidget(report)
    report.received.clear()
    type_text(report.received, (due + dt.timedelta(days=10)).strftime("%d.%m.%Y"))
    _save(report)
    assert "опозданием" in report.result_text, report.error.text()
    with db.session() as s:
        stored = s.scalar(select(Report).where(Report.deadline_id == may_id))
        assert stored is not None and stored.days_late == 10
    QApplication.processEvents()


def _assign(view, app_id: int) -> None:
    from desktop.ui.assign_experts import AssignExpertsDialog

    dialog = AssignExpertsDialog(view.db, app_id, view)
    view.last_dialog = dialog
    dialog.exec()


def _documents(qtbot, w, db, app_id: int, site_id: int, tmp_path) -> None:
    from docx import Document as Docx

    from desktop.exports.catalogue import by_code
    from desktop.ui import documents

    def read(path) -> str:
        doc = Docx(str(path))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells).replace("\u00a0", " ")

    def fill_in(box) -> None:
        w.details_question_text = box.text()
        next(b for b in box.buttons() if b.text() == "Заполнить сведения…").click()

    def centre(dialog) -> None:
        for key, text in (("head_position", "Директор"),
                          ("address", "644099, г. Омск, ул. Ленина, д. 2"),
                          ("phone", "8 (3812) 20-00-00"), ("email", "cro@omsk.example.ru")):
            dialog.edits[key].clear()
            type_text(dialog.edits[key], text)
        _save(dialog)

    # the order is the department's, signed by its director (the profile's stage): it asks
    # nothing of the centre
    w.tabs.setCurrentWidget(w.registry)
    w.registry.select_site(site_id)
    order = tmp_path / "приказ.docx"
    documents.make(w, by_code("order"), path=order, open_after=False)
    with db.session() as s:
        number = s.get(Site, site_id).number
    text = read(order)
    assert "№ 321-о" in text and number in text and "Гимназия № 19" in text
    assert "Департамент образования Администрации города Омска" in text

    # the notice is the centre's letter: its бланк needs the address, phone and e-mail
    w.tabs.setCurrentWidget(w.applications)
    w.applications.select(app_id)
    notice = tmp_path / "уведомление.docx"
    errors = when_modal(fill_in)
    later = when_modal(centre, tries=3000)  # after the question closes
    documents.make(w, by_code("notice"), path=notice, day=dt.date(2026, 1, 12),
                   open_after=False)
    assert not errors and not later, (errors, later)
    assert "почтовый адрес" in w.details_question_text
    text = read(notice)
    assert "Исх. № 1 от 12 января 2026 г." in text
    assert "644099, г. Омск, ул. Ленина, д. 2" in text and "cro@omsk.example.ru" in text
    assert "на заседании Экспертной комиссии" in text and "присвоить статус" in text
    w.tabs.setCurrentWidget(w.journal)
    w.journal.year.setCurrentIndex(w.journal.year.findData(2026))
    assert w.journal.table.rowCount() == 1
    assert w.journal.table.item(0, 0).text() == "1"
