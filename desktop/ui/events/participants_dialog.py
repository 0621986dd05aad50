"""A participant of an event, and the import of a registration sheet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.services import participant_import as pimp
from desktop.services import participants as pp
from desktop.services import sites as site_svc
from desktop.storage import Database
from desktop.ui.events.common import (
    _buttons,
    _error_label,
    _fill,
    _table,
)
from desktop.ui.widgets import fit_window


class ParticipantDialog(QDialog):
    """Add one participant; an existing person with the same name and ОО is reused."""

    def __init__(self, db: Database, event_id: int, internship: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.event_id = db, event_id
        self.setWindowTitle("Участник мероприятия")
        self.resize(520, 0)
        self.last, self.first, self.middle = QLineEdit(), QLineEdit(), QLineEdit()
        self.position = QLineEdit()
        self.org = QComboBox()
        self.org.setEditable(True)
        self.org.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.org.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.org.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.org.addItem("", None)
        for oid, name in site_svc.choices(db)[0]:
            self.org.addItem(name, oid)
        self.role = QComboBox()
        self.role.addItems(list(pp.ROLES))
        self.role.setCurrentText("стажёр" if internship else "участник")
        self.hours = QSpinBox()
        self.hours.setRange(0, 1000)
        self.hours.setMaximumWidth(90)
        self.programme = QLineEdit()
        self.attestation = QComboBox()
        self.attestation.setEditable(True)
        self.attestation.addItems(list(pp.ATTESTATION))
        self.error = _error_label()
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, w in (("Фамилия *", self.last), ("Имя *", self.first),
                         ("Отчество", self.middle), ("Должность", self.position),
                         ("Организация", self.org), ("Роль", self.role)):
            form.addRow(label, w)
        self.internship_rows = [("Программа стажировки", self.programme),
                                ("Часов", self.hours), ("Аттестация", self.attestation)]
        for label, w in self.internship_rows:
            form.addRow(label, w)
        self.buttons = _buttons("Добавить")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.form_layout = form
        self.role.currentTextChanged.connect(self._role_changed)
        self._role_changed()

    def _role_changed(self) -> None:
        trainee = self.role.currentText() == "стажёр"
        for _label, w in self.internship_rows:
            self.form_layout.setRowVisible(w, trainee)
        self.adjustSize()

    def save(self) -> None:
        text = self.org.currentText().strip()
        index = self.org.findText(text, Qt.MatchFlag.MatchExactly) if text else 0
        if index < 0:
            self.error.setText("Такой организации нет в справочнике: выберите её из списка "
                               "(или добавьте на вкладке «Организации»).")
            return
        person = pp.PersonData(self.last.text(), self.first.text(), self.middle.text(),
                               self.position.text(), self.org.itemData(index))
        trainee = self.role.currentText() == "стажёр"
        item = pp.ParticipantData(person, self.role.currentText(),
                                  self.programme.text() if trainee else "",
                                  self.hours.value() if trainee else 0,
                                  self.attestation.currentText() if trainee else "")
        try:
            pp.add_participants(self.db, self.event_id, [item])
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            return
        self.accept()


# --------------------------------------------------------------------------- import preview


class ImportDialog(QDialog):
    """Preview of a participants import: who is added, which rows are rejected and why."""

    def __init__(self, prepared: pimp.ParticipantImport, file_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Импорт участников из Excel")
        fit_window(self, "participant_import", 900, 600)
        layout = QVBoxLayout(self)
        ok, bad = prepared.rows, prepared.table.rejected
        new = sum(1 for r in ok if not r.known)
        summary = QLabel(
            (f"Файл «{file_name}». " if file_name else "")
            + f"Будет добавлено участников: <b>{len(ok)}</b> (новых людей в базе: {new}). "
            + f"Отклонено строк: <b>{len(bad)}</b> — они не импортируются; исправьте их в файле "
              "и загрузите снова.")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.accepted_table = _table(["Строка", "ФИО", "Должность", "Организация", "В базе"])
        _fill(self.accepted_table, [
            (r.row_no, r.row_no, r.item.person.full_name, r.item.person.position,
             r.organisation, "уже есть" if r.known else "новый") for r in ok])
        for c, w in enumerate((60, 260, 180, 220)):
            self.accepted_table.setColumnWidth(c, w)
        self.rejected = _table(["Строка", "Причина"])
        _fill(self.rejected, [(r.row_no, r.row_no, r.reason) for r in bad])
        self.rejected.setColumnWidth(0, 60)
        self.rejected.setWordWrap(True)
        self.rejected.resizeRowsToContents()
        layout.addWidget(self.accepted_table, 3)
        layout.addWidget(QLabel("<b>Отклонённые строки</b>" if bad else
                                "Отклонённых строк нет."))
        layout.addWidget(self.rejected, 2)
        self.rejected.setVisible(bool(bad))
        self.buttons = _buttons("Импортировать")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(ok))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


# --------------------------------------------------------------------------- справки


