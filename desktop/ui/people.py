"""The «Люди» tab: the directory of experts, methodologists, leaders and participants.

Search (debounced) and a role filter work on the loaded rows; the card adds or edits a
person and asks before closing with unsaved changes; two or more selected records can be
merged into one; a list of people is imported from Excel after a preview.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.services import people as svc
from desktop.services import people_import
from desktop.services.people import CATEGORIES, ROLE_NAMES, PersonForm, PersonRow
from desktop.services.sites import choices
from desktop.storage import Database
from desktop.text import fold, plural
from desktop.ui.widgets import SearchField, UnsavedChangesGuard, button_row, error_label, fit_window

Index = QModelIndex | QPersistentModelIndex  # what Qt passes to a model's methods
COLUMNS = [("full_name", "ФИО", 230), ("roles_text", "Роли", 170),
           ("organisation", "Организация", 180), ("position", "Должность", 150),
           ("subject_area", "Предметная область", 150), ("phone", "Телефон", 120),
           ("email", "Эл. почта", 160)]
class PeopleModel(QAbstractTableModel):
    """Rows of the directory; sorting by any column, case and ё ignored."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[PersonRow] = []

    def set_rows(self, rows: list[PersonRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(getattr(row, COLUMNS[index.column()][0]))
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][0]
        self.beginResetModel()
        # empty values last whichever the direction
        filled = [r for r in self.rows if getattr(r, key)]
        filled.sort(key=lambda r: fold(getattr(r, key)),
                    reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = filled + [r for r in self.rows if not getattr(r, key)]
        self.endResetModel()


class PersonDialog(UnsavedChangesGuard, QDialog):
    """Add (person_id None) or edit a person. After accept(), `saved_id` holds the id;
    closing with edits asks whether to save them."""

    def __init__(self, db: Database, person_id: int | None = None,
                 parent: QWidget | None = None, *, expert: bool = False) -> None:
        super().__init__(parent)
        self.db = db
        self.saved_id: int | None = None
        self.original = svc.get_person(db, person_id) if person_id else PersonForm(
            is_expert=expert)
        self.setWindowTitle(" ".join(filter(None, (self.original.last_name,
                                                   self.original.first_name)))
                            or ("Новый эксперт" if expert else "Новый человек"))
        fit_window(self, "person", 620, 540)
        o = self.original
        self.last_name, self.first_name, self.middle_name = (
            QLineEdit(o.last_name), QLineEdit(o.first_name), QLineEdit(o.middle_name))
        self.organisation = QComboBox()
        self.organisation.addItem("— не указана —", None)
        for oid, name in choices(db)[0]:
            self.organisation.addItem(name, oid)
        self.organisation.setEditable(True)
        self.organisation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.organisation.setCurrentIndex(max(0, self.organisation.findData(o.organisation_id)))
        self.position = QLineEdit(o.position)
        self.subject_area = QLineEdit(o.subject_area)
        self.subject_area.setPlaceholderText("например: математика, дошкольное образование")
        self.category = QComboBox()
        for code, label in CATEGORIES.items():
            self.category.addItem(label, code)
        self.category.setCurrentIndex(max(0, self.category.findData(o.category)))
        self.phone, self.email = QLineEdit(o.phone), QLineEdit(o.email)
        self.is_expert = QCheckBox("эксперт (предлагается при назначении экспертов)")
        self.is_expert.setChecked(o.is_expert)
        self.is_staff = QCheckBox("методист центра (соруководитель площадок)")
        self.is_staff.setChecked(o.is_staff)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, widget in (
                ("last_name", "Фамилия *", self.last_name),
                ("first_name", "Имя *", self.first_name),
                ("middle_name", "Отчество", self.middle_name),
                ("organisation_id", "Организация", self.organisation),
                ("position", "Должность", self.position),
                ("subject_area", "Предметная область", self.subject_area),
                ("category", "Категория", self.category), ("phone", "Телефон", self.phone),
                ("email", "Эл. почта", self.email)):
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(1)
            lay.addWidget(widget)
            self.errors[key] = error_label()
            lay.addWidget(self.errors[key])
            form.addRow(label, box)
        form.addRow("Роли", self.is_expert)
        form.addRow("", self.is_staff)
        if o.linked:
            form.addRow("", QLabel("Также: " + ", ".join(o.linked) + " (по площадкам, заявкам "
                                   "и мероприятиям)"))
        self.error = error_label()
        buttons = button_row("Сохранить", "Закрыть", ok=QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.mark_clean()

    def snapshot(self) -> PersonForm:
        return self.collect()

    def collect(self) -> PersonForm:
        org = self.organisation.currentData()
        if self.organisation.currentText() != self.organisation.itemText(
                self.organisation.currentIndex()):
            org = -1  # typed a name not in the list
        return PersonForm(self.original.id, self.last_name.text(), self.first_name.text(),
                          self.middle_name.text(), org, self.position.text(),
                          self.subject_area.text(), self.category.currentData(),
                          self.phone.text(), self.email.text(), self.is_expert.isChecked(),
                          self.is_staff.isChecked())

    def save(self) -> None:
        for label in (*self.errors.values(), self.error):
            label.clear()
        form = self.collect()
        try:
            if form.organisation_id == -1:
                raise ValidationError({"organisation_id": "Выберите организацию из списка "
                                       "(новую добавьте на вкладке «Организации»)."})
            self.saved_id = svc.save_person(self.db, form)
        except ValidationError as exc:
            for key, msg in exc.errors.items():
                target = self.errors.get(key, self.error)
                target.setText(msg)
            return
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class MergePeopleDialog(QDialog):
    """Choose which of the selected records to keep; the others are merged into it."""

    def __init__(self, db: Database, rows: list[PersonRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.rows = db, rows
        self.setWindowTitle("Объединить записи")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Это один человек? Выберите запись, которую нужно оставить. "
                                "Участие в мероприятиях, справки, руководство площадками и "
                                "экспертные листы остальных записей перейдут к ней."))
        self.group = QButtonGroup(self)
        for i, r in enumerate(rows):
            radio = QRadioButton(f"{r.full_name} — {r.organisation or 'без организации'}"
                                 + (f", {r.position}" if r.position else "")
                                 + (f" ({r.roles_text})" if r.roles else ""))
            radio.setChecked(i == 0)
            self.group.addButton(radio, i)
            layout.addWidget(radio)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = button_row("Объединить")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)

    def save(self) -> None:
        keep = self.rows[self.group.checkedId()]
        try:
            svc.merge(self.db, keep.id, [r.id for r in self.rows if r.id != keep.id])
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.kept_id = keep.id
        self.accept()


class PeopleImportPreview(QDialog):
    """What the file gives: people to add or update, and rejected rows with reasons."""

    def __init__(self, prepared: people_import.PeopleImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Импорт людей из Excel")
        fit_window(self, "people_import", 900, 560)
        new = sum(1 for r in prepared.rows if r.existing_id is None)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            f"Будет добавлено: <b>{new}</b>, обновлено: <b>{len(prepared.rows) - new}</b>. "
            f"Отклонено строк: <b>{len(prepared.rejected)}</b>."))
        table = QTableWidget(len(prepared.rows) + len(prepared.rejected), 4)
        table.setHorizontalHeaderLabels(["Строка", "ФИО", "Роли", "Что будет"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setStretchLastSection(True)
        for c, w in enumerate((60, 260, 150)):
            table.setColumnWidth(c, w)
        i = 0
        for r in prepared.rows:
            roles = ", ".join(n for n, on in (("эксперт", r.expert), ("методист", r.staff)) if on)
            for c, v in enumerate((str(r.row_no), r.data.full_name, roles,
                                   "добавить" if r.existing_id is None else "дополнить запись")):
                table.setItem(i, c, QTableWidgetItem(v))
            i += 1
        for rej in prepared.rejected:
            for c, v in enumerate((str(rej.row_no), "", "", "отклонена: " + rej.reason)):
                item = QTableWidgetItem(v)
                item.setForeground(Qt.GlobalColor.darkRed)
                table.setItem(i, c, item)
            i += 1
        layout.addWidget(table, 1)
        buttons = button_row("Импортировать")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(prepared.rows))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)


class PeopleView(QWidget):
    """The directory tab; `counts_changed(text)` feeds the status bar."""

    counts_changed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.all_rows: list[PersonRow] = []
        self.last_dialog: QDialog | None = None  # the dialog opened last (tests drive it)
        self.search = SearchField("Поиск: фамилия, организация, предмет, телефон…")
        self.role = QComboBox()
        self.role.addItem("Все роли", "")
        for code, name in ROLE_NAMES.items():
            self.role.addItem(name, code)
        self.model = PeopleModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, (_k, _t, w) in enumerate(COLUMNS):
            self.table.setColumnWidth(c, w)
        self.add_btn = QPushButton("Добавить…")
        self.edit_btn = QPushButton("Изменить…")
        self.merge_btn = QPushButton("Объединить выбранных…")
        self.delete_btn = QPushButton("Удалить…")
        self.import_btn = QPushButton("Импорт из Excel…")
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(QLabel("Роль:"))
        top.addWidget(self.role)
        bottom = QHBoxLayout()
        for b in (self.add_btn, self.edit_btn, self.merge_btn, self.delete_btn, self.import_btn):
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.search.search.connect(lambda _t: self._show())
        self.role.currentIndexChanged.connect(self._show)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.add_btn.clicked.connect(lambda: self.add())
        self.edit_btn.clicked.connect(lambda: self.edit())
        self.merge_btn.clicked.connect(lambda: self.merge())
        self.delete_btn.clicked.connect(lambda: self.delete())
        self.import_btn.clicked.connect(lambda: self.import_dialog())
        self._enable()

    def refresh(self) -> None:
        self.all_rows = svc.list_people(self.db)
        self._show()

    def _show(self) -> None:
        needle = fold(self.search.text().strip())
        role = self.role.currentData()
        rows = [r for r in self.all_rows if (not needle or needle in r.key)
                and (not role or role in r.roles)]
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        text = plural(len(rows), "человек", "человека", "человек")
        self.count.setText(text if len(rows) == len(self.all_rows)
                           else f"{text} из {len(self.all_rows)}")
        self.counts_changed.emit(f"Людей: {len(rows)}")
        self._enable()

    def selected(self) -> list[PersonRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def _enable(self) -> None:
        n = len(self.selected())
        self.edit_btn.setEnabled(n == 1)
        self.delete_btn.setEnabled(n == 1)
        self.merge_btn.setEnabled(n >= 2)

    def select_person(self, person_id: int) -> None:
        for i, r in enumerate(self.model.rows):
            if r.id == person_id:
                self.table.selectRow(i)
                return

    def add(self, *, expert: bool = False) -> int | None:
        dialog = PersonDialog(self.db, None, self, expert=expert)
        self.last_dialog = dialog
        if dialog.exec():
            self.refresh()
            if dialog.saved_id is not None:
                self.select_person(dialog.saved_id)
        return dialog.saved_id

    def edit(self) -> None:
        rows = self.selected()
        if len(rows) != 1:
            return
        dialog = PersonDialog(self.db, rows[0].id, self)
        self.last_dialog = dialog
        if dialog.exec():
            self.refresh()
            self.select_person(rows[0].id)

    def merge(self) -> None:
        rows = self.selected()
        if len(rows) < 2:
            return
        dialog = MergePeopleDialog(self.db, rows, self)
        self.last_dialog = dialog
        if dialog.exec():
            self.refresh()
            self.select_person(dialog.kept_id)

    def delete(self) -> None:
        rows = self.selected()
        if len(rows) != 1:
            return
        if QMessageBox.question(self, "Удаление", f"Удалить {rows[0].full_name} из справочника?"
                                ) != QMessageBox.StandardButton.Yes:
            return
        try:
            svc.set_deleted(self.db, rows[0].id)
        except UserError as exc:
            QMessageBox.warning(self, "Удаление", str(exc))
            return
        self.refresh()

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
