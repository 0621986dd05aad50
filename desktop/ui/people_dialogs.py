"""The «Люди» tab's dialogs: the person's card (add or edit, asks before losing edits),
the merge of records that are one person, and the preview of a people import from Excel.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.services import people as svc
from desktop.services import people_import
from desktop.services.people import CATEGORIES, PersonForm, PersonRow
from desktop.services.sites import choices
from desktop.storage import Database
from desktop.ui.widgets import UnsavedChangesGuard, button_row, error_label, fit_window


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
