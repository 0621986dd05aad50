"""«Документы Word» in the main window: one action per document type of the catalogue, for
the application selected on «Заявки», the site selected in the registry or a meeting
chosen from the list; the file is saved where the user says and opened in Word.

Rendering takes a fraction of a second, so it runs in the UI thread (an outgoing number is
taken in the same database transaction as the file is written)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QWidget,
)

from desktop.exports.catalogue import DocType, word_documents
from desktop.text import long_date


class MeetingDialog(QDialog):
    """Choose the council meeting a document is made for."""

    def __init__(self, meetings: list[tuple[int, str]], title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.combo = QComboBox()
        self.combo.setMinimumWidth(420)
        for mid, text in meetings:
            self.combo.addItem(text, mid)
        form.addRow("Заседание:", self.combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Далее…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def meeting_id(self) -> int | None:
        return self.combo.currentData()


def _record(window, doc_type: DocType) -> tuple[str, int] | None:  # noqa: ANN001
    """The record the document is for: the current application or site, else a meeting."""
    tab = window.tabs.currentWidget()
    if "application" in doc_type.needs and tab is window.applications:
        app_id = window.applications.current()
        if app_id is not None:
            return "application", app_id
    if "site" in doc_type.needs and tab is window.registry:
        site_id = window.registry.table.current_site_id()
        if site_id is not None:
            return "site", site_id
    if "meeting" in doc_type.needs:
        from desktop.services.documents.meeting import list_meetings

        meetings = list_meetings(window.db)
        if not meetings:
            window.statusBar().showMessage("Заседаний ещё нет.", 6000)
            return None
        dialog = MeetingDialog(meetings, doc_type.title, window)
        window.meeting_dialog = dialog  # tests reach it here
        meeting_id = dialog.meeting_id() if dialog.exec() else None
        return ("meeting", meeting_id) if meeting_id is not None else None
    where = {"application": "заявку на вкладке «Заявки»",
             "site": "площадку в реестре"}
    window.statusBar().showMessage(
        "Выберите " + " или ".join(where[n] for n in doc_type.needs if n in where) + ".", 6000)
    return None


def make(window, doc_type: DocType, record: tuple[str, int] | None = None,  # noqa: ANN001
         path: Path | None = None, day: dt.date | None = None, open_after: bool = True) -> None:
    """Make one document: ask the record and the file unless given, write, report."""
    from desktop.services.documents.make import make_document
    from desktop.ui.main_window import show_error
    from desktop.ui.print_preview import open_in_viewer

    record = record or _record(window, doc_type)
    if record is None:
        return
    if not _details_confirmed(window, doc_type, record):
        return
    if path is None:
        name = f"{doc_type.title.split(' (')[0]} {record[1]}.docx"
        chosen, _ = QFileDialog.getSaveFileName(window, doc_type.title, name,
                                                "Документы Word (*.docx)")
        if not chosen:
            return
        path = Path(chosen) if chosen.lower().endswith(".docx") else Path(chosen + ".docx")
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        written = make_document(window.db, doc_type.code, record[0], record[1], path, day=day)
    except Exception as exc:  # noqa: BLE001 - shown as a Russian message or a bug report
        QApplication.restoreOverrideCursor()
        show_error(window, doc_type.title, exc)
        return
    QApplication.restoreOverrideCursor()
    number = f" № {written.number}" if written.number else ""
    date = f" от {long_date(written.date)}" if written.date else ""
    again = " (выдан ранее: номер прежний)" if written.reprint else ""
    window.statusBar().showMessage(f"{doc_type.title}{number}{date}{again}: {written.path}",
                                   10000)
    window.last_document = written
    if doc_type.outgoing and hasattr(window, "journal"):
        window.journal.refresh()
    if open_after and not open_in_viewer(written.path):
        window.statusBar().showMessage(f"Документ записан, но открыть его не удалось: "
                                       f"{written.path}", 10000)


def _details_confirmed(window, doc_type: DocType, record: tuple[str, int]) -> bool:  # noqa: ANN001
    """Before printing: name the centre's details the document would print blank and
    offer «Сведения о центре» (as for certificates). False when the user cancels."""
    from desktop.services.documents.make import missing_details, prepare
    from desktop.ui.handover import confirm_details
    from desktop.ui.main_window import show_error

    try:
        return confirm_details(window, window.db, doc_type.title, lambda: missing_details(
            prepare(window.db, doc_type.code, record[0], record[1])))
    except Exception as exc:  # noqa: BLE001 - nothing to make: the gatherer's message
        show_error(window, doc_type.title, exc)
        return False


def install(window) -> None:  # noqa: ANN001 - MainWindow (avoids a cycle)
    """The «Документы Word» submenu of «Заявки», built from the catalogue, and the
    «Журнал» tab."""
    from desktop.ui.journal import JournalView

    menu = window.menus["applications"].addMenu("Документы Word")
    window.document_actions = {}
    for doc_type in word_documents():
        action = menu.addAction(doc_type.menu or doc_type.title)
        action.triggered.connect(lambda _=False, d=doc_type: make(window, d))
        window.document_actions[doc_type.code] = action
    menu.addSeparator()
    hint = menu.addAction("Папка своих шаблонов…")
    hint.triggered.connect(lambda _=False: _templates_folder(window))
    window.journal = JournalView(window.db, window)
    window.add_tab(window.journal, "Журнал")
    window.add_action("applications", "Журнал документов", lambda: window.tabs.setCurrentWidget(
        window.journal))


def _templates_folder(window) -> None:  # noqa: ANN001
    from desktop.paths import user_templates_dir
    from desktop.ui.print_preview import open_in_viewer

    folder = user_templates_dir()
    QMessageBox.information(window, "Свои шаблоны", (
        f"Свои шаблоны документов кладите в папку:\n{folder}\n\n"
        "Файл с именем типа документа (order.docx, notice.docx …) заменяет поставляемый; "
        "в подпапке с id профиля (omsk/order.docx) — только для этого профиля. "
        "Проверка полей: metodist templates check."))
    open_in_viewer(folder)


__all__ = ["MeetingDialog", "install", "make"]
