"""The «Люди» tab: the directory of experts, methodologists, leaders and participants.

Search (debounced) and a role filter work on the loaded rows; the card adds or edits a
person and asks before closing with unsaved changes; two or more selected records can be
merged into one; a list of people is imported from Excel after a preview. The dialogs
live in `people_dialogs` (re-exported here).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QPushButton,
    QWidget,
)

from desktop.services import people as svc
from desktop.services import people_import
from desktop.services.people import ROLE_NAMES, PersonRow
from desktop.storage import Database
from desktop.text import fold
from desktop.ui.list_view import Column, ListModel, ListTab
from desktop.ui.people_dialogs import MergePeopleDialog, PeopleImportPreview, PersonDialog

__all__ = ["COLUMNS", "MergePeopleDialog", "PeopleImportPreview", "PeopleView", "PersonDialog"]


def _column(attr: str, header: str, width: int) -> Column[PersonRow]:
    """A text column of the row's attribute, the whole text in the tooltip."""
    return Column(header, width, lambda r: str(getattr(r, attr)), tip=True)


COLUMNS = [_column("full_name", "ФИО", 230), _column("roles_text", "Роли", 170),
           _column("organisation", "Организация", 180), _column("position", "Должность", 150),
           _column("subject_area", "Предметная область", 150),
           _column("phone", "Телефон", 120), _column("email", "Эл. почта", 160)]


class PeopleView(ListTab):
    """The directory tab; `counts_changed(text)` feeds the status bar."""

    NOUNS = ("человек", "человека", "человек")
    STATUS = "Людей"
    STATE_KEY = "people"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(ListModel(COLUMNS, lambda r: r.id),
                         "Поиск: фамилия, организация, предмет, телефон…", parent)
        self.db = db
        self.last_dialog: QDialog | None = None  # the dialog opened last (tests drive it)
        self.role = QComboBox()
        self.role.addItem("Все роли", "")
        for code, name in ROLE_NAMES.items():
            self.role.addItem(name, code)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.add_btn = QPushButton("Добавить…")
        self.edit_btn = QPushButton("Изменить…")
        self.merge_btn = QPushButton("Объединить выбранных…")
        self.delete_btn = QPushButton("Удалить…")
        self.import_btn = QPushButton("Импорт из Excel…")
        self.lay_out([QLabel("Роль:"), self.role], [
            self.add_btn, self.edit_btn, self.merge_btn, self.delete_btn, self.import_btn])
        self.role.currentIndexChanged.connect(self.show_rows)
        self.add_btn.clicked.connect(lambda: self.add())
        self.edit_btn.clicked.connect(lambda: self.edit())
        self.merge_btn.clicked.connect(lambda: self.merge())
        self.delete_btn.clicked.connect(lambda: self.delete())
        self.import_btn.clicked.connect(lambda: self.import_dialog())

    def load(self) -> list[PersonRow]:
        return svc.list_people(self.db)

    def visible_rows(self) -> list[PersonRow]:
        needle = fold(self.search.text().strip())
        role = self.role.currentData()
        return [r for r in self.all_rows if (not needle or needle in r.key)
                and (not role or role in r.roles)]

    def enable(self) -> None:
        n = len(self.selected())
        self.edit_btn.setEnabled(n == 1)
        self.delete_btn.setEnabled(n == 1)
        self.merge_btn.setEnabled(n >= 2)

    def open_current(self) -> None:
        self.edit()

    def add(self, *, expert: bool = False) -> int | None:
        dialog = PersonDialog(self.db, None, self, expert=expert)
        self.last_dialog = dialog
        if dialog.exec():
            self.refresh()
            if dialog.saved_id is not None:
                self.select(dialog.saved_id)
        return dialog.saved_id

    def edit(self) -> None:
        rows = self.selected()
        if len(rows) != 1:
            return
        dialog = PersonDialog(self.db, rows[0].id, self)
        self.last_dialog = dialog
        if dialog.exec():
            self.refresh()
            self.select(rows[0].id)

    def merge(self) -> None:
        rows = self.selected()
        if len(rows) < 2:
            return
        dialog = MergePeopleDialog(self.db, rows, self)
        self.last_dialog = dialog
        if dialog.exec():
            self.refresh()
            self.select(dialog.kept_id)

    def delete(self) -> None:
        rows = self.selected()
        if len(rows) == 1:
            self.act("Удаление", f"Удалить {rows[0].full_name} из справочника?",
                     lambda: svc.set_deleted(self.db, rows[0].id))

    def import_dialog(self, path: str | None = None) -> tuple[int, int]:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Импорт людей", "",
                                                  "Книги Excel (*.xlsx)")
            if not path:
                return 0, 0
        from desktop.ui.progress import run_with_progress

        title, file = "Импорт людей", Path(path)
        prepared = run_with_progress(  # off the window thread, with «Отмена»
            self, title, f"Чтение и проверка «{file.name}»…",
            lambda progress: people_import.prepare_people(self.db, file, progress=progress))
        if prepared is None:
            return 0, 0
        preview = PeopleImportPreview(prepared, self)
        self.last_preview = preview
        if not preview.exec():
            return 0, 0
        result = run_with_progress(
            self, title, "Запись людей в справочник…",
            lambda progress: people_import.commit_people(self.db, prepared, progress=progress),
            note="Ничего не импортировано.")
        if result is None:
            return 0, 0
        self.refresh()
        return result
