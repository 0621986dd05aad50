"""Documents and the journal in the window: the «Документы Word» menu is the catalogue's,
a document made for the selected application appears in «Журнал», the numbering dialog
refuses a format without {n}, the meeting picker lists the meetings."""

from __future__ import annotations

import datetime as dt

from docx import Document as Docx
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from desktop.exports.catalogue import by_code, word_documents
from desktop.models import Application, Decision
from desktop.services.centre import save_centre
from desktop.ui import documents
from desktop.ui.main_window import MainWindow

from uihelpers import type_text, when_modal

CENTRE = {"name": "МБОУ ДПО «Научно-методический центр»", "head_position": "Директор",
          "head_name": "Е. В. Соколова", "address": "ул. Красная, д. 9, г. Кемерово, 650000",
          "phone": "8 (3842) 58-12-34", "email": "nmc@example.ru"}


def test_documents_menu_journal_and_numbering(qtbot, demo_db, tmp_path):
    w = MainWindow(demo_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    assert list(w.document_actions) == [d.code for d in word_documents()]
    assert w.document_actions["order"].text() == by_code("order").menu
    w.journal.edit_numbering()
    dialog = w.journal.numbering_dialog
    dialog.out_format.clear()
    type_text(dialog.out_format, "01-15")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "{n}" in dialog.error.text() and dialog.isVisible()
    dialog.out_format.clear()
    type_text(dialog.out_format, "{n}/01-15")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with demo_db.session() as s:
        app_id = s.scalar(select(Decision.application_id).where(
            Decision.application_id.is_not(None), Decision.meeting_id.is_not(None))
            .order_by(Decision.id.desc()).limit(1))
        org = s.get(Application, app_id).organisation.full_name
    w.tabs.setCurrentWidget(w.applications)
    w.applications.select(app_id)
    target = tmp_path / "уведомление.docx"
    save_centre(demo_db, CENTRE)  # else the window asks about the letterhead first
    documents.make(w, by_code("notice"), path=target, day=dt.date(2026, 12, 25),
                   open_after=False)
    assert "№ 1/01-15 от 25 декабря 2026 г." in w.statusBar().currentMessage()
    assert any("Исх. № 1/01-15 от 25 декабря 2026 г." in c.text.replace("\u00a0", " ")
               for t in Docx(str(target)).tables for r in t.rows for c in r.cells)
    w.tabs.setCurrentWidget(w.journal)
    w.journal.year.setCurrentIndex(w.journal.year.findData(2026))
    table = w.journal.table
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in (0, 1, 4)] == ["1/01-15", "25.12.2026", org]
    w.journal.direction.setCurrentIndex(1)  # входящие: the demo registered none by hand
    assert table.rowCount() == 0 and table.horizontalHeaderItem(0).text() == "Вх. №"


def test_meeting_picker_makes_the_agenda(qtbot, demo_db, tmp_path):
    w = MainWindow(demo_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    target = tmp_path / "повестка.docx"
    chosen = []

    def pick(dialog):
        chosen.append(dialog.combo.currentText())
        assert dialog.combo.count() > 5
        dialog.accept()

    errors = when_modal(pick)
    save_centre(demo_db, CENTRE)  # the agenda is approved by the centre's head
    documents.make(w, by_code("agenda"), path=target, open_after=False)
    assert not errors and chosen
    assert "ПОВЕСТКА" in "\n".join(p.text for p in Docx(str(target)).paragraphs)
