"""Expertise you can follow: sheets name their expert and application, the list shows who
has submitted, a value the rules force is shown forced, the council dialog shows each
total and band, the mean and its band and what the rules allow; the sheet prints."""

from __future__ import annotations

import datetime as dt

import pytest
from pdfcheck import pdf_text
from PySide6.QtWidgets import QDialogButtonBox

from desktop.models import Organisation
from desktop.services import applications as apps
from desktop.services.people import add_person
from desktop.ui import widgets
from desktop.ui.council import CouncilDialog
from desktop.ui.review_sheet import ReviewSheetDialog, SheetsDialog

from uihelpers import type_text, when_modal

DAY = dt.date(2026, 10, 20)


@pytest.fixture(autouse=True)
def _fixed_day():
    widgets.set_today(DAY)
    yield
    widgets.set_today(None)


@pytest.fixture
def reviewed(db):
    """An Омск application registered on paper, with two experts assigned."""
    with db.transaction() as s:
        o = Organisation(full_name="МБОУ «Лицей № 5»", short_name="Лицей № 5")
        s.add(o)
        s.flush()
        org_id = o.id
    draft = apps.DraftData(profile_id="omsk", kind_code="СтП", organisation_id=org_id,
                           theme="Цифровая школа", term_end=dt.date(2028, 6, 30),
                           present={"zayavka": True, "programma": True},
                           paper={"zayavka": True, "programma": True})
    app_id = apps.save_draft(db, draft)
    apps.register(db, app_id, day=DAY)
    experts = [add_person(db, name, expert=True)
               for name in ("Белова Анна Ивановна", "Зайцев Олег Петрович")]
    reviews = apps.assign_experts(db, app_id, experts, DAY)
    return app_id, reviews


def _sheet(qtbot, db, app_id: int, review_id: int) -> ReviewSheetDialog:
    sheet = ReviewSheetDialog(db, review_id, app_id)
    qtbot.addWidget(sheet)
    return sheet


def test_the_sheet_names_its_expert_and_shows_the_forced_value(qtbot, db, reviewed):
    app_id, (first, _second) = reviewed
    sheet = _sheet(qtbot, db, app_id, first)
    assert "Белова Анна Ивановна" in sheet.windowTitle()
    head = sheet.findChild(type(sheet.total), "sheet_head").text()
    assert "Лицей № 5" in head and "2026-" in head and "Цифровая школа" in head
    for spin in sheet.scores.values():
        spin.setValue(2)
    sheet.scores["4"].setValue(0)
    assert sheet.scores["8"].value() == 0 and not sheet.scores["8"].isEnabled()
    assert "критерий 4" in sheet.forced_notes["8"].text()
    assert sheet.sheet_result.forced_zero == ("8",)
    sheet.scores["4"].setValue(1)  # the rule no longer applies: the expert's 2 comes back
    assert sheet.scores["8"].isEnabled() and sheet.scores["8"].value() == 2
    assert sheet.forced_notes["8"].isHidden()


def test_sheets_list_council_mean_band_and_print(qtbot, db, reviewed):
    app_id, (first, second) = reviewed
    sheets = SheetsDialog(db, app_id)
    qtbot.addWidget(sheets)
    assert [sheets.table.item(r, 1).text() for r in range(2)] == ["ожидается", "ожидается"]
    totals = []
    for review_id, value in ((first, 2), (second, 1)):
        sheet = _sheet(qtbot, db, app_id, review_id)
        for spin in sheet.scores.values():
            spin.setValue(value)
        for box in sheet.defects.values():  # the paper package has every requisite
            box.setChecked(False)
        totals.append(sheet.sheet_result.total)
        sheet.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        assert not sheet.isVisible(), sheet.error.text()
    assert totals == [24, 12]
    sheets.refresh()
    rows = [[sheets.table.item(r, c).text() for c in range(4)] for r in range(2)]
    assert rows[0][:3] == ["Белова Анна Ивановна", "сдан", "24"]
    assert rows[1][:3] == ["Зайцев Олег Петрович", "сдан", "12"]
    assert not sheets.open_button.isEnabled() and sheets.print_button.isEnabled()
    sheets.print_button.click()
    text = pdf_text(sheets.pdf_dialog.path)
    assert "Белова" in text and "24" in text

    council = CouncilDialog(db, app_id)
    qtbot.addWidget(council)
    cells = [[council.sheets.item(r, c).text() for c in range(4)] for r in range(2)]
    assert [c[2] for c in cells] == ["24", "12"] and all(c[3] for c in cells)
    assert "Средний балл: 18" in council.mean.text()
    summary = apps.council_summary(db, app_id)
    assert summary.mean_band and summary.mean_band in council.mean.text()
    assert "присвоить статус" in council.rules.text()
    type_text(council.protocol, "7")
    type_text(council.order_number, "321-о")
    council.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert council.site_id, council.error.text()


def test_closing_an_edited_sheet_asks(qtbot, db, reviewed):
    app_id, (first, _second) = reviewed
    sheet = _sheet(qtbot, db, app_id, first)
    sheet.show()
    sheet.scores["1"].setValue(2)

    def keep_editing(box) -> None:
        next(b for b in box.buttons() if b.text() == "Отмена").click()

    errors = when_modal(keep_editing)
    sheet.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not errors and sheet.isVisible()
